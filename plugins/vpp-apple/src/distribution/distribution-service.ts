import { BadInputError, saying, toDisposable, type Actor, type Disposable, type Event } from '@vpp-host/api';
import { PreviewableDirectory } from './previewable-directory.js';
import type { AssetCountChange, ReclaimCandidate, ReclaimResult } from '../../api/index.js';
import { AssignmentChanges } from './assignment-changes.js';
import type { Catalog } from './catalog.js';
import {
  DistributionCore,
  sameTarget,
  type SeniorityRecord,
  type DistributionDeps,
  type InstallRequest,
  type Offer,
  type RemovalRequest,
} from './distribution-core.js';
import { holderKeysOfTarget } from './holders.js';
import { LEDGER_COLLECTION, LicenseLedger } from './ledger.js';
import { Change, type AssetCountRecord, type LicenseDesk, type Waiting } from './license-desk.js';
import {
  assetKeyOf,
  holderKeyOf,
  targetOfKey,
  type AssignmentRecord,
  type CatalogItem,
  type InHouseItemRecord,
  type LicenseCounts,
  type LicenseRecord,
  type Target,
  type VppAssetRef,
} from './model.js';
import { LicenseReclaim } from './license-reclaim.js';
import { forgetLocation, locationFootprint, locationsKept, type LocationFootprint } from './location-footprint.js';
import { sweepDeletedTokens } from '../tokens/deleted-tokens.js';
import { LocationAdoption } from './location-adoption.js';
import { WorldReactions } from './world-reactions.js';
import type {
  AssignInput,
  AssignmentChange,
  AssignmentUpdate,
  ChangeOptions,
  Distribution,
  DistributionSummary,
  LicenseAccount,
  MembershipPreviewInput,
  RemovalResult,
  LicenseHolder,
  RevocationResult,
  RevokeInput,
} from '../../api/index.js';

export type { AssignInput, DistributionSummary, HolderRefusal, RevocationQueueEffect, RevocationResult, RevokeInput } from '../../api/index.js';
export type { DistributionDeps, InstallRequest, Offer, RemovalRequest } from './distribution-core.js';

export interface QueueView {
  readonly item: CatalogItem;
  readonly counts: LicenseCounts;
  /** `overQuota`: its group already holds the licenses its quota allows; it keeps its place. */
  readonly waiting: ReadonlyArray<{ position: number; holder: string; at: string; assignmentId: string; overQuota?: true }>;
  readonly awaitingEnrolment: readonly string[];
}

export interface LedgerQuery {
  readonly item?: string;
  readonly holder?: string;
  readonly state?: LicenseRecord['state'];
  readonly offset?: number;
  readonly limit?: number;
}

/**
 * The ledger's sharding hint. Allocations come in batches whose ids hash across every shard, so each shard costs a
 * file write and two fsyncs per batch; 20 shards keep a 60,000-license batch fast and a single change small. The
 * engine adds shards at load as the ledger grows.
 */
const LEDGER_SHARDING_HINT = 200_000;

/**
 * Managed distribution: assignments of catalog items to devices, device groups, users and user groups; the license
 * ledger; first-come-first-served allocation per asset; membership, enrolment and count changes; revocation; and
 * the Apple side through the outbox. The reads are here; the changes are AssignmentChanges', the reactions to the
 * world WorldReactions', on the state they share (DistributionCore).
 */
export class DistributionService implements Disposable {
  readonly catalog: Catalog;
  /** An automatic-install item should be installed on these devices (an MDM plugin acts on it). */
  readonly onDidRequestInstall: Event<InstallRequest> ;
  /** A manual-install item is offered in the user's purchases list. */
  readonly onDidOfferItem: Event<Offer> ;
  /** Policy says the app should be removed from these devices. */
  readonly onDidRequestRemoval: Event<RemovalRequest> ;
  /** License records changed (and are durable). */
  readonly onDidChangeLicenses: Event<readonly LicenseRecord[]>;
  readonly onDidAssignLicense: Distribution['onDidAssignLicense'];
  readonly onDidReleaseLicense: Distribution['onDidReleaseLicense'];
  readonly onDidQueueHolder: Distribution['onDidQueueHolder'];
  readonly onDidServeHolder: Distribution['onDidServeHolder'];
  readonly onDidChangeQueue: Distribution['onDidChangeQueue'];

