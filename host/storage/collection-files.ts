import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Entity } from '../api/storage.js';
import { AtomicJsonFile, CorruptFileError, syncDirectory, type WriteListener } from './atomic-json-file.js';
import { PRIVATE_DIR_MODE } from './private-modes.js';
import { Shard } from './shard.js';
import { needsReshard, shardCountFor, shardIndexOf } from './sharding.js';

/**
 * On disk a collection is either one file, `<namespace>/<name>.json`, or a shard set: `<namespace>/<name>/meta.json`
 * naming the current generation, the shard count and which shards have a file, plus
 * `<namespace>/<name>/g<generation>-<shard>.json` for those. Writing the meta file is the commit point of a re-shard,
 * so a crash at any moment leaves either the old or the new layout; it is also what makes a shard's first file count,
 * so a shard listed there must have its file (a lost file is never mistaken for an empty shard) and a shard not listed
 * is empty, whatever a cut-short first write left. Meta files without `written` come from layouts that wrote every shard.
 */
interface ShardMeta {
  format: 1;
  generation: number;
  shards: number;
  written?: number[];
}

const SHARD_FILE = /^g(\d+)-(\d+)\.json$/;

function validateMeta(data: unknown, file: string): ShardMeta {
  const meta = data as Partial<ShardMeta> | null;
  const positiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;
  const shardIndexes = (value: unknown, count: number) => Array.isArray(value) && value.every((at) => Number.isSafeInteger(at) && at >= 0 && at < count);
  const valid =
    meta?.format === 1 &&
    positiveInteger(meta.generation) &&
    positiveInteger(meta.shards) &&
    (meta.written === undefined || shardIndexes(meta.written, meta.shards));
  if (!valid) {
    throw new CorruptFileError(file, 'expected {"format":1,"generation":<n>,"shards":<n>,"written":[<shard>...]}');
  }
  return meta as ShardMeta;
}

/** The shards of one collection; a record lives in the shard its id hashes to. */
export class ShardSet<T extends Entity> {
  constructor(
    readonly shards: readonly Shard<T>[],
    private readonly layout?: ShardLayout,
  ) {}

  shardFor(id: string): Shard<T> {
    return this.shards[shardIndexOf(id, this.shards.length)]!;
  }

  size(): number {
    return this.shards.reduce((sum, shard) => sum + shard.size, 0);
  }

  /** Bytes of the shard files as last read or written. */
  fileSize(): number {
    return this.shards.reduce((sum, shard) => sum + shard.fileSize, 0);
  }

  /** Writes these shards one at a time (each serialises synchronously), then lists the ones new on disk in the meta file. */
  async write(shards: Iterable<Shard<T>>): Promise<void> {
    const written: number[] = [];
    for (const shard of shards) {
      await shard.write();
      written.push(this.shards.indexOf(shard));
    }
    await this.layout?.recordWritten(written);
  }
}

/** The meta file of a shard set, kept listing every shard that has a file. */
class ShardLayout {
  constructor(
    private readonly meta: Low<ShardMeta | null>,
    private readonly written: Set<number>,
  ) {}

  has(at: number): boolean {
    return this.written.has(at);
  }

  /** Lists shards whose files were just written; they count as written only once the meta file says so. */
  async recordWritten(shards: readonly number[]): Promise<void> {
    const listed = new Set([...this.written, ...shards]);
    if (listed.size === this.written.size) return;
    this.meta.data = { ...this.meta.data!, written: [...listed].sort((a, b) => a - b) };
    await this.meta.write();
    for (const at of listed) this.written.add(at);
  }
}

export interface OpenCollectionOptions {
  readonly namespaceDir: string;
  readonly name: string;
  readonly expectedSize: number;
  readonly onWrite?: WriteListener;
}

