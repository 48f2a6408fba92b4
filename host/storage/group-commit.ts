interface Batch {
  readonly done: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A caller may drop its promise; the failure still reaches flush() and later callers.
  done.catch(() => undefined);
  return { done, resolve, reject };
}

/**
 * Coalesces the changes of one file into few physical writes. At most one write is in flight; every change that
 * arrives meanwhile joins the next write, and each caller's promise settles with the first write that contains its
 * change. A write starts one macrotask after the first change, so changes made in the same tick share it.
 */
export class GroupCommit {
  private pending: Batch | undefined;
  private inFlight: Batch | undefined;
  private lastWriteFailed = false;

  constructor(private readonly writeFile: () => Promise<void>) {}

  /** Call right after changing memory; resolves once a write containing that change is on disk. */
  commit(): Promise<void> {
    if (!this.pending) {
      this.pending = newBatch();
      if (!this.inFlight) setImmediate(() => void this.drain());
    }
    return this.pending.done;
  }

  /** Resolves once everything changed so far is on disk (retrying a write that failed). */
  flush(): Promise<void> {
    if (this.pending) return this.pending.done;
    if (this.inFlight) return this.inFlight.done;
    return this.lastWriteFailed ? this.commit() : Promise.resolve();
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const batch = this.pending;
      this.pending = undefined;
      this.inFlight = batch;
      try {
        await this.writeFile();
        this.lastWriteFailed = false;
        batch.resolve();
      } catch (error) {
        this.lastWriteFailed = true;
        batch.reject(error);
      }
      this.inFlight = undefined;
    }
  }
}
