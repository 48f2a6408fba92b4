import type { Event } from './event.js';

export interface Entity {
  readonly id: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

export interface QueryOptions<T> {
  readonly where?: (record: T) => boolean;
  readonly sort?: (a: T, b: T) => number;
  readonly offset?: number;
  readonly limit?: number;
}

/** A secondary in-memory index, kept current on every change and rebuilt at load. */
export interface Index<T> {
  get(key: string): T[];
  keys(): string[];
}

/**
 * One persisted collection of a plugin. Reads are synchronous from memory; a write changes memory at once and its
 * promise resolves only when the change is durable (group commit: concurrent writes share one fsynced append to the
 * collection's journal, whatever the collection's size, or one transaction when the host keeps its data in PostgreSQL).
 */
export interface Repository<T extends Entity> {
  readonly name: string;
  get(id: string): T | undefined;
  has(id: string): boolean;
  count(): number;
  values(): IterableIterator<T>;
  find(predicate: (record: T) => boolean): T[];
  query(options: QueryOptions<T>): Page<T>;
  /** Declares an index over a key of each record; records whose key is undefined are left out. */
  index(name: string, keyOf: (record: T) => string | undefined): Index<T>;
  put(record: T): Promise<void>;
  putMany(records: readonly T[]): Promise<void>;
  delete(id: string): Promise<boolean>;
  deleteMany(ids: readonly string[]): Promise<number>;
}

export interface CollectionOptions {
  /**
   * How many records the collection may grow to. Large collections are split into shard files so that folding the
   * journal into them rewrites only the shards that changed; the host picks the shard count from this hint and from
   * the records it finds at load.
   */
  readonly expectedSize?: number;
}

/**
 * A plugin's own storage namespace: one file (or shard set) per collection under the data directory, or the
 * collection's rows in the host's PostgreSQL database; a plugin sees no difference.
 */
export const Storage = Symbol.for('host.Storage');
export interface Storage {
  collection<T extends Entity>(name: string, options?: CollectionOptions): Promise<Repository<T>>;
  /** Resolves once every change accepted so far is durable. */
  flush(): Promise<void>;
  /**
   * On a standby host (hosts sharing a PostgreSQL database): changes the active host committed have just been applied
   * to collections of this namespace, whose repositories already show them (or every record was read again, after
   * this host lost the lease). What a plugin derived from them in memory (pools, caches) is out of date until it reads
   * them again. Never fires for a write this host makes while active, nor on a host alone on its storage.
   */
  readonly onDidFollowChanges: Event<FollowedChanges>;
}

/** Collections of a namespace that changed on the active host. */
export interface FollowedChanges {
  readonly collections: readonly FollowedCollection[];
}

/** A collection that changed on the active host: the ids of its records put or deleted (read them as they are now). */
export interface FollowedCollection {
  readonly name: string;
  readonly ids: readonly string[];
}
