import { randomUUID } from 'node:crypto';
import {
  BadInputError,
  ConflictError,
  DisposableCollection,
  Emitter,
  NotFoundError,
  listen,
  quoteInput,
  type Actor,
  type AuditLog,
  type Clock,
  type Disposable,
  type Event,
  type Logger,
  type Repository,
  type Storage,
} from '@vpp-host/api';
import { ALL_TARGET_ID, UNHEALTHY_TOKEN_STATES, type AssetCountChange } from '../../api/index.js';
import type { AssetPool } from './allocator.js';
import { Catalog } from './catalog.js';
import { classifyHolder, type Classified } from './holder-classifier.js';
import { checkDevice, isRefusal, resolveAssignmentShape, type Refusal } from './eligibility.js';
import { Coverage, exclusionHolderKind } from './coverage.js';
import { coveredFrom, holderKeysOfTarget, isManaged, targetExists, targetHolders, userGroupIdsOf, type Holder } from './holders.js';
import { LicenseLedger, holderKeyOfLicense } from './ledger.js';
import { Change, LicenseDesk, type AssetCountRecord, type Waiting } from './license-desk.js';
import {
  assetKeyOf,
  holderKeyOf,
  holderKindOf,
  targetKeyOf,
  targetOfKey,
  vppItemId,
  type AssignmentRecord,
  type CatalogItem,
  type HolderKind,
  type InHouseItemRecord,
  type InstallMode,
  type LicenseCounts,
  type LicenseRecord,
  type LicenseType,
  type ReleaseCause,
  type Target,
  type VppAssetRef,
} from './model.js';
import { actionFor, mayTakeLicense, mergePolicy, resolvePolicy, type DistributionPolicy, type LifecycleEvent } from './policy.js';
import type { AppleGateway, DistributionDirectory, EnrolmentDirectory, LocationSource, TokenHealthSource, VppAssetSource } from './ports.js';
import type { AssignInput, AssignmentChange, LicenseHolder, AssignmentUpdate, Distribution, DistributionSummary, HolderRefusal, RevocationQueueEffect, RevocationResult, RevokeInput } from '../../api/index.js';
export type { AssignInput, DistributionSummary, HolderRefusal, RevocationQueueEffect, RevocationResult, RevokeInput } from '../../api/index.js';

export interface DistributionDeps {
  readonly storage: Storage;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditLog;
  readonly directory: DistributionDirectory;
  readonly enrolments: EnrolmentDirectory;
  readonly assets: VppAssetSource;
  readonly tokens: TokenHealthSource;
  readonly locations: LocationSource;
  readonly gateway: AppleGateway;
  /** Wait before sending again after Apple could not be reached. */
  readonly appleRetryDelayMs?: number;
}

/** The item is offered (manual install: the user's purchases list, or the device) to a holder. */
export interface Offer {
  readonly itemId: string;
  readonly assignmentId: string;
  readonly holderKind: HolderKind;
  readonly holderId: string;
  /** The managed devices concerned (a user's devices for user holders). */
  readonly deviceIds: readonly string[];
  readonly licensed: boolean;
  /** What the MDM applies with it: backup, removability, automatic updates. */
  readonly policy: DistributionPolicy;
}

/** One device should install the item now (automatic install): an MDM plugin acts on it. */
export interface InstallRequest extends Omit<Offer, 'deviceIds'> {
  readonly deviceId: string;
}

export interface RemovalRequest {
  readonly itemId: string;
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly deviceIds: readonly string[];
  readonly cause: ReleaseCause;
}

export interface QueueView {
  readonly item: CatalogItem;
  readonly counts: LicenseCounts;
  readonly waiting: ReadonlyArray<{ position: number; holder: string; at: string; assignmentId: string }>;
  readonly awaitingEnrolment: readonly string[];
}

export interface LedgerQuery {
  readonly item?: string;
  readonly holder?: string;
  readonly state?: LicenseRecord['state'];
  readonly offset?: number;
  readonly limit?: number;
}

const MAX_LISTED_REFUSALS = 100;
const MAX_LISTED_HOLDERS = 100;

/**
 * The ledger's sharding hint. Allocations come in batches whose ids hash across every shard, so each shard costs a
 * file write and two fsyncs per batch; 20 shards keep a 60,000-license batch fast and a single change small. The
 * engine adds shards at load as the ledger grows.
 */
const LEDGER_SHARDING_HINT = 200_000;

/**
 * Managed distribution: assignments of catalog items to devices, device groups, users and user groups; the license
 * ledger; first-come-first-served allocation per asset; membership, enrolment and count changes; revocation; and
 * the Apple side through the outbox.
 */
export class DistributionService implements Disposable {
  private readonly installs = new Emitter<InstallRequest>();
  private readonly offers = new Emitter<Offer>();
  private readonly removals = new Emitter<RemovalRequest>();
  private readonly subscriptions = new DisposableCollection();
  private readonly byItem = new Map<string, Set<string>>();
  private readonly byTarget = new Map<string, Set<string>>();
  /** Assignments by the groups they leave out (`kind:id`). */
  private readonly byExclusion = new Map<string, Set<string>>();
  private readonly coverage: Coverage;
  /** Work started by a change in the world (membership, enrolment, counts) that has not finished deciding. */
  private readonly reacting = new Set<Promise<void>>();
  readonly catalog: Catalog;
  private readonly desk: LicenseDesk;

  /** An automatic-install item should be installed on these devices (an MDM plugin acts on it). */
  readonly onDidRequestInstall: Event<InstallRequest> = this.installs.event;
  /** A manual-install item is offered in the user's purchases list. */
  readonly onDidOfferItem: Event<Offer> = this.offers.event;
  /** Policy says the app should be removed from these devices. */
  readonly onDidRequestRemoval: Event<RemovalRequest> = this.removals.event;
  /** License records changed (and are durable). */
  readonly onDidChangeLicenses: Event<readonly LicenseRecord[]>;
  readonly onDidAssignLicense: Distribution['onDidAssignLicense'];
  readonly onDidReleaseLicense: Distribution['onDidReleaseLicense'];
  readonly onDidQueueHolder: Distribution['onDidQueueHolder'];
  readonly onDidServeHolder: Distribution['onDidServeHolder'];
  readonly onDidChangeQueue: Distribution['onDidChangeQueue'];

