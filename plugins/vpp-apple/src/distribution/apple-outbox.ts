import type { Clock, Disposable, Logger } from '@vpp-host/api';
import type { ItemFailure } from '../../api/client.js';
import type { AssetKey } from '../../api/index.js';
import { appleTargetOf, assetKeyOf, type LicenseRecord } from './model.js';
import type { AppleGateway, SubmittedAppleEvent } from './ports.js';

export type AppleOperation = 'associate' | 'disassociate';

/** What Apple made of one license in a batch. */
export type LicenseOutcome =
  | { readonly licenseId: string; readonly result: 'done' }
  | { readonly licenseId: string; readonly result: 'failed'; readonly failure: { errorNumber?: number; message: string } };

export interface OutboxSettlement {
  readonly operation: AppleOperation;
  readonly tokenId: string;
  readonly asset: AssetKey;
  readonly outcomes: readonly LicenseOutcome[];
}

export interface AppleOutboxOptions {
  readonly gateway: AppleGateway;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Whether Apple may be written to for the token now. */
  readonly isWritable: (tokenId: string) => boolean;
  /** Applies outcomes to the ledger; resolves when they are durable. */
  readonly settle: (settlement: OutboxSettlement) => Promise<void>;
  /** Whether a license still wants this operation (it may have moved on while queued). */
  readonly stillWants: (licenseId: string, operation: AppleOperation) => boolean;
  /** Wait before retrying after Apple could not be reached. */
  readonly retryDelayMs?: number;
}

interface AssetWork {
  readonly asset: AssetKey;
  readonly pending: Record<AppleOperation, Map<string, string>>;
  readonly inFlight: Record<AppleOperation, number>;
}

/**
 * Sends the ledger's reservations to Apple. It holds no state of its own that matters after a crash: the ledger
 * says which licenses are requested or releasing, and the outbox is rebuilt from it at start (Apple's associate and
 * disassociate are idempotent, so a batch sent twice does no harm). Per location it sends every pending
 * disassociation before any association of the same asset, so freed seats are free at Apple before they are reused.
 */
export class AppleOutbox implements Disposable {
  private readonly work = new Map<string, Map<string, AssetWork>>();
  private readonly inFlight = new Set<string>();
  private readonly pumps = new Map<string, Promise<void>>();
  private readonly idleWaiters = new Set<() => void>();
  private disposed = false;

  constructor(private readonly options: AppleOutboxOptions) {}

  enqueue(operation: AppleOperation, records: readonly LicenseRecord[]): void {
    const opposite: AppleOperation = operation === 'associate' ? 'disassociate' : 'associate';
    let work: AssetWork | undefined;
    let previous: LicenseRecord | undefined;
    for (const record of records) {
      // A batch is usually one asset: look its work up once.
      if (!work || !previous || previous.tokenId !== record.tokenId || previous.adamId !== record.adamId || previous.pricingParam !== record.pricingParam) {
        work = this.workFor(record.tokenId, record);
      }
      previous = record;
      work.pending[opposite].delete(record.id);
      work.pending[operation].set(record.id, appleTargetOf(record));
    }
    const tokens = new Set(records.map((r) => r.tokenId));
    for (const tokenId of tokens) this.pump(tokenId);
  }

  /** Removes a license that was never sent; false when it is already on its way to Apple. */
  cancelUnsent(record: LicenseRecord): boolean {
    if (this.inFlight.has(record.id)) return false;
    const work = this.work.get(record.tokenId)?.get(assetKeyOf(record));
    work?.pending.associate.delete(record.id);
    return true;
  }

  isInFlight(licenseId: string): boolean {
    return this.inFlight.has(licenseId);
  }

  /** Drops what was still to be sent for a deleted token; batches already on their way settle as usual. */
  forget(tokenId: string): void {
    this.work.delete(tokenId);
  }

  /** Starts sending for a token that became writable again. */
  resume(tokenId: string): void {
    this.pump(tokenId);
  }

  /** Resolves when nothing is pending or in flight (or only for tokens that may not be written). */
  whenIdle(): Promise<void> {
    if (this.pumps.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.add(resolve));
  }

  dispose(): void {
    this.disposed = true;
  }

  private workFor(tokenId: string, asset: AssetKey): AssetWork {
    let assets = this.work.get(tokenId);
    if (!assets) this.work.set(tokenId, (assets = new Map()));
    const key = assetKeyOf({ tokenId, ...asset });
    let work = assets.get(key);
    if (!work) {
      work = {
        asset: { adamId: asset.adamId, pricingParam: asset.pricingParam },
        pending: { associate: new Map(), disassociate: new Map() },
        inFlight: { associate: 0, disassociate: 0 },
      };
      assets.set(key, work);
    }
    return work;
  }

