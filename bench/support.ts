import { performance, type IntervalHistogram } from 'node:perf_hooks';

/** Prints one figure in the form BENCHMARKS.md records: `BENCH name: value unit (target ...)`. */
export function report(name: string, value: number, unit: string, target?: string): void {
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  console.log(`BENCH ${name}: ${shown}${unit ? ` ${unit}` : ''}${target ? ` (target ${target})` : ''}`);
}

/** Samples RSS every 20 ms until stopped; returns the peak in MB. */
export function trackPeakRss(): () => number {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return () => {
    clearInterval(timer);
    return Math.max(peak, process.memoryUsage.rss()) / 2 ** 20;
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The median time of `runs` calls, after `warmup` untimed ones. */
export async function timed(runs: number, once: () => Promise<void>, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await once();
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * Opens a large collection and reports how long that took (`<prefix>.load-1M`) and the longest event-loop stall
 * meanwhile (`<prefix>.max-loop-stall-load-1M`); checks it holds `expected` records.
 */
export async function timedLoad<T extends { rows: { count(): number } }>(prefix: string, loopDelay: IntervalHistogram, expected: number, open: () => Promise<T>): Promise<T> {
  loopDelay.reset();
  const started = performance.now();
  const opened = await open();
  report(`${prefix}.load-1M`, performance.now() - started, 'ms');
  report(`${prefix}.max-loop-stall-load-1M`, loopDelay.max / 1e6, 'ms');
  if (opened.rows.count() !== expected) throw new Error(`expected ${expected} records after load, found ${opened.rows.count()}`);
  return opened;
}

/** The time of each of `count` puts made one after another, each awaited until durable (the loop-delay reset first). */
export async function timedPuts(count: number, loopDelay: IntervalHistogram, put: (n: number) => Promise<void>): Promise<number[]> {
  const durations: number[] = [];
  loopDelay.reset();
  for (let n = 0; n < count; n++) {
    const started = performance.now();
    await put(n);
    durations.push(performance.now() - started);
  }
  return durations;
}

/**
 * Resolves once the event loop has been nearly idle for a whole window: work a set-up started in the background (a
 * sync's enrolments being distributed) is done, and does not weigh on what is measured next.
 */
export async function whenIdle(windowMs = 500, busyBelow = 0.05, giveUpMs = 300_000): Promise<void> {
  const started = performance.now();
  for (;;) {
    const before = performance.eventLoopUtilization();
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    if (performance.eventLoopUtilization(before).utilization < busyBelow) return;
    if (performance.now() - started > giveUpMs) throw new Error(`The host was still busy after ${giveUpMs} ms`);
  }
}
