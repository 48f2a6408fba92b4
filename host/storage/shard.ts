import { Low } from 'lowdb';
import type { Entity } from '../api/storage.js';
import { AtomicJsonFile, CorruptFileError, type WriteListener } from './atomic-json-file.js';

/** What one collection file (or shard file) holds. */
export interface ShardData<T> {
  records: T[];
}

function validateShardData<T extends Entity>(data: unknown, file: string): ShardData<T> {
  const records = (data as { records?: unknown } | null)?.records;
  if (!Array.isArray(records)) throw new CorruptFileError(file, 'expected an object with a "records" array');
  for (const record of records) {
    if (typeof (record as Entity | null)?.id !== 'string') {
      throw new CorruptFileError(file, 'a record has no string "id"');
    }
  }
  return { records: records as T[] };
}

/**
 * The records of one file, held by that file's only `Low` instance. The records array is the lowdb data itself;
 * a position map gives O(1) lookup, and delete swaps with the last record so nothing is shifted.
 */
export class Shard<T extends Entity> {
  private readonly adapter: AtomicJsonFile<ShardData<T>>;
  private readonly low: Low<ShardData<T>>;
  private readonly positions = new Map<string, number>();

  constructor(
    readonly file: string,
    options: { readonly required: boolean; readonly onWrite?: WriteListener | undefined },
  ) {
    this.adapter = new AtomicJsonFile(file, { validate: validateShardData<T>, ...options });
    this.low = new Low<ShardData<T>>(this.adapter, { records: [] });
  }

  get size(): number {
    return this.low.data.records.length;
  }

  /** Bytes of the file as last read or written. */
  get fileSize(): number {
    return this.adapter.size;
  }

  get records(): readonly T[] {
    return this.low.data.records;
  }

  /**
   * Loads the file. A duplicate id, or a record whose id hashes to another shard (`belongs`), means the file was not
   * written by this engine, and loading it would duplicate records on the next put.
   */
  async load(belongs: (id: string) => boolean = () => true): Promise<void> {
    await this.low.read();
    this.positions.clear();
    this.low.data.records.forEach((record, at) => {
      const id = JSON.stringify(record.id);
      if (this.positions.has(record.id)) throw new CorruptFileError(this.file, `record id ${id} appears twice`);
      if (!belongs(record.id)) throw new CorruptFileError(this.file, `record id ${id} belongs to another shard`);
      this.positions.set(record.id, at);
    });
  }

  get(id: string): T | undefined {
    const at = this.positions.get(id);
    return at === undefined ? undefined : this.low.data.records[at];
  }

  /** Changes memory only: the collection's journal makes the change durable, a checkpoint writes the file. */
  set(record: T): void {
    const records = this.low.data.records;
    const at = this.positions.get(record.id);
    if (at === undefined) {
      this.positions.set(record.id, records.length);
      records.push(record);
    } else {
      records[at] = record;
    }
  }

  /** Changes memory only, as `set`. */
  remove(id: string): T | undefined {
    const records = this.low.data.records;
    const at = this.positions.get(id);
    if (at === undefined) return undefined;
    const removed = records[at]!;
    const last = records.pop()!;
    this.positions.delete(id);
    if (last !== removed) {
      records[at] = last;
      this.positions.set(last.id, at);
    }
    return removed;
  }

  /** Writes the records as they are now; the collection makes sure one write at a time goes to a file. */
  write(): Promise<void> {
    return this.low.write();
  }
}
