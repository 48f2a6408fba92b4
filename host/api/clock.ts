import type { Disposable } from './disposable.js';

/** The only source of time for domain code, so tests can move it. */
export const Clock = Symbol.for('host.Clock');
export interface Clock {
  now(): Date;
  /** Runs `callback` once after `ms` of this clock's time. */
  setTimeout(callback: () => void, ms: number): Disposable;
  sleep(ms: number): Promise<void>;
}
