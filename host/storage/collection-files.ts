import { mkdir, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import type { Entity } from '../api/storage.js';
import { AtomicJsonFile, CorruptFileError, syncDirectory, type WriteListener } from './atomic-json-file.js';
import { Shard } from './shard.js';
import { needsReshard, shardCountFor, shardIndexOf } from './sharding.js';

/**
 * On disk a collection is either one file, `<namespace>/<name>.json`, or a shard set: `<namespace>/<name>/meta.json`
 * naming the current generation and shard count, plus `<namespace>/<name>/g<generation>-<shard>.json`. Writing the
 * meta file is the commit point of a re-shard, so a crash at any moment leaves either the old or the new layout.
 */
interface ShardMeta {
  format: 1;
  generation: number;
  shards: number;
}

const SHARD_FILE = /^g(\d+)-(\d+)\.json$/;

function validateMeta(data: unknown, file: string): ShardMeta {
  const meta = data as Partial<ShardMeta> | null;
  const positiveInteger = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
  if (meta?.format !== 1 || !positiveInteger(meta.generation) || !positiveInteger(meta.shards)) {
    throw new CorruptFileError(file, 'expected {"format":1,"generation":<n>,"shards":<n>}');
  }
  return meta as ShardMeta;
}

/** The shards of one collection; a record lives in the shard its id hashes to. */
export class ShardSet<T extends Entity> {
  constructor(readonly shards: readonly Shard<T>[]) {}

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
  await mkdir(namespaceDir, { recursive: true });

  const metaPath = path.join(shardDir, 'meta.json');
  const metaFile = new AtomicJsonFile<ShardMeta | null>(metaPath, { validate: validateMeta, onWrite });
  const metaLow = new Low(metaFile, null);
  await metaLow.read();
  const meta = metaLow.data;

  let current: ShardSet<T>;
  if (meta) {
    current = generationShards<T>(shardDir, meta.generation, meta.shards, onWrite);
    for (const [at, shard] of current.shards.entries()) {
      await shard.load((id) => shardIndexOf(id, meta.shards) === at);
      await yieldToEventLoop();
    }
    await removeFilesOutside(meta, singleFile, shardDir);
  } else {
    // Shard files without a meta file are an unfinished re-shard; the next one overwrites them.
    current = new ShardSet([new Shard<T>(singleFile, { required: false, onWrite })]);
    await current.shards[0]!.load();
  }

  const wanted = Math.max(options.expectedSize, current.size());
  if (!needsReshard(current.shards.length, wanted)) return current;

  const generation = (meta?.generation ?? 0) + 1;
  const next = await writeShardSet(current, shardDir, generation, shardCountFor(wanted), onWrite);
  metaLow.data = { format: 1, generation, shards: next.shards.length };
  await metaLow.write();
  await removeFilesOutside(metaLow.data, singleFile, shardDir);
  return next;
}

/** The shards of one committed generation; each file must exist, so a lost file is never mistaken for an empty one. */
function generationShards<T extends Entity>(
  shardDir: string,
  generation: number,
  shardCount: number,
  onWrite?: WriteListener,
): ShardSet<T> {
  const file = (at: number) => path.join(shardDir, `g${generation}-${at}.json`);
  const shards = Array.from({ length: shardCount }, (_, at) => new Shard<T>(file(at), { required: true, onWrite }));
  return new ShardSet(shards);
}

/** Writes every shard of the new generation (empty ones too, so a missing shard file at load is an error). */
async function writeShardSet<T extends Entity>(
  from: ShardSet<T>,
  shardDir: string,
  generation: number,
  shardCount: number,
  onWrite?: WriteListener,
): Promise<ShardSet<T>> {
  await mkdir(shardDir, { recursive: true });
  const next = generationShards<T>(shardDir, generation, shardCount, onWrite);
  for (const shard of from.shards) {
    for (const record of shard.records) next.shardFor(record.id).set(record);
  }
  // All shards at once: the meta file, written after them, is the commit point, so the order among shards is free.
  await Promise.all(next.shards.map((shard) => shard.write()));
  return next;
}

/** Once a layout is committed, the single file and the shard files of other layouts are leftovers of a re-shard. */
async function removeFilesOutside(meta: ShardMeta, singleFile: string, shardDir: string): Promise<void> {
  await removeFile(singleFile);
  const stale = (await readdir(shardDir)).filter((file) => {
    const match = SHARD_FILE.exec(file);
    return match !== null && (Number(match[1]) !== meta.generation || Number(match[2]) >= meta.shards);
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
