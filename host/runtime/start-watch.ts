import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface StartMeasurement {
  readonly ms: number;
  /** The longest the event loop could not turn while the start ran. */
  readonly blockedMs: number;
}

/** Times a plugin's start and watches the event loop meanwhile: a start that blocks the loop stalls the whole host. */
export async function measureStart(work: () => Promise<void>): Promise<StartMeasurement> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  let ms = 0;
  try {
    await work();
  } finally {
    ms = performance.now() - started;
    // Let the monitor's timer run once, so a block at the very end of the start is counted too.
    await new Promise((resolve) => setTimeout(resolve, 1));
    loop.disable();
  }
  return { ms, blockedMs: Math.max(0, loop.max / 1e6 - 10) };
}

/** Why a start deserves a warning, or undefined when it stayed under the threshold. */
export function startWarning({ ms, blockedMs }: StartMeasurement, thresholdMs: number): string | undefined {
  const slow = ms > thresholdMs ? [`its start took ${Math.round(ms)} ms`] : [];
  const blocked = blockedMs > thresholdMs ? [`it blocked the event loop for ${Math.round(blockedMs)} ms`] : [];
  if (slow.length + blocked.length === 0) return undefined;
  return `${[...slow, ...blocked].join(' and ')} (host setting pluginStartWarningMs: ${thresholdMs} ms)`;
}
