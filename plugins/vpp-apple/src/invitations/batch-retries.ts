import type { Clock, Disposable } from '@vpp-host/api';
import { AppleApiError, EventTimeoutError, WalkUnstableError } from '../client/index.js';
import { backoffDelayMs, type RetryPolicy } from '../client/retry-policy.js';

/** A batch Apple cannot take for now is tried again after a pause that grows to a few minutes, until it is done. */
const BATCH_RETRY: RetryPolicy = { maxAttempts: Infinity, baseDelayMs: 5_000, maxDelayMs: 5 * 60_000 };
/** At least half the pause, so retries never bunch up at zero. */
const halfJitter = () => 0.5 + Math.random() / 2;

/** Apple could not take the request now (unavailable, rate-limited, unreachable, still busy): worth sending again later. */
export function isTransient(error: unknown): boolean {
  return (error instanceof AppleApiError && error.isTransient) || error instanceof EventTimeoutError || error instanceof WalkUnstableError;
}

/** The pauses of batches waiting to be tried again, on the host clock; disposing cancels them (the batches stay stored). */
export class BatchRetries implements Disposable {
  private readonly waiting = new Map<string, Disposable>();

  constructor(private readonly clock: Clock) {}

  /** Runs `retry` after the pause before attempt `attempt + 1`; returns the pause in ms. */
  schedule(batchId: string, attempt: number, retry: () => void): number {
    const delayMs = backoffDelayMs(BATCH_RETRY, attempt, halfJitter);
    const timer = this.clock.setTimeout(() => {
      this.waiting.delete(batchId);
      retry();
    }, delayMs);
    this.waiting.set(batchId, timer);
    return delayMs;
  }

  /** Cancels a batch's pause: the batch is gone. */
  async cancel(batchId: string): Promise<void> {
    await this.waiting.get(batchId)?.dispose();
    this.waiting.delete(batchId);
  }

  async dispose(): Promise<void> {
    for (const timer of this.waiting.values()) await timer.dispose();
    this.waiting.clear();
  }
}
