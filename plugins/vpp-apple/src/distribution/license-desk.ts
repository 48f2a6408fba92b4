import { randomUUID } from 'node:crypto';
import { Emitter, type AuditLog, type Clock, type Disposable, type Event, type Logger, type Repository } from '@vpp-host/api';
import type { AssetCountChange } from '../../api/index.js';
import type { AssetPool } from './allocator.js';
import { AppleOutbox, RETRY_LATER, type AppleOperation, type OutboxSettlement } from './apple-outbox.js';
import { holderKeyOfLicense, NOT_ENOUGH_LICENSES, transition, type LicenseLedger } from './ledger.js';
import { appleTargetOf, appleTargetOfAssignment, assetKeyOf, type HolderKind, type LicenseRecord, type ReleaseCause } from './model.js';
import type { QueueEntry, QueueMoves } from './ordered-queue.js';
import type { AppleGateway, VppAssetSource } from './ports.js';
import { DistributionAnnouncer } from './distribution-events.js';
import { FirstOf } from './license-account.js';
import { pickInPriority, type PriorityPlan } from './priority-serving.js';

/** A waiting holder with what its license will need. */
export interface Waiting extends QueueEntry {
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly appleHolderId: string;
  readonly assignmentId: string;
}

/** Apple's count of an asset as the product last knew it, persisted so a restart never forgets a confirmation. */
export interface AssetCountRecord {
  readonly id: string;
  readonly total: number;
  /** Apple's assigned count; absent in records written before it was kept. */
  readonly assigned?: number;
  readonly foreign: number;
  readonly revokedAllAt?: string;
  /** Targets (`kind:id`) revoked one by one, and when. */
  readonly revokedTargets?: Readonly<Record<string, string>>;
  readonly observedAt: string;
}

/** A holder the step passed over, and the rule why. */
export interface SkippedHolder {
  readonly itemId: string;
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly rule: string;
  readonly message: string;
}

/** A holder the step left waiting to enrol in managed distribution (no license can go to it before). */
export interface UnenrolledHolder {
  readonly itemId: string;
  readonly userId: string;
}

/** Licenses decided in one synchronous step; Apple hears of them only once they are durable. */
export class Change {
  readonly writes: Promise<void>[] = [];
  granted = 0;
  released = 0;
  /** Licenses given and taken back in this step, announced once it is durable. */
  readonly grants: LicenseRecord[] = [];
  readonly releases: LicenseRecord[] = [];
  readonly associate: LicenseRecord[] = [];
  readonly disassociate: LicenseRecord[] = [];
  readonly touched = new Set<AssetPool>();
  /** How each touched pool's queue moved in this step, by pool key (see LicenseDesk.settleMoves). */
  readonly moves = new Map<string, { readonly pool: AssetPool; readonly moved: QueueMoves<Waiting> }>();
  /** The account of the step beyond licenses: who was passed over, who waits to enrol, whose app goes (the first of each). */
  readonly skipped = new FirstOf<SkippedHolder>();
  readonly unenrolled = new FirstOf<UnenrolledHolder>();
  readonly removals = new FirstOf<RemovalNotice>();
}

/** An app to be removed from a holder's devices. */
export interface RemovalNotice {
  readonly itemId: string;
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly deviceIds: readonly string[];
  readonly cause: ReleaseCause;
}

export interface LicenseDeskOptions {
  readonly ledger: LicenseLedger;
  readonly counts: Repository<AssetCountRecord>;
  readonly gateway: AppleGateway;
  readonly assets: Pick<VppAssetSource, 'assignmentsOfAsset'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditLog;
  /** Why Apple may not be written to for a token now, if it may not. */
  readonly tokenProblem: (tokenId: string) => string | undefined;
  /** Licenses Apple confirmed (durable): the apps may be installed now. */
  readonly onConfirmed: (records: readonly LicenseRecord[]) => void;
  /** Who of the pool's waiting holders may be served now (a group's quota); undefined: everyone. */
  readonly admission?: (pool: AssetPool) => ((entry: Waiting) => boolean) | undefined;
  /** The pools the pool shares its licenses with through assignments' location orders; undefined: none. */
  readonly priority?: (pool: AssetPool) => PriorityPlan | undefined;
  readonly appleRetryDelayMs?: number;
}

const MAX_LISTED_HOLDERS = 100;

/**
 * The license side of distribution: hands licenses to the front of an asset's queue, takes them back, keeps the
 * ledger and Apple's counts, and sends every durable decision to Apple through the outbox. Each method that
 * decides runs synchronously against the asset's pool (the critical section) and adds its writes to a Change;
 * `commit` makes the Change durable and only then queues the Apple calls.
 */
