/** Records per shard when a collection is split; leaves room to double before the next split. */
export const SHARD_TARGET_SIZE = 5_000;
/** Shards averaging more than this are re-sharded at load; also the largest collection kept in a single file. */
export const SHARD_MAX_SIZE = 10_000;

/** How many shard files a collection of `size` records gets (1 means one plain file). */
export function shardCountFor(size: number): number {
  return size <= SHARD_MAX_SIZE ? 1 : Math.ceil(size / SHARD_TARGET_SIZE);
}

export function needsReshard(currentShards: number, size: number): boolean {
  return size / currentShards > SHARD_MAX_SIZE;
}

/** FNV-1a over the UTF-16 code units of the id: stable across runs and platforms, so records stay in their shard. */
export function shardIndexOf(id: string, shardCount: number): number {
  if (shardCount === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shardCount;
}
