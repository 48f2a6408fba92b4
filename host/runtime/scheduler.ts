import type { Clock } from '../api/clock.js';
import { toDisposable, type Disposable } from '../api/disposable.js';
import type { Logger } from '../api/logger.js';
import type { ScheduleOptions, Scheduler } from '../api/scheduler.js';

/** Recurring work on the host clock; the next run is planned only after the previous one settled. */
export class ClockScheduler implements Scheduler {
  constructor(
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  every(name: string, intervalMs: number, task: () => Promise<void>, options: ScheduleOptions = {}): Disposable {
    if (!(intervalMs > 0)) throw new Error(`Schedule "${name}" needs a positive interval, got ${intervalMs}`);
    let stopped = false;
    let pending: Disposable | undefined;

    const run = async (): Promise<void> => {
      if (stopped) return;
      const started = this.clock.now().getTime();
      try {
        await task();
      } catch (error) {
        this.logger.error(`Scheduled task "${name}" failed`, { error: errorMessage(error) });
      }
      const tookMs = this.clock.now().getTime() - started;
      this.logger.debug(`Scheduled task "${name}" ran`, { tookMs });
      plan();
    };
    const plan = (): void => {
      if (!stopped) pending = this.clock.setTimeout(() => void run(), intervalMs);
    };

    if (options.runNow) void run();
    else plan();
    return toDisposable(() => {
      stopped = true;
      void pending?.dispose();
    });
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
