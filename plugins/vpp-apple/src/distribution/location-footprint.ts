import type { AccountList, TokenDeletionLine } from '../../api/index.js';
import type { DistributionCore } from './distribution-core.js';
import { FirstOf, itemLabel, targetName } from './license-account.js';
import { vppRefOfItemId } from './catalog.js';
import { targetOfKey, vppItemId, type AssignmentRecord, type Target } from './model.js';

/** The assignments of a location's items, published in the catalog or not. */
function assignmentsOfLocation(core: DistributionCore, tokenId: string): AssignmentRecord[] {
  return [...core.assignments.values()].filter((assignment) => vppRefOfItemId(assignment.itemId)?.tokenId === tokenId);
}

/** What distribution keeps of one location, each list counted in full and its first lines named. */
export interface LocationFootprint {
  /** Its purchased items in the catalog. */
  readonly items: AccountList<TokenDeletionLine>;
  /** Assignments of those items. */
  readonly assignments: AccountList<TokenDeletionLine>;
  /** Licenses held (requested or confirmed) of its assets. */
  readonly licenses: AccountList<TokenDeletionLine>;
  /** Holders waiting in its assets' queues. */
  readonly waiting: AccountList<TokenDeletionLine>;
}

/** The location's items, assignments, licenses and queues: what deleting its token would stop or leave behind. */
export function locationFootprint(core: DistributionCore, tokenId: string): LocationFootprint {
  const { labels } = core;
  const line = (who: Target | undefined, itemId: string): TokenDeletionLine => ({
    ...(who ? { who: { ...who, name: targetName(labels, who) } } : {}),
    item: itemLabel(labels, itemId),
  });
  const items = new FirstOf<TokenDeletionLine>();
  for (const item of core.catalog.list({ tokenId })) items.add(() => line(undefined, item.id));
  const assignments = new FirstOf<TokenDeletionLine>();
  for (const assignment of assignmentsOfLocation(core, tokenId)) assignments.add(() => line(assignment.target, assignment.itemId));
  const licenses = new FirstOf<TokenDeletionLine>();
  const waiting = new FirstOf<TokenDeletionLine>();
  for (const pool of core.desk.ledger.allPools()) {
    if (pool.ref.tokenId !== tokenId) continue;
    const itemId = vppItemId(pool.ref);
    for (const record of pool.held.values()) licenses.add(() => line({ kind: record.holderKind, id: record.holderId }, itemId));
    for (const entry of pool.queue.ordered()) waiting.add(() => line(targetOfKey(entry.key), itemId));
  }
  const listed = (list: FirstOf<TokenDeletionLine>) => list.listed((entry) => entry);
  return { items: listed(items), assignments: listed(assignments), licenses: listed(licenses), waiting: listed(waiting) };
}

/**
 * Drops what distribution keeps of a location whose token was deleted: the assignments of its items stop, nobody
 * waits for its licenses any more, and the licenses Apple keeps are no longer managed here.
 */
export async function forgetLocation(core: DistributionCore, tokenId: string): Promise<{ assignments: number; licenses: number; counts: number }> {
  const assignments = assignmentsOfLocation(core, tokenId);
  for (const assignment of assignments) core.unindexAssignment(assignment);
  const dropped = await core.assignments.deleteMany(assignments.map((assignment) => assignment.id));
  return { assignments: dropped, ...(await core.desk.forgetLocation(tokenId)) };
}

/** Every location distribution keeps something of: assignments of its items, licenses, Apple's counts. */
export function locationsKept(core: DistributionCore): string[] {
  const ofAssignments = [...core.assignments.values()].flatMap((assignment) => vppRefOfItemId(assignment.itemId)?.tokenId ?? []);
  const ofLicenses = [...core.desk.ledger.values()].map((record) => record.tokenId);
  return [...ofAssignments, ...ofLicenses, ...core.desk.countedLocations()];
}
