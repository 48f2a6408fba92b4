// Run as a child process: `node bin/run-ts.js <this file> DATA_DIR SMTP_PORT COUNT`. Starts a mail host on the data
// directory, enqueues COUNT greetings (once: a restarted child finds them stored) and sends until it is killed.
import { greetings, startMailHost } from './mail-host.js';

const [dataDir, smtpPort, count] = process.argv.slice(2);
if (!dataDir || !smtpPort || !count) throw new Error('usage: crash-child.ts DATA_DIR SMTP_PORT COUNT');
const { mail } = await startMailHost({ dataDir, smtpPort: Number(smtpPort) });
await mail.enqueueMany(greetings(Number(count)));
process.stdout.write('SENDING\n');
await new Promise(() => {});
