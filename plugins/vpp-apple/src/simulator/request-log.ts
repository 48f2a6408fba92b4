/** One request the simulated service received, for tests and the bench to check rates and counts. */
export interface LoggedRequest {
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly uId?: string;
  readonly httpStatus: number;
  readonly errorNumber?: number;
}

/** Per-location rolling one-second window, as Apple limits `maxRequestPerSecond` per token. */
export class RateWindow {
  private readonly recent = new Map<string, number[]>();

  /** Records the request and says whether it fits within `max` per rolling second. */
  admit(uId: string, now: number, max: number): boolean {
    const times = this.recent.get(uId) ?? [];
    while (times.length > 0 && times[0]! <= now - 1000) times.shift();
    this.recent.set(uId, times);
    if (times.length >= max) return false;
    times.push(now);
    return true;
  }
}

/** The largest number of requests inside any window of `windowMs` (for asserting a rate). */
export function maxInAnyWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
