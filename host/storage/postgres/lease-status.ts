import pg from 'pg';
import { phrase } from '../../api/messages.js';
import { StorageUnavailableError } from '../storage-engine.js';
import { describeConnectionError } from './connection-errors.js';
import { Lease, type LeaseState, type StandbyState } from './lease.js';
import { schemaVersion } from './schema.js';

/** The schema version that brought the lease. */
const LEASE_SCHEMA = 2;

export interface LeaseStatus {
  readonly lease: LeaseState;
  readonly standbys: StandbyState[];
}

/** Reads who is active on a database and how far the standbys are, writing nothing (for `vpp-host status`). */
export async function readLeaseStatus(url: string): Promise<LeaseStatus> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    if ((await schemaVersion(client)) < LEASE_SCHEMA) {
      throw new StorageUnavailableError(phrase('No vpp-host of this version has used this database yet: start one with --storage first', 'host.storage.unused'));
    }
    const lease = new Lease(client);
    return { lease: await lease.read(), standbys: await lease.standbys() };
  } catch (error) {
    throw describeConnectionError(error, url);
  } finally {
    await client.end().catch(() => undefined);
  }
}
