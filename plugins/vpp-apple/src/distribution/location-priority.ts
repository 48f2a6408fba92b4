import { parseVppItemId, vppItemId as vppItemIdAt } from '../../api/index.js';
import type { AssetPool } from './allocator.js';
import { userGroupIdsOf } from './holders.js';
import type { Waiting } from './license-desk.js';
import { assetKeyOf, vppItemId, type AssignmentRecord, type CatalogItem, type LicenseRecord, type VppAssetRef } from './model.js';
import { mayTakeLicense } from './policy.js';
import type { DistributionDirectory, EnrolmentDirectory, LocationSource, TokenHealthSource } from './ports.js';
import type { LicenseSource, PriorityPlan } from './priority-serving.js';

/** What location priority reads of distribution: assignments, pools, and the world's locations and people. */
export interface PriorityWorld {
  readonly directory: DistributionDirectory;
  readonly enrolments: EnrolmentDirectory;
  readonly locations: LocationSource;
  readonly tokens: TokenHealthSource;
  assignment(id: string): AssignmentRecord | undefined;
  assignmentsOfItem(itemId: string): AssignmentRecord[];
  poolOf(ref: VppAssetRef): AssetPool;
  findPool(assetKey: string): AssetPool | undefined;
}

/**
 * Assignments whose licenses come from several locations in priority order (`AssignmentRecord.locations`): which
 * pools serve together, where each waiting holder may take a license, and where a holder's license is. The queue of
 * such an assignment stays at its item's own location; the order only says where licenses come from, so changing
 * it moves nothing.
 */
export class LocationPriority {
  /** Ordered assignments by the items (of other locations) further down their orders. */
  private readonly byFallback = new Map<string, Set<string>>();
  /** The ordered assignments' ids: none, and serving takes the one-location path. */
  private readonly ordered = new Set<string>();

  constructor(private readonly world: PriorityWorld) {}

  /** Whether any assignment has a location order. */
  get hasOrders(): boolean {
    return this.ordered.size > 0;
  }

  index(assignment: AssignmentRecord): void {
    if (!assignment.locations) return;
    this.ordered.add(assignment.id);
    for (const itemId of this.fallbackItems(assignment)) {
      let ids = this.byFallback.get(itemId);
      if (!ids) this.byFallback.set(itemId, (ids = new Set()));
      ids.add(assignment.id);
    }
  }

  /** Forgets every order, before the assignments are indexed again (a standby following the active host). */
  clear(): void {
    this.ordered.clear();
    this.byFallback.clear();
  }

  unindex(assignment: AssignmentRecord): void {
    if (!assignment.locations) return;
    this.ordered.delete(assignment.id);
    for (const itemId of this.fallbackItems(assignment)) this.byFallback.get(itemId)?.delete(assignment.id);
  }

  /**
   * The pools that share licenses with `pool` through the location orders of active assignments (followed from
   * pool to pool), and where each of their waiting holders may be served from; undefined when it shares with none.
   */
  plan(pool: AssetPool): PriorityPlan | undefined {
    if (this.ordered.size === 0) return undefined;
    const { adamId, pricingParam } = pool.ref;
    const group = new Map<string, AssetPool>([[pool.ref.tokenId, pool]]);
    const frontier = [pool.ref.tokenId];
    const link = (assignment: AssignmentRecord | undefined) => {
      if (!assignment?.locations || assignment.state !== 'active' || assignment.installMode === 'uninstall') return;
      for (const tokenId of assignment.locations) {
        if (group.has(tokenId) || !this.world.tokens.get(tokenId)) continue;
        group.set(tokenId, this.world.poolOf({ tokenId, adamId, pricingParam }));
        frontier.push(tokenId);
      }
    };
    for (let tokenId = frontier.pop(); tokenId !== undefined; tokenId = frontier.pop()) {
      const itemId = vppItemId({ tokenId, adamId, pricingParam });
      for (const assignment of this.world.assignmentsOfItem(itemId)) link(assignment);
      for (const id of this.byFallback.get(itemId) ?? []) link(this.world.assignment(id));
    }
    if (group.size === 1) return undefined;
    const restrictions = new Map<string, readonly string[]>();
    const restrictionAt = (tokenId: string) => {
      let restriction = restrictions.get(tokenId);
      if (!restriction) restrictions.set(tokenId, (restriction = this.world.locations.get(tokenId).licenseRestrictedToUserGroups));
      return restriction;
    };
    return { pools: [...group.values()], sourceFor: (entry, queue, hasRoom) => this.sourceFor(entry, queue, hasRoom, group, restrictionAt) };
  }

