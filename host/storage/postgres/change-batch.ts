import type { Entity } from '../../api/storage.js';

/** The last state of one record in a batch: its JSON, or null once deleted. */
interface PendingChange {
  readonly namespace: string;
  readonly collection: string;
  readonly id: string;
  readonly json: string | null;
}

/** Column arrays for one `unnest` each: every record written, and every record deleted. */
export interface BatchRows {
  readonly put: { namespaces: string[]; collections: string[]; ids: string[]; data: string[] };
  readonly deleted: { namespaces: string[]; collections: string[]; ids: string[] };
}

/**
 * The changes waiting for the next transaction, in every collection. A record changed twice before it commits is
 * written once, in its last state; its JSON is taken when the change is made, as later changes to the object in
 * memory are changes of their own.
 */
export class ChangeBatch {
  private readonly changes = new Map<string, PendingChange>();

  get size(): number {
    return this.changes.size;
  }

  add(namespace: string, collection: string, put: readonly Entity[], deleted: readonly string[]): void {
    for (const record of put) this.set({ namespace, collection, id: record.id, json: JSON.stringify(record) });
    for (const id of deleted) this.set({ namespace, collection, id, json: null });
  }

  /** Puts back a batch whose transaction failed, under the changes made since (they are newer). */
  restore(failed: ChangeBatch): void {
    for (const [key, change] of failed.changes) if (!this.changes.has(key)) this.changes.set(key, change);
  }

  rows(): BatchRows {
    const rows: BatchRows = { put: { namespaces: [], collections: [], ids: [], data: [] }, deleted: { namespaces: [], collections: [], ids: [] } };
    for (const { namespace, collection, id, json } of this.changes.values()) {
      const target = json === null ? rows.deleted : rows.put;
      target.namespaces.push(namespace);
      target.collections.push(collection);
      target.ids.push(id);
      if (json !== null) rows.put.data.push(json);
    }
    return rows;
  }

  private set(change: PendingChange): void {
    const key = `${change.namespace}\u0000${change.collection}\u0000${change.id}`;
    // A record changed again keeps its place: new records are inserted in the order they were first added.
    this.changes.set(key, change);
  }
}