  private constructor(
    private readonly deps: DistributionDeps,
    private readonly assignments: Repository<AssignmentRecord>,
    counts: Repository<AssetCountRecord>,
    ledger: LicenseLedger,
    inHouse: Repository<InHouseItemRecord>,
  ) {
    this.desk = new LicenseDesk({
      ledger,
      counts,
      gateway: deps.gateway,
      assets: deps.assets,
      clock: deps.clock,
      logger: deps.logger,
      audit: deps.audit,
      tokenProblem: (tokenId) => this.tokenProblem(tokenId),
      onConfirmed: (records) => this.deliverLicensed(records),
      ...(deps.appleRetryDelayMs !== undefined ? { appleRetryDelayMs: deps.appleRetryDelayMs } : {}),
    });
    this.coverage = new Coverage(deps.directory, (itemId) => this.assignmentsOfItem(itemId));
    this.onDidChangeLicenses = this.desk.onDidChangeLicenses;
    this.onDidAssignLicense = this.desk.events.onDidAssignLicense;
    this.onDidReleaseLicense = this.desk.events.onDidReleaseLicense;
    this.onDidQueueHolder = this.desk.events.onDidQueueHolder;
    this.onDidServeHolder = this.desk.events.onDidServeHolder;
    this.onDidChangeQueue = this.desk.events.onDidChangeQueue;
    this.catalog = new Catalog(
      inHouse,
      deps.assets,
      deps.clock,
      (item) => (item.vpp ? this.poolOf(item.vpp).counts() : undefined),
      (tokenId) => deps.tokens.get(tokenId)?.name ?? tokenId,
      (itemId) => deps.locations.isPublished(itemId),
    );
  }

  /** Loads the ledger and assignments, repairs what a crash left, re-queues unsent work and starts listening. */
  static async open(deps: DistributionDeps): Promise<DistributionService> {
    const [assignments, licenses, counts, inHouse] = await Promise.all([
      deps.storage.collection<AssignmentRecord>('distribution-assignments', { expectedSize: 100_000 }),
      deps.storage.collection<LicenseRecord>('distribution-licenses', { expectedSize: LEDGER_SHARDING_HINT }),
      deps.storage.collection<AssetCountRecord>('distribution-asset-counts', { expectedSize: 10_000 }),
      deps.storage.collection<InHouseItemRecord>('distribution-in-house-items', { expectedSize: 10_000 }),
    ]);
    const service = new DistributionService(deps, assignments, counts, new LicenseLedger(licenses), inHouse);
    await service.recover();
    return service;
  }

  // --- queries ----------------------------------------------------------------------------------

