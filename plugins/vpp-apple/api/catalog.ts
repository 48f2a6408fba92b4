/** vpp-apple's contract: what the last sync says Apple holds, and the one id of a VPP item. */
import type { Event, Page } from '@vpp-host/api';
import type { AssetKey, Platform, ProductType, UserStatus } from './apple-wire.js';

/**
 * A VPP item's one id everywhere (REST, CLI, CatalogReader, panel URLs, events): `vpp:<token id>:<adamId>:<pricing>`,
 * e.g. `vpp:3f2a…:361309726:STDQ`.
 */
export function vppItemId(tokenId: string, key: AssetKey): string {
  return `vpp:${tokenId}:${key.adamId}:${key.pricingParam}`;
}

/** The location and asset a VPP item id names; undefined when the text is not one. */
export function parseVppItemId(id: string): (AssetKey & { readonly tokenId: string }) | undefined {
  const match = /^vpp:(.+):(\d+):(STDQ|PLUS)$/.exec(id);
  return match ? { tokenId: match[1]!, adamId: match[2]!, pricingParam: match[3] as AssetKey['pricingParam'] } : undefined;
}

export interface SyncedAsset extends AssetKey {
  /** The item's id: vppItemId(tokenId, asset). */
  readonly id: string;
  readonly tokenId: string;
  readonly productType: ProductType;
  readonly totalCount: number;
  readonly assignedCount: number;
  readonly availableCount: number;
  readonly retiredCount: number;
  readonly deviceAssignable: boolean;
  readonly revocable: boolean;
  readonly supportedPlatforms: readonly Platform[];
  /** The store's name (content metadata lookup); absent until a lookup found it. */
  readonly name?: string;
  readonly bundleId?: string;
}

/** One license Apple holds for a user (clientUserId) or a device (serialNumber). */
export interface SyncedAssignment extends AssetKey {
  readonly id: string;
  readonly tokenId: string;
  readonly clientUserId?: string;
  readonly serialNumber?: string;
}

export interface SyncedUser {
  readonly id: string;
  readonly tokenId: string;
  readonly clientUserId: string;
  readonly email?: string;
  readonly managedAppleId?: string;
  readonly status: UserStatus;
  readonly inviteCode?: string;
  readonly idHash?: string;
}

export interface AssetQuery {
  readonly tokenId?: string;
  readonly productType?: ProductType;
  /** Matches the adamId. */
  readonly search?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface AssetCountChange {
  readonly tokenId: string;
  readonly asset: SyncedAsset;
  readonly previous?: Pick<SyncedAsset, 'totalCount' | 'assignedCount' | 'availableCount'>;
  readonly source: 'sync' | 'notification';
}

/** What the last sync (and notifications since) say Apple holds, per location. */
export const CatalogReader = Symbol.for('vpp-apple.CatalogReader');
export interface CatalogReader {
  assets(query?: AssetQuery): Page<SyncedAsset>;
  asset(tokenId: string, key: AssetKey): SyncedAsset | undefined;
  assignments(tokenId: string, filter?: { adamId?: string; clientUserId?: string; serialNumber?: string }): SyncedAssignment[];
  /** Apple's assignments of one asset (adamId and pricing) at a location, from an index: no scan of the others. */
  assignmentsOfAsset(tokenId: string, key: AssetKey): SyncedAssignment[];
  users(tokenId: string): SyncedUser[];
  user(tokenId: string, clientUserId: string): SyncedUser | undefined;
  /** The user with this invite code in any location. */
  userByInviteCode(inviteCode: string): SyncedUser | undefined;
  /** Assignments and users Apple holds that the product did not create (see HoldingsRegistry). */
  untracked(tokenId?: string): { assignments: SyncedAssignment[]; users: SyncedUser[] };
  readonly onDidChangeAssetCount: Event<AssetCountChange>;
}

/** A user or an assignment on Apple's side, named by its natural key. */
export type Holding =
  | { readonly kind: 'user'; readonly clientUserId: string }
  | ({ readonly kind: 'assignment' } & AssetKey & ({ readonly clientUserId: string } | { readonly serialNumber: string }));

/**
 * The Apple users and assignments the product created or adopted. Whatever a sync finds that is not here is
 * "untracked": the admin adopts it (track) or revokes it.
 */
export const HoldingsRegistry = Symbol.for('vpp-apple.HoldingsRegistry');
export interface HoldingsRegistry {
  track(tokenId: string, holdings: readonly Holding[]): Promise<void>;
  untrack(tokenId: string, holdings: readonly Holding[]): Promise<void>;
  isTracked(tokenId: string, holding: Holding): boolean;
}
