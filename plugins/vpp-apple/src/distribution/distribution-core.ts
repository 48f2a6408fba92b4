import {
  BadInputError,
  ConflictError,
  cutText,
  phrase,
  saying,
  Emitter,
  NotFoundError,
  quoteInput,
  type Actor,
  type AuditLog,
  type Clock,
  type Logger,
  type Said,
  type Repository,
  type Storage,
} from '@vpp-host/api';
import { ALL_TARGET_ID, UNHEALTHY_TOKEN_STATES } from '../../api/index.js';
import type { AssetPool } from './allocator.js';
import { Catalog } from './catalog.js';
import { classifyHolder, type Classified } from './holder-classifier.js';
import { Coverage } from './coverage.js';
import { overQuota, quotaAdmission } from './quotas.js';
import { LocationPriority } from './location-priority.js';
import { assignmentName, isManaged, targetExists, type Holder } from './holders.js';
import { noSuchRecord } from './target-resolver.js';
import { LicenseLedger } from './ledger.js';
import { Change, LicenseDesk, type AssetCountRecord, type RemovalNotice, type Waiting } from './license-desk.js';
import { accountOf, type AccountLabels } from './license-account.js';
import {
  holderKeyOf,
  vppItemId,
  targetKeyOf,
  type AssignmentRecord,
  type CatalogItem,
  type HolderKind,
  type InHouseItemRecord,
  type LicenseRecord,
  type ReleaseCause,
  type Target,
  type VppAssetRef,
} from './model.js';
import { actionFor, type DistributionPolicy, type LifecycleEvent } from './policy.js';
import type {
  AppleGateway,
  DistributionDirectory,
  EnrolmentDirectory,
  LocationSource,
  TokenHealthSource,
  VppAssetSource,
} from './ports.js';
import type { DistributionSummary, HolderRefusal, LicenseAccount } from '../../api/index.js';

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

/** Policy says the app should be removed from these devices. */
export type RemovalRequest = RemovalNotice;

/** What distributing an assignment decided; its account is added once the whole step is decided. */
export type DistributionTally = Omit<DistributionSummary, 'account'>;


/** A holder's place for an item, as another product had it: it keeps that place here. */
export interface SeniorityRecord {
  /** `itemId#kind:holderId` */
  readonly id: string;
  readonly at: string;
}

export function seniorityId(itemId: string, holderKey: string): string {
  return `${itemId}#${holderKey}`;
}

export const MAX_LISTED_REFUSALS = 100;
export const MAX_LISTED_HOLDERS = 100;

/**
 * What the parts of managed distribution share: the assignments and their indexes, whom each covers, the license
 * desk (ledger, queues, Apple's outbox), the catalog, the MDM-facing events, and the steps every change is made of
 * (activating an assignment, delivering, stopping a holder, uninstalling). AssignmentChanges, WorldReactions and
 * DistributionService act through it.
 */
export class DistributionCore {
  readonly installs = new Emitter<InstallRequest>();
  readonly offers = new Emitter<Offer>();
  readonly removals = new Emitter<RemovalRequest>();
  readonly byItem = new Map<string, Set<string>>();
  readonly byTarget = new Map<string, Set<string>>();
  /** Assignments by the groups they leave out (`kind:id`). */
  readonly byExclusion = new Map<string, Set<string>>();
  readonly coverage: Coverage;
  readonly catalog: Catalog;
  readonly desk: LicenseDesk;
  /** Assignments whose licenses come from several locations in priority order. */
  readonly priority: LocationPriority;
  /** While a preview is computed: what puts back what it changed outside the pools (indexes, the directory's view). */
  private rehearsal: (() => void)[] | undefined;
  /** Assignments a rehearsal reads in place of the stored ones (see pretendAssignment). */
  private readonly pretended = new Map<string, AssignmentRecord>();
  /** What names holders, targets and items in accounts and previews. */
  readonly labels: AccountLabels;