export class LicenseDesk implements Disposable {
  private readonly licenseChanges = new Emitter<readonly LicenseRecord[]>();
  /** License ids: a random prefix per run and a counter, unique across restarts and cheap at 100,000 a call. */
  private readonly licenseIdPrefix = `lic-${randomUUID().slice(0, 8)}-`;
  private licenseSequence = 0;
  /** While true, nothing is stored or sent: a preview is being computed on the live state (see DistributionCore.rehearse). */
  rehearsing = false;
  readonly ledger: LicenseLedger;
  readonly outbox: AppleOutbox;
  readonly events: DistributionAnnouncer;
  /** License records changed (and are durable). */
  readonly onDidChangeLicenses: Event<readonly LicenseRecord[]> = this.licenseChanges.event;

  constructor(private readonly options: LicenseDeskOptions) {
    this.ledger = options.ledger;
    this.events = new DistributionAnnouncer(options.clock);
    this.outbox = new AppleOutbox({
      gateway: options.gateway,
      clock: options.clock,
      logger: options.logger,
      isWritable: (tokenId) => options.tokenProblem(tokenId) === undefined,
      settle: (settlement) => this.settle(settlement),
      stillWants: (id, operation) => this.ledger.get(id)?.state === expectedState(operation),
      ...(options.appleRetryDelayMs !== undefined ? { retryDelayMs: options.appleRetryDelayMs } : {}),
    });
  }

  /** Restores Apple's last known counts into the pools. */
  loadCounts(): void {
    for (const record of this.options.counts.values()) {
      const [tokenId, adamId, pricingParam] = record.id.split('|') as [string, string, 'STDQ' | 'PLUS'];
      const pool = this.ledger.pool({ tokenId, adamId, pricingParam });
      pool.total = record.total;
      pool.foreign = record.foreign;
      // Older records kept no assigned count: assume every live license is in it, so a recount cannot lower foreign.
      pool.assigned = record.assigned ?? record.foreign + pool.held.size + pool.releasing.size;
      pool.revokedAllAt = record.revokedAllAt;
      for (const [target, at] of Object.entries(record.revokedTargets ?? {})) pool.revokedTargets.set(target, at);
    }
  }

  hasCounts(assetKey: string): boolean {
    return this.options.counts.has(assetKey);
  }

  /** After a restart: repairs over-allocation and sends again whatever Apple may not have heard of. */
  resumeAll(change: Change): void {
    for (const pool of this.ledger.allPools()) {
      this.repairOverAllocation(change, pool);
      for (const record of pool.held.values()) if (record.state === 'requested') change.associate.push(record);
      for (const record of pool.releasing.values()) change.disassociate.push(record);
    }
  }

  /**
   * Drops all of a location whose token was deleted: its licenses, queues, Apple's counts and whatever was still to
   * be sent. Apple keeps the licenses it assigned; this host no longer manages them.
   */
  async forgetLocation(tokenId: string): Promise<{ licenses: number; counts: number }> {
    this.outbox.forget(tokenId);
    const licenses = await this.ledger.forgetLocation(tokenId);
    const counts = this.options.counts;
    return { licenses, counts: await counts.deleteMany(counts.find((record) => record.id.startsWith(`${tokenId}|`)).map((record) => record.id)) };
  }

  /** The locations whose Apple counts are stored. */
  countedLocations(): string[] {
    return [...this.options.counts.values()].map((record) => record.id.split('|')[0]!);
  }

  /** Resolves once every license decided so far has been sent and answered (or cannot be sent now). */
  whenSettled(): Promise<void> {
    return this.outbox.whenIdle();
  }

  dispose(): void {
    this.outbox.dispose();
    this.licenseChanges.dispose();
    this.events.dispose();
  }

  /** Apple's count changed (sync or ASSET_COUNT): adopt it, repair any over-allocation, serve the queue. */
  async observeCounts(change: Pick<AssetCountChange, 'tokenId' | 'asset'>): Promise<void> {
    const pool = this.ledger.pool({ tokenId: change.tokenId, adamId: change.asset.adamId, pricingParam: change.asset.pricingParam });
    pool.observe(change.asset, this.oursAtApple(pool));
    const work = new Change();
    work.writes.push(this.saveCounts(pool));
    this.repairOverAllocation(work, pool);
    this.serve(work, pool);
    await this.commit(work);
    await this.auditAutomatic(work, `Apple's count changed: ${change.asset.totalCount} in total`, { type: 'asset', id: pool.key });
  }