  listAssignments(filter: { item?: string; target?: Target } = {}): AssignmentRecord[] {
    const itemId = filter.item === undefined ? undefined : this.catalog.require(filter.item).id;
    return [...this.assignments.values()]
      .filter((a) => (itemId === undefined || a.itemId === itemId) && (!filter.target || sameTarget(a.target, filter.target)))
      .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : 1));
  }

  getAssignment(id: string): AssignmentRecord {
    const assignment = this.assignments.get(id);
    if (!assignment) throw new NotFoundError(`No assignment ${quoteInput(id)}`);
    return assignment;
  }

  licenseHolders(itemReference: string, token?: string): LicenseHolder[] {
    const item = this.requireItem(itemReference, token);
    if (!item.vpp) return [];
    return [...this.poolOf(item.vpp).held.values()]
      .sort((a, b) => (a.requestedAt < b.requestedAt ? -1 : a.requestedAt > b.requestedAt ? 1 : a.id < b.id ? -1 : 1))
      .map((record) => ({ kind: record.holderKind, id: record.holderId, appleId: record.appleHolderId }));
  }

  countsOf(ref: VppAssetRef): LicenseCounts {
    return this.poolOf(ref).counts();
  }

  /** The item a reference names (see AssignInput), within the location `token` (token id or name) when given. */
  requireItem(reference: string, token?: string): CatalogItem {
    return this.catalog.require(reference, token === undefined ? undefined : this.requireLocation(token));
  }

  queue(itemReference: string, token?: string): QueueView {
    const item = this.requireItem(itemReference, token);
    if (!item.vpp) throw new BadInputError(`${item.name} is an in-house item: it needs no license and has no queue`);
    const pool = this.poolOf(item.vpp);
    let position = 0;
    const waiting = [...pool.queue.ordered()].map((entry) => ({
      position: ++position,
      holder: entry.key,
      at: entry.at,
      assignmentId: (entry as Waiting).assignmentId,
    }));
    const awaiting = new Set<string>();
    for (const assignment of this.assignmentsOfItem(item.id)) {
      if (assignment.state !== 'active') continue;
      for (const holder of this.coverage.holdersOf(assignment)) {
        if (pool.isRevoked(holder.key, holder.coveredSince)) continue;
        if (this.classify(assignment, item, holder).status === 'awaiting-enrolment') awaiting.add(holder.key);
      }
    }
    return { item, counts: pool.counts(), waiting, awaitingEnrolment: [...awaiting] };
  }

  /** The license ledger, newest first. */
  licenses(query: LedgerQuery = {}): { items: LicenseRecord[]; total: number } {
    for (const key of ['offset', 'limit'] as const) {
      const value = query[key];
      if (value !== undefined && (!Number.isSafeInteger(value) || value < (key === 'limit' ? 1 : 0))) {
        throw new BadInputError(`${key} must be a whole number of ${key === 'limit' ? 1 : 0} or more, got ${value}`);
      }
    }
    const item = query.item === undefined ? undefined : this.catalog.require(query.item);
    if (item && !item.vpp) throw new BadInputError(`${item.name} is an in-house item: it holds no licenses`);
    const assetKey = item?.vpp ? assetKeyOf(item.vpp) : undefined;
    const matches: LicenseRecord[] = [];
    for (const record of this.desk.ledger.values()) {
      if (assetKey !== undefined && assetKeyOf(record) !== assetKey) continue;
      if (query.state !== undefined && record.state !== query.state) continue;
      if (query.holder !== undefined && record.holderId !== query.holder && record.appleHolderId !== query.holder) continue;
      matches.push(record);
    }
    matches.sort((a, b) => (a.updatedAt > b.updatedAt ? -1 : a.updatedAt < b.updatedAt ? 1 : a.id < b.id ? -1 : 1));
    const offset = query.offset ?? 0;
    return { items: matches.slice(offset, offset + (query.limit ?? 100)), total: matches.length };
  }

  // --- changes an admin makes -------------------------------------------------------------------

  /** Adds an in-house app or book to the catalog. */
  async addInHouseItem(input: unknown, actor: Actor, reason?: string): Promise<CatalogItem> {
    const item = await this.catalog.add(input, actor);
    await this.deps.audit.record({
      actor,
      action: 'vpp.catalog.add',
      target: { type: 'catalog-item', id: item.id, name: item.name },
      ...(reason ? { reason } : {}),
      details: { kind: item.kind, platforms: item.platforms, bundleId: item.bundleId, fileRef: item.fileRef },
    });
    return item;
  }

  async assign(input: AssignInput, actor: Actor): Promise<DistributionSummary> {
    const item = this.requireItem(input.item, input.tokenId);
    const target = this.requireTarget(input.target);
    const shape = resolveAssignmentShape({
      itemKind: item.kind,
      targetKind: target.kind,
      ...(input.licenseType ? { licenseType: input.licenseType } : {}),
      ...(input.installMode ? { installMode: input.installMode } : {}),
      ...(item.vpp ? { deviceAssignable: item.vpp.deviceAssignable } : {}),
    });
    if (isRefusal(shape)) throw new BadInputError(shape.message, { rule: shape.rule });
    if (target.kind === 'device') {
      const device = this.deps.directory.getDevice(target.id)!;
      const refusal = checkDevice(item.kind, item.platforms, device, shape.licenseType);
      if (refusal) throw new BadInputError(refusal.message, { rule: refusal.rule });
      if (device.state !== 'enrolled') throw new BadInputError(`Device ${device.serialNumber} is not under management (${device.state})`);
    }
    if (!this.catalog.isListed(item)) {
      throw new BadInputError(`${item.name} is not in the catalog: its location adds purchased content only when an admin does; add it first`, { rule: 'not-in-catalog' });
    }
    // A VPP item's assignment starts from its location's default policy; what the input gives overrides it.
    const base = item.vpp ? resolvePolicy(this.deps.locations.get(item.vpp.tokenId).defaultPolicy) : resolvePolicy();
    const policy = this.requirePolicyGroups(mergePolicy(base, input.policy));
    const exclusions = this.requireExclusions(input.exclusions ?? [], target);
    if (item.vpp) this.requireWritableToken(item.vpp.tokenId);
    const duplicate = this.assignmentsOfItem(item.id).find((a) => sameTarget(a.target, target));
    if (duplicate && this.revokedSinceCovered(item, duplicate)) return this.assignAgain(duplicate, item, actor, input.reason);
    if (duplicate) throw new ConflictError(`${item.name} is already assigned to ${target.kind} ${target.id} (${duplicate.id})`);

    const assignment: AssignmentRecord = {
      id: `asg-${randomUUID()}`,
      itemId: item.id,
      target,
      installMode: shape.installMode,
      ...(shape.licenseType ? { licenseType: shape.licenseType } : {}),
      policy,
      ...(exclusions.length > 0 ? { exclusions } : {}),
      state: policy.requiresApproval ? 'awaiting-approval' : 'active',
      createdAt: this.now(),
      createdBy: actorRef(actor),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    // Indexed before the write, so a concurrent duplicate is refused too.
    this.indexAssignment(assignment);
    try {
      await this.assignments.put(assignment);
    } catch (error) {
      this.unindexAssignment(assignment);
      throw error;
    }
    return this.distribute(assignment, item, shape.notes, { actor, action: 'vpp.assignment.create', reason: input.reason });
  }

  async approve(assignmentId: string, actor: Actor, reason?: string): Promise<DistributionSummary> {
    const current = this.getAssignment(assignmentId);
    if (current.state !== 'awaiting-approval') throw new ConflictError(`Assignment ${assignmentId} needs no approval`);
    const item = this.catalog.require(current.itemId);
    if (item.vpp) this.requireWritableToken(item.vpp.tokenId);
    const assignment: AssignmentRecord = { ...current, state: 'active' };
    await this.assignments.put(assignment);
    return this.distribute(assignment, item, [], { actor, action: 'vpp.assignment.approve', reason });
  }

  /**
   * Changes an assignment in place. Holders it no longer covers leave as its policy says for leaving the target (an
   * uninstall assignment lets the item's other assignments cover them again); holders it covers now join the queue
   * (or, for an uninstall assignment, lose the app).
   */
  async updateAssignment(assignmentId: string, input: AssignmentChange, actor: Actor): Promise<AssignmentUpdate> {
    const current = this.getAssignment(assignmentId);
    const item = this.catalog.require(current.itemId);
    let installMode = current.installMode;
    if (input.installMode !== undefined && input.installMode !== current.installMode) {
      if (current.installMode === 'uninstall') {
        throw new BadInputError('An uninstall assignment stays one: remove it and assign the item again', { rule: 'uninstall-fixed' });
      }
      const shape = resolveAssignmentShape({ itemKind: item.kind, targetKind: current.target.kind, installMode: input.installMode, ...(current.licenseType ? { licenseType: current.licenseType } : {}) });
      if (isRefusal(shape)) throw new BadInputError(shape.message, { rule: shape.rule });
      installMode = shape.installMode;
    }
    const policy = input.policy === undefined ? current.policy : this.requirePolicyGroups(mergePolicy(current.policy, input.policy));
    const exclusions = input.exclusions === undefined ? (current.exclusions ?? []) : this.requireExclusions(input.exclusions, current.target);
    if (item.vpp) this.requireWritableToken(item.vpp.tokenId);
    const { exclusions: _previous, ...rest } = current;
    const next: AssignmentRecord = { ...rest, installMode, policy, ...(exclusions.length > 0 ? { exclusions } : {}) };
    const before = current.state === 'active' ? holderMap(this.coverage.holdersOf(current)) : new Map<string, Holder>();
    this.unindexAssignment(current);
    this.indexAssignment(next);
    try {
      await this.assignments.put(next);
    } catch (error) {
      this.unindexAssignment(next);
      this.indexAssignment(current);
      throw error;
    }
    const change = new Change();
    const outcome = { leftOut: 0, released: 0, covered: 0, licensed: 0, queued: 0 };
    if (next.state === 'active') {
      const after = holderMap(this.coverage.holdersOf(next));
      const gone = [...before.values()].filter((holder) => !after.has(holder.key));
      const fresh = [...after.values()].filter((holder) => !before.has(holder.key));
      outcome.leftOut = gone.length;
      outcome.covered = fresh.length;
      if (next.installMode === 'uninstall') {
        for (const holder of fresh) if (this.uninstallFrom(change, item, holder.kind, holder.id)) outcome.released++;
        if (gone.length > 0) this.coverAgain(change, item);
        if (item.vpp) this.desk.serve(change, this.poolOf(item.vpp));
      } else {
        for (const holder of gone) {
          if (this.coveringAssignment(item.id, holder.kind, holder.id)) continue;
          if (this.stopFor(change, item, next, holder.kind, holder.id, 'left-target', 'left-target') === 'released') outcome.released++;
        }
        const summary = this.activate(change, next, item, []);
        outcome.licensed = summary.licensed;
        outcome.queued = summary.queued;
      }
    }
    const result: AssignmentUpdate = { assignment: next, ...outcome };
    await Promise.all([
      this.desk.commit(change),
      this.deps.audit.record({
        actor,
        action: 'vpp.assignment.update',
        target: { type: 'assignment', id: next.id, name: `${item.name} → ${next.target.kind} ${next.target.id}` },
        ...(input.reason ? { reason: input.reason } : {}),
        details: { installMode: next.installMode, policy: next.policy, exclusions: next.exclusions ?? [], ...outcome },
      }),
    ]);
    return result;
  }

  /** Stops the distribution: licenses are released or kept, and apps removed, as the policy says. */
  async removeAssignment(assignmentId: string, actor: Actor, reason?: string): Promise<{ released: number; kept: number }> {
    const assignment = this.getAssignment(assignmentId);
    const item = this.catalog.get(assignment.itemId);
    await this.assignments.delete(assignment.id);
    this.unindexAssignment(assignment);
    const change = new Change();
    let released = 0;
    let kept = 0;
    if (assignment.state === 'active' && assignment.installMode === 'uninstall') {
      if (item) this.coverAgain(change, item);
    } else if (assignment.state === 'active') {
      for (const holder of this.coverage.holdersOf(assignment)) {
        if (this.coveringAssignment(assignment.itemId, holder.kind, holder.id)) continue;
        const outcome = this.stopFor(change, item, assignment, holder.kind, holder.id, 'distribution-stopped', 'assignment-removed');
        if (outcome === 'released') released++;
        if (outcome === 'kept') kept++;
      }
    }
    await this.desk.commit(change);
    await this.deps.audit.record({
      actor,
      action: 'vpp.assignment.remove',
      target: { type: 'assignment', id: assignment.id, name: `${assignment.itemId} → ${assignment.target.kind} ${assignment.target.id}` },
      ...(reason ? { reason } : {}),
      details: { released, kept, policy: assignment.policy.onDistributionStopped },
    });
    return { released, kept };
  }

  /**
   * Takes app licenses back from a device, a user, a group, or from everyone (the app as a whole). Whoever the target
   * covers now is held back too, waiting or not: none of them is served again until an admin assigns the item to
   * them again. The licenses freed go to other targets' waiting holders, first come first served.
   */
  async revoke(input: RevokeInput, actor: Actor): Promise<RevocationResult> {
    const item = this.requireItem(input.item, input.tokenId);
    if (item.kind === 'vpp-book') {
      throw new BadInputError('VPP books cannot be revoked: a book stays with the user it was assigned to', { rule: 'vpp-book-irrevocable' });
    }
    if (!item.vpp) throw new BadInputError(`${item.name} is an in-house item: it holds no license to revoke`, { rule: 'no-license' });
    const target = input.target ? this.requireTarget(input.target) : undefined;
    this.requireWritableToken(item.vpp.tokenId);
    const pool = this.poolOf(item.vpp);
    const holderKeys = target ? new Set(holderKeysOfTarget(this.deps.directory, target)) : undefined;
    const at = this.now();
    const change = new Change();
    const chosen = [...pool.held.values()].filter((r) => !holderKeys || holderKeys.has(holderKeyOfLicense(r)));
    this.desk.release(change, chosen, 'revoked', at);
    let dropped: number;
    if (target) {
      pool.revokedTargets.set(targetKeyOf(target), at);
      dropped = pool.holdBack(holderKeys!, at);
    } else {
      pool.revokedAllAt = at;
      dropped = pool.queue.take(pool.queue.size).length;
    }
    change.writes.push(this.desk.saveCounts(pool));
    const served = this.desk.serve(change, pool);
    const queue: RevocationQueueEffect = {
      dropped,
      servedOthers: served.length,
      servedHolders: served.slice(0, MAX_LISTED_HOLDERS).map(holderKeyOfLicense),
    };
    const counts = pool.counts();
    await Promise.all([
      this.desk.commit(change),
      this.deps.audit.record({
        actor,
        action: 'vpp.license.revoke',
        target: { type: 'catalog-item', id: item.id, name: item.name },
        ...(input.reason ? { reason: input.reason } : {}),
        details: { scope: target ?? 'all', revoked: chosen.length, counts, queue },
      }),
    ]);
    return { revoked: chosen.length, counts, queue };
  }

  // --- what happens on its own ------------------------------------------------------------------

  /** Apple's count changed (sync or ASSET_COUNT): adopt it, repair any over-allocation, serve the queue. */
  observeCounts(change: Pick<AssetCountChange, 'tokenId' | 'asset'>): Promise<void> {
    return this.desk.observeCounts(change);
  }

  /** Compares the ledger with what Apple holds for a location (its last sync) and repairs drift. */
  reconcile(tokenId: string): ReturnType<LicenseDesk['reconcile']> {
    return this.desk.reconcile(tokenId);
  }

  /**
   * A location's license restriction changed: waiting holders it no longer admits leave the queue, and its active
   * assignments are distributed again, so holders it now admits take licenses. Licenses already held stay.
   */
  async restrictionChanged(tokenId: string, why: string): Promise<void> {
    const restriction = this.deps.locations.get(tokenId).licenseRestrictedToUserGroups;
    const change = new Change();
    for (const pool of this.desk.ledger.allPools()) {
      if (pool.ref.tokenId !== tokenId) continue;
      for (const entry of [...pool.queue.ordered()] as Waiting[]) {
        const userId = entry.holderKind === 'user' ? entry.holderId : this.deps.directory.getDevice(entry.holderId)?.ownerUserId;
        if (!mayTakeLicense(restriction, userGroupIdsOf(this.deps.directory, userId))) pool.queue.remove(entry.key);
      }
    }
    for (const assignment of this.assignments.values()) {
      const item = assignment.state === 'active' && assignment.installMode !== 'uninstall' ? this.catalog.get(assignment.itemId) : undefined;
      if (item?.vpp?.tokenId === tokenId) this.activate(change, assignment, item, []);
    }
    await this.desk.commit(change);
    await this.desk.auditAutomatic(change, why, { type: 'token', id: tokenId });
  }

  /** Resolves once every license decided so far, or being decided for a change in the world, has been sent and answered (or cannot be sent now). */
  async whenSettled(): Promise<void> {
    while (this.reacting.size > 0) await Promise.allSettled([...this.reacting]);
    await this.desk.whenSettled();
  }

  async dispose(): Promise<void> {
    this.desk.dispose();
    await this.subscriptions.dispose();
    for (const emitter of [this.installs, this.offers, this.removals]) emitter.dispose();
  }

  // --- internals: activation and classification ------------------------------------------------

  /**
   * The admin assigns the item again to a target it was revoked from (or revoked as a whole) since the assignment
   * was made: the holders it covers are covered anew from now, so those the revocation held back may be served again.
   */
  private async assignAgain(current: AssignmentRecord, item: CatalogItem, actor: Actor, reason: string | undefined): Promise<DistributionSummary> {
    const assignment: AssignmentRecord = { ...current, reassignedAt: this.now() };
    await this.assignments.put(assignment);
    const notes = [`Assigned again after a revocation: its holders may be served again; the install mode and policy of ${assignment.id} are unchanged`];
    return this.distribute(assignment, item, notes, { actor, action: 'vpp.assignment.reassign', reason });
  }

  /** Whether the item was revoked from the assignment's target, or as a whole, since the assignment covers its holders. */
  private revokedSinceCovered(item: CatalogItem, assignment: AssignmentRecord): boolean {
    if (!item.vpp) return false;
    const pool = this.poolOf(item.vpp);
    const from = coveredFrom(assignment);
    const revoked = [pool.revokedTargets.get(targetKeyOf(assignment.target)), pool.revokedAllAt];
    return revoked.some((at) => at !== undefined && at >= from);
  }

  /** Queues and serves an active assignment's holders, makes it durable and audits it. */
  private async distribute(
    assignment: AssignmentRecord,
    item: CatalogItem,
    notes: readonly string[],
    audit: { readonly actor: Actor; readonly action: string; readonly reason: string | undefined },
  ): Promise<DistributionSummary> {
    const change = new Change();
    const summary =
      assignment.state !== 'active'
        ? this.summaryWithoutLicenses(assignment, item, [...notes, 'Waiting for approval: nothing is distributed until an admin approves'])
        : assignment.installMode === 'uninstall'
          ? this.uninstallCovered(change, assignment, item, notes)
          : this.activate(change, assignment, item, notes);
    await Promise.all([
      this.desk.commit(change),
      this.deps.audit.record({
        actor: audit.actor,
        action: audit.action,
        target: { type: 'assignment', id: assignment.id, name: `${item.name} → ${assignment.target.kind} ${assignment.target.id}` },
        ...(audit.reason ? { reason: audit.reason } : {}),
        details: summaryDetails(summary),
      }),
    ]);
    return summary;
  }

  /** Queues the assignment's holders and serves what it can, into `change` (the caller commits it). */
  private activate(change: Change, assignment: AssignmentRecord, item: CatalogItem, notes: readonly string[]): DistributionSummary {
    const tally = { licensed: 0, alreadyLicensed: 0, queued: 0, awaitingEnrolment: 0, delivered: 0 };
    const ineligible: HolderRefusal[] = [];
    const pool = item.vpp ? this.poolOf(item.vpp) : undefined;
    const waiting: Waiting[] = [];
    for (const holder of this.coverage.holdersOf(assignment)) {
      const classified = this.classify(assignment, item, holder);
      if (classified.status === 'ineligible') {
        if (ineligible.length < MAX_LISTED_REFUSALS) ineligible.push({ holder: holder.key, ...classified.refusal });
      } else if (classified.status === 'awaiting-enrolment') {
        tally.awaitingEnrolment++;
      } else if (classified.status === 'unlicensed') {
        tally.delivered++;
        this.deliver(assignment, item, holder.kind, holder.id, classified.deviceIds, false);
      } else if (pool?.held.has(holder.key)) {
        tally.alreadyLicensed++;
      } else if (pool && this.mayWait(pool, holder.key, classified.coveredSince)) {
        waiting.push(classified.entry);
      }
    }
    if (pool) {
      pool.queue.addMany(waiting);
      tally.licensed = this.desk.serve(change, pool).length;
      for (const entry of waiting) if (pool.queue.has(entry.key)) tally.queued++;
    }
    return { assignment, ...tally, removed: 0, released: 0, ineligible, notes, ...(pool ? { counts: pool.counts() } : {}) };
  }

  /** An uninstall assignment: everyone it covers loses the app and its license; the licenses freed serve the queue. */
  private uninstallCovered(change: Change, assignment: AssignmentRecord, item: CatalogItem, notes: readonly string[]): DistributionSummary {
    let removed = 0;
    let released = 0;
    for (const holder of this.coverage.holdersOf(assignment)) {
      removed++;
      if (this.uninstallFrom(change, item, holder.kind, holder.id)) released++;
    }
    if (item.vpp) this.desk.serve(change, this.poolOf(item.vpp));
    return this.summaryWithoutLicenses(assignment, item, notes, { removed, released });
  }

  /** Removes the app from the holder's devices and takes its license and place in the queue; true when a license was released. */
  private uninstallFrom(change: Change, item: CatalogItem, kind: HolderKind, holderId: string): boolean {
    this.removals.fire({ itemId: item.id, holderKind: kind, holderId, deviceIds: this.devicesOfHolder(kind, holderId), cause: 'uninstalled' });
    if (!item.vpp) return false;
    const pool = this.poolOf(item.vpp);
    const key = holderKeyOf(kind, holderId);
    pool.queue.remove(key);
    const license = pool.held.get(key);
    if (!license) return false;
    this.desk.release(change, [license], 'uninstalled', this.now());
    return true;
  }

  /** An uninstall assignment stopped covering some holders: the item's other assignments cover them again. */
  private coverAgain(change: Change, item: CatalogItem): void {
    for (const other of this.assignmentsOfItem(item.id)) {
      if (other.state === 'active' && other.installMode !== 'uninstall') this.activate(change, other, item, []);
    }
  }

  /** An assignment that handed out no license: waiting for approval, or an uninstall (what it removed). */
  private summaryWithoutLicenses(assignment: AssignmentRecord, item: CatalogItem, notes: readonly string[], removal = { removed: 0, released: 0 }): DistributionSummary {
    const counts = item.vpp ? this.poolOf(item.vpp).counts() : undefined;
    return { assignment, licensed: 0, alreadyLicensed: 0, queued: 0, awaitingEnrolment: 0, delivered: 0, ...removal, ineligible: [], notes, ...(counts ? { counts } : {}) };
  }

  // --- internals: licenses ----------------------------------------------------------------------

  /** Policy for a holder that is no longer covered: release or keep its license, remove the app or not. */
  private stopFor(
    change: Change,
    item: CatalogItem | undefined,
    assignment: AssignmentRecord,
    kind: HolderKind,
    holderId: string,
    event: LifecycleEvent,
    cause: ReleaseCause,
  ): 'released' | 'kept' | 'none' {
    const action = actionFor(assignment.policy, event, item?.kind ?? 'vpp-app');
    const key = `${kind}:${holderId}`;
    if (action.removeApp) this.removals.fire({ itemId: assignment.itemId, holderKind: kind, holderId, deviceIds: this.devicesOfHolder(kind, holderId), cause });
    if (!item?.vpp) return 'none';
    const pool = this.poolOf(item.vpp);
    pool.queue.remove(key);
    const license = pool.held.get(key);
    if (!license) return 'none';
    if (!action.releaseLicense) return 'kept';
    this.desk.release(change, [license], cause, this.now());
    this.desk.serve(change, pool);
    return 'released';
  }

  /** Apple confirmed these licenses: their apps may now be installed or offered. */
  private deliverLicensed(records: readonly LicenseRecord[]): void {
    for (const record of records) {
      const assignment = this.assignments.get(record.assignmentId);
      const item = assignment ? this.catalog.get(assignment.itemId) : undefined;
      if (assignment && item) this.deliver(assignment, item, record.holderKind, record.holderId, this.devicesOfHolder(record.holderKind, record.holderId), true);
    }
  }

  private deliver(assignment: AssignmentRecord, item: CatalogItem, holderKind: HolderKind, holderId: string, deviceIds: readonly string[], licensed: boolean): void {
    const offer: Offer = { itemId: item.id, assignmentId: assignment.id, holderKind, holderId, deviceIds, licensed, policy: assignment.policy };
    if (assignment.installMode === 'manual') {
      this.offers.fire(offer);
      return;
    }
    const { deviceIds: _all, ...request } = offer;
    for (const deviceId of deviceIds) this.installs.fire({ ...request, deviceId });
  }

  // --- internals: reacting to the directory -----------------------------------------------------

  private async holderJoined(kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, why: string, tokenId?: string): Promise<void> {
    const change = new Change();
    for (const id of assignmentIds) {
      const assignment = this.assignments.get(id);
      if (!assignment || assignment.state !== 'active') continue;
      const item = this.catalog.get(assignment.itemId);
      if (!item || (tokenId !== undefined && item.vpp?.tokenId !== tokenId)) continue;
      const holder = this.coverage.holderIn(assignment, kind, holderId);
      if (!holder) continue;
      const classified = this.classify(assignment, item, holder);
      if (classified.status === 'unlicensed') this.deliver(assignment, item, kind, holderId, classified.deviceIds, false);
      if (classified.status !== 'waiting' || !item.vpp) continue;
      const pool = this.poolOf(item.vpp);
      if (pool.held.has(holder.key) || !this.mayWait(pool, holder.key, classified.coveredSince)) continue;
      pool.queue.add(classified.entry);
      this.desk.serve(change, pool);
    }
    await this.desk.commit(change);
    await this.desk.auditAutomatic(change, why, { type: kind, id: holderId });
  }

  private async holderLeft(kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, event: LifecycleEvent, cause: ReleaseCause, why: string): Promise<void> {
    const change = new Change();
    for (const id of assignmentIds) {
      const assignment = this.assignments.get(id);
      if (!assignment || assignment.state !== 'active') continue;
      if (event === 'left-target' && this.coveringAssignment(assignment.itemId, kind, holderId)) continue;
      this.stopFor(change, this.catalog.get(assignment.itemId), assignment, kind, holderId, event, cause);
    }
    await this.desk.commit(change);
    await this.desk.auditAutomatic(change, why, { type: kind, id: holderId });
  }

  /**
   * The holder came to be covered (`gained`) or stopped being covered by these assignments: installs queue or
   * release as usual; an uninstall assignment removes the app, and when it lets go the item's other assignments cover
   * the holder again.
   */
  private async coverageChanged(kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, gained: boolean, why: string): Promise<void> {
    const installs: string[] = [];
    const removals: AssignmentRecord[] = [];
    for (const id of assignmentIds) {
      const assignment = this.assignments.get(id);
      if (assignment?.installMode === 'uninstall') removals.push(assignment);
      else if (assignment) installs.push(id);
    }
    if (installs.length > 0) {
      await (gained ? this.holderJoined(kind, holderId, installs, why) : this.holderLeft(kind, holderId, installs, 'left-target', 'left-target', why));
    }
    if (removals.length === 0) return;
    if (!gained) {
      const others = removals.flatMap((r) => this.assignmentsOfItem(r.itemId).filter((a) => a.installMode !== 'uninstall').map((a) => a.id));
      await this.holderJoined(kind, holderId, others, why);
      return;
    }
    const change = new Change();
    for (const removal of removals) {
      const item = this.catalog.get(removal.itemId);
      if (!item || removal.state !== 'active' || !this.coverage.holderIn(removal, kind, holderId)) continue;
      this.uninstallFrom(change, item, kind, holderId);
      if (item.vpp) this.desk.serve(change, this.poolOf(item.vpp));
    }
    await this.desk.commit(change);
    await this.desk.auditAutomatic(change, why, { type: kind, id: holderId });
  }

  /** A device leaves management: every license it holds follows its assignment's policy. */
  private async deviceGone(deviceId: string, event: LifecycleEvent, cause: ReleaseCause): Promise<void> {
    const change = new Change();
    const key = `device:${deviceId}`;
    for (const pool of this.desk.ledger.allPools()) {
      pool.queue.remove(key);
      const license = pool.held.get(key);
      const assignment = license ? this.assignments.get(license.assignmentId) : undefined;
      if (!license) continue;
      const action = assignment ? actionFor(assignment.policy, event, 'vpp-app') : { removeApp: false, releaseLicense: true };
      if (action.removeApp) this.removals.fire({ itemId: assignment!.itemId, holderKind: 'device', holderId: deviceId, deviceIds: [deviceId], cause });
      if (action.releaseLicense) {
        this.desk.release(change, [license], cause, this.now());
        this.desk.serve(change, pool);
      }
    }
    await this.desk.commit(change);
    await this.desk.auditAutomatic(change, `Device ${event === 'device-wiped' ? 'selectively wiped' : 'left management'}`, { type: 'device', id: deviceId });
  }

  /** A user retired at a location: out of every queue there, app licenses given back; books stay with the user. */
  private async userRetired(tokenId: string, userId: string): Promise<void> {
    const change = new Change();
    const key = holderKeyOf('user', userId);
    const at = this.now();
    for (const pool of this.desk.ledger.allPools()) {
      if (pool.ref.tokenId !== tokenId) continue;
      pool.queue.remove(key);
      const license = pool.held.get(key);
      if (!license || this.catalog.get(vppItemId(pool.ref))?.kind === 'vpp-book') continue;
      this.desk.release(change, [license], 'user-retired', at);
      this.desk.serve(change, pool);
    }
    await this.desk.commit(change);
    await this.desk.auditAutomatic(change, 'Retired from managed distribution', { type: 'user', id: userId });
  }

  private listenToWorld(): void {
    const { directory, enrolments, assets, tokens } = this.deps;
    const guard = (work: Promise<void>) => {
      const reaction = work
        .catch((error: unknown) => this.deps.logger.error('Distribution could not apply a change', { error: String(error) }))
        .finally(() => this.reacting.delete(reaction));
      this.reacting.add(reaction);
    };
    this.subscriptions.push(
      listen(directory.onDidChangeMembership, (m) => {
        const kind: HolderKind = m.groupKind === 'device-group' ? 'device' : 'user';
        const group = `${m.groupKind}:${m.groupId}`;
        const why = `${m.change === 'joined' ? 'Joined' : 'Left'} ${m.groupKind} ${m.groupId}`;
        // Joining a target gains coverage; joining an excluded group loses it.
        void guard(this.coverageChanged(kind, m.memberId, this.byTarget.get(group) ?? [], m.change === 'joined', why));
        void guard(this.coverageChanged(kind, m.memberId, this.byExclusion.get(group) ?? [], m.change === 'left', why));
      }),
      listen(directory.onDidChangeDevice, (d) => {
        if (d.change === 'enrolled') void guard(this.holderJoined('device', d.device.id, this.assignmentIdsCovering('device', d.device.id), 'Device enrolled'));
        if (d.change === 'unenrolled' || d.change === 'removed') void guard(this.deviceGone(d.device.id, 'device-unenrolled', 'device-unenrolled'));
        if (d.change === 'wiped') void guard(this.deviceGone(d.device.id, 'device-wiped', 'device-wiped'));
      }),
      listen(enrolments.onDidEnrolUser, (e) =>
        void guard(this.holderJoined('user', e.userId, this.assignmentIdsCovering('user', e.userId), 'Accepted managed distribution', e.tokenId)),
      ),
      listen(enrolments.onDidRetireUser, (r) => void guard(this.userRetired(r.tokenId, r.userId))),
      listen(assets.onDidChangeAssetCount, (change) => void guard(this.observeCounts(change))),
      listen(tokens.onDidChangeTokenHealth, (change) => {
        if (!UNHEALTHY_TOKEN_STATES.includes(change.current.state)) this.desk.outbox.resume(change.token.id);
      }),
    );
  }

  // --- internals: start-up ----------------------------------------------------------------------

  private async recover(): Promise<void> {
    this.desk.loadCounts();
    this.restoreRevokedTargets();
    for (const asset of this.deps.assets.assets({ limit: Number.MAX_SAFE_INTEGER }).items) {
      if (!this.desk.hasCounts(assetKeyOf(asset))) await this.desk.observeCounts({ tokenId: asset.tokenId, asset });
    }
    for (const assignment of this.assignments.values()) this.indexAssignment(assignment);
    for (const assignment of this.assignments.values()) {
      if (assignment.state !== 'active') continue;
      const item = this.catalog.get(assignment.itemId);
      if (!item?.vpp) continue;
      const pool = this.poolOf(item.vpp);
      const waiting: Waiting[] = [];
      for (const holder of this.coverage.holdersOf(assignment)) {
        const classified = this.classify(assignment, item, holder);
        if (classified.status !== 'waiting') continue;
        if (pool.held.has(holder.key) || !this.mayWait(pool, holder.key, classified.coveredSince)) continue;
        waiting.push(classified.entry);
      }
      pool.queue.addMany(waiting);
    }
    this.desk.events.baseline(this.desk.ledger.allPools());
    const change = new Change();
    this.desk.resumeAll(change);
    for (const pool of this.desk.ledger.allPools()) this.desk.serve(change, pool);
    await this.desk.commit(change);
    this.listenToWorld();
  }

  /** A target revoked before the restart holds back again whoever it covered then and still covers. */
  private restoreRevokedTargets(): void {
    for (const pool of this.desk.ledger.allPools()) {
      for (const [key, at] of pool.revokedTargets) pool.holdBack(holderKeysOfTarget(this.deps.directory, targetOfKey(key), at), at);
    }
  }

  // --- internals: small helpers -----------------------------------------------------------------

  private classify(assignment: AssignmentRecord, item: CatalogItem, holder: Holder): Classified {
    const restriction = item.vpp ? this.deps.locations.get(item.vpp.tokenId).licenseRestrictedToUserGroups : [];
    return classifyHolder(this.deps.directory, this.deps.enrolments, assignment, item, holder, restriction);
  }

  /** Not failed for good, and not revoked since it became covered. */
  private mayWait(pool: AssetPool, holderKey: string, coveredSince: string): boolean {
    return !pool.blocked.has(holderKey) && !pool.isRevoked(holderKey, coveredSince);
  }

  private poolOf(ref: VppAssetRef): AssetPool {
    return this.desk.ledger.pool(ref);
  }


  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  private requireLocation(reference: string): string {
    const token = this.deps.tokens.get(reference) ?? this.deps.tokens.list().find((t) => t.name === reference);
    if (!token) throw new BadInputError(`No token ${quoteInput(reference)}: give a token's id or name`);
    return token.id;
  }

  private tokenProblem(tokenId: string): string | undefined {
    const token = this.deps.tokens.get(tokenId);
    if (!token) return `No token "${tokenId}"`;
    if (UNHEALTHY_TOKEN_STATES.includes(token.health.state)) return `Token "${token.name}" is ${token.health.state}: ${token.health.reason}`;
    return undefined;
  }

  private requireWritableToken(tokenId: string): void {
    const problem = this.tokenProblem(tokenId);
    if (problem) throw new ConflictError(`${problem}. Nothing was changed.`, { tokenId });
  }

  private requirePolicyGroups(policy: DistributionPolicy): DistributionPolicy {
    for (const groupId of policy.licenseRestrictedToUserGroups) {
      if (!this.deps.directory.getUserGroup(groupId)) throw new NotFoundError(`Policy names unknown user group "${groupId}"`);
    }
    return policy;
  }

  /** Groups an assignment leaves out: existing user groups (for users) or device groups (for devices), each once. */
  private requireExclusions(exclusions: readonly Target[], target: Target): Target[] {
    const holderKind = holderKindOf(target.kind);
    const unique = new Map<string, Target>();
    for (const group of exclusions) {
      if (group.kind !== 'user-group' && group.kind !== 'device-group') {
        throw new BadInputError(`Only user groups and device groups can be excluded, not ${group.kind} ${quoteInput(group.id)}`, { rule: 'exclusion-groups-only' });
      }
      if (exclusionHolderKind(group) !== holderKind) {
        throw new BadInputError(`An assignment to ${holderKind}s can only exclude ${holderKind} groups; ${group.kind} ${quoteInput(group.id)} holds no ${holderKind}s`, { rule: 'exclusion-kind' });
      }
      if (sameTarget(group, target)) throw new BadInputError(`An assignment cannot exclude its own target ${group.kind} ${quoteInput(group.id)}`, { rule: 'exclusion-is-target' });
      this.requireTarget(group);
      unique.set(targetKeyOf(group), { kind: group.kind, id: group.id });
    }
    return [...unique.values()];
  }

  private requireTarget(target: Target): Target {
    if (!targetExists(this.deps.directory, target)) throw new NotFoundError(`No ${target.kind} ${quoteInput(target.id)}`);
    return target;
  }

  private devicesOfHolder(kind: HolderKind, id: string): string[] {
    if (kind === 'device') return [id];
    return this.deps.directory.devicesOf(id).filter(isManaged).map((d) => d.id);
  }

  private assignmentsOfItem(itemId: string): AssignmentRecord[] {
    return [...(this.byItem.get(itemId) ?? [])].map((id) => this.assignments.get(id)!).filter(Boolean);
  }

  /** Another active assignment of the item that still covers the holder. */
  private coveringAssignment(itemId: string, kind: HolderKind, holderId: string): AssignmentRecord | undefined {
    return this.assignmentsOfItem(itemId).find((a) => a.state === 'active' && this.coverage.holderIn(a, kind, holderId));
  }

  /** Assignments whose target names the holder directly or through one of its groups. */
  private assignmentIdsCovering(kind: HolderKind, holderId: string): Set<string> {
    const groupKind = kind === 'device' ? 'device-group' : 'user-group';
    const ids = new Set([...(this.byTarget.get(`${kind}:${holderId}`) ?? []), ...(this.byTarget.get(targetKeyOf(everyone(kind))) ?? [])]);
    for (const membership of this.deps.directory.groupsOf(groupKind, holderId)) {
      for (const id of this.byTarget.get(`${groupKind}:${membership.groupId}`) ?? []) ids.add(id);
    }
    return ids;
  }

  private indexAssignment(assignment: AssignmentRecord): void {
    addTo(this.byItem, assignment.itemId, assignment.id);
    addTo(this.byTarget, `${assignment.target.kind}:${assignment.target.id}`, assignment.id);
    for (const group of assignment.exclusions ?? []) addTo(this.byExclusion, targetKeyOf(group), assignment.id);
  }

  private unindexAssignment(assignment: AssignmentRecord): void {
    this.byItem.get(assignment.itemId)?.delete(assignment.id);
    this.byTarget.get(`${assignment.target.kind}:${assignment.target.id}`)?.delete(assignment.id);
    for (const group of assignment.exclusions ?? []) this.byExclusion.get(targetKeyOf(group))?.delete(assignment.id);
  }
}

function holderMap(holders: Iterable<Holder>): Map<string, Holder> {
  const map = new Map<string, Holder>();
  for (const holder of holders) map.set(holder.key, holder);
  return map;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** The target covering every holder of a kind. */
function everyone(kind: HolderKind): Target {
  return { kind: kind === 'device' ? 'all-devices' : 'all-users', id: ALL_TARGET_ID };
}

function sameTarget(a: Target, b: Target): boolean {
  return a.kind === b.kind && a.id === b.id;
}

function actorRef(actor: Actor): Actor {
  return { kind: actor.kind, id: actor.id, ...(actor.name ? { name: actor.name } : {}) };
}

function summaryDetails(summary: DistributionSummary): Record<string, unknown> {
  const { assignment, ineligible, ...rest } = summary;
  return {
    item: assignment.itemId,
    target: assignment.target,
    installMode: assignment.installMode,
    licenseType: assignment.licenseType,
    policy: assignment.policy,
    ...rest,
    ineligible: ineligible.length,
  };
}
