// Run as a child process: `node bin/run-ts.js <this file> DATA_DIR`. Starts the demo host, uses the organisation
// (invitations and assignments), prints READY and waits to be killed with SIGKILL.
import { startDemo, useOrganisation } from './demo-scenario.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: demo-crash-child.ts DATA_DIR');
const demo = await startDemo(dataDir);
await useOrganisation(demo);
process.stdout.write('READY\n');
await new Promise(() => {});