  /**
   * Compares the ledger with what Apple holds (the last sync) for a location and repairs drift: a confirmed license
   * Apple lost is requested again, a request Apple already carried out is confirmed, a release Apple already carried
   * out is completed, and Apple's other assignments become the asset's foreign count. Licenses on their way to
   * Apple are left alone.
   */
  async reconcile(tokenId: string): Promise<{ requestedAgain: number; confirmed: number; released: number; foreign: number }> {
    const tally = { requestedAgain: 0, confirmed: 0, released: 0, foreign: 0 };
    const change = new Change();
    const at = this.now();
    for (const pool of this.ledger.allPools()) {
      if (pool.ref.tokenId !== tokenId) continue;
      const atApple = this.assignmentsAtApple(pool);
      const updated: LicenseRecord[] = [];
      for (const record of [...pool.held.values(), ...pool.releasing.values()]) {
        if (this.outbox.isInFlight(record.id)) continue;
        const held = atApple.has(appleTargetOf(record));
        if (record.state === 'confirmed' && !held) {
          const again = transition(record, 'requested', at);
          updated.push(again);
          change.associate.push(again);
          tally.requestedAgain++;
        } else if (record.state === 'requested' && held) {
          this.outbox.cancelUnsent(record);
          updated.push(transition(record, 'confirmed', at));
          tally.confirmed++;
        } else if (record.state === 'releasing' && !held) {
          updated.push(transition(record, 'released', at));
          tally.released++;
        }
      }
      change.writes.push(this.ledger.record(updated));
      // Apple's assignments are its count here: whatever of them no license of ours explains is foreign.
      const before = { assigned: pool.assigned, foreign: pool.foreign };
      pool.observe({ totalCount: pool.total, assignedCount: atApple.size }, this.oursAtApple(pool, atApple));
      if (pool.assigned !== before.assigned || pool.foreign !== before.foreign) change.writes.push(this.saveCounts(pool));
      tally.foreign += pool.foreign;
      this.repairOverAllocation(change, pool);
      this.serve(change, pool);
    }
    await this.commit(change);
    if (tally.requestedAgain + tally.confirmed + tally.released > 0) {
      await this.options.audit.record({
        actor: { kind: 'system', id: 'distribution' },
        action: 'vpp.license.reconcile',
        target: { type: 'token', id: tokenId },
        reason: "The ledger differed from Apple's assignments",
        details: tally,
      });
    }
    return tally;
  }

  /**
   * Hands free licenses to the front of the queue and returns them; a pool that shares its licenses with others
   * through location orders is served together with them. Synchronous: this is the asset's critical section.
   */
  serve(change: Change, pool: AssetPool): LicenseRecord[] {
    const plan = this.options.priority?.(pool);
    if (plan) return this.serveInPriority(change, plan);
    // Touched even when nothing is served: the step may have moved the queue, which is announced at commit.
    change.touched.add(pool);
    const admit = this.options.admission?.(pool);
    const served = pool.takeServable(admit ? (entry) => admit(entry as Waiting) : undefined) as Waiting[];
    return this.grant(change, served.map((entry) => ({ pool, entry, appleHolderId: entry.appleHolderId })));
  }

  /** Serves linked pools' queues merged first come, first served, each holder from the first location that has a license for it. */
  private serveInPriority(change: Change, plan: PriorityPlan): LicenseRecord[] {
    for (const pool of plan.pools) change.touched.add(pool);
    const { picks, stale } = pickInPriority(plan, (queue) => this.options.admission?.(queue));
    for (const { queue, key } of stale) queue.queue.remove(key);
    const byQueue = new Map<AssetPool, Set<string>>();
    for (const pick of picks) {
      const keys = byQueue.get(pick.queue) ?? new Set<string>();
      byQueue.set(pick.queue, keys.add(pick.entry.key));
    }
    for (const [queue, keys] of byQueue) queue.queue.take(keys.size, (entry) => keys.has(entry.key));
    return this.grant(change, picks.map(({ entry, source }) => ({ pool: source.pool, entry, appleHolderId: source.appleHolderId })));
  }

