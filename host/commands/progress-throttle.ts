import type { Clock } from '../api/clock.js';
import type { CommandProgress } from '../api/commands.js';

/** Lets through at most one progress report per interval, but always the first and the last (done = total). */
export class ProgressThrottle {
  private lastAt: number | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  admit(progress: CommandProgress): boolean {
    const now = this.clock.now().getTime();
    const finished = progress.done >= progress.total;
    if (!finished && this.lastAt !== undefined && now - this.lastAt < this.intervalMs) return false;
    this.lastAt = now;
    return true;
  }
}
