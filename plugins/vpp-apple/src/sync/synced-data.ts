import { Clock, Emitter, inject, injectable, Storage, type Disposable, type Index, type Page, type Repository } from '@vpp-host/api';
import type {
  AssetCountChange,
  AssetQuery,
  CatalogReader,
  SyncedAsset,
  SyncedAssignment,
  SyncedUser,
  UserAssociation,
} from '../../api/index.js';
import type { AssetKey, Assignment, ContentMetadata, ResponseAsset, ResponseUser } from '../client/index.js';
import { HoldingsRegistryImpl } from './holdings-registry.js';
import { assetId, assignmentId, legacyAssetId, userId } from './record-keys.js';

/** Collections large locations fill: sharded by the storage engine from this hint. */
const LARGE = 1_000_000;

type CountFields = Pick<SyncedAsset, 'totalCount' | 'assignedCount' | 'availableCount'>;

/**
 * Apple's data per location as the last sync and the notifications since left it: assets with counts, Apple's
 * assignments and users. Sync and notifications write here; everything else reads through CatalogReader.
 */
@injectable()
export class SyncedData implements CatalogReader, Disposable {
  private assetRepo!: Repository<SyncedAsset>;
  private assignmentRepo!: Repository<SyncedAssignment>;
  private userRepo!: Repository<SyncedUser>;
  private assetsByToken!: Index<SyncedAsset>;
  private assignmentsByToken!: Index<SyncedAssignment>;
  private assignmentsByAsset!: Index<SyncedAssignment>;
  private usersByToken!: Index<SyncedUser>;
  private usersByInviteCode!: Index<SyncedUser>;
  private readonly countChanges = new Emitter<AssetCountChange>();
  private readonly associations = new Emitter<UserAssociation>();
  readonly onDidChangeAssetCount = this.countChanges.event;
  readonly onDidAssociateUser = this.associations.event;

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(HoldingsRegistryImpl) private readonly holdings: HoldingsRegistryImpl,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async open(): Promise<void> {
    this.assetRepo = await this.storage.collection<SyncedAsset>('apple-assets', { expectedSize: 100_000 });
    this.assignmentRepo = await this.storage.collection<SyncedAssignment>('apple-assignments', { expectedSize: LARGE });
    this.userRepo = await this.storage.collection<SyncedUser>('apple-users', { expectedSize: LARGE });
    this.assetsByToken = this.assetRepo.index('token', (a) => a.tokenId);
    this.assignmentsByToken = this.assignmentRepo.index('token', (a) => a.tokenId);
    this.assignmentsByAsset = this.assignmentRepo.index('asset', (a) => assetId(a.tokenId, a));
    this.usersByToken = this.userRepo.index('token', (u) => u.tokenId);
    this.usersByInviteCode = this.userRepo.index('invite-code', (u) => u.inviteCode);
  }

  // --- CatalogReader ----------------------------------------------------------------------------

  assets(query: AssetQuery = {}): Page<SyncedAsset> {
    const search = query.search?.trim().toLowerCase();
    const source = query.tokenId !== undefined ? this.assetsByToken.get(query.tokenId) : [...this.assetRepo.values()];
    const matching = source
      .filter((a) => (query.productType === undefined || a.productType === query.productType) && (!search || a.adamId.toLowerCase().includes(search)))
      .sort(byAssetKey);
    const offset = query.offset ?? 0;
    return { items: matching.slice(offset, offset + (query.limit ?? 100)), total: matching.length };
  }

  asset(tokenId: string, key: AssetKey): SyncedAsset | undefined {
    return this.assetRepo.get(assetId(tokenId, key));
  }

  assignments(tokenId: string, filter: { adamId?: string; clientUserId?: string; serialNumber?: string } = {}): SyncedAssignment[] {
    return this.assignmentsByToken
      .get(tokenId)
      .filter(
        (a) =>
          (filter.adamId === undefined || a.adamId === filter.adamId) &&
          (filter.clientUserId === undefined || a.clientUserId === filter.clientUserId) &&
          (filter.serialNumber === undefined || a.serialNumber === filter.serialNumber),
      );
  }

  assignmentsOfAsset(tokenId: string, key: AssetKey): SyncedAssignment[] {
    return this.assignmentsByAsset.get(assetId(tokenId, key));
  }

  users(tokenId: string): SyncedUser[] {
    return this.usersByToken.get(tokenId);
  }

  user(tokenId: string, clientUserId: string): SyncedUser | undefined {
    return this.userRepo.get(userId(tokenId, clientUserId));
  }

  userByInviteCode(inviteCode: string): SyncedUser | undefined {
    return this.usersByInviteCode.get(inviteCode)[0];
  }

  untracked(tokenId?: string): { assignments: SyncedAssignment[]; users: SyncedUser[] } {
    const assignments = tokenId !== undefined ? this.assignmentsByToken.get(tokenId) : [...this.assignmentRepo.values()];
    const users = tokenId !== undefined ? this.usersByToken.get(tokenId) : [...this.userRepo.values()];
    return {
      assignments: assignments.filter((a) => !this.holdings.hasId(a.id)),
      users: users.filter((u) => !this.holdings.hasId(u.id)),
    };
  }

