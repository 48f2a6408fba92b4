import type { Entity } from '../../api/storage.js';

/** The last state of one record in a batch: its JSON, or null once deleted. */
interface PendingChange {
  readonly namespace: string;
  readonly collection: string;
  readonly id: string;
  readonly json: string | null;
}

/**
 * One JSON document each (the driver sends it as it is, and the server parses it once): every record written as
 * `[namespace, collection, id, "record's JSON"]`, every record deleted as `[namespace, collection, id]`, and the change log's
 * entries as `[namespace, collection, id, deleted]`, writes first.
 */
export interface BatchRows {
  readonly put: string;
  readonly puts: number;
  readonly deleted: string;
  readonly deletes: number;
  readonly log: string;
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
    const put: string[] = [];
    const log: string[] = [];
    const deleted: string[] = [];
    for (const { namespace, collection, id, json } of this.changes.values()) {
      const key = `${JSON.stringify(namespace)},${JSON.stringify(collection)},${JSON.stringify(id)}`;
      if (json === null) {
        deleted.push(`[${key}]`);
      } else {
        // The record travels as a JSON string: the server takes it as text, so a \u0000 in it stays escaped.
        put.push(`[${key},${JSON.stringify(json)}]`);
        log.push(`[${key},false]`);
      }
    }
    for (const key of deleted) log.push(`${key.slice(0, -1)},true]`);
    return { put: `[${put.join(',')}]`, puts: put.length, deleted: `[${deleted.join(',')}]`, deletes: deleted.length, log: `[${log.join(',')}]` };
  }

  private set(change: PendingChange): void {
    const key = `${change.namespace}\u0000${change.collection}\u0000${change.id}`;
    // A record changed again keeps its place: new records are inserted in the order they were first added.
    this.changes.set(key, change);
  }
}
