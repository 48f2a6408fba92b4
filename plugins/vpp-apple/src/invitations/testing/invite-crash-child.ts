// Run as a child process: `node bin/run-ts.js <this file> OPTIONS_JSON COUNT` (OPTIONS_JSON: InvitationHostOptions
// without logSink). Starts a host on the world's data directory, invites a group of COUNT, prints INVITING and runs
// until it is killed.
import { ADMIN, people, startInvitationHost, type InvitationHostOptions } from './invitation-world.js';

const [json, count] = process.argv.slice(2);
if (!json || !count) throw new Error('usage: invite-crash-child.ts OPTIONS_JSON COUNT');
const h = await startInvitationHost(JSON.parse(json) as InvitationHostOptions);
await h.inventory.import(people(Number(count)), ADMIN);
process.stdout.write('INVITING\n');
await h.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN).catch(() => undefined);
await new Promise(() => {});