  // --- writes (sync and notifications) ----------------------------------------------------------

  /** Replaces the token's assets with Apple's list; the names looked up before stay. */
  async replaceAssets(tokenId: string, assets: readonly ResponseAsset[]): Promise<void> {
    const next = assets.map((asset) => withStoreFields(toSyncedAsset(tokenId, asset), this.assetRepo.get(assetId(tokenId, asset))));
    const keep = new Set(next.map((a) => a.id));
    const changed = next.filter((a) => !sameAsset(this.assetRepo.get(a.id), a));
    const previous = new Map(changed.map((a) => [a.id, this.assetRepo.get(a.id)]));
    await this.assetRepo.putMany(changed);
    await this.assetRepo.deleteMany(this.assetsByToken.get(tokenId).filter((a) => !keep.has(a.id)).map((a) => a.id));
    for (const asset of changed) this.announceCount(tokenId, asset, previous.get(asset.id), 'sync');
  }

  /** Stores the store's names and bundle ids on the token's assets (every pricing of an adamId); returns how many changed. */
  async applyMetadata(tokenId: string, metadata: readonly ContentMetadata[]): Promise<number> {
    const byAdamId = new Map(metadata.map((m) => [m.adamId, m]));
    const changed = this.assetsByToken
      .get(tokenId)
      .flatMap((asset) => {
        const found = byAdamId.get(asset.adamId);
        return found ? [withStoreFields(asset, found)] : [];
      })
      .filter((asset) => !sameAsset(this.assetRepo.get(asset.id), asset));
    await this.assetRepo.putMany(changed);
    return changed.length;
  }

  /** Moves an asset's counts (ASSET_COUNT, or an assignment a notification reported). */
  async adjustCounts(tokenId: string, key: AssetKey, delta: { total?: number; assigned?: number }): Promise<void> {
    const asset = this.asset(tokenId, key);
    if (!asset) return;
    const totalCount = Math.max(0, asset.totalCount + (delta.total ?? 0));
    const assignedCount = Math.max(0, asset.assignedCount + (delta.assigned ?? 0));
    const updated: SyncedAsset = { ...asset, totalCount, assignedCount, availableCount: Math.max(0, totalCount - assignedCount) };
    await this.assetRepo.put(updated);
    this.announceCount(tokenId, updated, asset, 'notification');
  }

  /** Replaces the token's assignments (all of them, or those of one asset) with what Apple listed. */
  async replaceAssignments(tokenId: string, assignments: readonly Assignment[], onlyAsset?: AssetKey): Promise<number> {
    const current = onlyAsset ? this.assignmentsOfAsset(tokenId, onlyAsset) : this.assignmentsByToken.get(tokenId);
    const next = assignments.map((a) => toSyncedAssignment(tokenId, a));
    const keep = new Set(next.map((a) => a.id));
    const added = uniqueById(next.filter((a) => !this.assignmentRepo.has(a.id)));
    const removed = current.filter((a) => !keep.has(a.id)).map((a) => a.id);
    await this.assignmentRepo.putMany(added);
    await this.assignmentRepo.deleteMany(removed);
    return added.length + removed.length;
  }

  /** Stores the assignments not stored yet and returns those. */
  async putAssignments(tokenId: string, assignments: readonly Assignment[]): Promise<SyncedAssignment[]> {
    const added = uniqueById(assignments.map((a) => toSyncedAssignment(tokenId, a)).filter((a) => !this.assignmentRepo.has(a.id)));
    await this.assignmentRepo.putMany(added);
    return added;
  }

  /** Removes the stored ones among the assignments and returns those. */
  async removeAssignments(tokenId: string, assignments: readonly Assignment[]): Promise<SyncedAssignment[]> {
    const removed = uniqueById(assignments.map((a) => this.assignmentRepo.get(assignmentId(tokenId, a))).filter((a) => a !== undefined));
    await this.assignmentRepo.deleteMany(removed.map((a) => a.id));
    return removed;
  }

  /** Upserts users; a user seen Associated for the first time is announced. With `replace`, others are dropped. */
  async putUsers(tokenId: string, users: readonly ResponseUser[], replace = false): Promise<number> {
    const next = users.map((u) => toSyncedUser(tokenId, u));
    const changed = next.filter((u) => !sameUser(this.userRepo.get(u.id), u));
    const associated = changed.filter((u) => u.status === 'Associated' && this.userRepo.get(u.id)?.status !== 'Associated');
    await this.userRepo.putMany(changed);
    let removed = 0;
    if (replace) {
      const keep = new Set(next.map((u) => u.id));
      removed = await this.userRepo.deleteMany(this.usersByToken.get(tokenId).filter((u) => !keep.has(u.id)).map((u) => u.id));
    }
    const at = this.clock.now().toISOString();
    for (const user of associated) {
      this.associations.fire({
        tokenId,
        clientUserId: user.clientUserId,
        at,
        ...(user.email !== undefined ? { email: user.email } : {}),
        ...(user.inviteCode !== undefined ? { inviteCode: user.inviteCode } : {}),
        ...(user.idHash !== undefined ? { idHash: user.idHash } : {}),
      });
    }
    return changed.length + removed;
  }

