import cliProgress from 'cli-progress';
import type { CommandProgress } from '../api/commands.js';

export interface ProgressDisplay {
  update(progress: CommandProgress): void;
  stop(): void;
}

/** Seconds between plain progress lines when stderr is not a terminal (a log or a CI job). */
const PLAIN_INTERVAL_MS = 5000;

/** A bar on a terminal; elsewhere a plain line now and then, so logs stay short. Both on stderr, never stdout. */
export function progressDisplay(stderr: NodeJS.WriteStream): ProgressDisplay {
  return stderr.isTTY ? new BarDisplay(stderr) : new PlainDisplay(stderr);
}

class BarDisplay implements ProgressDisplay {
  private bar: cliProgress.SingleBar | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update({ done, total, label }: CommandProgress): void {
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar(
        { stream: this.stream, format: '{label} [{bar}] {value}/{total} {percentage}% | ETA {eta_formatted}', hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(total, done, { label: label ?? 'working' });
      return;
    }
    this.bar.setTotal(total);
    this.bar.update(done, label === undefined ? {} : { label });
  }

  stop(): void {
    this.bar?.stop();
  }
}

class PlainDisplay implements ProgressDisplay {
  private lastAt: number | undefined;

  constructor(private readonly stream: NodeJS.WriteStream) {}

  update({ done, total, label }: CommandProgress): void {
    const now = performance.now();
    if (done < total && this.lastAt !== undefined && now - this.lastAt < PLAIN_INTERVAL_MS) return;
    this.lastAt = now;
    this.stream.write(`${label ?? 'progress'}: ${done}/${total}\n`);
  }

  stop(): void {}
}
