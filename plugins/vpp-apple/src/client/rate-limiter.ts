import type { Clock } from '@vpp-host/api';

interface Slot {
  /** When the response came back; undefined while the request is in flight. */
  releasedAt?: number;
}

/**
 * At most `max` requests per rolling window, shared by every caller of one token (parallel page fetches
 * included), granted in call order. A slot is held from the grant until one window after the response
 * arrives: Apple counts a request when it arrives, somewhere in between, so this bound holds at Apple's side
 * whatever the network latency.
 */
export class SlidingWindowRateLimiter {
  private slots: Slot[] = [];
  private tail: Promise<unknown> = Promise.resolve();
  private wakeOnRelease?: () => void;

  constructor(
    private readonly clock: Clock,
    private max: number,
    private readonly windowMs: number,
  ) {}

  setMax(max: number): void {
    this.max = Math.max(1, Math.floor(max));
  }

  /** Waits for a slot; call the returned function when the response has arrived (or the request failed). */
  acquire(): Promise<() => void> {
    const granted = this.tail.then(() => this.waitForSlot());
    this.tail = granted;
    return granted;
  }

  private async waitForSlot(): Promise<() => void> {
    for (;;) {
      const now = this.clock.now().getTime();
      this.slots = this.slots.filter((s) => s.releasedAt === undefined || s.releasedAt > now - this.windowMs);
      if (this.slots.length < this.max) return this.take();
      const released = this.slots.filter((s) => s.releasedAt !== undefined).map((s) => s.releasedAt!);
      if (released.length > 0) {
        await this.clock.sleep(Math.min(...released) + this.windowMs - now);
      } else {
        await new Promise<void>((resolve) => (this.wakeOnRelease = resolve));
      }
    }
  }

  private take(): () => void {
    const slot: Slot = {};
    this.slots.push(slot);
    return () => {
      if (slot.releasedAt !== undefined) return;
      slot.releasedAt = this.clock.now().getTime();
      const wake = this.wakeOnRelease;
      this.wakeOnRelease = undefined;
      wake?.();
    };
  }
}
