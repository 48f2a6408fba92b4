// Managed distribution at scale, with the real storage engine, inventory, audit log, Apple client and simulator:
// (1) one app assigned to a group of 100,000 enrolled users with 60,000 licenses, until every allocation is durable
//     and the Apple calls are queued; (2) one more user accepting enrolment then (the median of five newcomers, one
//     after another, each a single sample at the mercy of the disk); (3) revoking 10,000 licenses and
//     serving the queue. Each also as a ratio to sorting the same holders in memory, the floor.
// The inventory and enrolments are prepared by a child process, so the peak RSS is the product's. The host clock
// stands still during the run: Apple's side only receives the first requests (its rate limit holds the rest) and
// answers nothing, as if Apple were a remote service; what is measured is the product's own work.
// Peak RSS is sampled from a settled heap after setup (inventory, enrolments, storage loaded; garbage collected).
// Run: node --expose-gc bin/run-ts.js bench/distribution.bench.ts (or npm run bench -- distribution)
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../host/runtime/clock.js';
import { ADMIN, createHarness, importEnrolledGroup, TOKEN_ID } from '../plugins/vpp-apple/src/distribution/testing/distribution-harness.js';
import { median, report, trackPeakRss } from './support.js';

const USERS = 100_000;
const LICENSES = 60_000;
const REVOKED = 10_000;
const NEWCOMERS = 5;
const ASSET = { adamId: '361309726', productType: 'App' as const, totalCount: LICENSES };
const ITEM = `vpp:${TOKEN_ID}:${ASSET.adamId}:STDQ`;
const START = Date.parse('2025-01-01T00:00:00Z');
const userIds = Array.from({ length: USERS }, (_, i) => `u${String(i).padStart(6, '0')}`);
const clock = () => new ManualClock('2026-03-01T09:00:00Z');

if (process.argv[2] === '--prepare') {
  const h = await createHarness({ dataDir: process.argv[3]!, assets: [ASSET], clock: clock() });
  await importEnrolledGroup(h, 'everyone', userIds, START);
  await h.inventory.saveGroup('user-group', { id: 'leavers', name: 'Leavers', members: userIds.slice(0, REVOKED) }, { kind: 'system', id: 'bench' });
  await h.dispose();
  process.exit(0);
}

/** The floor: ordering the same holders by acceptance time in memory. */
function sortFloorMs(count: number): number {
  const holders = userIds.slice(0, count).map((id, i) => ({ key: `user:${id}`, at: new Date(START + ((i * 7919) % count) * 1000).toISOString() }));
  const started = performance.now();
  holders.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : 1));
  return performance.now() - started;
}

/** The floor for one newcomer: placing one holder into the sorted 100,000 (binary search and insert). */
function insertFloorMs(): number {
  const sorted = userIds.map((id, i) => ({ key: `user:${id}`, at: new Date(START + i * 1000).toISOString() }));
  const newcomer = { key: 'user:u100000', at: new Date(START + USERS * 1000).toISOString() };
  const started = performance.now();
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.at < newcomer.at) low = mid + 1;
    else high = mid;
  }
  sorted.splice(low, 0, newcomer);
  return performance.now() - started;
}

function line(name: string, ms: number, target: string, floorMs: number): void {
  report(name, ms, 'ms', `${target}; ratio to in-memory sort: ${(ms / floorMs).toFixed(1)}x`);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-distribution-bench-'));
const prepared = spawnSync(process.execPath, [path.resolve('bin/run-ts.js'), fileURLToPath(import.meta.url), '--prepare', dataDir], { stdio: 'inherit' });
if (prepared.status !== 0) throw new Error('preparing the inventory failed');

/** Collects the garbage of the steps before (off the timed path), so each step starts from a settled heap. */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc (bench/run.ts does) so each step is measured from a settled heap');
  gc();
}

const h = await createHarness({ dataDir, assets: [ASSET], clock: clock() });
try {
  const floor100k = sortFloorMs(USERS);
  const floor10k = sortFloorMs(REVOKED);
  const floor1 = Math.max(insertFloorMs(), 0.001);
  settle();
  report('distribution.settled-rss-after-setup', process.memoryUsage.rss() / 2 ** 20, 'MB');
  const peakRss = trackPeakRss();

  let started = performance.now();
  const summary = await h.service.assign({ item: ITEM, target: { kind: 'user-group', id: 'everyone' } }, ADMIN);
  line('distribution.assign-100k', performance.now() - started, '< 1000 ms', floor100k);
  if (summary.licensed !== LICENSES || summary.queued !== USERS - LICENSES) throw new Error(`unexpected summary ${JSON.stringify(summary.counts)}`);

  // One more user joins the group (not measured), then accepts enrolment: measured until durable and queued.
  const acceptMs: number[] = [];
  for (let n = 0; n < NEWCOMERS; n++) {
    const newcomer = `u${USERS + n}`;
    await h.inventory.saveUser({ id: newcomer, name: `Newcomer ${n}`, email: `newcomer${n}@example.com` }, ADMIN);
    await h.inventory.addMember('user-group', 'everyone', newcomer, ADMIN);
    settle();
    started = performance.now();
    await h.enrolments.recordAcceptances([{ tokenId: TOKEN_ID, userId: newcomer, clientUserId: newcomer, acceptedAt: new Date(START + (USERS + n) * 1000).toISOString() }]);
    acceptMs.push(performance.now() - started);
    if (h.service.queue(ITEM).waiting.at(-1)?.holder !== `user:${newcomer}`) throw new Error(`newcomer ${newcomer} is not last in the queue`);
  }
  const accept = median(acceptMs);
  report('distribution.accept-one-more', accept, 'ms', `< 20 ms; median of ${NEWCOMERS}, max ${Math.max(...acceptMs).toFixed(1)} ms; ratio to inserting one holder in memory: ${(accept / floor1).toFixed(1)}x`);

  // Revoke the 10,000 first licensed users (a group of them) and serve the next 10,000 in the queue.
  settle();
  started = performance.now();
  const revoked = await h.service.revoke({ item: ITEM, target: { kind: 'user-group', id: 'leavers' } }, ADMIN);
  line('distribution.revoke-10k-and-serve', performance.now() - started, '< 500 ms', floor10k);
  if (revoked.revoked !== REVOKED || revoked.counts.held !== LICENSES) throw new Error(`unexpected revocation ${JSON.stringify(revoked)}`);

  report('distribution.peak-rss', peakRss(), 'MB', '< 400 MB');
} finally {
  await h.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
