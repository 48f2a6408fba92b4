// The managed-distribution steps (distribution-steps.ts) on PostgreSQL, as a ratio to the same steps on the embedded
// lowdb engine in the same run: assign to 100,000 with 60,000 licences, one more acceptance, revoke 10,000 and serve.
// Targets: assign and one more acceptance within 2x of lowdb. PostgreSQL: the server in VPP_TEST_PG_URL, or a private,
// durable cluster (fsync on) on the same machine.
// Run: node --expose-gc bin/run-ts.js bench/distribution-postgres.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openPrepared, prepareInChild, runSteps, type DistributionFigures } from './distribution-steps.js';
import { createBenchDatabase } from './postgres-database.js';
import { report } from './support.js';

async function measure(location: string): Promise<DistributionFigures> {
  prepareInChild(location);
  const h = await openPrepared(location);
  try {
    return await runSteps(h);
  } finally {
    await h.dispose();
  }
}

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-distribution-pg-bench-'));
const database = await createBenchDatabase('vpp_distribution');
try {
  const lowdb = await measure(dataDir);
  const postgres = await measure(database.url);
  const ratio = (pg: number, file: number) => `${(pg / file).toFixed(2)}x of lowdb's ${file.toFixed(1)} ms`;
  report('distribution.postgres.assign-100k', postgres.assignMs, 'ms', `within 2x of lowdb; ${ratio(postgres.assignMs, lowdb.assignMs)}`);
  report('distribution.postgres.accept-one-more', postgres.acceptMs, 'ms', `within 2x of lowdb; median of 5; ${ratio(postgres.acceptMs, lowdb.acceptMs)}`);
  report('distribution.postgres.revoke-10k-and-serve', postgres.revokeMs, 'ms', ratio(postgres.revokeMs, lowdb.revokeMs));
} finally {
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
}
