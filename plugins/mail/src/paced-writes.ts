/**
 * Changes to one collection that wait for each other so that, under load, many share one write. A change made when
 * the last write started at least `intervalMs` ago goes at once; one made sooner waits for the interval to pass and
 * goes with every change made meanwhile (a later change of the same id replaces the earlier). Each promise resolves
 * when the write holding its change is durable.
 *
 * Real time on purpose: this paces disk writes, it decides nothing in the product's time.
 */
export class PacedWrites<T extends { readonly id: string }> {
  private pending = new Map<string, T>();
  private batch?: { readonly done: Promise<void>; resolve(): void; reject(error: unknown): void };
  private timer?: NodeJS.Timeout;
  private lastStart = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly write: (records: T[]) => Promise<void>,
    private readonly intervalMs: number,
  ) {}

  save(records: readonly T[]): Promise<void> {
    for (const record of records) this.pending.set(record.id, record);
    this.batch ??= deferred();
    this.timer ??= setTimeout(() => void this.flush(), Math.max(0, this.lastStart + this.intervalMs - performance.now()));
    return this.batch.done;
  }

  private async flush(): Promise<void> {
    const records = [...this.pending.values()];
    const batch = this.batch!;
    this.pending = new Map();
    this.batch = undefined;
    this.timer = undefined;
    this.lastStart = performance.now();
    try {
      await this.write(records);
      batch.resolve();
    } catch (error) {
      batch.reject(error);
    }
  }
}

function deferred(): { done: Promise<void>; resolve(): void; reject(error: unknown): void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { done, resolve, reject };
}
