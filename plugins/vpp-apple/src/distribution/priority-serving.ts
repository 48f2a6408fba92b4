import type { AssetPool } from './allocator.js';
import type { Waiting } from './license-desk.js';
import { before } from './ordered-queue.js';

/** Where a waiting holder may take a license: a pool, and the id Apple knows the holder by at that pool's location. */
export interface LicenseSource {
  readonly pool: AssetPool;
  readonly appleHolderId: string;
}

/**
 * Pools of one asset at several locations that share their licenses through assignments' location orders: served
 * together, their queues merged first come, first served.
 */
export interface PriorityPlan {
  readonly pools: readonly AssetPool[];
  /**
   * Where a holder waiting in `queue` is served from now: the first of its sources, best first, that `hasRoom` (a
   * holder of an unordered assignment: its queue's pool only); undefined when none has.
   */
  readonly sourceFor: (entry: Waiting, queue: AssetPool, hasRoom: (pool: AssetPool) => boolean) => LicenseSource | undefined;
}

/** A holder to serve now: the pool whose queue it leaves and where its license comes from. */
export interface PriorityPick {
  readonly entry: Waiting;
  readonly queue: AssetPool;
  readonly source: LicenseSource;
}

/**
 * The holders a plan's pools serve now, in first-come-first-served order across all their queues, each from the
 * first of its sources that has a license left; a holder `admit` turns away (its group's quota) keeps its place.
 * `stale` lists holders waiting that already hold one of the asset's licenses at one of the pools (they leave the
 * queue). Reads the queues only; the caller takes the picks out of them.
 */
export function pickInPriority(
  plan: PriorityPlan,
  admission: (queue: AssetPool) => ((entry: Waiting) => boolean) | undefined,
): { readonly picks: PriorityPick[]; readonly stale: { readonly queue: AssetPool; readonly key: string }[] } {
  const left = new Map(plan.pools.map((pool) => [pool, pool.available]));
  let remaining = [...left.values()].reduce((sum, n) => sum + n, 0);
  const picks: PriorityPick[] = [];
  const stale: { queue: AssetPool; key: string }[] = [];
  const cursors = plan.pools
    .filter((pool) => pool.queue.size > 0)
    .map((queue) => ({ queue, walk: queue.queue.ordered() as IterableIterator<Waiting>, head: undefined as Waiting | undefined, admit: admission(queue) }));
  for (const cursor of cursors) cursor.head = cursor.walk.next().value;
  const picked = new Set<string>();
  const hasRoom = (pool: AssetPool) => (left.get(pool) ?? 0) > 0;
  while (remaining > 0) {
    let first: (typeof cursors)[number] | undefined;
    for (const cursor of cursors) if (cursor.head && (!first || before(cursor.head, first.head!))) first = cursor;
    if (!first) break;
    const entry = first.head!;
    first.head = first.walk.next().value;
    if (picked.has(entry.key) || plan.pools.some((pool) => pool.held.has(entry.key))) {
      stale.push({ queue: first.queue, key: entry.key });
      continue;
    }
    const source = plan.sourceFor(entry, first.queue, hasRoom);
    if (!source || (first.admit && !first.admit(entry))) continue;
    left.set(source.pool, left.get(source.pool)! - 1);
    remaining--;
    picked.add(entry.key);
    picks.push({ entry, queue: first.queue, source });
  }
  return { picks, stale };
}
