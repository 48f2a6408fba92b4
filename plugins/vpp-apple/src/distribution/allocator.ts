import { assetKeyOf, type LicenseCounts, type LicenseRecord, type VppAssetRef } from './model.js';
import { OrderedQueue, type QueueEntry, type QueueState } from './ordered-queue.js';

/** A pool's whole state, to put back after a rehearsal. */
export interface PoolState {
  readonly counts: { readonly total: number; readonly assigned: number; readonly foreign: number; readonly revokedAllAt: string | undefined };
  readonly held: Map<string, LicenseRecord>;
  readonly releasing: Map<string, LicenseRecord>;
  readonly blocked: Map<string, LicenseRecord>;
  readonly revokedAt: Map<string, string>;
  readonly revokedTargets: Map<string, string>;
  readonly queue: QueueState;
}

/**
 * One asset at one location: what Apple has, what the product holds and who waits, in first-come-first-served
 * order. Every decision about this asset's licenses is taken synchronously against this state, so concurrent
 * requests are serialised by construction and can never hand out more than `available`.
 */
export class AssetPool {
  readonly key: string;
  /** Apple's total (last sync, plus ASSET_COUNT deltas since). */
  total = 0;
  /** Apple's assigned count as last known (sync, notifications), ours included. */
  assigned = 0;
  /** Licenses Apple counts as assigned that no license of the product explains. */
  foreign = 0;
  /** When the app as a whole was last revoked: holders covered before it wait for a new assignment. */
  revokedAllAt: string | undefined;
  /** requested or confirmed, by holder key. */
  readonly held = new Map<string, LicenseRecord>();
  readonly releasing = new Map<string, LicenseRecord>();
  /** Holders whose last license failed for a reason that retrying will not cure. */
  readonly blocked = new Map<string, LicenseRecord>();
  /** When a holder was last revoked (its license taken back, or its place in the queue): it waits for a new assignment. */
  readonly revokedAt = new Map<string, string>();
  /** Targets (`kind:id`) revoked one by one and when: whoever they covered then is held back as `revokedAt` says. */
  readonly revokedTargets = new Map<string, string>();
  readonly queue = new OrderedQueue();

  constructor(readonly ref: VppAssetRef) {
    this.key = assetKeyOf(ref);
  }

  /** Apple's last known count minus what the product holds or has in flight. */
  get available(): number {
    return Math.max(0, this.total - this.foreign - this.held.size);
  }

  /** Licenses held beyond what Apple has (after a refund, or a crash between two shard writes). */
  get overAllocated(): number {
    return Math.max(0, this.held.size - Math.max(0, this.total - this.foreign));
  }

  counts(): LicenseCounts {
    return { total: this.total, held: this.held.size, foreign: this.foreign, available: this.available, queued: this.queue.size };
  }

  /** Its state as it is now; `restore` puts it back. */
  snapshot(): PoolState {
    return {
      counts: { total: this.total, assigned: this.assigned, foreign: this.foreign, revokedAllAt: this.revokedAllAt },
      held: new Map(this.held),
      releasing: new Map(this.releasing),
      blocked: new Map(this.blocked),
      revokedAt: new Map(this.revokedAt),
      revokedTargets: new Map(this.revokedTargets),
      queue: this.queue.snapshot(),
    };
  }

  restore(state: PoolState): void {
    ({ total: this.total, assigned: this.assigned, foreign: this.foreign, revokedAllAt: this.revokedAllAt } = state.counts);
    for (const key of ['held', 'releasing', 'blocked', 'revokedAt', 'revokedTargets'] as const) {
      const map = this[key] as Map<string, unknown>;
      map.clear();
      for (const [k, v] of state[key]) map.set(k, v);
    }
    this.queue.restore(state.queue);
  }

  /** Takes the holders that can be served now, front of the queue first, passing over those `admit` turns away. */
  takeServable(admit?: (entry: QueueEntry) => boolean): QueueEntry[] {
    return this.queue.take(this.available, admit);
  }

  /**
   * Apple said "not enough licenses": it has none left for us until counts say otherwise. Its count is taken to
   * include every license held, so a later `recount` does not hand the seats out again.
   */
  markExhausted(): void {
    this.foreign = Math.max(this.foreign, this.total - this.held.size);
    this.assigned = Math.max(this.assigned, this.foreign + this.held.size);
  }

  /**
   * A fresh count from Apple. `ours` is how many of the assignments Apple counts are licenses of the product (held
   * or being released, whatever the ledger has heard back yet): Apple processed them, so they are never foreign.
   */
  observe(counts: { totalCount: number; assignedCount: number }, ours: number): void {
    this.total = counts.totalCount;
    this.assigned = counts.assignedCount;
    this.foreign = Math.max(0, this.assigned - ours);
  }

  /**
   * The ledger learned more of its own licenses at Apple (a request confirmed) against the same count: what was
   * foreign may turn out to be ours. It only ever lowers `foreign`: one more foreign license is news only a count brings.
   */
  recount(ours: number): void {
    this.foreign = Math.min(this.foreign, Math.max(0, this.assigned - ours));
  }

  /**
   * A revocation reached these holders at `at`: none of them is served from it, so those waiting leave the queue.
   * Returns how many were waiting.
   */
  holdBack(holderKeys: Iterable<string>, at: string): number {
    let dropped = 0;
    for (const key of holderKeys) {
      this.markRevoked(key, at);
      if (this.queue.remove(key)) dropped++;
    }
    return dropped;
  }

  /** Keeps the latest revocation of a holder. */
  markRevoked(holderKey: string, at: string): void {
    const previous = this.revokedAt.get(holderKey);
    if (previous === undefined || previous < at) this.revokedAt.set(holderKey, at);
  }

  /** Whether a holder covered since `coveredSince` is held back by an earlier revocation. */
  isRevoked(holderKey: string, coveredSince: string): boolean {
    const revoked = this.revokedAt.get(holderKey);
    if (revoked !== undefined && revoked >= coveredSince) return true;
    return this.revokedAllAt !== undefined && this.revokedAllAt >= coveredSince;
  }
}
