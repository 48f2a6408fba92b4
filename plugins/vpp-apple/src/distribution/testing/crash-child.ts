// Run as a child process: `node bin/run-ts.js <this file> DATA_DIR`. Allocates licenses and revokes some, on and on,
// until the parent kills it with SIGKILL. Apple's events are never answered here (the clock does not move), so every
// license stays requested or releasing, as if the process died before Apple confirmed anything.
import { ManualClock } from '../../../../../host/runtime/clock.js';
import { CRASH_ASSET, CRASH_USERS } from './crash-scenario.js';
import { ADMIN, createHarness, TOKEN_ID } from './distribution-harness.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: crash-child.ts DATA_DIR');
const h = await createHarness({ dataDir, assets: [CRASH_ASSET], appleUsers: CRASH_USERS, clock: new ManualClock('2026-03-02T09:00:00Z') });
const item = `vpp:${TOKEN_ID}:${CRASH_ASSET.adamId}:STDQ`;
process.stdout.write('ALLOCATING\n');
await h.service.assign({ item, target: { kind: 'user-group', id: 'crew' } }, ADMIN);
process.stdout.write('ASSIGNED\n');
for (let round = 0; ; round++) {
  const victims = CRASH_USERS.slice(round * 7, round * 7 + 7);
  if (victims.length === 0) break;
  await Promise.all(victims.map((id) => h.service.revoke({ item, target: { kind: 'user', id } }, ADMIN)));
  process.stdout.write(`REVOKED ${round}\n`);
}
process.stdout.write('DONE\n');
await new Promise(() => {});