  /** Records new licenses, each at the pool (location) it comes from, to be associated there once durable. */
  private grant(change: Change, grants: readonly { readonly pool: AssetPool; readonly entry: Waiting; readonly appleHolderId: string }[]): LicenseRecord[] {
    if (grants.length === 0) return [];
    const at = this.now();
    const records = grants.map(
      ({ pool, entry, appleHolderId }): LicenseRecord => ({
        id: this.nextLicenseId(),
        ...pool.ref,
        holderKind: entry.holderKind,
        holderId: entry.holderId,
        appleHolderId,
        assignmentId: entry.assignmentId,
        orderAt: entry.at,
        state: 'requested',
        requestedAt: at,
        updatedAt: at,
      }),
    );
    change.writes.push(this.ledger.record(records));
    for (const record of records) change.associate.push(record);
    change.grants.push(...records);
    change.granted += records.length;
    return records;
  }

  /** Gives licenses back: unsent ones are simply cancelled, the rest are disassociated at Apple. */
  release(change: Change, records: readonly LicenseRecord[], cause: ReleaseCause, at: string): void {
    const updated: LicenseRecord[] = [];
    for (const record of records) {
      if (record.state === 'requested' && (this.rehearsing ? !this.outbox.isInFlight(record.id) : this.outbox.cancelUnsent(record))) {
        updated.push(transition(record, 'released', at, { releaseCause: cause, releaseRequestedAt: at }));
      } else if (record.state === 'requested' || record.state === 'confirmed') {
        const releasing = transition(record, 'releasing', at, { releaseCause: cause, releaseRequestedAt: at });
        updated.push(releasing);
        change.disassociate.push(releasing);
      }
      const pool = this.ledger.findPool(assetKeyOf(record));
      if (pool) change.touched.add(pool);
    }
    if (updated.length > 0) change.writes.push(this.ledger.record(updated));
    change.releases.push(...updated);
    change.released += updated.length;
  }

  /** Cancels the newest unsent requests beyond Apple's count, putting their holders back in the queue. */
  repairOverAllocation(change: Change, pool: AssetPool): void {
    let excess = pool.overAllocated;
    if (excess === 0) return;
    const candidates = [...pool.held.values()]
      .filter((r) => r.state === 'requested' && !this.outbox.isInFlight(r.id))
      .sort((a, b) => (a.orderAt > b.orderAt ? -1 : a.orderAt < b.orderAt ? 1 : a.id < b.id ? 1 : -1));
    const at = this.now();
    const cancelled: LicenseRecord[] = [];
    for (const record of candidates) {
      if (excess-- <= 0) break;
      this.outbox.cancelUnsent(record);
      cancelled.push(transition(record, 'released', at, { releaseCause: 'cancelled' }));
    }
    change.writes.push(this.ledger.record(cancelled));
    pool.queue.addMany(cancelled.map(waitingOf));
    this.options.logger.warn('Held more licenses than Apple has; cancelled the newest unsent requests', { asset: pool.key, cancelled: cancelled.length });
  }

  /** Takes how the touched pools' queues moved into the step's account; what moves later is added at the next call. */
  settleMoves(change: Change): void {
    for (const pool of change.touched) {
      const moved = pool.queue.drainChanges<Waiting>();
      const known = change.moves.get(pool.key);
      if (!known) {
        change.moves.set(pool.key, { pool, moved });
        continue;
      }
      known.moved.joined.push(...moved.joined);
      for (const [key, entry] of moved.taken) (known.moved.taken as Map<string, Waiting>).set(key, entry);
    }
  }

  /** Makes a step durable, then lets Apple hear of it. */
  async commit(change: Change): Promise<void> {
    await Promise.all(change.writes);
    this.settleMoves(change);
    this.events.announce(change);
    this.outbox.enqueue('disassociate', change.disassociate);
    this.outbox.enqueue('associate', change.associate);
  }