  private constructor(
    private readonly core: DistributionCore,
    private readonly changes: AssignmentChanges,
    private readonly reactions: WorldReactions,
    private readonly reclaims: LicenseReclaim,
    /** Taking a location over from another product (a migration). */
    readonly adoption: LocationAdoption,
    private readonly directory: PreviewableDirectory,
  ) {
    const { desk } = core;
    this.catalog = core.catalog;
    this.onDidRequestInstall = core.installs.event;
    this.onDidOfferItem = core.offers.event;
    this.onDidRequestRemoval = core.removals.event;
    this.onDidChangeLicenses = desk.onDidChangeLicenses;
    this.onDidAssignLicense = desk.events.onDidAssignLicense;
    this.onDidReleaseLicense = desk.events.onDidReleaseLicense;
    this.onDidQueueHolder = desk.events.onDidQueueHolder;
    this.onDidServeHolder = desk.events.onDidServeHolder;
    this.onDidChangeQueue = desk.events.onDidChangeQueue;
  }

  /** Loads the ledger, the assignments and the queues; writes nothing (the active host then calls `resume`). */
  static async open(deps: DistributionDeps): Promise<DistributionService> {
    const [assignments, licenses, counts, inHouse, seniority] = await Promise.all([
      deps.storage.collection<AssignmentRecord>('distribution-assignments', { expectedSize: 100_000 }),
      deps.storage.collection<LicenseRecord>(LEDGER_COLLECTION, { expectedSize: LEDGER_SHARDING_HINT }),
      deps.storage.collection<AssetCountRecord>('distribution-asset-counts', { expectedSize: 10_000 }),
      deps.storage.collection<InHouseItemRecord>('distribution-in-house-items', { expectedSize: 10_000 }),
      deps.storage.collection<SeniorityRecord>('distribution-seniority', { expectedSize: 100_000 }),
    ]);
    const directory = new PreviewableDirectory(deps.directory, deps.clock);
    const core = new DistributionCore({ ...deps, directory }, assignments, counts, new LicenseLedger(licenses), inHouse, seniority);
    const changes = new AssignmentChanges(core);
    const service = new DistributionService(core, changes, new WorldReactions(core), new LicenseReclaim(core, changes), new LocationAdoption(core), directory);
    core.reindexAssignments();
    service.load();
    return service;
  }

  // --- queries ----------------------------------------------------------------------------------

  listAssignments(filter: { item?: string; target?: Target } = {}): AssignmentRecord[] {
    const itemId = filter.item === undefined ? undefined : this.core.catalog.require(filter.item).id;
    return [...this.core.assignments.values()]
      .filter((a) => (itemId === undefined || a.itemId === itemId) && (!filter.target || sameTarget(a.target, filter.target)))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }

