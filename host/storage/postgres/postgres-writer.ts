import type { Pool } from 'pg';
import type { Entity } from '../../api/storage.js';
import { GroupCommit } from '../group-commit.js';
import { binaryArray, JSON_TEXT, TEXT } from './binary-array.js';
import { ChangeBatch, type BatchRows, type RecordKeys } from './change-batch.js';
import { isStaleEpochError } from './lease.js';

// Each statement unnests its rows from arrays sent in the binary format (see binary-array.ts): one column each, so
// the server neither parses a document nor unescapes what it copies.
const UNNEST_KEYS = 'unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(namespace, collection, id, n)';

/** Records per upsert: the server writes one part while the next is serialised. */
const RECORDS_PER_PART = 5_000;

// In order, so records first added in this batch take their positions in the order they were added.
const UPSERT = `
  INSERT INTO records (namespace, collection, id, data, epoch)
  SELECT namespace, collection, id, data, $5::bigint
  FROM unnest($1::text[], $2::text[], $3::text[], $4::json[]) WITH ORDINALITY AS t(namespace, collection, id, data, n)
  ORDER BY n
  ON CONFLICT (namespace, collection, id) DO UPDATE SET data = EXCLUDED.data, epoch = EXCLUDED.epoch`;

const DELETE = `
  DELETE FROM records r USING ${UNNEST_KEYS}
  WHERE (r.namespace, r.collection, r.id) = (t.namespace, t.collection, t.id)`;

// One row per collection and kind of change, written first to last: the database checks the epoch of each (see the
// schema), so a commit is fenced a few times, not once per record.
const LOG = `
  INSERT INTO changes (namespace, collection, ids, deleted, epoch)
  SELECT namespace, collection, array_agg(id ORDER BY n), deleted, $7::bigint FROM (
    SELECT namespace, collection, id, n, false AS deleted FROM ${UNNEST_KEYS}
    UNION ALL
    SELECT namespace, collection, id, n, true FROM unnest($4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS d(namespace, collection, id, n)
  ) AS changed
  GROUP BY namespace, collection, deleted
  ORDER BY deleted, min(n)`;

function keyColumns(keys: RecordKeys): Buffer[] {
  return [binaryArray(TEXT, keys.namespace), binaryArray(TEXT, keys.collection), binaryArray(TEXT, keys.id)];
}

/** The upsert of the records from `at` on, serialised now. */
function upsertPart(put: BatchRows['put'], at: number, epoch: number): unknown[] {
  const end = at + RECORDS_PER_PART;
  const keys = { namespace: put.namespace.slice(at, end), collection: put.collection.slice(at, end), id: put.id.slice(at, end) };
  const data = put.records.slice(at, end).map((record) => JSON.stringify(record));
  return [...keyColumns(keys), binaryArray(JSON_TEXT, data), epoch];
}

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
    const { put, deleted } = batch.rows();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      // Each statement is sent once the one before is done, and prepared while the server runs that one.
      let running: Promise<unknown> = Promise.resolve();
      const send = async (text: string, values: unknown[]): Promise<void> => {
        await running;
        running = client.query(text, values);
        // Should preparing the next statement throw, this one's failure is not left unhandled (the ROLLBACK waits for it).
        running.catch(() => undefined);
      };
      for (let at = 0; at < put.id.length; at += RECORDS_PER_PART) await send(UPSERT, upsertPart(put, at, this.epoch));
      if (deleted.id.length > 0) await send(DELETE, keyColumns(deleted));
      await send(LOG, [...keyColumns(put), ...keyColumns(deleted), this.epoch]);
      await running;
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
