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
