import type { Entity } from '../../api/storage.js';

/** The last state of one record in a batch: the record, or null once deleted. */
interface PendingChange {
  readonly namespace: string;
  readonly collection: string;
  readonly id: string;
  readonly record: Entity | null;
}

/** Records named column by column, one row per record: what a statement unnests. */
export interface RecordKeys {
  readonly namespace: readonly string[];
  readonly collection: readonly string[];
  readonly id: readonly string[];
}

/** A batch as the rows of its statements, each list in the order the records were first added. */
export interface BatchRows {
  /** Every record written. */
  readonly put: RecordKeys & { readonly records: readonly Entity[] };
  readonly deleted: RecordKeys;
}

/**
 * The changes waiting for the next transaction, in every collection. A record changed twice before it commits is
 * written once, in its last state; it is serialised when the transaction writes it, as the file engine's journal
 * does, so that serialising overlaps the server's work (a change made meanwhile also joins the next transaction).
 */
export class ChangeBatch {
  private readonly changes = new Map<string, PendingChange>();

  get size(): number {
    return this.changes.size;
  }

  add(namespace: string, collection: string, put: readonly Entity[], deleted: readonly string[]): void {
    for (const record of put) this.set({ namespace, collection, id: record.id, record });
    for (const id of deleted) this.set({ namespace, collection, id, record: null });
  }

  /** Puts back a batch whose transaction failed, under the changes made since (they are newer). */
  restore(failed: ChangeBatch): void {
    for (const [key, change] of failed.changes) if (!this.changes.has(key)) this.changes.set(key, change);
  }

  rows(): BatchRows {
    const put = { namespace: [] as string[], collection: [] as string[], id: [] as string[], records: [] as Entity[] };
    const deleted = { namespace: [] as string[], collection: [] as string[], id: [] as string[] };
    for (const { namespace, collection, id, record } of this.changes.values()) {
      const rows = record === null ? deleted : put;
      rows.namespace.push(namespace);
      rows.collection.push(collection);
      rows.id.push(id);
      if (record !== null) put.records.push(record);
    }
    return { put, deleted };
  }

  private set(change: PendingChange): void {
    const key = `${change.namespace}\u0000${change.collection}\u0000${change.id}`;
    // A record changed again keeps its place: new records are inserted in the order they were first added.
    this.changes.set(key, change);
  }
}
