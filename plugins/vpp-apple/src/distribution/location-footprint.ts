import type { AccountList, TokenDeletionLine } from '../../api/index.js';
import type { DistributionCore } from './distribution-core.js';
import { FirstOf, itemLabel, targetName } from './license-account.js';
import { targetOfKey, vppItemId, type Target } from './model.js';

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
  const itemIds = new Set<string>();
  for (const item of core.catalog.list({ tokenId })) {
    itemIds.add(item.id);
    items.add(() => line(undefined, item.id));
  }
  const assignments = new FirstOf<TokenDeletionLine>();
  for (const assignment of core.assignments.values()) {
    if (itemIds.has(assignment.itemId)) assignments.add(() => line(assignment.target, assignment.itemId));
  }
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