  /** The pools the item's licenses may come from for its assignments: its own, and those further down their orders. */
  poolsServing(pool: AssetPool): readonly AssetPool[] {
    return this.plan(pool)?.pools ?? [pool];
  }

  /**
   * The license a holder holds for the item: at the item's own location, or at another location of the same asset
   * from one of the item's assignments' orders (it stays there when the order changes).
   */
  heldLicense(item: CatalogItem, holderKey: string): LicenseRecord | undefined {
    return this.licenseLookup(item)(holderKey);
  }

  /** `heldLicense` for many holders of one item: the item's pools are looked up once. */
  licenseLookup(item: CatalogItem): (holderKey: string) => LicenseRecord | undefined {
    const own = this.world.poolOf(item.vpp!);
    const elsewhere = this.ordered.size === 0 ? [] : [...this.poolsElsewhere(item)];
    return (holderKey) => {
      const held = own.held.get(holderKey);
      if (held) return held;
      for (const pool of elsewhere) {
        const record = pool.held.get(holderKey);
        if (record && this.world.assignment(record.assignmentId)?.itemId === item.id) return record;
      }
      return undefined;
    };
  }

  /** Every license held for the item: at its own location, and at others from its assignments' orders. */
  heldLicenses(item: CatalogItem): LicenseRecord[] {
    const held = [...this.world.poolOf(item.vpp!).held.values()];
    if (this.ordered.size === 0) return held;
    for (const pool of this.poolsElsewhere(item)) {
      for (const record of pool.held.values()) if (this.world.assignment(record.assignmentId)?.itemId === item.id) held.push(record);
    }
    return held;
  }

  /** The item's asset at the other locations, where its assignments' orders may have placed licenses. */
  private *poolsElsewhere(item: CatalogItem): IterableIterator<AssetPool> {
    for (const token of this.world.tokens.list()) {
      const pool = token.id === item.vpp!.tokenId ? undefined : this.world.findPool(assetKeyOf({ ...item.vpp!, tokenId: token.id }));
      if (pool) yield pool;
    }
  }

  /**
   * Who an ordered assignment may license: anyone when one of its locations admits anyone, otherwise the members of
   * any location's user groups (each location's own groups are checked again when it serves).
   */
  restrictionOf(locations: readonly string[]): readonly string[] {
    const lists = locations.filter((tokenId) => this.world.tokens.get(tokenId)).map((tokenId) => this.world.locations.get(tokenId).licenseRestrictedToUserGroups);
    return lists.some((groups) => groups.length === 0) ? [] : [...new Set(lists.flat())];
  }

  /** The first location of the holder's assignment's order that has room and admits it (its user groups, its enrolment there). */
  private sourceFor(
    entry: Waiting,
    queue: AssetPool,
    hasRoom: (pool: AssetPool) => boolean,
    group: ReadonlyMap<string, AssetPool>,
    restrictionAt: (tokenId: string) => readonly string[],
  ): LicenseSource | undefined {
    const order = this.world.assignment(entry.assignmentId)?.locations;
    if (!order) return hasRoom(queue) ? { pool: queue, appleHolderId: entry.appleHolderId } : undefined;
    let groups: readonly string[] | undefined | null = null;
    for (const tokenId of order) {
      const pool = group.get(tokenId);
      if (!pool || !hasRoom(pool) || pool.blocked.has(entry.key)) continue;
      const restriction = restrictionAt(tokenId);
      if (restriction.length > 0) {
        if (groups === null) groups = userGroupIdsOf(this.world.directory, entry.holderKind === 'user' ? entry.holderId : this.world.directory.getDevice(entry.holderId)?.ownerUserId);
        if (!mayTakeLicense(restriction, groups)) continue;
      }
      // A user is known to Apple by a clientUserId per location: served elsewhere only once enrolled there too.
      const appleHolderId = entry.holderKind === 'device' || tokenId === queue.ref.tokenId ? entry.appleHolderId : this.world.enrolments.enrolment(tokenId, entry.holderId)?.clientUserId;
      if (appleHolderId !== undefined) return { pool, appleHolderId };
    }
    return undefined;
  }

  private fallbackItems(assignment: AssignmentRecord): string[] {
    return (assignment.locations ?? []).map((tokenId) => assetItemAt(assignment.itemId, tokenId)).filter((itemId) => itemId !== assignment.itemId);
  }
}

/** The id of the item of the same asset at another location. */
function assetItemAt(itemId: string, tokenId: string): string {
  return vppItemIdAt(tokenId, parseVppItemId(itemId)!);
}
