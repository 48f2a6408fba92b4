import { randomUUID } from 'node:crypto';
import type {
  AssetKey,
  Assignment,
  LocationFields,
  MdmInfo,
  NotificationType,
  Platform,
  PricingParam,
  ProductType,
  ResponseAsset,
  ResponseUser,
  UserStatus,
} from '../../api/apple-wire.js';
import { VersionedCollection } from './versioned-collection.js';

export interface SimAsset {
  adamId: string;
  pricingParam: PricingParam;
  productType: ProductType;
  deviceAssignable: boolean;
  revocable: boolean;
  supportedPlatforms: Platform[];
  totalCount: number;
  assignedCount: number;
  retiredCount: number;
}

export interface SimAssignment extends AssetKey {
  clientUserId?: string;
  serialNumber?: string;
  version: number;
}

export interface SimUser {
  clientUserId: string;
  email?: string;
  managedAppleId?: string;
  status: UserStatus;
  inviteCode?: string;
  idHash?: string;
  version: number;
}

export interface LocationIdentity {
  readonly sToken: string;
  readonly uId: string;
  readonly locationName: string;
  readonly orgName: string;
  readonly websiteURL: string;
  readonly countryISO2ACode: string;
  readonly defaultPlatform: 'volumestore' | 'enterprisestore';
}

export type Target = { clientUserId: string; serialNumber?: undefined } | { serialNumber: string; clientUserId?: undefined };

export const assetKey = (adamId: string, pricingParam: string) => `${adamId}|${pricingParam}`;
export const targetKey = (target: Target) =>
  target.clientUserId !== undefined ? `u:${target.clientUserId}` : `s:${target.serialNumber}`;
const assignmentKey = (asset: AssetKey, target: Target) => `${assetKey(asset.adamId, asset.pricingParam)}|${targetKey(target)}`;

const DERIVED_CACHE_SIZE = 8;

/** A location as a state file keeps it: plain JSON, records in the order of the versions that last changed them. */
export interface LocationSnapshot {
  readonly identity: LocationIdentity;
  readonly expiresAt: string;
  readonly revoked: boolean;
  readonly mdmInfo?: MdmInfo;
  readonly notificationUrl?: string;
  readonly notificationAuthToken?: string;
  readonly subscribedNotificationTypes: NotificationType[];
  readonly version: number;
  readonly versionId: string;
  readonly assets: SimAsset[];
  readonly users: SimUser[];
  readonly assignments: SimAssignment[];
}

/** One location's data on Apple's side: assets and counts, assignments, users, versions and its client config. */
export class LocationState {
  expiresAt: Date;
  revoked = false;
  mdmInfo?: MdmInfo;
  notificationUrl?: string;
  notificationAuthToken?: string;
  subscribedNotificationTypes: NotificationType[] = [];

  readonly assets = new Map<string, SimAsset>();
  readonly assignments = new VersionedCollection<SimAssignment>();
  readonly users = new VersionedCollection<SimUser>();
  /** target key → asset keys it holds, so revoke and retire need not scan every assignment. */
  private readonly heldByTarget = new Map<string, Set<string>>();
  private readonly versionSeqById = new Map<string, number>();
  private seq = 0;
  private currentVersionId = '';
  private readonly derived = new Map<string, readonly unknown[]>();

  constructor(
    /** Replaced when the location's token is renewed. */
    public identity: LocationIdentity,
    expiresAt: Date,
  ) {
    this.expiresAt = expiresAt;
    this.bumpVersion();
  }

  /** Back from a snapshot: the same records, counts, versions and client config, so a client's versionId still holds. */
  static fromSnapshot(snapshot: LocationSnapshot): LocationState {
    const location = new LocationState(snapshot.identity, new Date(snapshot.expiresAt));
    location.revoked = snapshot.revoked;
    if (snapshot.mdmInfo) location.mdmInfo = snapshot.mdmInfo;
    if (snapshot.notificationUrl !== undefined) location.notificationUrl = snapshot.notificationUrl;
    if (snapshot.notificationAuthToken !== undefined) location.notificationAuthToken = snapshot.notificationAuthToken;
    location.subscribedNotificationTypes = [...snapshot.subscribedNotificationTypes];
    for (const asset of snapshot.assets) location.assets.set(assetKey(asset.adamId, asset.pricingParam), { ...asset, assignedCount: 0 });
    for (const { version, ...record } of snapshot.assignments) {
      const asset = location.findAsset(record.adamId, record.pricingParam);
      if (!asset) throw new Error(`Location ${snapshot.identity.uId}: an assignment names unknown asset ${record.adamId}`);
      location.assign(asset, record.clientUserId !== undefined ? { clientUserId: record.clientUserId } : { serialNumber: record.serialNumber! }, version);
    }
    for (const user of snapshot.users) location.putUser({ ...user }, user.version);
    location.versionSeqById.clear();
    location.seq = snapshot.version;
    location.currentVersionId = snapshot.versionId;
    location.versionSeqById.set(snapshot.versionId, snapshot.version);
    return location;
  }

