import type { Disposable } from './disposable.js';

export interface ScheduleOptions {
  /** Also run once right away. */
  readonly runNow?: boolean;
}

/**
 * Runs recurring work on the host clock. A run never overlaps the previous one of the same task;
 * failures are logged and the schedule goes on.
 */
export const Scheduler = Symbol.for('host.Scheduler');
export interface Scheduler {
  every(name: string, intervalMs: number, task: () => Promise<void>, options?: ScheduleOptions): Disposable;
}