  /** Drops a location's data; resolves to how many of each went. */
  async removeToken(tokenId: string): Promise<{ assets: number; assignments: number; users: number }> {
    const assets = await this.assetRepo.deleteMany(this.assetsByToken.get(tokenId).map((a) => a.id));
    const assignments = await this.assignmentRepo.deleteMany(this.assignmentsByToken.get(tokenId).map((a) => a.id));
    const users = await this.userRepo.deleteMany(this.usersByToken.get(tokenId).map((u) => u.id));
    return { assets, assignments, users };
  }

  /** Every location some data is kept of. */
  locations(): string[] {
    return [...this.assetsByToken.keys(), ...this.assignmentsByToken.keys(), ...this.usersByToken.keys()];
  }

  dispose(): void {
    this.countChanges.dispose();
    this.associations.dispose();
  }

  /** Assets stored under the key they had before it became the item id move to the item id, once. */
  /** Stores assets kept under an older id format under the current one (the active host does it, once). */
  async rekeyLegacyAssets(): Promise<void> {
    const legacy = [...this.assetRepo.values()].filter((asset) => asset.id === legacyAssetId(asset.tokenId, asset));
    if (legacy.length === 0) return;
    await this.assetRepo.putMany(legacy.map((asset) => ({ ...asset, id: assetId(asset.tokenId, asset) })));
    await this.assetRepo.deleteMany(legacy.map((asset) => asset.id));
  }

  private announceCount(tokenId: string, asset: SyncedAsset, previous: SyncedAsset | undefined, source: AssetCountChange['source']): void {
    if (previous && sameCounts(previous, asset)) return;
    this.countChanges.fire({ tokenId, asset, source, ...(previous ? { previous: counts(previous) } : {}) });
  }
}

function uniqueById<T extends { id: string }>(records: readonly T[]): T[] {
  return [...new Map(records.map((r) => [r.id, r])).values()];
}

function toSyncedAsset(tokenId: string, asset: ResponseAsset): SyncedAsset {
  return {
    id: assetId(tokenId, asset),
    tokenId,
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    totalCount: asset.totalCount,
    assignedCount: asset.assignedCount,
    availableCount: asset.availableCount,
    retiredCount: asset.retiredCount,
    deviceAssignable: asset.deviceAssignable,
    revocable: asset.revocable,
    supportedPlatforms: [...asset.supportedPlatforms],
  };
}

/** The asset with the store's name and bundle id taken from `source` (a stored record or a lookup). */
function withStoreFields(asset: SyncedAsset, source: Pick<SyncedAsset, 'name' | 'bundleId'> | undefined): SyncedAsset {
  const { name: _name, bundleId: _bundleId, ...rest } = asset;
  return {
    ...rest,
    ...(source?.name !== undefined ? { name: source.name } : {}),
    ...(source?.bundleId !== undefined ? { bundleId: source.bundleId } : {}),
  };
}

function toSyncedAssignment(tokenId: string, a: Assignment): SyncedAssignment {
  return {
    id: assignmentId(tokenId, a),
    tokenId,
    adamId: a.adamId,
    pricingParam: a.pricingParam,
    ...(a.clientUserId !== undefined ? { clientUserId: a.clientUserId } : { serialNumber: a.serialNumber ?? '' }),
  };
}

function toSyncedUser(tokenId: string, u: ResponseUser): SyncedUser {
  return {
    id: userId(tokenId, u.clientUserId),
    tokenId,
    clientUserId: u.clientUserId,
    status: u.status,
    ...(u.email !== undefined ? { email: u.email } : {}),
    ...(u.managedAppleId !== undefined ? { managedAppleId: u.managedAppleId } : {}),
    ...(u.inviteCode !== undefined ? { inviteCode: u.inviteCode } : {}),
    ...(u.idHash !== undefined ? { idHash: u.idHash } : {}),
  };
}

function counts(asset: SyncedAsset): CountFields {
  return { totalCount: asset.totalCount, assignedCount: asset.assignedCount, availableCount: asset.availableCount };
}

function sameCounts(a: CountFields, b: CountFields): boolean {
  return a.totalCount === b.totalCount && a.assignedCount === b.assignedCount && a.availableCount === b.availableCount;
}

function sameAsset(a: SyncedAsset | undefined, b: SyncedAsset): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

function sameUser(a: SyncedUser | undefined, b: SyncedUser): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Location, adamId, pricing: ASCII ids compared as code units. (localeCompare gave the same order at a hundred
 * times the cost, which every page of a 10,000-app listing paid.)
 */
function byAssetKey(a: SyncedAsset, b: SyncedAsset): number {
  return compareText(a.tokenId, b.tokenId) || compareText(a.adamId, b.adamId) || compareText(a.pricingParam, b.pricingParam);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