  private pump(tokenId: string): void {
    if (this.pumps.has(tokenId) || this.disposed) return;
    // Starts on the next turn, so whoever queued the work gets its answer first.
    const run = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.drain(tokenId))
      .catch((error: unknown) => this.options.logger.error('Sending licenses to Apple failed', { tokenId, error: String(error) }))
      .finally(() => {
        this.pumps.delete(tokenId);
        if (this.hasPending(tokenId) && this.options.isWritable(tokenId) && !this.disposed) this.pump(tokenId);
        else if (this.pumps.size === 0) this.wakeIdleWaiters();
      });
    this.pumps.set(tokenId, run);
  }

  private wakeIdleWaiters(): void {
    const waiters = [...this.idleWaiters];
    this.idleWaiters.clear();
    for (const wake of waiters) wake();
  }

  private hasPending(tokenId: string): boolean {
    for (const work of this.work.get(tokenId)?.values() ?? []) {
      if (work.pending.associate.size + work.pending.disassociate.size > 0) return true;
    }
    return false;
  }

  private async drain(tokenId: string): Promise<void> {
    while (!this.disposed && this.options.isWritable(tokenId) && this.hasPending(tokenId)) {
      const ok = (await this.phase(tokenId, 'disassociate')) && (await this.phase(tokenId, 'associate'));
      if (!ok) {
        await this.options.clock.sleep(this.options.retryDelayMs ?? 60_000);
      }
    }
  }

  /** Sends one operation for every asset of the token that has it pending; false when Apple could not be reached. */
  private async phase(tokenId: string, operation: AppleOperation): Promise<boolean> {
    const batches: Array<Promise<boolean>> = [];
    for (const work of this.work.get(tokenId)?.values() ?? []) {
      const pending = work.pending[operation];
      if (pending.size === 0) continue;
      if (operation === 'associate' && (work.pending.disassociate.size > 0 || work.inFlight.disassociate > 0)) continue;
      const batch = new Map<string, string>();
      for (const [licenseId, target] of pending) {
        if (this.options.stillWants(licenseId, operation)) batch.set(target, licenseId);
      }
      pending.clear();
      if (batch.size === 0) continue;
      batches.push(this.send(tokenId, work, operation, batch));
    }
    const results = await Promise.all(batches);
    return results.every(Boolean);
  }

  private async send(tokenId: string, work: AssetWork, operation: AppleOperation, batch: Map<string, string>): Promise<boolean> {
    const targets = { serialNumbers: [] as string[], clientUserIds: [] as string[] };
    for (const target of batch.keys()) (target.startsWith('s:') ? targets.serialNumbers : targets.clientUserIds).push(target.slice(2));
    for (const licenseId of batch.values()) this.inFlight.add(licenseId);
    work.inFlight[operation] += batch.size;
    try {
      let submitted: SubmittedAppleEvent[];
      try {
        submitted = await this.options.gateway[operation](tokenId, work.asset, targets);
      } catch (error) {
        this.options.logger.warn(`Apple refused or could not take an ${operation} batch; it will be sent again`, {
          tokenId,
          adamId: work.asset.adamId,
          count: batch.size,
          error: String(error),
        });
        for (const [target, licenseId] of batch) work.pending[operation].set(licenseId, target);
        return false;
      }
      const outcomes = await Promise.all(submitted.map((event) => this.outcomesOf(tokenId, event, batch)));
      await this.options.settle({ operation, tokenId, asset: work.asset, outcomes: outcomes.flat() });
      return true;
    } finally {
      for (const licenseId of batch.values()) this.inFlight.delete(licenseId);
      work.inFlight[operation] -= batch.size;
    }
  }

  private async outcomesOf(tokenId: string, event: SubmittedAppleEvent, batch: Map<string, string>): Promise<LicenseOutcome[]> {
    const named = [...event.serialNumbers.map((s) => `s:${s}`), ...event.clientUserIds.map((u) => `u:${u}`)];
    let failures: ItemFailure[];
    try {
      failures = (await this.options.gateway.waitForEvent(tokenId, event.eventId)).failures;
    } catch (error) {
      // No answer: treat the batch as not done so it is sent again (Apple advises resending a stuck event).
      return named.flatMap((target) => {
        const licenseId = batch.get(target);
        return licenseId ? [{ licenseId, result: 'failed' as const, failure: { message: `No answer from Apple: ${String(error)}`, errorNumber: RETRY_LATER } }] : [];
      });
    }
    const failedBy = new Map<string, ItemFailure>();
    const general = failures.find((f) => f.serialNumber === undefined && f.clientUserId === undefined);
    for (const failure of failures) {
      if (failure.serialNumber !== undefined) failedBy.set(`s:${failure.serialNumber}`, failure);
      if (failure.clientUserId !== undefined) failedBy.set(`u:${failure.clientUserId}`, failure);
    }
    return named.flatMap((target): LicenseOutcome[] => {
      const licenseId = batch.get(target);
      if (!licenseId) return [];
      const failure = failedBy.get(target) ?? general;
      return failure
        ? [{ licenseId, result: 'failed', failure: { errorNumber: failure.errorNumber, message: failure.errorMessage } }]
        : [{ licenseId, result: 'done' }];
    });
  }
}

/** Not Apple's: marks a license whose event got no answer, to be sent again rather than failed. */
export const RETRY_LATER = -1;
