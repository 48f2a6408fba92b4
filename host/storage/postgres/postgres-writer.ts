import type { Pool } from 'pg';
import type { Entity } from '../../api/storage.js';
import { GroupCommit } from '../group-commit.js';
import { ChangeBatch } from './change-batch.js';
import { isStaleEpochError } from './lease.js';

// Each statement reads its rows from one JSON document: sent as it is, parsed once by the server (an array
// parameter costs the driver an escape per element, more than the statement itself).
const UPSERT = `
  INSERT INTO records (namespace, collection, id, data, epoch)
  SELECT e->>0, e->>1, e->>2, (e->>3)::json, $2::bigint
  FROM json_array_elements($1::json) WITH ORDINALITY AS t(e, n)
  ORDER BY n
  ON CONFLICT (namespace, collection, id) DO UPDATE SET data = EXCLUDED.data, epoch = EXCLUDED.epoch`;

const DELETE = `
  DELETE FROM records r USING json_array_elements($1::json) AS t(e)
  WHERE r.namespace = t.e->>0 AND r.collection = t.e->>1 AND r.id = t.e->>2`;

const LOG = `
  INSERT INTO changes (namespace, collection, id, deleted, epoch)
  SELECT e->>0, e->>1, e->>2, (e->>3)::boolean, $2::bigint FROM json_array_elements($1::json) WITH ORDINALITY AS t(e, n) ORDER BY n`;

/**
 * Writes the changes of every collection through one group commit: all changes made while a transaction is in
 * flight go together into the next one, and each write's promise resolves when the transaction holding it commits.
 * A transaction that fails leaves its changes waiting for the next one.
 */
export class PostgresWriter {
  private pending = new ChangeBatch();
  private readonly group = new GroupCommit(() => this.writeBatch());

  constructor(
    private readonly pool: Pool,
    /** The lease's epoch, written with every change: the database refuses a change of another epoch. */
    private epoch: number,
    private readonly events: {
      onCommit?: (changes: number) => void;
      /** The database refused a change of this epoch: returns what to tell the writers instead. */
      onFenced?: (refusal: Error) => Error;
    } = {},
  ) {}

  /** Writes from now on carry the epoch of a lease just taken. */
  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  /** Call right after changing memory; resolves once a transaction holding the change has committed. */
  commit(namespace: string, collection: string, put: readonly Entity[], deleted: readonly string[]): Promise<void> {
    this.pending.add(namespace, collection, put, deleted);
    return this.group.commit();
  }

  flush(): Promise<void> {
    return this.group.flush();
  }

  private async writeBatch(): Promise<void> {
    const batch = this.pending;
    this.pending = new ChangeBatch();
    if (batch.size === 0) return;
    try {
      await this.transaction(batch);
    } catch (error) {
      // A fenced host's changes are refused for good; any other failure leaves them for the next transaction.
      if (!isStaleEpochError(error)) {
        this.pending.restore(batch);
        throw error;
      }
      throw this.events.onFenced?.(error as Error) ?? error;
    }
    this.events.onCommit?.(batch.size);
  }

  private async transaction(batch: ChangeBatch): Promise<void> {
    const rows = batch.rows();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      if (rows.puts > 0) await client.query(UPSERT, [rows.put, this.epoch]);
      if (rows.deletes > 0) await client.query(DELETE, [rows.deleted]);
      await client.query(LOG, [rows.log, this.epoch]);
      await client.query('COMMIT');
    } catch (error) {
      // A connection that cannot even roll back is dropped from the pool rather than reused.
      await client.query('ROLLBACK').catch((rollbackFailed: Error) => (broken = rollbackFailed));
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
