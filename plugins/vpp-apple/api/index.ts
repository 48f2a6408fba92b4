/**
 * vpp-apple's contract: what other plugins (and this plugin's distribution and invitation code) may use.
 * Records here never carry a token's secret.
 */
import type { Actor, Event, Page } from '@vpp-host/api';
import type { AssetKey, Platform, ProductType, UserStatus } from './apple-wire.js';
import type { AppleVppClient } from './client.js';
import type { AssignInput, DistributionSummary, RevokeInput } from '../src/distribution/distribution-service.js';
import type { LicenseCounts } from '../src/distribution/model.js';

export type * from './apple-wire.js';
export { NOTIFICATION_TYPES } from './apple-wire.js';
export type * from './client.js';

// --- tokens -------------------------------------------------------------------------------------

/**
 * `valid`, `expiring` (expiryWarningDays or less left), `expired` (9621 or past expDate), `revoked` (9625),
 * `invalid` (9601/9622/9722), `claimed-elsewhere` (another MDM's mdmInfo on the location).
 */
export type TokenState = 'valid' | 'expiring' | 'expired' | 'revoked' | 'invalid' | 'claimed-elsewhere';

/** States in which nothing is written to Apple for the token. */
export const UNHEALTHY_TOKEN_STATES: readonly TokenState[] = ['expired', 'revoked', 'invalid', 'claimed-elsewhere'];

export interface TokenHealth {
  readonly state: TokenState;
  readonly reason: string;
  /** When the token entered this state (ISO). */
  readonly since: string;
}

export type AppleProgram = 'business' | 'education';

export interface OtherMdm {
  readonly id: string;
  readonly name: string;
  readonly metadata?: string;
}

/** A location's service token as the product knows it. The secret itself is never part of it. */
export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly orgName: string;
  /** The token file's expiry (ISO). */
  readonly expiresAt: string;
  /** Apple's library id; two tokens of one location share it. */
  readonly uId: string;
  readonly locationName: string;
  readonly countryCode: string;
  readonly program: AppleProgram;
  readonly health: TokenHealth;
  /** Set while another MDM holds the location. */
  readonly claimedBy?: OtherMdm;
  /** Whether Apple posts notifications for this location to this host. */
  readonly notifications: boolean;
  readonly createdAt: string;
  readonly renewedAt?: string;
}

export interface AddTokenInput {
  readonly name: string;
  /** The `.vpptoken` file content (Base64 text). */
  readonly file: string;
  /** Explicit consent to take the location over from another MDM. */
  readonly takeOver?: boolean;
}

export interface TokenStateChange {
  readonly token: TokenRecord;
  readonly previous: TokenHealth;
  readonly current: TokenHealth;
}

export interface TokensChange {
  readonly change: 'added' | 'renewed' | 'renamed' | 'taken-over' | 'removed';
  readonly token: TokenRecord;
}

/** The location tokens: add, renew in place, rename, take over, delete, and their health. */
export const TokenService = Symbol.for('vpp-apple.TokenService');
export interface TokenService {
  list(): TokenRecord[];
  get(id: string): TokenRecord | undefined;
  /** By id or by name; NotFoundError otherwise. */
  require(idOrName: string): TokenRecord;
  add(input: AddTokenInput, actor: Actor): Promise<TokenRecord>;
  /** A new file for the same location: every synced record and assignment stays. */
  renew(idOrName: string, file: string, actor: Actor, options?: { takeOver?: boolean }): Promise<TokenRecord>;
  rename(idOrName: string, name: string, actor: Actor): Promise<TokenRecord>;
  /** Claims the location back from another MDM (the admin's explicit consent). */
  takeOver(idOrName: string, actor: Actor): Promise<TokenRecord>;
  delete(idOrName: string, actor: Actor): Promise<void>;
  /** Asks Apple (client/config) and updates the token's health. */
  checkHealth(idOrName: string): Promise<TokenRecord>;
  /**
   * The Apple client of the token, shared by everything that talks to Apple for it. Every write it sends is
   * refused (TokenUnhealthyError, 409) while the token is expired, revoked, invalid or claimed elsewhere, and every
   * Apple answer updates the token's health.
   */
  clientFor(tokenId: string): AppleVppClient;
  readonly onDidChangeTokenState: Event<TokenStateChange>;
  readonly onDidChangeTokens: Event<TokensChange>;
}

// --- sync ---------------------------------------------------------------------------------------

export type SyncStatus = 'none' | 'in-progress' | 'completed' | 'failed';

