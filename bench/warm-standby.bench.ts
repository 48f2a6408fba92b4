// Takeover by a warm standby at the storage level: two engines on one PostgreSQL database holding 1,000,000 records,
// the active one commits 5,000 more changes and then stalls (its heartbeat stops); measured is the time until the
// standby is active with every change applied, with a lease timeout of 1 s (a standby checks every third of it), and
// the lag the standby reports after the burst. Uses VPP_TEST_PG_URL, or a private cluster (Debian's postgresql).
// Run: node bin/run-ts.js bench/warm-standby.bench.ts
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Entity } from '../host/api/storage.js';
import { SystemClock } from '../host/runtime/clock.js';
import { HostLogger } from '../host/runtime/logger.js';
import { Redactor } from '../host/runtime/redactor.js';
import { PostgresStorageEngine } from '../host/storage/index.js';
import { createBenchDatabase } from './postgres-database.js';
import { report } from './support.js';

const RECORDS = 1_000_000;
const BURST = 5_000;
const CHUNK = 10_000;
const LEASE_TIMEOUT_MS = 1_000;

const { url, drop } = await createBenchDatabase('vpp_bench_standby');

function open(name: string): Promise<PostgresStorageEngine> {
  const clock = new SystemClock();
  const logger = new HostLogger(name, { sink: () => undefined, level: 'error', redactor: new Redactor(), now: () => clock.now() });
  return PostgresStorageEngine.open({ url, lease: { hostId: name, address: `http://${name}`, timeoutMs: LEASE_TIMEOUT_MS, clock, logger } });
}

const row = (n: number, state: string): Entity & Record<string, unknown> => ({ id: `lic-${n}`, userId: `user-${n % 5_000}`, state });
try {
  const active = await open('active');
  const licenses = await active.namespace('bench').collection<Entity>('licenses');
  for (let at = 0; at < RECORDS; at += CHUNK) await licenses.putMany(Array.from({ length: CHUNK }, (_, n) => row(at + n, 'available')));
  let started = performance.now();
  const standby = await open('standby');
  report('warm-standby.start-loading-1m', performance.now() - started, 'ms');
  const followed = await standby.namespace('bench').collection<Entity & { state?: string }>('licenses');

  await Promise.all(Array.from({ length: BURST }, (_, n) => licenses.put(row(n, 'assigned'))));
  await active.leaseKeeper!.dispose();
  started = performance.now();
  while (standby.leaseKeeper!.role() !== 'active') await sleep(5);
  const taken = performance.now() - started;
  const applied = [...followed.values()].filter((record) => record.state === 'assigned').length;
  if (applied !== BURST) throw new Error(`the standby took over with ${applied} of ${BURST} changes applied`);
  report('warm-standby.stall-to-active', taken, 'ms', `under 2000 ms; ${LEASE_TIMEOUT_MS} ms lease timeout`);
  await standby.close();
  await active.close().catch(() => undefined);
} finally {
  await drop();
}
