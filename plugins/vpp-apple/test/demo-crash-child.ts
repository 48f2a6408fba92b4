// Run as a child process: `node --import tsx <this file> DATA_DIR PORT organisation|crowd`. Starts the demo host, then
// either uses the organisation (invitations and assignments) and prints READY, or starts inviting a crowd of
// CROWD people and prints INVITING; then waits to be killed with SIGKILL.
import { CROWD, startDemo, startInvitingCrowd, useOrganisation } from './demo-scenario.js';

const [dataDir, port, scenario] = process.argv.slice(2);
if (!dataDir || !port || (scenario !== 'organisation' && scenario !== 'crowd')) throw new Error('usage: demo-crash-child.ts DATA_DIR PORT organisation|crowd');
const demo = await startDemo(dataDir, Number(port));
if (scenario === 'organisation') {
  await useOrganisation(demo);
  process.stdout.write('READY\n');
} else {
  await startInvitingCrowd(demo, CROWD);
  process.stdout.write('INVITING\n');
}
await new Promise(() => {});
