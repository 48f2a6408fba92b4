// Managed distribution at scale, with the real storage engine (lowdb in a data directory), inventory, audit log, Apple
// client and simulator: the steps of distribution-steps.ts, each also as a ratio to sorting the same holders in
// memory, the floor. Peak RSS is sampled from a settled heap after setup (inventory, enrolments, storage loaded).
// Run: node --expose-gc bin/run-ts.js bench/distribution.bench.ts (or npm run bench -- distribution)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { insertFloorMs, openPrepared, prepareInChild, runSteps, settle, sortFloorMs, USERS } from './distribution-steps.js';
import { report, trackPeakRss } from './support.js';

const REVOKED = 10_000;

function line(name: string, ms: number, target: string, floorMs: number): void {
  report(name, ms, 'ms', `${target}; ratio to in-memory sort: ${(ms / floorMs).toFixed(1)}x`);
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-distribution-bench-'));
prepareInChild(dataDir);
const h = await openPrepared(dataDir);
try {
  const floor100k = sortFloorMs(USERS);
  const floor10k = sortFloorMs(REVOKED);
  const floor1 = Math.max(insertFloorMs(), 0.001);
  settle();
  report('distribution.settled-rss-after-setup', process.memoryUsage.rss() / 2 ** 20, 'MB');
  const peakRss = trackPeakRss();
  const figures = await runSteps(h);
  line('distribution.assign-100k', figures.assignMs, '< 1000 ms', floor100k);
  // What an admin compares a preview with: making the change itself.
  report('distribution.preview-assign-100k', figures.previewMs, 'ms', `<= making the assignment; ratio ${(figures.previewMs / figures.assignMs).toFixed(2)}x`);
  report('distribution.accept-one-more', figures.acceptMs, 'ms', `< 20 ms; median of 5, max ${figures.acceptMaxMs.toFixed(1)} ms; ratio to inserting one holder in memory: ${(figures.acceptMs / floor1).toFixed(1)}x`);
  line('distribution.revoke-10k-and-serve', figures.revokeMs, '< 500 ms', floor10k);
  report('distribution.peak-rss', peakRss(), 'MB', '< 400 MB');
} finally {
  await h.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
