import { toDisposable, type Clock, type Disposable } from '@vpp-host/api';

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A test clock whose timers fire almost at once: each pending timer is fired on the next turn of the event
 * loop, earliest due first, with the clock jumped to its due time. Backoffs and poll intervals cost no real time.
 */
export class InstantClock implements Clock {
  private nowMs: number;
  private seq = 0;
  private readonly timers: Timer[] = [];

  /** With `autoFire: false` timers wait for `advance()`, for tests that must show something else won a race. */
  constructor(
    start = new Date('2026-06-01T09:00:00Z'),
    private readonly autoFire = true,
  ) {
    this.nowMs = start.getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  /** Moves time forward, firing the timers that fall due. */
  advance(ms: number): void {
    const target = this.nowMs + ms;
    for (let next = this.earliest(); next && next.at <= target; next = this.earliest()) this.fire(next);
    this.nowMs = Math.max(this.nowMs, target);
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    const timer: Timer = { at: this.nowMs + Math.max(0, ms), seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    if (this.autoFire) setImmediate(() => {
      const next = this.earliest();
      if (next) this.fire(next);
    });
    return toDisposable(() => {
      timer.cancelled = true;
    });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  private earliest(): Timer | undefined {
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]!.cancelled) this.timers.splice(i, 1);
    return this.timers.reduce<Timer | undefined>(
      (best, t) => (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq) ? t : best),
      undefined,
    );
  }

  private fire(timer: Timer): void {
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.nowMs = Math.max(this.nowMs, timer.at);
    timer.callback();
  }
}
