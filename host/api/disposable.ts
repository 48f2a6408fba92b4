/** Anything a plugin starts, registers or subscribes returns a Disposable; the host disposes them on stop. */
export interface Disposable {
  dispose(): void | Promise<void>;
}

export function toDisposable(dispose: () => void | Promise<void>): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      return dispose();
    },
  };
}

/**
 * Disposes its members in reverse order of registration, awaiting each, and carries on past failures
 * so one broken disposer cannot leak the rest; the failures are rethrown together at the end.
 */
export class DisposableCollection implements Disposable {
  private readonly items: Disposable[] = [];
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  push(...items: Disposable[]): Disposable {
    if (this.disposed) throw new Error('Cannot add to a disposed collection');
    this.items.push(...items);
    return toDisposable(() => {
      for (const item of items) {
        const at = this.items.indexOf(item);
        if (at >= 0) this.items.splice(at, 1);
      }
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const failures: unknown[] = [];
    while (this.items.length > 0) {
      const item = this.items.pop()!;
      try {
        await item.dispose();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) throw new AggregateError(failures, `${failures.length} disposers failed`);
  }
}
