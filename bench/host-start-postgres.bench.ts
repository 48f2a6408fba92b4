// Host start with 1,000,000 records (the licence ledger of vpp-apple), on PostgreSQL as a ratio to lowdb in a data
// directory, in the same run: `vpp-host start` until `/api/ready` answers 200 (every plugin started, the ledger
// loaded and indexed). Median of three starts on each. PostgreSQL: VPP_TEST_PG_URL, or a private durable cluster.
// Run: node --expose-gc bin/run-ts.js bench/host-start-postgres.bench.ts
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { timeToAnswer } from './host-answer.js';
import { createBenchDatabase } from './postgres-database.js';
import { seedReleasedLedger } from './released-ledger.js';
import { median, report } from './support.js';

const RECORDS = 1_000_000;
const STARTS = 3;
const secretKey = randomBytes(32);

function startUntilReady(dataDir: string, storage?: string): Promise<number> {
  const env = { ...process.env, VPP_HOST_SECRET_KEY: secretKey.toString('base64') };
  return timeToAnswer(['--port', '0', '--data-dir', dataDir, ...(storage ? ['--storage', storage] : [])], env, '/api/ready', (answer) => answer.status === 200);
}

async function medianStart(dataDir: string, storage?: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++) times.push(await startUntilReady(dataDir, storage));
  return median(times);
}

const fileDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-start-lowdb-'));
const postgresDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-start-pg-'));
const database = await createBenchDatabase('vpp_start');
try {
  await seedReleasedLedger(fileDir, secretKey, RECORDS);
  await seedReleasedLedger(database.url, secretKey, RECORDS);
  const lowdb = await medianStart(fileDir);
  const postgres = await medianStart(postgresDir, database.url);
  report('host.start-1m-records.lowdb', lowdb, 'ms', 'until /api/ready; the comparison');
  report('host.start-1m-records.postgres', postgres, 'ms', `until /api/ready; ${(postgres / lowdb).toFixed(2)}x of lowdb`);
} finally {
  await database.drop();
  await rm(fileDir, { recursive: true, force: true });
  await rm(postgresDir, { recursive: true, force: true });
}