export interface SyncProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

export interface TokenSyncState {
  readonly tokenId: string;
  readonly status: SyncStatus;
  /** Why the last sync failed. */
  readonly reason?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly lastSuccessAt?: string;
  readonly lastFullSyncAt?: string;
  readonly kind?: 'full' | 'incremental';
  readonly progress?: SyncProgress;
}

export interface SyncSummary {
  readonly tokenId: string;
  readonly kind: 'full' | 'incremental';
  readonly assets: number;
  readonly assignments: number;
  readonly users: number;
  /** Assignment and user records that changed in this sync. */
  readonly changes: number;
  readonly requests: number;
}

export type SyncEvent =
  | { readonly tokenId: string; readonly phase: 'started'; readonly kind: 'full' | 'incremental' }
  | { readonly tokenId: string; readonly phase: 'progress'; readonly progress: SyncProgress }
  | { readonly tokenId: string; readonly phase: 'completed'; readonly summary: SyncSummary }
  | { readonly tokenId: string; readonly phase: 'failed'; readonly reason: string };

/** Reads Apple's data for a location: scheduled per token and on demand; one run at a time per token. */
export const SyncService = Symbol.for('vpp-apple.SyncService');
export interface SyncService {
  /**
   * Syncs the token now. While a sync of the token runs, a second call joins it and gets the same result.
   * `full` forces a full walk instead of the incremental one.
   */
  sync(tokenId: string, options?: { full?: boolean; onProgress?: (progress: SyncProgress) => void }): Promise<SyncSummary>;
  state(tokenId: string): TokenSyncState;
  readonly onDidSyncToken: Event<SyncEvent>;
}

// --- synced data --------------------------------------------------------------------------------

/**
 * A VPP item's one id everywhere (REST, CLI, CatalogReader, panel URLs, events): `vpp:<token id>:<adamId>:<pricing>`,
 * e.g. `vpp:3f2a…:361309726:STDQ`.
 */
export function vppItemId(tokenId: string, key: AssetKey): string {
  return `vpp:${tokenId}:${key.adamId}:${key.pricingParam}`;
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

// --- notifications ------------------------------------------------------------------------------

export type AppleNotificationKind = 'ASSET_COUNT' | 'ASSET_MANAGEMENT' | 'USER_MANAGEMENT' | 'USER_ASSOCIATED' | 'TEST_NOTIFICATION';

export interface AppliedNotification {
  readonly tokenId: string;
  readonly notificationId: string;
  readonly kind: AppleNotificationKind;
}

export interface UserAssociation {
  readonly tokenId: string;
  readonly clientUserId: string;
  readonly email?: string;
  readonly inviteCode?: string;
  readonly idHash?: string;
  /** When the product learned it (ISO): drives first-come-first-served. */
  readonly at: string;
}

export interface AppleEventCompletion {
  readonly tokenId: string;
  readonly eventId: string;
  readonly type: 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE' | 'CREATE' | 'UPDATE' | 'RETIRE';
  readonly outcome: 'SUCCESS' | 'FAILURE';
  readonly errorNumber?: number;
}

/** Apple's webhook posts, applied to the synced data and announced. */
export const AppleNotifications = Symbol.for('vpp-apple.AppleNotifications');
export interface AppleNotifications {
  readonly onDidApplyNotification: Event<AppliedNotification>;
  /** A user accepted the invitation (USER_ASSOCIATED, or a sync that shows the user Associated). */
  readonly onDidAssociateUser: Event<UserAssociation>;
  /** An ASSET_MANAGEMENT or USER_MANAGEMENT notification reported an event's outcome. */
  readonly onDidCompleteAppleEvent: Event<AppleEventCompletion>;
}

// --- distribution -------------------------------------------------------------------------------

export type { AssignInput, DistributionSummary, HolderRefusal, RevokeInput } from '../src/distribution/distribution-service.js';
export type { AssignmentRecord, AssignmentState, InstallMode, LicenseCounts, LicenseType, Target, TargetKind } from '../src/distribution/model.js';
export type { DistributionPolicy, LifecycleAction, PolicyInput } from '../src/distribution/policy.js';

/**
 * Managed distribution as other plugins (the Intune and MaaS360 compatibility layers) drive it: assign an item to a
 * target, approve, remove and revoke. Licenses go first come, first served; every change is audited with the actor.
 */
export const Distribution = Symbol.for('vpp-apple.Distribution');
export interface Distribution {
  assign(input: AssignInput, actor: Actor): Promise<DistributionSummary>;
  approve(assignmentId: string, actor: Actor, reason?: string): Promise<DistributionSummary>;
  /** Licenses are released or kept, and apps removed, as the assignment's policy says. */
  removeAssignment(assignmentId: string, actor: Actor, reason?: string): Promise<{ released: number; kept: number }>;
  /** VPP books cannot be revoked (BadInputError). */
  revoke(input: RevokeInput, actor: Actor): Promise<{ revoked: number; counts: LicenseCounts }>;
}

// --- invitations and enrolment ------------------------------------------------------------------

/**
 * A user's standing in managed distribution at one location: `not-invited`, `invited` (mail sent, waiting for the
 * user to accept), `enrolled` (accepted, or a Managed Apple ID) or `retired` (removed from the location).
 */
export type EnrolmentStatus = 'not-invited' | 'invited' | 'enrolled' | 'retired';
export const ENROLMENT_STATUSES: readonly EnrolmentStatus[] = ['not-invited', 'invited', 'enrolled', 'retired'];

/** Whom an invitation goes to; device kinds invite the users the devices belong to. */
export type InvitationTargetKind = 'user' | 'user-group' | 'device' | 'device-group';
export const INVITATION_TARGET_KINDS: readonly InvitationTargetKind[] = ['user', 'user-group', 'device', 'device-group'];

/** `not-invited`: users never invited; `not-enrolled`: every user who has not enrolled yet (invited ones again). */
export type InvitationChoice = 'not-invited' | 'not-enrolled';

export interface InviteRequest {
  readonly kind: InvitationTargetKind;
  readonly id: string;
  /** Groups and device groups default to `not-enrolled`. */
  readonly only?: InvitationChoice;
  /** Token id or name; optional when exactly one healthy token exists. */
  readonly tokenId?: string;
  readonly reason?: string;
}

export interface InvitationProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
}

