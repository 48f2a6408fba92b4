import { Emitter, type Clock, type Disposable } from '@vpp-host/api';
import {
  vppItemId,
  type DistributionEvents,
  type HolderQueued,
  type HolderServed,
  type LicenseEvent,
  type LicenseRelease,
  type QueueChange,
} from '../../api/index.js';
import type { AssetPool } from './allocator.js';
import { holderKeyOfLicense } from './ledger.js';
import { assetKeyOf, type LicenseRecord } from './model.js';
import type { Waiting } from './license-desk.js';
import type { QueueMoves } from './ordered-queue.js';

/** What a committed step decided: the licenses it gave and took back, and how it moved the queues it touched. */
export interface DecidedStep {
  readonly grants: readonly LicenseRecord[];
  readonly releases: readonly LicenseRecord[];
  readonly moves: ReadonlyMap<string, { readonly pool: AssetPool; readonly moved: QueueMoves<Waiting> }>;
}

/**
 * Turns committed steps into distribution's contract events. Queue facts come from each touched pool's queue, which
 * records who joined and who was taken since the last step (the desk settles them into the step), so every place that
 * moves a queue is covered without announcing there, and a step costs what it changed.
 */
export class DistributionAnnouncer implements DistributionEvents, Disposable {
  private readonly assigned = new Emitter<LicenseEvent>();
  private readonly released = new Emitter<LicenseRelease>();
  private readonly queued = new Emitter<HolderQueued>();
  private readonly served = new Emitter<HolderServed>();
  private readonly queueChanges = new Emitter<QueueChange>();
  /** The queue length last announced, by pool key. */
  private readonly announcedLength = new Map<string, number>();
  readonly onDidAssignLicense = this.assigned.event;
  readonly onDidReleaseLicense = this.released.event;
  readonly onDidQueueHolder = this.queued.event;
  readonly onDidServeHolder = this.served.event;
  readonly onDidChangeQueue = this.queueChanges.event;

  constructor(private readonly clock: Clock) {}

  /** The queues as a start rebuilt them: already known, so only what changes from here is announced. */
  baseline(pools: Iterable<AssetPool>): void {
    for (const pool of pools) {
      pool.queue.drainChanges();
      this.announcedLength.set(pool.key, pool.queue.size);
    }
  }

  /** Call once the step's writes are durable. */
  announce(step: DecidedStep): void {
    const at = this.clock.now().toISOString();
    const moves = step.moves;
    for (const record of step.grants) {
      const event = licenseEvent(record, at);
      this.assigned.fire(event);
      const waited = moves.get(assetKeyOf(record))?.moved.taken.get(holderKeyOfLicense(record));
      if (waited !== undefined) this.served.fire({ ...event, waitingSince: waited.at });
    }
    for (const record of step.releases) this.released.fire({ ...licenseEvent(record, at), cause: record.releaseCause ?? 'cancelled' });
    for (const { pool, moved } of moves.values()) this.announceQueue(pool, moved, at);
  }

  dispose(): void {
    for (const emitter of [this.assigned, this.released, this.queued, this.served, this.queueChanges]) emitter.dispose();
  }

  private announceQueue(pool: AssetPool, moved: QueueMoves<Waiting>, at: string): void {
    const itemId = vppItemId(pool.ref.tokenId, pool.ref);
    for (const { entry, position } of moved.joined) {
      this.queued.fire({
        itemId,
        tokenId: pool.ref.tokenId,
        holder: { kind: entry.holderKind, id: entry.holderId, appleId: entry.appleHolderId },
        assignmentId: entry.assignmentId,
        position,
        waitingSince: entry.at,
        at,
      });
    }
    const previousLength = this.announcedLength.get(pool.key) ?? 0;
    const length = pool.queue.size;
    this.announcedLength.set(pool.key, length);
    if (length !== previousLength) this.queueChanges.fire({ itemId, tokenId: pool.ref.tokenId, length, previousLength, at });
  }
}

function licenseEvent(record: LicenseRecord, at: string): LicenseEvent {
  return {
    licenseId: record.id,
    itemId: vppItemId(record.tokenId, record),
    tokenId: record.tokenId,
    holder: { kind: record.holderKind, id: record.holderId, appleId: record.appleHolderId },
    assignmentId: record.assignmentId,
    at,
  };
}