  licenseHolders(itemReference: string, token?: string): LicenseHolder[] {
    const item = this.core.requireItem(itemReference, token);
    if (!item.vpp) return [];
    return [...this.core.poolOf(item.vpp).held.values()]
      .sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : a.id < b.id ? -1 : 1))
      .map((record) => ({ kind: record.holderKind, id: record.holderId, appleId: record.appleHolderId }));
  }

  countsOf(ref: VppAssetRef): LicenseCounts {
    return this.core.poolOf(ref).counts();
  }

  queue(itemReference: string, token?: string): QueueView {
    const item = this.core.requireItem(itemReference, token);
    if (!item.vpp) throw saying(new BadInputError(`${item.name} is an in-house item: it needs no license and has no queue`), 'vpp.item.in-house-no-queue', { item: item.name });
    const pool = this.core.poolOf(item.vpp);
    let position = 0;
    const over = this.core.overQuota(pool);
    const waiting = [...pool.queue.ordered()].map((entry) => ({
      position: ++position,
      holder: entry.key,
      at: entry.at,
      assignmentId: (entry as Waiting).assignmentId,
      ...(over.has(entry.key) ? { overQuota: true as const } : {}),
    }));
    return { item, counts: pool.counts(), waiting, awaitingEnrolment: this.awaitingOf(item, this.core.assignmentsOfItem(item.id)) };
  }

  /** Users an assignment covers who wait to enrol in managed distribution before a license can go to them (`user:id`). */
  awaitingEnrolment(assignmentId: string): string[] {
    const assignment = this.core.getAssignment(assignmentId);
    const item = this.core.catalog.get(assignment.itemId);
    return item?.vpp ? this.awaitingOf(item, [assignment]) : [];
  }

  private awaitingOf(item: CatalogItem, assignments: readonly AssignmentRecord[]): string[] {
    const pool = this.core.poolOf(item.vpp!);
    const awaiting = new Set<string>();
    for (const assignment of assignments) {
      if (assignment.state !== 'active') continue;
      const restriction = this.core.restrictionFor(assignment, item);
      for (const holder of this.core.coverage.holdersOf(assignment)) {
        if (pool.isRevoked(holder.key, holder.coveredSince)) continue;
        if (this.core.classify(assignment, item, holder, restriction).status === 'awaiting-enrolment') awaiting.add(holder.key);
      }
    }
    return [...awaiting];
  }

  /** The license ledger, newest first. */
  licenses(query: LedgerQuery = {}): { items: LicenseRecord[]; total: number } {
    for (const key of ['offset', 'limit'] as const) {
      const value = query[key];
      if (value !== undefined && (!Number.isSafeInteger(value) || value < (key === 'limit' ? 1 : 0))) {
        const refusal = new BadInputError(`${key} must be a whole number of ${key === 'limit' ? 1 : 0} or more, got ${value}`);
        throw saying(refusal, key === 'limit' ? 'vpp.enrolment.limit' : 'vpp.enrolment.offset', { got: String(value) });
      }
    }
    const item = query.item === undefined ? undefined : this.core.catalog.require(query.item);
    if (item && !item.vpp) throw saying(new BadInputError(`${item.name} is an in-house item: it holds no licenses`), 'vpp.item.in-house-no-licenses', { item: item.name });
    const assetKey = item?.vpp ? assetKeyOf(item.vpp) : undefined;
    const matches: LicenseRecord[] = [];
    for (const record of this.core.desk.ledger.values()) {
      if (assetKey !== undefined && assetKeyOf(record) !== assetKey) continue;
      if (query.state !== undefined && record.state !== query.state) continue;
      if (query.holder !== undefined && record.holderId !== query.holder && record.appleHolderId !== query.holder) continue;
      matches.push(record);
    }
    matches.sort((a, b) => (a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : a.id < b.id ? -1 : 1));
    const offset = query.offset ?? 0;
    return { items: matches.slice(offset, offset + (query.limit ?? 100)), total: matches.length };
  }

  getAssignment(id: string): AssignmentRecord {
    return this.core.getAssignment(id);
  }

  /** The license a holder holds (requested or confirmed) of an asset, if any. */
  heldLicense(ref: VppAssetRef, kind: LicenseRecord['holderKind'], holderId: string): LicenseRecord | undefined {
    return this.core.poolOf(ref).held.get(holderKeyOf(kind, holderId));
  }

  /** Every license record of a location, in no order. */
  licensesOfLocation(tokenId: string): LicenseRecord[] {
    return [...this.core.desk.ledger.values()].filter((record) => record.tokenId === tokenId);
  }

  findAssignment(id: string): AssignmentRecord | undefined {
    return this.core.assignments.get(id);
  }

  /** The item a reference names (see AssignInput), within the location `token` (token id or name) when given. */
  requireItem(reference: string, token?: string): CatalogItem {
    return this.core.requireItem(reference, token);
  }

  // --- changes an admin makes (AssignmentChanges) -------------------------------------------------

  addInHouseItem(input: unknown, actor: Actor, reason?: string): Promise<CatalogItem> {
    return this.changes.addInHouseItem(input, actor, reason);
  }

  assign(input: AssignInput, actor: Actor, options?: ChangeOptions): Promise<DistributionSummary> {
    return this.changes.assign(input, actor, options);
  }

  approve(assignmentId: string, actor: Actor, reason?: string, options?: ChangeOptions): Promise<DistributionSummary> {
    return this.changes.approve(assignmentId, actor, reason, options);
  }

  updateAssignment(assignmentId: string, input: AssignmentChange, actor: Actor, options?: ChangeOptions): Promise<AssignmentUpdate> {
    return this.changes.updateAssignment(assignmentId, input, actor, options);
  }

  removeAssignment(assignmentId: string, actor: Actor, reason?: string, options?: ChangeOptions): Promise<RemovalResult> {
    return this.changes.removeAssignment(assignmentId, actor, reason, options);
  }

  revoke(input: RevokeInput, actor: Actor, options?: ChangeOptions): Promise<RevocationResult> {
    return this.changes.revoke(input, actor, options);
  }

  /** What the location's licenses and assignments are: what deleting its token would stop or leave behind. */
  locationFootprint(tokenId: string): LocationFootprint {
    return locationFootprint(this.core, tokenId);
  }

  /** Drops the location's assignments, licenses and queues: its token was deleted. Resolves to how many of each went. */
  forgetLocation(tokenId: string): ReturnType<typeof forgetLocation> {
    return forgetLocation(this.core, tokenId);
  }

  /** What the last reaction to this membership edit did to licenses, once durable (see WorldReactions.membershipAccount). */
  membershipAccount(edit: MembershipPreviewInput): Promise<LicenseAccount | undefined> {
    return this.reactions.membershipAccount(edit);
  }

  /**
   * What a group gaining or losing a member would do to licenses: the reaction the inventory change will trigger,
   * computed with the directory pretending the change. Unknown groups and members, and leaving a group one is not
   * in, are refused as the inventory would refuse them.
   */
  previewMembership(input: MembershipPreviewInput): LicenseAccount {
    // Refused as the inventory refuses the edit itself; an edit that changes nothing moves nothing.
    const unchanged = this.core.deps.directory.checkMembership(input);
    return this.core.rehearse((change) => {
      if (!unchanged) {
        this.core.undoAfterRehearsal(this.directory.pretend(input));
        this.reactions.decideMembership(change, input);
      }
      return {};
    }).account;
  }

  /** The preview of `reclaim`: app licenses unused for `days` (see Distribution.reclaimable). */
  reclaimable(days: number): ReclaimCandidate[] {
    return this.reclaims.reclaimable(days);
  }

  reclaim(days: number, actor: Actor, reason?: string): Promise<ReclaimResult> {
    return this.reclaims.reclaim(days, actor, reason);
  }

  // --- what happens on its own (WorldReactions and the desk) ----------------------------------

  /** Apple's count changed (sync or ASSET_COUNT): adopt it, repair any over-allocation, serve the queue. */
  observeCounts(change: Pick<AssetCountChange, 'tokenId' | 'asset'>): Promise<void> {
    return this.core.desk.observeCounts(change);
  }

  /** Compares the ledger with what Apple holds for a location (its last sync) and repairs drift. */
  reconcile(tokenId: string): ReturnType<LicenseDesk['reconcile']> {
    return this.core.desk.reconcile(tokenId);
  }

  restrictionChanged(tokenId: string, why: string): Promise<void> {
    return this.reactions.restrictionChanged(tokenId, why);
  }

  /** Resolves once every license decided so far, or being decided for a change in the world, has been sent and answered (or cannot be sent now). */
  async whenSettled(): Promise<void> {
    await this.reactions.whenDecided();
    await this.core.desk.whenSettled();
  }

  async dispose(): Promise<void> {
    this.core.desk.dispose();
    await this.reactions.dispose();
    for (const emitter of [this.core.installs, this.core.offers, this.core.removals]) emitter.dispose();
  }

  // --- start-up ---------------------------------------------------------------------------------

  /**
   * Brings what is built in memory up to the records the active host changed, for a standby: the licenses of these
   * ids (all of them again when one was deleted), the assignments' indexes, Apple's counts and the queues. What it
   * shows, and what it works on when it takes over, is what the active host wrote.
   */
  refresh(changedLicenses: Iterable<string>): void {
    if (!this.core.desk.ledger.update(changedLicenses)) this.core.desk.ledger.reload();
    this.core.reindexAssignments();
    for (const pool of this.core.desk.ledger.allPools()) pool.queue.clear();
    this.load();
  }

  /**
   * The active host's start: adopts Apple's counts of assets that have none yet, repairs what a crash left, sends
   * again what Apple may not have heard of, serves the queues, and follows the world (inventory, enrolments) until
   * the Disposable stops it.
   */
  async resume(): Promise<Disposable> {
    // Before anything is re-queued for Apple: a deleted token's leftovers are neither served nor sent.
    await sweepDeletedTokens('distribution', locationsKept(this.core), this.core.deps.tokens, this.core.deps.logger, (tokenId) => forgetLocation(this.core, tokenId));
    for (const asset of this.core.deps.assets.assets({ limit: Number.MAX_SAFE_INTEGER }).items) {
      if (!this.core.desk.hasCounts(assetKeyOf(asset))) await this.core.desk.observeCounts({ tokenId: asset.tokenId, asset });
    }
    const change = new Change();
    this.core.desk.resumeAll(change);
    for (const pool of this.core.desk.ledger.allPools()) this.core.desk.serve(change, pool);
    await this.core.desk.commit(change);
    this.reactions.listenToWorld();
    return toDisposable(() => this.reactions.dispose());
  }

  /** Apple's last known counts, the holders held back by a revocation, and the queues, from the ledger and assignments. */
  private load(): void {
    this.core.desk.loadCounts();
    this.restoreRevokedTargets();
    for (const assignment of this.core.assignments.values()) {
      if (assignment.state !== 'active') continue;
      const item = this.core.catalog.get(assignment.itemId);
      // A deleted token's leftovers queue nobody: the active host drops them when it resumes.
      if (!item?.vpp || !this.core.deps.tokens.get(item.vpp.tokenId)) continue;
      const pool = this.core.poolOf(item.vpp);
      const waiting: Waiting[] = [];
      const restriction = this.core.restrictionFor(assignment, item);
      const heldLicense = this.core.priority.licenseLookup(item);
      for (const holder of this.core.coverage.holdersOf(assignment)) {
        const classified = this.core.classify(assignment, item, holder, restriction);
        if (classified.status !== 'waiting') continue;
        if (heldLicense(holder.key) || !this.core.mayWait(pool, holder.key, classified.coveredSince)) continue;
        waiting.push(classified.entry);
      }
      pool.queue.addMany(waiting);
    }
    this.core.desk.events.baseline(this.core.desk.ledger.allPools());
  }

  /** A target revoked before the restart holds back again whoever it covered then and still covers. */
  private restoreRevokedTargets(): void {
    for (const pool of this.core.desk.ledger.allPools()) {
      for (const [key, at] of pool.revokedTargets) pool.holdBack(holderKeysOfTarget(this.core.deps.directory, targetOfKey(key), at), at);
    }
  }
}
