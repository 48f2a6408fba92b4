import type { Clock, Disposable } from '@vpp-host/api';
import { EventTimeoutError } from './errors.js';
import type { EventType, StatusResponse } from '../../api/apple-wire.js';
import type { NotifiedOutcome, WaitForEventOptions } from '../../api/client.js';

const REMEMBERED_NOTIFICATIONS = 1000;

/** Confirms async events by polling `status` or by a notification, whichever comes first. */
export class EventWaiter {
  private readonly wakers = new Map<string, Set<() => void>>();
  /** Notifications that arrived before anyone waited for their event. */
  private readonly early = new Set<string>();
  private readonly notified = new Map<string, NotifiedOutcome>();

  constructor(
    private readonly clock: Clock,
    private readonly defaults: Required<WaitForEventOptions>,
  ) {}

  notify(eventId: string, outcome?: NotifiedOutcome): void {
    if (outcome) {
      this.notified.set(eventId, outcome);
      if (this.notified.size > REMEMBERED_NOTIFICATIONS) this.notified.delete(this.notified.keys().next().value!);
    }
    const wakers = this.wakers.get(eventId);
    if (!wakers || wakers.size === 0) {
      this.early.add(eventId);
      if (this.early.size > REMEMBERED_NOTIFICATIONS) this.early.delete(this.early.values().next().value!);
      return;
    }
    for (const wake of wakers) wake();
  }

  /** `expectedItems`: how many items the request held, so a notification covering all of them can settle it. */
  async wait(eventId: string, poll: () => Promise<StatusResponse>, options: WaitForEventOptions = {}, expectedItems?: number): Promise<StatusResponse> {
    const pollIntervalMs = options.pollIntervalMs ?? this.defaults.pollIntervalMs;
    const deadline = this.clock.now().getTime() + (options.timeoutMs ?? this.defaults.timeoutMs);
    for (;;) {
      if (!this.early.delete(eventId)) await this.nextWake(eventId, pollIntervalMs);
      const told = this.notified.get(eventId);
      this.notified.delete(eventId);
      if (told?.succeeded && expectedItems !== undefined && told.items === expectedItems) {
        return { eventStatus: 'COMPLETE', eventType: told.eventType, numCompleted: told.items, numRequested: told.items, uId: told.uId };
      }
      const status = await poll();
      if (status.eventStatus !== 'PENDING') return status;
      if (this.clock.now().getTime() >= deadline) throw new EventTimeoutError(eventId);
    }
  }

  private nextWake(eventId: string, delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: Disposable | undefined;
      const wakers = this.wakers.get(eventId) ?? new Set();
      this.wakers.set(eventId, wakers);
      const wake = () => {
        wakers.delete(wake);
        if (wakers.size === 0) this.wakers.delete(eventId);
        void timer?.dispose();
        resolve();
      };
      wakers.add(wake);
      timer = this.clock.setTimeout(wake, delayMs);
    });
  }
}
