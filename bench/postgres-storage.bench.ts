// Storage on PostgreSQL at scale: 1,000,000 records in one collection. Measures building it, loading it at start, how
// long one more put takes to commit, how many transactions 1,000 concurrent puts share (group commit), the longest
// event-loop stall meanwhile, and peak RSS. Uses VPP_TEST_PG_URL, or a private cluster (Debian's postgresql).
// Run: node bin/run-ts.js bench/postgres-storage.bench.ts
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Entity } from '../host/api/storage.js';
import { PostgresStorageEngine } from '../host/storage/index.js';
import { createBenchDatabase } from './postgres-database.js';
import { median, report, timedLoad, timedPuts, trackPeakRss } from './support.js';

const RECORDS = 1_000_000;
const CHUNK = 10_000;
const PUTS = 20;
const CONCURRENT = 1_000;

function row(n: number): Entity & Record<string, unknown> {
  return { id: `lic-${n.toString(36).padStart(8, '0')}`, userId: `user-${n % 50_000}`, adamId: `${361_309_726 + (n % 2_000)}`, state: n % 3 ? 'available' : 'assigned', at: 1_764_000_000_000 + n };
}

let commits = 0;
async function openCollection(url: string) {
  const engine = await PostgresStorageEngine.open({ url, onCommit: () => commits++ });
  return { engine, rows: await engine.namespace('bench').collection<Entity>('licenses', { expectedSize: RECORDS }) };
}

const { url, drop } = await createBenchDatabase('vpp_bench');
const peakRss = trackPeakRss();
try {
  let started = performance.now();
  const built = await openCollection(url);
  for (let at = 0; at < RECORDS; at += CHUNK) await built.rows.putMany(Array.from({ length: CHUNK }, (_, n) => row(at + n)));
  report('pg-storage.build-1M', performance.now() - started, 'ms');
  await built.engine.close();

  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  loopDelay.enable();
  const { engine, rows } = await timedLoad('pg-storage', loopDelay, RECORDS, () => openCollection(url));
  const durations = await timedPuts(PUTS, loopDelay, (n) => rows.put(row(RECORDS + n)));
  report('pg-storage.put-durable-median', median(durations), 'ms');
  commits = 0;
  started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENT }, (_, n) => rows.put(row(n))));
  report('pg-storage.1000-concurrent-puts', performance.now() - started, 'ms');
  report('pg-storage.1000-concurrent-puts-transactions', commits, '');
  report('pg-storage.max-loop-stall-puts', loopDelay.max / 1e6, 'ms');
  await engine.close();
  report('pg-storage.peak-rss', peakRss(), 'MB');
} finally {
  await drop();
}
