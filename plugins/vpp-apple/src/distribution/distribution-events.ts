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

/** What a committed step decided: the licenses it gave and took back, and the pools whose queue it may have moved. */
export interface DecidedStep {
  readonly grants: readonly LicenseRecord[];
  readonly releases: readonly LicenseRecord[];
  readonly touched: ReadonlySet<AssetPool>;
}

/** What the listeners were last told of one pool's queue. */
interface AnnouncedQueue {
  length: number;
  readonly waiting: Map<string, string>;
}

/**
 * Turns committed steps into distribution's contract events. Queue facts are found by comparing each touched pool's
 * queue with what was announced before, so every place that moves a queue is covered without announcing there.
 */
export class DistributionAnnouncer implements DistributionEvents, Disposable {
  private readonly assigned = new Emitter<LicenseEvent>();
  private readonly released = new Emitter<LicenseRelease>();
  private readonly queued = new Emitter<HolderQueued>();
  private readonly served = new Emitter<HolderServed>();
  private readonly queueChanges = new Emitter<QueueChange>();
  /** By pool key. */
  private readonly announced = new Map<string, AnnouncedQueue>();
  readonly onDidAssignLicense = this.assigned.event;
  readonly onDidReleaseLicense = this.released.event;
  readonly onDidQueueHolder = this.queued.event;
  readonly onDidServeHolder = this.served.event;
  readonly onDidChangeQueue = this.queueChanges.event;

  constructor(private readonly clock: Clock) {}

  /** The queues as a start rebuilt them: already known, so only what changes from here is announced. */
  baseline(pools: Iterable<AssetPool>): void {
    for (const pool of pools) {
      const waiting = new Map<string, string>();
      for (const entry of pool.queue.ordered()) waiting.set(entry.key, entry.at);
      this.announced.set(pool.key, { length: pool.queue.size, waiting });
    }
  }

  /** Call once the step's writes are durable. */
  announce(step: DecidedStep): void {
    const at = this.clock.now().toISOString();
    for (const record of step.grants) {
      const event = licenseEvent(record, at);
      this.assigned.fire(event);
      const waitingSince = this.announced.get(assetKeyOf(record))?.waiting.get(holderKeyOfLicense(record));
      if (waitingSince !== undefined) this.served.fire({ ...event, waitingSince });
    }
    for (const record of step.releases) this.released.fire({ ...licenseEvent(record, at), cause: record.releaseCause ?? 'cancelled' });
    for (const pool of step.touched) this.announceQueue(pool, at);
  }

  dispose(): void {
    for (const emitter of [this.assigned, this.released, this.queued, this.served, this.queueChanges]) emitter.dispose();
  }

  private announceQueue(pool: AssetPool, at: string): void {
    const before = this.announced.get(pool.key) ?? { length: 0, waiting: new Map<string, string>() };
    const waiting = new Map<string, string>();
    const itemId = vppItemId(pool.ref.tokenId, pool.ref);
    let position = 0;
    for (const entry of pool.queue.ordered() as IterableIterator<Waiting>) {
      position++;
      waiting.set(entry.key, entry.at);
      if (before.waiting.has(entry.key)) continue;
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
    this.announced.set(pool.key, { length: waiting.size, waiting });
    if (waiting.size !== before.length) this.queueChanges.fire({ itemId, tokenId: pool.ref.tokenId, length: waiting.size, previousLength: before.length, at });
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