  toSnapshot(): LocationSnapshot {
    return {
      identity: this.identity,
      expiresAt: this.expiresAt.toISOString(),
      revoked: this.revoked,
      ...(this.mdmInfo ? { mdmInfo: this.mdmInfo } : {}),
      ...(this.notificationUrl !== undefined ? { notificationUrl: this.notificationUrl } : {}),
      ...(this.notificationAuthToken !== undefined ? { notificationAuthToken: this.notificationAuthToken } : {}),
      subscribedNotificationTypes: [...this.subscribedNotificationTypes],
      version: this.seq,
      versionId: this.currentVersionId,
      assets: [...this.assets.values()].map((asset) => ({ ...asset, supportedPlatforms: [...asset.supportedPlatforms] })),
      users: this.users.all().map((user) => ({ ...user })),
      assignments: this.assignments.all().map((assignment) => ({ ...assignment })),
    };
  }

  get versionId(): string {
    return this.currentVersionId;
  }

  get version(): number {
    return this.seq;
  }

  /** Every write moves the location to a new opaque versionId. */
  bumpVersion(): number {
    this.seq++;
    this.currentVersionId = randomUUID();
    this.versionSeqById.set(this.currentVersionId, this.seq);
    return this.seq;
  }

  versionSeq(versionId: string): number | undefined {
    return this.versionSeqById.get(versionId);
  }

  fields(): LocationFields {
    return {
      uId: this.identity.uId,
      tokenExpirationDate: this.expiresAt.toISOString(),
      ...(this.mdmInfo ? { mdmInfo: this.mdmInfo } : {}),
    };
  }

  findAsset(adamId: string, pricingParam?: string): SimAsset | undefined {
    if (pricingParam !== undefined) return this.assets.get(assetKey(adamId, pricingParam));
    for (const asset of this.assets.values()) if (asset.adamId === adamId) return asset;
    return undefined;
  }

  holds(asset: AssetKey, target: Target): boolean {
    return this.assignments.get(assignmentKey(asset, target)) !== undefined;
  }

  /** Records the assignment and takes one license; the caller checked availability. */
  assign(asset: SimAsset, target: Target, version: number): void {
    const record: SimAssignment = { adamId: asset.adamId, pricingParam: asset.pricingParam, version, ...target };
    this.assignments.put(assignmentKey(asset, target), record, version);
    const tKey = targetKey(target);
    let held = this.heldByTarget.get(tKey);
    if (!held) this.heldByTarget.set(tKey, (held = new Set()));
    held.add(assetKey(asset.adamId, asset.pricingParam));
    asset.assignedCount++;
  }

  /** Removes the assignment and gives its license back; false when there was none. */
  unassign(asset: SimAsset, target: Target): boolean {
    if (!this.assignments.delete(assignmentKey(asset, target))) return false;
    const tKey = targetKey(target);
    const held = this.heldByTarget.get(tKey);
    held?.delete(assetKey(asset.adamId, asset.pricingParam));
    if (held?.size === 0) this.heldByTarget.delete(tKey);
    asset.assignedCount--;
    return true;
  }

  /** Assets the target holds, e.g. to revoke them all. */
  assetsHeldBy(target: Target): SimAsset[] {
    return [...(this.heldByTarget.get(targetKey(target)) ?? [])].map((key) => this.assets.get(key)!);
  }

  putUser(user: SimUser, version: number): void {
    this.users.put(user.clientUserId, user, version);
  }

  /** A filtered listing, computed once per state and filter (page walks read it page by page). */
  derive<T>(name: string, stateKey: number, filter: object, compute: () => readonly T[]): readonly T[] {
    const key = `${name}|${stateKey}|${JSON.stringify(filter)}`;
    const cached = this.derived.get(key);
    if (cached) return cached as readonly T[];
    const value = compute();
    if (this.derived.size >= DERIVED_CACHE_SIZE) this.derived.delete(this.derived.keys().next().value!);
    this.derived.set(key, value);
    return value;
  }
}

export function toResponseAsset(asset: SimAsset): ResponseAsset {
  return {
    adamId: asset.adamId,
    pricingParam: asset.pricingParam,
    productType: asset.productType,
    assignedCount: asset.assignedCount,
    availableCount: asset.totalCount - asset.assignedCount,
    retiredCount: asset.retiredCount,
    totalCount: asset.totalCount,
    deviceAssignable: asset.deviceAssignable,
    revocable: asset.revocable,
    supportedPlatforms: [...asset.supportedPlatforms],
  };
}

export function toAssignment(record: SimAssignment): Assignment {
  return record.clientUserId !== undefined
    ? { adamId: record.adamId, pricingParam: record.pricingParam, clientUserId: record.clientUserId }
    : { adamId: record.adamId, pricingParam: record.pricingParam, serialNumber: record.serialNumber! };
}

export function toResponseUser(user: SimUser): ResponseUser {
  const { version: _version, ...rest } = user;
  return { ...rest };
}
