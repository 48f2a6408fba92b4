import { BadInputError } from '../api/errors.js';
import type { Entity, Index, Page, QueryOptions, Repository } from '../api/storage.js';
import { queryRecords } from './query.js';
import { RecordIndex } from './record-index.js';

/** Lets the engine refuse writes once it is closed, or while it is a standby host's. */
export interface WriteGate {
  /** Throws once the engine is closed. */
  assertOpen(): void;
  /** Throws once the engine is closed, or while it may not write. */
  assertWritable(): void;
}

/**
 * Where an engine keeps a collection: the records in memory, and a way to make the changes made to them durable. The
 * file engine keeps them in lowdb shards with a journal (CollectionStore), the PostgreSQL engine in a map whose
 * changes commit in a transaction.
 */
export interface RecordStore<T extends Entity> {
  get(id: string): T | undefined;
  count(): number;
  values(): IterableIterator<T>;
  /** Changes memory only; `commit` makes it durable. */
  set(record: T): void;
  /** Changes memory only; `commit` makes it durable. */
  remove(id: string): T | undefined;
  /** Makes the changes just made in memory durable; resolves once they are. */
  commit(put: readonly T[], deleted: readonly string[]): Promise<void>;
  /** Resolves once every change made so far is durable. */
  flush(): Promise<void>;
  /** Makes everything durable and lets go of the collection. */
  close(): Promise<void>;
}

function assertRecord(collection: string, record: unknown): asserts record is Entity {
  const id = (record as Partial<Entity> | null)?.id;
  // A NUL character cannot be part of a key in every engine (PostgreSQL's text refuses it).
  if (typeof record !== 'object' || typeof id !== 'string' || id === '' || id.includes('\u0000')) {
    throw new BadInputError(`A record for collection "${collection}" needs a non-empty string "id" without NUL characters`, { collection });
  }
}

/**
 * A collection in memory, whatever the engine behind it. Reads never leave memory; a write changes memory and the
 * indexes at once and resolves when the engine says it is durable.
 */
export class MemoryRepository<T extends Entity> implements Repository<T> {
  private readonly indexes = new Map<string, RecordIndex<T>>();

  constructor(
    readonly name: string,
    private readonly store: RecordStore<T>,
    private readonly gate: WriteGate,
  ) {}

  get(id: string): T | undefined {
    return this.store.get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  count(): number {
    return this.store.count();
  }

  /** Live iteration: do not write to the collection while iterating. */
  *values(): IterableIterator<T> {
    yield* this.store.values();
  }

  find(predicate: (record: T) => boolean): T[] {
    return queryRecords(this.values(), { where: predicate }).items;
  }

  query(options: QueryOptions<T>): Page<T> {
    return queryRecords(this.values(), options);
  }

  /** Declaring an existing name again returns the index declared first. */
  index(name: string, keyOf: (record: T) => string | undefined): Index<T> {
    let index = this.indexes.get(name);
    if (!index) this.indexes.set(name, (index = new RecordIndex(keyOf, this.values())));
    return index;
  }

  async put(record: T): Promise<void> {
    await this.putMany([record]);
  }

  async putMany(records: readonly T[]): Promise<void> {
    this.gate.assertWritable();
    for (const record of records) assertRecord(this.name, record);
    for (const record of records) {
      this.store.set(record);
      for (const index of this.indexes.values()) index.update(record);
    }
    await this.store.commit(records, []);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.deleteMany([id])) === 1;
  }

  async deleteMany(ids: readonly string[]): Promise<number> {
    this.gate.assertWritable();
    if (ids.some((id) => typeof id !== 'string')) {
      throw new BadInputError(`Ids to delete from collection "${this.name}" must be strings`, { ids });
    }
    const removed: string[] = [];
    for (const id of ids) {
      if (this.store.remove(id) === undefined) continue;
      for (const index of this.indexes.values()) index.remove(id);
      removed.push(id);
    }
    if (removed.length > 0) await this.store.commit([], removed);
    return removed.length;
  }

  /**
   * Brings memory and the indexes up to changes another host committed (a standby following the active host): the
   * records as they are now, and the ids deleted. Nothing is written.
   */
  applyCommitted(put: readonly T[], deleted: readonly string[]): void {
    for (const record of put) {
      this.store.set(record);
      for (const index of this.indexes.values()) index.update(record);
    }
    for (const id of deleted) {
      if (this.store.remove(id) === undefined) continue;
      for (const index of this.indexes.values()) index.remove(id);
    }
  }

  /** The ids in memory (a standby that lost the lease compares them with the database). */
  ids(): string[] {
    return [...this.store.values()].map((record) => record.id);
  }

  flush(): Promise<void> {
    return this.store.flush();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