  constructor(
    readonly deps: DistributionDeps,
    readonly assignments: Repository<AssignmentRecord>,
    counts: Repository<AssetCountRecord>,
    ledger: LicenseLedger,
    inHouse: Repository<InHouseItemRecord>,
    /** Places in first-come-first-served order carried over from another product (a migration). */
    readonly seniority: Repository<SeniorityRecord>,
  ) {
    this.priority = new LocationPriority({
      directory: deps.directory,
      enrolments: deps.enrolments,
      locations: deps.locations,
      tokens: deps.tokens,
      assignment: (id) => this.assignment(id),
      assignmentsOfItem: (itemId) => this.assignmentsOfItem(itemId),
      poolOf: (ref) => this.poolOf(ref),
      findPool: (key) => this.desk.ledger.findPool(key),
    });
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
      admission: (pool) => this.quotaAdmission(pool),
      priority: (pool) => this.priority.plan(pool),
      ...(deps.appleRetryDelayMs !== undefined ? { appleRetryDelayMs: deps.appleRetryDelayMs } : {}),
    });
    this.coverage = new Coverage(deps.directory, (itemId) => this.assignmentsOfItem(itemId));
    const locationName = (tokenId: string) => deps.tokens.get(tokenId)?.name ?? tokenId;
    this.catalog = new Catalog(
      inHouse,
      deps.assets,
      deps.clock,
      (item) => (item.vpp ? this.poolOf(item.vpp).counts() : undefined),
      locationName,
      (itemId) => deps.locations.isPublished(itemId),
    );
    this.labels = { directory: deps.directory, item: (id) => this.catalog.get(id), locationName };
  }

  /**
   * Computes a step on the live state without changing anything: `decide` runs as the change itself would, but the
   * ledger stores nothing, Apple hears nothing, no app is installed or removed, and every pool, index and overlay
   * it touched is put back before this returns. `decide` must be synchronous, so nothing else runs meanwhile.
   */
  rehearse<T extends object>(decide: (change: Change) => T): T & { readonly account: LicenseAccount } {
    if (this.rehearsal) throw new Error('A preview is already being computed');
    const restorePools = this.desk.ledger.rehearse();
    const undo: (() => void)[] = [];
    this.rehearsal = undo;
    this.desk.rehearsing = true;
    try {
      const change = new Change();
      return { ...decide(change), account: this.account(change, true) };
    } finally {
      for (const step of undo.reverse()) step();
      restorePools();
      this.rehearsal = undefined;
      this.desk.rehearsing = false;
    }
  }

  /**
   * During a rehearsal: the assignment as the change would store it (new or changed), indexed and read in place of
   * the stored one until the rehearsal ends.
   */
  pretendAssignment(assignment: AssignmentRecord): void {
    const stored = this.assignments.get(assignment.id);
    if (stored) this.unindexAssignment(stored);
    this.indexAssignment(assignment);
    this.pretended.set(assignment.id, assignment);
    this.undoAfterRehearsal(() => {
      this.pretended.delete(assignment.id);
      this.unindexAssignment(assignment);
      if (stored) this.indexAssignment(stored);
    });
  }

  /** During a rehearsal, `step` puts back something the rehearsal changed; otherwise nothing. */
  undoAfterRehearsal(step: () => void): void {
    this.rehearsal?.push(step);
  }

  get rehearsing(): boolean {
    return this.rehearsal !== undefined;
  }

  /** The account of a decided step (preview or change): licenses, queue places, holders passed over, apps removed. */
  account(change: Change, preview = false): LicenseAccount {
    this.desk.settleMoves(change);
    return accountOf(change, this.labels, preview);
  }

  /** Asks the MDM to remove the app (not while rehearsing) and notes it in the step's account. */
  requestRemoval(change: Change, notice: RemovalNotice): void {
    change.removals.add(() => notice);
    if (!this.rehearsal) this.removals.fire(notice);
  }

  getAssignment(id: string): AssignmentRecord {
    const assignment = this.assignments.get(id);
    if (!assignment) throw saying(new NotFoundError(`No assignment ${quoteInput(id)}`), 'vpp.assignment.unknown', { id: cutText(id) });
    return assignment;
  }

  /** The item a reference names (see AssignInput), within the location `token` (token id or name) when given. */
  requireItem(reference: string, token?: string): CatalogItem {
    return this.catalog.require(reference, token === undefined ? undefined : this.requireLocation(token));
  }

  /** Queues and serves an active assignment's holders, makes it durable and audits it. */
  async distribute(
    assignment: AssignmentRecord,
    item: CatalogItem,
    notes: readonly Said[],
    audit: { readonly actor: Actor; readonly action: string; readonly reason: string | undefined },
  ): Promise<DistributionSummary> {
    const change = new Change();
    const summary: DistributionSummary = { ...this.decideDistribution(change, assignment, item, notes), account: this.account(change) };
    await Promise.all([
      this.desk.commit(change),
      this.deps.audit.record({
        actor: audit.actor,
        action: audit.action,
        target: { type: 'assignment', id: assignment.id, name: assignmentName(item.name, assignment.target, this.deps.directory) },
        ...(audit.reason ? { reason: audit.reason } : {}),
        details: summaryDetails(summary),
      }),
    ]);
    return summary;
  }

  /** What distributing an assignment decides, into `change`: nothing while it awaits approval. */
  decideDistribution(change: Change, assignment: AssignmentRecord, item: CatalogItem, notes: readonly Said[]): DistributionTally {
    if (assignment.state !== 'active') return this.summaryWithoutLicenses(assignment, item, [...notes, phrase('Waiting for approval: nothing is distributed until an admin approves', 'vpp.note.awaiting-approval')]);
    if (assignment.installMode === 'uninstall') return this.uninstallCovered(change, assignment, item, notes);
    return this.activate(change, assignment, item, notes);
  }

  /** Queues the assignment's holders and serves what it can, into `change` (the caller commits it). */
  activate(change: Change, assignment: AssignmentRecord, item: CatalogItem, notes: readonly Said[]): DistributionTally {
    const tally = { licensed: 0, alreadyLicensed: 0, queued: 0, awaitingEnrolment: 0, delivered: 0 };
    const ineligible: HolderRefusal[] = [];
    const pool = item.vpp ? this.poolOf(item.vpp) : undefined;
    const waiting: Waiting[] = [];
    const restriction = this.restrictionFor(assignment, item);
    const heldLicense = item.vpp ? this.priority.licenseLookup(item) : undefined;
    for (const holder of this.coverage.holdersOf(assignment)) {
      const classified = this.classify(assignment, item, holder, restriction);
      this.noteUnserved(change, item, holder, classified);
      if (classified.status === 'ineligible') {
        if (ineligible.length < MAX_LISTED_REFUSALS) ineligible.push({ holder: holder.key, ...classified.refusal });
      } else if (classified.status === 'awaiting-enrolment') {
        tally.awaitingEnrolment++;
      } else if (classified.status === 'unlicensed') {
        tally.delivered++;
        this.deliver(assignment, item, holder.kind, holder.id, classified.deviceIds, false);
      } else if (heldLicense?.(holder.key)) {
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
    return { assignment, ...tally, removed: 0, released: 0, ineligible, ...notesOf(notes), ...(pool ? { counts: pool.counts() } : {}) };
  }

  /** Notes in the step's account a holder that gets no license: passed over by a rule, or waiting to enrol. */
  noteUnserved(change: Change, item: CatalogItem, holder: Holder, classified: Classified): void {
    if (classified.status === 'ineligible') change.skipped.add(() => ({ itemId: item.id, holderKind: holder.kind, holderId: holder.id, ...classified.refusal }));
    if (classified.status === 'awaiting-enrolment') change.unenrolled.add(() => ({ itemId: item.id, userId: holder.id }));
  }

  /** An uninstall assignment: everyone it covers loses the app and its license; the licenses freed serve the queue. */
  uninstallCovered(change: Change, assignment: AssignmentRecord, item: CatalogItem, notes: readonly Said[]): DistributionTally {
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
  uninstallFrom(change: Change, item: CatalogItem, kind: HolderKind, holderId: string): boolean {
    this.requestRemoval(change, { itemId: item.id, holderKind: kind, holderId, deviceIds: this.devicesOfHolder(kind, holderId), cause: 'uninstalled' });
    if (!item.vpp) return false;
    const key = holderKeyOf(kind, holderId);
    this.poolOf(item.vpp).queue.remove(key);
    const license = this.heldLicense(item, key);
    if (!license) return false;
    this.desk.release(change, [license], 'uninstalled', this.now());
    return true;
  }

  /** An uninstall assignment stopped covering some holders: the item's other assignments cover them again. */
  coverAgain(change: Change, item: CatalogItem): void {
    for (const other of this.assignmentsOfItem(item.id)) {
      if (other.state === 'active' && other.installMode !== 'uninstall') this.activate(change, other, item, []);
    }
  }

  /** An assignment that handed out no license: waiting for approval, or an uninstall (what it removed). */
  summaryWithoutLicenses(assignment: AssignmentRecord, item: CatalogItem, notes: readonly Said[], removal = { removed: 0, released: 0 }): DistributionTally {
    const counts = item.vpp ? this.poolOf(item.vpp).counts() : undefined;
    return { assignment, licensed: 0, alreadyLicensed: 0, queued: 0, awaitingEnrolment: 0, delivered: 0, ...removal, ineligible: [], ...notesOf(notes), ...(counts ? { counts } : {}) };
  }

  /** Who of the pool's waiting holders may be served now, as their groups' quotas allow. */
  quotaAdmission(pool: AssetPool): ((entry: Waiting) => boolean) | undefined {
    return quotaAdmission(pool, this.assignmentsOfItem(vppItemId(pool.ref)), this.priority.poolsServing(pool));
  }

  /** The pool's waiting holders that are over their group's quota now. */
  overQuota(pool: AssetPool): Set<string> {
    return overQuota(pool, this.assignmentsOfItem(vppItemId(pool.ref)), this.priority.poolsServing(pool));
  }

  /** Policy for a holder that is no longer covered: release or keep its license, remove the app or not. */
  stopFor(
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
    if (action.removeApp) this.requestRemoval(change, { itemId: assignment.itemId, holderKind: kind, holderId, deviceIds: this.devicesOfHolder(kind, holderId), cause });
    if (!item?.vpp) return 'none';
    this.poolOf(item.vpp).queue.remove(key);
    const license = this.heldLicense(item, key);
    if (!license) return 'none';
    if (!action.releaseLicense) return 'kept';
    this.desk.release(change, [license], cause, this.now());
    this.desk.serve(change, this.poolOf(license));
    return 'released';
  }

  /** Apple confirmed these licenses: their apps may now be installed or offered. */
  deliverLicensed(records: readonly LicenseRecord[]): void {
    for (const record of records) {
      const assignment = this.assignments.get(record.assignmentId);
      const item = assignment ? this.catalog.get(assignment.itemId) : undefined;
      if (assignment && item) this.deliver(assignment, item, record.holderKind, record.holderId, this.devicesOfHolder(record.holderKind, record.holderId), true);
    }
  }

  deliver(assignment: AssignmentRecord, item: CatalogItem, holderKind: HolderKind, holderId: string, deviceIds: readonly string[], licensed: boolean): void {
    if (this.rehearsal) return;
    const offer: Offer = { itemId: item.id, assignmentId: assignment.id, holderKind, holderId, deviceIds, licensed, policy: assignment.policy };
    if (assignment.installMode === 'manual') {
      this.offers.fire(offer);
      return;
    }
    const { deviceIds: _all, ...request } = offer;
    for (const deviceId of deviceIds) this.installs.fire({ ...request, deviceId });
  }

  /**
   * Where a holder stands for an assignment. A loop over many holders of one item reads the location's restriction
   * once (`restrictionFor`) and passes it.
   */
  classify(assignment: AssignmentRecord, item: CatalogItem, holder: Holder, restriction = this.restrictionFor(assignment, item)): Classified {
    const classified = classifyHolder(this.deps.directory, this.deps.enrolments, assignment, item, holder, restriction);
    if (classified.status !== 'waiting') return classified;
    const carried = this.seniority.get(seniorityId(item.id, holder.key));
    return carried ? { ...classified, entry: { ...classified.entry, at: carried.at } } : classified;
  }

  /** The user groups the item's location restricts its licenses to (none: anyone). */
  restrictionOf(item: CatalogItem): readonly string[] {
    return item.vpp ? this.deps.locations.get(item.vpp.tokenId).licenseRestrictedToUserGroups : [];
  }

  /** Who the assignment may license: its location's restriction, or for a location order who any of them admits. */
  restrictionFor(assignment: AssignmentRecord, item: CatalogItem): readonly string[] {
    return assignment.locations ? this.priority.restrictionOf(assignment.locations) : this.restrictionOf(item);
  }

  /** The license a holder holds for the item, at its own location or one of its assignments' orders. */
  heldLicense(item: CatalogItem, holderKey: string): LicenseRecord | undefined {
    return item.vpp ? this.priority.heldLicense(item, holderKey) : undefined;
  }

  /** Not failed for good, and not revoked since it became covered. */
  mayWait(pool: AssetPool, holderKey: string, coveredSince: string): boolean {
    return !pool.blocked.has(holderKey) && !pool.isRevoked(holderKey, coveredSince);
  }

  poolOf(ref: VppAssetRef): AssetPool {
    return this.desk.ledger.pool(ref);
  }

  now(): string {
    return this.deps.clock.now().toISOString();
  }

  requireLocation(reference: string): string {
    const token = this.deps.tokens.get(reference) ?? this.deps.tokens.list().find((t) => t.name === reference);
    if (!token) throw saying(new BadInputError(`No token ${quoteInput(reference)}: give a token's id or name`), 'vpp.token.unknown', { token: cutText(reference) });
    return token.id;
  }

  tokenProblem(tokenId: string): string | undefined {
    const token = this.deps.tokens.get(tokenId);
    if (!token) return `No token "${tokenId}"`;
    if (UNHEALTHY_TOKEN_STATES.includes(token.health.state)) return `Token "${token.name}" is ${token.health.state}: ${token.health.reason}`;
    return undefined;
  }

  requireWritableToken(tokenId: string): void {
    const problem = this.tokenProblem(tokenId);
    if (!problem) return;
    const token = this.deps.tokens.get(tokenId);
    const error = new ConflictError(`${problem}. Nothing was changed.`, { tokenId });
    throw token ? saying(error, 'vpp.token-unwritable', { token: token.name, state: token.health.state }) : error;
  }

  requireTarget(target: Target): Target {
    if (targetExists(this.deps.directory, target)) return target;
    // Everyone is refused only for an id other than ALL_TARGET_ID, a script's mistake: said in English.
    if (target.kind === 'all-users' || target.kind === 'all-devices') throw new NotFoundError(`No ${target.kind} ${quoteInput(target.id)}`);
    throw noSuchRecord(target.kind, target.id);
  }

  devicesOfHolder(kind: HolderKind, id: string): string[] {
    if (kind === 'device') return [id];
    return this.deps.directory.devicesOf(id).filter(isManaged).map((d) => d.id);
  }

  assignmentsOfItem(itemId: string): AssignmentRecord[] {
    return [...(this.byItem.get(itemId) ?? [])].map((id) => this.assignment(id)!).filter(Boolean);
  }

  /** The assignment as stored, or as a rehearsal pretends it. */
  assignment(id: string): AssignmentRecord | undefined {
    return this.pretended.get(id) ?? this.assignments.get(id);
  }

  /** Another active assignment of the item that still covers the holder. */
  coveringAssignment(itemId: string, kind: HolderKind, holderId: string): AssignmentRecord | undefined {
    return this.assignmentsOfItem(itemId).find((a) => a.state === 'active' && this.coverage.holderIn(a, kind, holderId));
  }

  /** Assignments whose target names the holder directly or through one of its groups. */
  assignmentIdsCovering(kind: HolderKind, holderId: string): Set<string> {
    const groupKind = kind === 'device' ? 'device-group' : 'user-group';
    const ids = new Set([...(this.byTarget.get(`${kind}:${holderId}`) ?? []), ...(this.byTarget.get(targetKeyOf(everyone(kind))) ?? [])]);
    for (const membership of this.deps.directory.groupsOf(groupKind, holderId)) {
      for (const id of this.byTarget.get(`${groupKind}:${membership.groupId}`) ?? []) ids.add(id);
    }
    return ids;
  }

  /** Indexes every stored assignment afresh. */
  reindexAssignments(): void {
    for (const index of [this.byItem, this.byTarget, this.byExclusion]) index.clear();
    this.priority.clear();
    for (const assignment of this.assignments.values()) this.indexAssignment(assignment);
  }

  indexAssignment(assignment: AssignmentRecord): void {
    addTo(this.byItem, assignment.itemId, assignment.id);
    addTo(this.byTarget, `${assignment.target.kind}:${assignment.target.id}`, assignment.id);
    for (const group of assignment.exclusions ?? []) addTo(this.byExclusion, targetKeyOf(group), assignment.id);
    this.priority.index(assignment);
  }

  unindexAssignment(assignment: AssignmentRecord): void {
    this.byItem.get(assignment.itemId)?.delete(assignment.id);
    this.byTarget.get(`${assignment.target.kind}:${assignment.target.id}`)?.delete(assignment.id);
    for (const group of assignment.exclusions ?? []) this.byExclusion.get(targetKeyOf(group))?.delete(assignment.id);
    this.priority.unindex(assignment);
  }
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

export function sameTarget(a: Target, b: Target): boolean {
  return a.kind === b.kind && a.id === b.id;
}

function summaryDetails(summary: DistributionSummary): Record<string, unknown> {
  const { assignment, ineligible, account: _account, ...rest } = summary;
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

/** A summary's notes in English for scripts, and as messages for saying them. */
function notesOf(notes: readonly Said[]): Pick<DistributionTally, 'notes' | 'notesSaid'> {
  return { notes: notes.map((note) => note.message), notesSaid: notes };
}