export interface SkippedUser {
  readonly userId: string;
  readonly reason: string;
}

export interface InviteSummary {
  readonly tokenId: string;
  readonly batchId: string;
  /** Invitation mails placed in the outbox. */
  readonly invited: number;
  /** Users with a Managed Apple ID: registered and enrolled without a mail. */
  readonly managedAppleIds: number;
  /** Chosen users that got nothing, and why (at most 100 listed; `skippedCount` has them all). */
  readonly skipped: readonly SkippedUser[];
  readonly skippedCount: number;
}

/** Where a user's invitation mail is, from the mail outbox. */
export interface InvitationDelivery {
  readonly state: 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';
  readonly messageId: string;
  /** The server's words when the last attempt failed. */
  readonly error?: string;
}

export interface EnrolmentEntry {
  readonly tokenId: string;
  readonly userId: string;
  readonly userName: string;
  readonly email: string;
  readonly clientUserId: string;
  readonly status: EnrolmentStatus;
  readonly managedAppleId?: boolean;
  readonly invitedAt?: string;
  readonly timesInvited: number;
  readonly lastSentAt?: string;
  readonly acceptedAt?: string;
  readonly retiredAt?: string;
  readonly delivery?: InvitationDelivery;
}

export interface EnrolmentQuery {
  readonly tokenId?: string;
  readonly status?: EnrolmentStatus;
  /** Matches the user's id, name or email. */
  readonly search?: string;
  readonly offset?: number;
  readonly limit?: number;
}

export interface EnrolmentChange {
  readonly tokenId: string;
  readonly userId: string;
  readonly status: EnrolmentStatus;
}

/**
 * Invitations to managed distribution and each user's enrolment per location. Inviting registers the users with
 * Apple (batched by Apple's limits) and mails each an Apple invitation link in their language, exactly once per send.
 */
export const Invitations = Symbol.for('vpp-apple.Invitations');
export interface Invitations {
  invite(request: InviteRequest, actor: Actor, onProgress?: (progress: InvitationProgress) => void): Promise<InviteSummary>;
  /** Sends an invited user's invitation again (a new mail). */
  resend(userId: string, actor: Actor, options?: { tokenId?: string; reason?: string }): Promise<InviteSummary>;
  /** Retires the user at Apple and releases their app licenses; books stay with the user. */
  retire(userId: string, actor: Actor, options?: { tokenId?: string; reason?: string }): Promise<EnrolmentEntry>;
  enrolment(userId: string, tokenId?: string): EnrolmentEntry;
  list(query?: EnrolmentQuery): Page<EnrolmentEntry>;
  readonly onDidChangeEnrolment: Event<EnrolmentChange>;
}
