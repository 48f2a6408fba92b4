import type { Entity } from '../host/api/storage.js';
import { openStorageEngine } from '../host/storage/open-storage-engine.js';

const CHUNK = 10_000;

/** Licences given back long ago: the ledger loads and indexes each at start, and nothing is sent to Apple for them. */
function licence(n: number): Entity & Record<string, unknown> {
  const at = new Date(Date.UTC(2025, 0, 1) + n * 1_000).toISOString();
  return { id: `lic-bench-${n.toString(36)}`, tokenId: 'gone', adamId: String(361_309_726 + (n % 20)), pricingParam: 'STDQ', holderKind: 'user', holderId: `u${n}`, appleHolderId: `u${n}`, assignmentId: 'gone', orderAt: at, state: 'released', requestedAt: at, updatedAt: at, releaseCause: 'assignment-removed' };
}

/** Fills vpp-apple's licence ledger at a storage location (a data dir or a PostgreSQL URL) before any host uses it. */
export async function seedReleasedLedger(location: string, secretKey: Buffer, records: number): Promise<void> {
  const engine = await openStorageEngine(location, { secretKey });
  const ledger = await engine.namespace('vpp-apple').collection<Entity>('distribution-licenses', { expectedSize: records });
  for (let at = 0; at < records; at += CHUNK) await ledger.putMany(Array.from({ length: Math.min(CHUNK, records - at) }, (_, n) => licence(at + n)));
  await engine.close();
}
