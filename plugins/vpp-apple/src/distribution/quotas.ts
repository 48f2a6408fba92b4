import type { AssetPool } from './allocator.js';
import type { Waiting } from './license-desk.js';
import type { AssignmentRecord } from './model.js';

/**
 * Groups' quotas: of an asset's waiting holders, those whose assignment already holds its quota are passed over
 * (they keep their place). Undefined when none of the item's assignments has a quota.
 */
export function quotaAdmission(
  pool: AssetPool,
  assignmentsOfItem: readonly AssignmentRecord[],
  /** Where the assignments' licenses are held: the pool, and the pools further down their location orders. */
  holding: readonly AssetPool[] = [pool],
): ((entry: Waiting) => boolean) | undefined {
  const quotas = quotasOf(assignmentsOfItem);
  if (quotas.size === 0) return undefined;
  const held = heldByAssignment(holding, quotas);
  return (entry) => {
    const quota = quotas.get(entry.assignmentId);
    if (quota === undefined) return true;
    const count = held.get(entry.assignmentId) ?? 0;
    if (count >= quota) return false;
    held.set(entry.assignmentId, count + 1);
    return true;
  };
}

/** The waiting holders (keys) whose group already holds its quota. */
export function overQuota(pool: AssetPool, assignmentsOfItem: readonly AssignmentRecord[], holding: readonly AssetPool[] = [pool]): Set<string> {
  const quotas = quotasOf(assignmentsOfItem);
  const over = new Set<string>();
  if (quotas.size === 0) return over;
  const held = heldByAssignment(holding, quotas);
  for (const entry of pool.queue.ordered() as IterableIterator<Waiting>) {
    const quota = quotas.get(entry.assignmentId);
    if (quota !== undefined && (held.get(entry.assignmentId) ?? 0) >= quota) over.add(entry.key);
  }
  return over;
}

function quotasOf(assignments: readonly AssignmentRecord[]): Map<string, number> {
  return new Map(assignments.filter((a) => a.quota !== undefined).map((a) => [a.id, a.quota!]));
}

function heldByAssignment(pools: readonly AssetPool[], quotas: ReadonlyMap<string, number>): Map<string, number> {
  const held = new Map<string, number>();
  for (const pool of pools) {
    for (const record of pool.held.values()) {
      if (quotas.has(record.assignmentId)) held.set(record.assignmentId, (held.get(record.assignmentId) ?? 0) + 1);
    }
  }
  return held;
}
