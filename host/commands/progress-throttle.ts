import type { Clock } from '../api/clock.js';
import type { CommandProgress } from '../api/commands.js';

/**
 * Lets through at most one progress report per interval, but always the first, the last (done = total) and the
 * first of each phase (a new label), so a script sees every step of a long command.
 */
export class ProgressThrottle {
  private lastAt: number | undefined;
  private lastLabel: string | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
  ) {}

  admit(progress: CommandProgress): boolean {
    const now = this.clock.now().getTime();
    const finished = progress.done >= progress.total;
    const newPhase = progress.label !== this.lastLabel;
    if (!finished && !newPhase && this.lastAt !== undefined && now - this.lastAt < this.intervalMs) return false;
    this.lastAt = now;
    this.lastLabel = progress.label;
    return true;
  }
}
