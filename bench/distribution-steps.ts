// The managed-distribution benchmark's data and steps, run on any storage engine: (1) one app assigned to a group of
// 100,000 enrolled users with 60,000 licenses, until every allocation is durable and the Apple calls are queued;
// (2) one more user accepting enrolment then (the median of five newcomers); (3) revoking 10,000 licenses and serving
// the queue. The inventory and enrolments are prepared by a child process (distribution-prepare.child.ts), so the
// peak RSS is the product's. The host clock stands still: Apple only receives the first requests and answers nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../host/runtime/clock.js';
import { openStorageEngine } from '../host/storage/open-storage-engine.js';
import { ADMIN, createHarness, importEnrolledGroup, TOKEN_ID, type Harness } from '../plugins/vpp-apple/src/distribution/testing/distribution-harness.js';
import { median } from './support.js';

export const USERS = 100_000;
const LICENSES = 60_000;
const REVOKED = 10_000;
const NEWCOMERS = 5;
export const ASSET = { adamId: '361309726', productType: 'App' as const, totalCount: LICENSES };
const ITEM = `vpp:${TOKEN_ID}:${ASSET.adamId}:STDQ`;
const START = Date.parse('2025-01-01T00:00:00Z');
const userIds = Array.from({ length: USERS }, (_, i) => `u${String(i).padStart(6, '0')}`);
export const clock = () => new ManualClock('2026-03-01T09:00:00Z');

/** Creates the inventory and enrolments in a data directory or a PostgreSQL database (a `postgres://` URL). */
export async function prepare(location: string): Promise<void> {
  const h = await createHarness({ engine: await openStorageEngine(location), dataDir: location, assets: [ASSET], clock: clock() });
  await importEnrolledGroup(h, 'everyone', userIds, START);
  await h.inventory.saveGroup('user-group', { id: 'leavers', name: 'Leavers', members: userIds.slice(0, REVOKED) }, { kind: 'system', id: 'bench' });
  await h.dispose();
}

/** Prepares `location` in a child process, so that this process's peak RSS is the product's alone. */
export function prepareInChild(location: string): void {
  const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'distribution-prepare.child.ts');
  const prepared = spawnSync(process.execPath, [path.resolve('bin/run-ts.js'), child, location], { stdio: 'inherit' });
  if (prepared.status !== 0) throw new Error('preparing the inventory failed');
}

/** The product side on a prepared location. */
export async function openPrepared(location: string): Promise<Harness> {
  return createHarness({ engine: await openStorageEngine(location), dataDir: location, assets: [ASSET], clock: clock() });
}

/** The floor: ordering the same holders by acceptance time in memory. */
export function sortFloorMs(count: number): number {
  const holders = userIds.slice(0, count).map((id, i) => ({ key: `user:${id}`, at: new Date(START + ((i * 7919) % count) * 1000).toISOString() }));
  const started = performance.now();
  holders.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.key < b.key ? -1 : 1));
  return performance.now() - started;
}

/** The floor for one newcomer: placing one holder into the sorted 100,000 (binary search and insert). */
export function insertFloorMs(): number {
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

/** Collects the garbage of the steps before (off the timed path), so each step starts from a settled heap. */
export function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc (bench/run.ts does) so each step is measured from a settled heap');
  gc();
}

export interface DistributionFigures {
  /** The preview of the assignment: the same computation on the live state, put back, nothing stored. */
  readonly previewMs: number;
  readonly assignMs: number;
  readonly acceptMs: number;
  readonly acceptMaxMs: number;
  readonly revokeMs: number;
}

/** The three steps, each from a settled heap; throws when the product did not do what the step asks. */
export async function runSteps(h: Harness): Promise<DistributionFigures> {
  settle();
  let started = performance.now();
  const preview = await h.service.assign({ item: ITEM, target: { kind: 'user-group', id: 'everyone' } }, ADMIN, { dryRun: true });
  const previewMs = performance.now() - started;
  if (preview.account.granted.total !== LICENSES || h.service.listAssignments().length !== 0) throw new Error('the preview did not foresee the assignment, or changed something');
  settle();
  started = performance.now();
  const summary = await h.service.assign({ item: ITEM, target: { kind: 'user-group', id: 'everyone' } }, ADMIN);
  const assignMs = performance.now() - started;
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

  // Revoke the 10,000 first licensed users (a group of them) and serve the next 10,000 in the queue.
  settle();
  started = performance.now();
  const revoked = await h.service.revoke({ item: ITEM, target: { kind: 'user-group', id: 'leavers' } }, ADMIN);
  const revokeMs = performance.now() - started;
  if (revoked.revoked !== REVOKED || revoked.counts.held !== LICENSES) throw new Error(`unexpected revocation ${JSON.stringify(revoked)}`);
  return { previewMs, assignMs, acceptMs: median(acceptMs), acceptMaxMs: Math.max(...acceptMs), revokeMs };
}
