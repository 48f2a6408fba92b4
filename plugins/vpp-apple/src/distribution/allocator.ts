import { assetKeyOf, type LicenseCounts, type LicenseRecord, type VppAssetRef } from './model.js';
import { OrderedQueue, type QueueEntry } from './ordered-queue.js';

/**
 * One asset at one location: what Apple has, what the product holds and who waits, in first-come-first-served
 * order. Every decision about this asset's licenses is taken synchronously against this state, so concurrent
 * requests are serialised by construction and can never hand out more than `available`.
 */
export class AssetPool {
  readonly key: string;
  /** Apple's total (last sync, plus ASSET_COUNT deltas since). */
  total = 0;
  /** Licenses Apple counts as assigned that the product did not assign (or has not seen confirmed). */
  foreign = 0;
  /** When the app as a whole was last revoked: holders covered before it wait for a new assignment. */
  revokedAllAt: string | undefined;
  /** requested or confirmed, by holder key. */
  readonly held = new Map<string, LicenseRecord>();
  readonly releasing = new Map<string, LicenseRecord>();
  /** Holders whose last license failed for a reason that retrying will not cure. */
  readonly blocked = new Map<string, LicenseRecord>();
  /** When a holder's license was last revoked. */
  readonly revokedAt = new Map<string, string>();
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

  /** Takes the holders that can be served now, front of the queue first. */
  takeServable(): QueueEntry[] {
    return this.queue.take(this.available);
  }

  /** Apple said "not enough licenses": it has none left for us until counts say otherwise. */
  markExhausted(): void {
    this.foreign = Math.max(this.foreign, this.total - this.held.size);
  }

  /** A fresh count from Apple; `confirmedByApple` are the licenses Apple is known to hold for the product. */
  observe(counts: { totalCount: number; assignedCount: number }, confirmedByApple: number): void {
    this.total = counts.totalCount;
    // Licenses Apple processed but the product has not seen confirmed count as foreign: safe until confirmed.
    this.foreign = Math.max(0, counts.assignedCount - confirmedByApple);
  }

  /** Whether a holder covered since `coveredSince` is held back by an earlier revocation. */
  isRevoked(holderKey: string, coveredSince: string): boolean {
    const revoked = this.revokedAt.get(holderKey);
    if (revoked !== undefined && revoked >= coveredSince) return true;
    return this.revokedAllAt !== undefined && this.revokedAllAt >= coveredSince;
  }
}
