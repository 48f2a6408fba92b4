import type { Entity } from '../../api/storage.js';
import type { RecordStore } from '../memory-repository.js';
import type { PostgresWriter } from './postgres-writer.js';

/**
 * One collection held in memory as loaded from the `records` table; its changes go to the database through the
 * engine's writer, which commits the changes of all collections together.
 */
export class PostgresRecordStore<T extends Entity> implements RecordStore<T> {
  constructor(
    private readonly namespace: string,
    private readonly collection: string,
    private readonly records: Map<string, T>,
    private readonly writer: PostgresWriter,
  ) {}

  get(id: string): T | undefined {
    return this.records.get(id);
  }

  count(): number {
    return this.records.size;
  }

  values(): IterableIterator<T> {
    return this.records.values();
  }

  set(record: T): void {
    this.records.set(record.id, record);
  }

  remove(id: string): T | undefined {
    const removed = this.records.get(id);
    this.records.delete(id);
    return removed;
  }

  commit(put: readonly T[], deleted: readonly string[]): Promise<void> {
    return this.writer.commit(this.namespace, this.collection, put, deleted);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  close(): Promise<void> {
    return this.writer.flush();
  }
}
