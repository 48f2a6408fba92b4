// Locations in priority order (issue 17): a queue of 100,000 enrolled users served across three locations in priority
// order, as a ratio to serving the same queue from one location. Real storage engine (lowdb in a data directory),
// inventory, audit log and Apple simulator; the host clock stands still, so Apple only receives the first requests.
// Each figure is one assignment of an app to the group of 100,000 until every allocation is durable, on a fresh host
// and data directory, the two scenarios alternated twice (median): app X has its
// 100,000 licenses at one location; app Y has them split over three (34,000 / 33,000 / 33,000) and is assigned with
// the order [HQ, Brussels, Calais]. The previews of both (the same computation, put back) are medians of three.
// Run: node --expose-gc bin/run-ts.js bench/location-priority.bench.ts (or npm run bench -- location-priority)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '../host/runtime/clock.js';
import { ADMIN, createHarness, importEnrolledGroup, TOKEN_ID } from '../plugins/vpp-apple/src/distribution/testing/distribution-harness.js';
import { settle } from './distribution-steps.js';
import { median, report } from './support.js';

const USERS = 100_000;
const ONE = { adamId: '500000001', productType: 'App' as const, totalCount: USERS };
const SPLIT = { adamId: '500000002', productType: 'App' as const };
const SHARES = [34_000, 33_000, 33_000];
const OTHERS = [
  { tokenId: 'tok-brussels', name: 'Brussels' },
  { tokenId: 'tok-calais', name: 'Calais' },
];
const START = Date.parse('2025-01-01T00:00:00Z');
const userIds = Array.from({ length: USERS }, (_, i) => `u${String(i).padStart(6, '0')}`);
const target = { kind: 'user-group' as const, id: 'everyone' };
const itemAt = (tokenId: string, adamId: string) => `vpp:${tokenId}:${adamId}:STDQ`;

interface Figures {
  readonly assignMs: number;
  readonly previewMs: number;
}

/**
 * One scenario on a fresh data directory and host: the group of 100,000 enrolled at every location, the preview of
 * the assignment three times (median), then the assignment itself.
 */
async function measure(threeLocations: boolean): Promise<Figures> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-location-priority-bench-'));
  const h = await createHarness({
    dataDir,
    clock: new ManualClock('2026-03-01T09:00:00Z'),
    assets: [ONE, { ...SPLIT, totalCount: SHARES[0]! }],
    otherLocations: OTHERS.map((other, i) => ({ ...other, assets: [{ ...SPLIT, totalCount: SHARES[i + 1]! }] })),
  });
  try {
    await importEnrolledGroup(h, 'everyone', userIds, START);
    for (const { tokenId } of OTHERS) {
      await h.enrolments.recordAcceptances(userIds.map((id, i) => ({ tokenId, userId: id, clientUserId: `${tokenId}-${id}`, acceptedAt: new Date(START + i * 1000).toISOString() })));
    }
    const input = threeLocations
      ? { item: itemAt(TOKEN_ID, SPLIT.adamId), target, locations: [TOKEN_ID, ...OTHERS.map((o) => o.tokenId)] }
      : { item: itemAt(TOKEN_ID, ONE.adamId), target };
    const previews: number[] = [];
    for (let run = 0; run < 3; run++) {
      settle();
      const started = performance.now();
      const preview = await h.service.assign(input, ADMIN, { dryRun: true });
      previews.push(performance.now() - started);
      if (preview.account.granted.total !== USERS) throw new Error(`the preview granted ${preview.account.granted.total}`);
    }
    settle();
    const started = performance.now();
    const summary = await h.service.assign(input, ADMIN);
    const assignMs = performance.now() - started;
    if (summary.licensed !== USERS || summary.queued !== 0) throw new Error(`unexpected summary: ${summary.licensed} licensed, ${summary.queued} queued`);
    if (threeLocations) {
      const held = [TOKEN_ID, ...OTHERS.map((o) => o.tokenId)].map((tokenId) => h.service.countsOf({ tokenId, adamId: SPLIT.adamId, pricingParam: 'STDQ' }).held);
      if (held.join() !== SHARES.join()) throw new Error(`the three locations hold ${held.join(' / ')}`);
    }
    return { assignMs, previewMs: median(previews) };
  } finally {
    await h.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

// Alternated, each twice, so neither scenario always runs on a warmer process.
const one: Figures[] = [];
const three: Figures[] = [];
for (let round = 0; round < 2; round++) {
  one.push(await measure(false));
  three.push(await measure(true));
}
const assignOne = median(one.map((f) => f.assignMs));
const assignThree = median(three.map((f) => f.assignMs));
const previewOne = median(one.map((f) => f.previewMs));
const previewThree = median(three.map((f) => f.previewMs));
report('location-priority.serve-100k-one-location', assignOne, 'ms', 'median of 2');
report('location-priority.serve-100k-three-locations', assignThree, 'ms', `within 1.5x of one location; median of 2; ratio ${(assignThree / assignOne).toFixed(2)}x`);
report('location-priority.preview-100k-one-location', previewOne, 'ms', 'median of 2 medians of 3');
report('location-priority.preview-100k-three-locations', previewThree, 'ms', `median of 2 medians of 3; ratio ${(previewThree / previewOne).toFixed(2)}x`);
