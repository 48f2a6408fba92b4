// Storage at scale: 1,000,000 records in one collection. Measures how long one more put takes to become durable
// (one journal append), the longest event-loop stall while it is written, the checkpoint that folds changes spread
// over every shard into the snapshot (its time and longest stall), the start-up load, and peak RSS.
// Run: node bin/run-ts.js bench/storage.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Entity } from '../host/api/storage.js';
import { FileStorageEngine } from '../host/storage/index.js';
import { median, report, timedLoad, timedPuts } from './support.js';

interface LicenseRow extends Entity {
  readonly userId: string;
  readonly adamId: string;
  readonly serialNumber: string;
  readonly state: string;
  readonly at: number;
}

const RECORDS = 1_000_000;
const PUTS = 20;
const DISK_SETTLE_MS = 5000;
/** Changed records before the checkpoint: enough to touch every shard. */
const SPREAD_CHANGES = 20_000;

function row(n: number): LicenseRow {
  return {
    id: `lic-${n.toString(36).padStart(8, '0')}`,
    userId: `user-${n % 50_000}`,
    adamId: `${361_309_726 + (n % 2_000)}`,
    serialNumber: `C02${n.toString(36).toUpperCase().padStart(9, 'X')}`,
    state: n % 3 === 0 ? 'assigned' : 'available',
    at: 1_764_000_000_000 + n,
  };
}

/** Writes the records and closes the collection; nothing of it stays reachable. */
async function build(dataDir: string): Promise<number> {
  const { engine, rows } = await openCollection(dataDir);
  const started = performance.now();
  await rows.putMany(Array.from({ length: RECORDS }, (_, n) => row(n)));
  const ms = performance.now() - started;
  await engine.close();
  return ms;
}

/** Collects the garbage of the step before, so the next one is measured from a settled heap. */
function settle(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run with --expose-gc (bench/run.ts does) so each step is measured from a settled heap');
  gc();
}

async function openCollection(dataDir: string) {
  const engine = new FileStorageEngine({ dataDir });
  const rows = await engine.namespace('bench').collection<LicenseRow>('licenses', { expectedSize: RECORDS });
  return { engine, rows };
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-storage-bench-'));
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
try {
  report('storage.build-1M', await build(dataDir), 'ms');

  // The build leaves the disk busy for a few seconds (a 70 MB journal written, folded into the shards and deleted),
  // which lengthens the garbage collections of a load started at once; a host starts later than that.
  await new Promise((resolve) => setTimeout(resolve, DISK_SETTLE_MS));
  settle();
  const { engine, rows } = await timedLoad('storage', loopDelay, RECORDS, () => openCollection(dataDir));
  const durations = await timedPuts(PUTS, loopDelay, (n) => rows.put(row(RECORDS + n)));
  const stall = loopDelay.max / 1e6;
  report('storage.durable-put-1M', median(durations), 'ms', '< 200 ms');
  report('storage.durable-put-1M-max', Math.max(...durations), 'ms', '< 200 ms');
  report('storage.max-loop-stall-1M', stall, 'ms', '< 100 ms');

  for (let n = 0; n < SPREAD_CHANGES; n += 1000) {
    await rows.putMany(Array.from({ length: 1000 }, (_, k) => ({ ...row((n + k) * 49), state: 'revoked' })));
  }
  loopDelay.reset();
  const started = performance.now();
  await engine.close();
  report('storage.checkpoint-1M', performance.now() - started, 'ms');
  report('storage.max-loop-stall-checkpoint-1M', loopDelay.max / 1e6, 'ms', '< 100 ms');
  report('storage.peak-rss-1M', process.resourceUsage().maxRSS / 1024, 'MB');
} finally {
  loopDelay.disable();
  await rm(dataDir, { recursive: true, force: true });
}
