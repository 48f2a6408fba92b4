import type { Clock } from '../api/clock.js';
import { toDisposable, type Disposable } from '../api/disposable.js';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    const timer = setTimeout(callback, Math.max(0, ms));
    timer.unref?.();
    return toDisposable(() => clearTimeout(timer));
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}

interface PendingTimer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** A clock that only moves when a test says so; due timers fire in order as time passes. */
export class ManualClock implements Clock {
  private current: number;
  private timers: PendingTimer[] = [];
  private seq = 0;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  setTimeout(callback: () => void, ms: number): Disposable {
    const timer = { due: this.current + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return toDisposable(() => {
      this.timers = this.timers.filter((t) => t !== timer);
    });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Moves time forward, firing each due timer at its own time and letting its promises settle. */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.timers.filter((t) => t.due <= end).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.due);
      next.callback();
    }
    this.current = end;
    await flushMicrotasks();
  }

  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
