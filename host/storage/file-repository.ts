import { BadInputError } from '../api/errors.js';
import type { Entity, Index, Page, QueryOptions, Repository } from '../api/storage.js';
import type { ShardSet } from './collection-files.js';
import { queryRecords } from './query.js';
import { RecordIndex } from './record-index.js';
import type { Shard } from './shard.js';

/** Lets the engine refuse writes once it is closed. */
export interface WriteGate {
  assertWritable(): void;
}

function assertRecord(collection: string, record: unknown): asserts record is Entity {
  const id = (record as Partial<Entity> | null)?.id;
  if (typeof record !== 'object' || typeof id !== 'string' || id === '') {
    throw new BadInputError(`A record for collection "${collection}" needs a non-empty string "id"`, { collection });
  }
}

/**
 * A collection in memory, backed by its shard files. Reads never touch the disk; a write changes memory and the
 * indexes at once and resolves when every shard it touched has been written.
 */
export class FileRepository<T extends Entity> implements Repository<T> {
  private readonly indexes = new Map<string, RecordIndex<T>>();

  constructor(
    readonly name: string,
    private readonly shards: ShardSet<T>,
    private readonly gate: WriteGate,
  ) {}

  get(id: string): T | undefined {
    return this.shards.shardFor(id).get(id);
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  count(): number {
    return this.shards.size();
  }

  /** Live iteration: do not write to the collection while iterating. */
  *values(): IterableIterator<T> {
    for (const shard of this.shards.shards) yield* shard.records;
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
    const touched = new Set<Shard<T>>();
    for (const record of records) {
      const shard = this.shards.shardFor(record.id);
      shard.set(record);
      for (const index of this.indexes.values()) index.update(record);
      touched.add(shard);
    }
    await commitAll(touched);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.deleteMany([id])) === 1;
  }

  async deleteMany(ids: readonly string[]): Promise<number> {
    this.gate.assertWritable();
    if (ids.some((id) => typeof id !== 'string')) {
      throw new BadInputError(`Ids to delete from collection "${this.name}" must be strings`, { ids });
    }
    const touched = new Set<Shard<T>>();
    let removed = 0;
    for (const id of ids) {
      const shard = this.shards.shardFor(id);
      if (shard.remove(id) === undefined) continue;
      for (const index of this.indexes.values()) index.remove(id);
      touched.add(shard);
      removed++;
    }
    await commitAll(touched);
    return removed;
  }

  flush(): Promise<void> {
    return Promise.all(this.shards.shards.map((shard) => shard.flush())).then(() => undefined);
  }
}

async function commitAll<T extends Entity>(shards: Set<Shard<T>>): Promise<void> {
  await Promise.all([...shards].map((shard) => shard.commit()));
}
