export interface StartMeasurement {
  readonly ms: number;
  /** The longest the event loop could not turn while the start ran. */
  readonly blockedMs: number;
}

/** How often the loop is sampled during a start: a turn that comes later than this was blocked for the difference. */
const SAMPLE_MS = 10;

/** Times a plugin's start and watches the event loop meanwhile: a start that blocks the loop stalls the whole host. */
export async function measureStart(work: () => Promise<void>): Promise<StartMeasurement> {
  let last = performance.now();
  let blockedMs = 0;
  const sampler = setInterval(() => {
    const now = performance.now();
    blockedMs = Math.max(blockedMs, now - last - SAMPLE_MS);
    last = now;
  }, SAMPLE_MS);
  const started = performance.now();
  let ms = 0;
  try {
    await work();
  } finally {
    ms = performance.now() - started;
    // The sampler's turn is due before this timer's, so a block at the very end of the start is counted too.
    await new Promise((resolve) => setTimeout(resolve, 1));
    clearInterval(sampler);
  }
  return { ms, blockedMs };
}

/** Why a start deserves a warning, or undefined when it stayed under the threshold. */
export function startWarning({ ms, blockedMs }: StartMeasurement, thresholdMs: number): string | undefined {
  const slow = ms > thresholdMs ? [`its start took ${Math.round(ms)} ms`] : [];
  const blocked = blockedMs > thresholdMs ? [`it blocked the event loop for ${Math.round(blockedMs)} ms`] : [];
  if (slow.length + blocked.length === 0) return undefined;
  return `${[...slow, ...blocked].join(' and ')} (host setting pluginStartWarningMs: ${thresholdMs} ms)`;
}