  /** Applies Apple's answer to a batch. */
  private async settle(settlement: OutboxSettlement): Promise<void> {
    const at = this.now();
    const pool = this.ledger.pool({ tokenId: settlement.tokenId, ...settlement.asset });
    const updated: LicenseRecord[] = [];
    const retry: LicenseRecord[] = [];
    const requeue: LicenseRecord[] = [];
    for (const outcome of settlement.outcomes) {
      const record = this.ledger.get(outcome.licenseId);
      if (!record) continue;
      if (outcome.result === 'failed' && outcome.failure.errorNumber === RETRY_LATER) {
        if (record.state === expectedState(settlement.operation)) retry.push(record);
        continue;
      }
      if (settlement.operation === 'disassociate') {
        if (record.state === 'releasing') updated.push(transition(record, 'released', at));
        continue;
      }
      if (record.state !== 'requested') continue; // revoked while in flight: its disassociation is queued
      if (outcome.result === 'done') {
        updated.push(transition(record, 'confirmed', at));
      } else {
        const failed = transition(record, 'failed', at, { failure: outcome.failure });
        updated.push(failed);
        if (outcome.failure.errorNumber === NOT_ENOUGH_LICENSES) requeue.push(failed);
      }
    }
    const change = new Change();
    change.writes.push(this.ledger.record(updated));
    const confirmedAny = updated.some((record) => record.state === 'confirmed');
    if (confirmedAny || requeue.length > 0) {
      // A license Apple counted before the ledger saw it confirmed may have been taken for foreign: not any more.
      if (confirmedAny) pool.recount(this.oursAtApple(pool));
      // Apple has fewer licenses than the product thought: wait for a count before serving again.
      if (requeue.length > 0) pool.markExhausted();
      change.writes.push(this.saveCounts(pool));
    }
    if (requeue.length > 0) {
      pool.queue.addMany(requeue.map(waitingOf));
      this.options.logger.warn('Apple had too few licenses; holders are back in the queue', { asset: pool.key, requeued: requeue.length });
    }
    this.serve(change, pool);
    await this.commit(change);
    this.outbox.enqueue(settlement.operation, retry);
    if (updated.length > 0) this.licenseChanges.fire(updated);
    const confirmed = updated.filter((record) => record.state === 'confirmed');
    if (confirmed.length > 0) this.options.onConfirmed(confirmed);
    if (requeue.length > 0) {
      await this.options.audit.record({
        actor: { kind: 'apple', id: settlement.tokenId },
        action: 'vpp.license.requeue',
        target: { type: 'asset', id: pool.key },
        reason: 'Apple reported not enough licenses (9709)',
        details: { holders: requeue.map((r) => r.appleHolderId).slice(0, MAX_LISTED_HOLDERS), count: requeue.length },
      });
    }
  }

  /** Licenses that moved without an admin asking (someone joined, enrolled or left; Apple's count changed). */
  async auditAutomatic(change: Change, reason: string, target: { type: string; id: string }): Promise<void> {
    if (change.granted + change.released === 0) return;
    await this.options.audit.record({
      actor: { kind: 'system', id: 'distribution' },
      action: 'vpp.license.automatic',
      target,
      reason,
      details: { granted: change.granted, released: change.released, assets: [...change.touched].map((p) => p.key) },
    });
  }

  saveCounts(pool: AssetPool): Promise<void> {
    if (this.rehearsing) return Promise.resolve();
    return this.options.counts.put({
      id: pool.key,
      total: pool.total,
      assigned: pool.assigned,
      foreign: pool.foreign,
      ...(pool.revokedAllAt ? { revokedAllAt: pool.revokedAllAt } : {}),
      ...(pool.revokedTargets.size > 0 ? { revokedTargets: Object.fromEntries(pool.revokedTargets) } : {}),
      observedAt: this.now(),
    });
  }

  /** Apple's assignments of the pool's asset as the last sync and the notifications since left them. */
  private assignmentsAtApple(pool: AssetPool): Set<string> {
    return new Set(this.options.assets.assignmentsOfAsset(pool.ref.tokenId, pool.ref).map(appleTargetOfAssignment));
  }

  /**
   * How many of Apple's assignments of the asset are licenses of the product (requested, confirmed or being released),
   * whether or not the ledger has heard Apple's answer yet: those are ours, never foreign.
   */
  private oursAtApple(pool: AssetPool, atApple?: ReadonlySet<string>): number {
    if (pool.held.size + pool.releasing.size === 0) return 0;
    const reported = atApple ?? this.assignmentsAtApple(pool);
    const ours = new Set<string>();
    for (const record of [...pool.held.values(), ...pool.releasing.values()]) {
      const target = appleTargetOf(record);
      if (reported.has(target)) ours.add(target);
    }
    return ours.size;
  }

  private nextLicenseId(): string {
    return this.licenseIdPrefix + (this.licenseSequence++).toString(36);
  }

  private now(): string {
    return this.options.clock.now().toISOString();
  }
}

function expectedState(operation: AppleOperation): LicenseRecord['state'] {
  return operation === 'associate' ? 'requested' : 'releasing';
}

export function waitingOf(record: LicenseRecord): Waiting {
  return {
    key: holderKeyOfLicense(record),
    at: record.orderAt,
    holderKind: record.holderKind,
    holderId: record.holderId,
    appleHolderId: record.appleHolderId,
    assignmentId: record.assignmentId,
  };
}