/** Loads a collection shard by shard (yielding between shards) and re-shards it first if it has outgrown its layout. */
export async function openCollectionFiles<T extends Entity>(options: OpenCollectionOptions): Promise<ShardSet<T>> {
  const { namespaceDir, name, onWrite } = options;
  const singleFile = path.join(namespaceDir, `${name}.json`);
  const shardDir = path.join(namespaceDir, name);
  await mkdir(namespaceDir, { recursive: true, mode: PRIVATE_DIR_MODE });

  const metaPath = path.join(shardDir, 'meta.json');
  const metaFile = new AtomicJsonFile<ShardMeta | null>(metaPath, { validate: validateMeta, onWrite });
  const metaLow = new Low(metaFile, null);
  await metaLow.read();
  const meta = metaLow.data;

  let current: ShardSet<T>;
  if (meta) {
    const layout = new ShardLayout(metaLow, new Set(meta.written ?? Array.from({ length: meta.shards }, (_, at) => at)));
    current = generationShards<T>(shardDir, meta.generation, meta.shards, layout, onWrite);
    for (const [at, shard] of current.shards.entries()) {
      if (!layout.has(at)) continue;
      await shard.load((id) => shardIndexOf(id, meta.shards) === at);
      await yieldToEventLoop();
    }
    await removeFilesOutside(meta, (at) => layout.has(at), singleFile, shardDir);
  } else {
    // Shard files without a meta file are an unfinished re-shard; the next one overwrites them.
    current = new ShardSet([new Shard<T>(singleFile, { required: false, onWrite })]);
    await current.shards[0]!.load();
  }

  const wanted = Math.max(options.expectedSize, current.size());
  if (!needsReshard(current.shards.length, wanted)) return current;

  const generation = (meta?.generation ?? 0) + 1;
  return writeShardSet(current, metaLow, singleFile, shardDir, generation, shardCountFor(wanted), onWrite);
}

function generationShards<T extends Entity>(
  shardDir: string,
  generation: number,
  shardCount: number,
  layout: ShardLayout,
  onWrite?: WriteListener,
): ShardSet<T> {
  const file = (at: number) => path.join(shardDir, `g${generation}-${at}.json`);
  const shards = Array.from({ length: shardCount }, (_, at) => new Shard<T>(file(at), { required: true, onWrite }));
  return new ShardSet(shards, layout);
}

/** Writes the new generation's shards that hold records, then commits the layout with its meta file. */
async function writeShardSet<T extends Entity>(
  from: ShardSet<T>,
  metaLow: Low<ShardMeta | null>,
  singleFile: string,
  shardDir: string,
  generation: number,
  shardCount: number,
  onWrite?: WriteListener,
): Promise<ShardSet<T>> {
  await mkdir(shardDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const written = new Set<number>();
  const next = generationShards<T>(shardDir, generation, shardCount, new ShardLayout(metaLow, written), onWrite);
  for (const shard of from.shards) {
    for (const record of shard.records) next.shardFor(record.id).set(record);
  }
  next.shards.forEach((shard, at) => shard.size > 0 && written.add(at));
  // All at once: the meta file, written after them, is the commit point, so the order among shards is free.
  await Promise.all([...written].map((at) => next.shards[at]!.write()));
  metaLow.data = { format: 1, generation, shards: shardCount, written: [...written].sort((a, b) => a - b) };
  await metaLow.write();
  await removeFilesOutside(metaLow.data, (at) => written.has(at), singleFile, shardDir);
  return next;
}

/**
 * Once a layout is committed, the single file and the shard files of other layouts are leftovers of a re-shard, and
 * a file of a shard the meta file does not list is a first write that a crash cut short (the journal still holds it).
 */
async function removeFilesOutside(meta: ShardMeta, written: (at: number) => boolean, singleFile: string, shardDir: string): Promise<void> {
  await removeFile(singleFile);
  const stale = (await readdir(shardDir)).filter((file) => {
    const match = SHARD_FILE.exec(file);
    return match !== null && (Number(match[1]) !== meta.generation || !written(Number(match[2])));
  });
  for (const file of stale) await unlink(path.join(shardDir, file));
  if (stale.length > 0) await syncDirectory(shardDir);
}

async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
