import type { Entity, Index } from '../api/storage.js';

/** A secondary index: key -> records. Fed every change by its repository, so it never goes stale. */
export class RecordIndex<T extends Entity> implements Index<T> {
  private readonly byKey = new Map<string, Map<string, T>>();
  private readonly keyById = new Map<string, string>();

  constructor(
    private readonly keyOf: (record: T) => string | undefined,
    records: Iterable<T>,
  ) {
    for (const record of records) this.add(record);
  }

  get(key: string): T[] {
    const records = this.byKey.get(key);
    return records ? [...records.values()] : [];
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  /** Call after `record` replaced whatever had its id. */
  update(record: T): void {
    this.remove(record.id);
    this.add(record);
  }

  remove(id: string): void {
    const key = this.keyById.get(id);
    if (key === undefined) return;
    this.keyById.delete(id);
    const records = this.byKey.get(key)!;
    records.delete(id);
    if (records.size === 0) this.byKey.delete(key);
  }

  private add(record: T): void {
    const key = this.keyOf(record);
    if (key === undefined) return;
    this.keyById.set(record.id, key);
    let records = this.byKey.get(key);
    if (!records) this.byKey.set(key, (records = new Map()));
    records.set(record.id, record);
  }
}
