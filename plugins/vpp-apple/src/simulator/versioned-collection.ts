/**
 * Records ordered by the version that last changed them (a Map re-inserts on change), so a listing is one
 * cached array per state and a `sinceVersionId` delta is a binary search into it.
 */
export class VersionedCollection<T extends { version: number }> {
  private readonly items = new Map<string, T>();
  private mutations = 0;
  private snapshotCache?: { mutations: number; list: T[] };

  get size(): number {
    return this.items.size;
  }

  /** Changes whenever the contents change; derived caches key on it. */
  get stateKey(): number {
    return this.mutations;
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  put(key: string, item: T, version: number): void {
    this.items.delete(key);
    item.version = version;
    this.items.set(key, item);
    this.mutations++;
  }

  delete(key: string): T | undefined {
    const item = this.items.get(key);
    if (item) {
      this.items.delete(key);
      this.mutations++;
    }
    return item;
  }

  /** Every record, oldest change first. */
  all(): readonly T[] {
    if (this.snapshotCache?.mutations !== this.mutations) {
      this.snapshotCache = { mutations: this.mutations, list: Array.from(this.items.values()) };
    }
    return this.snapshotCache.list;
  }

  /** Records changed after `version`. */
  changedSince(version: number): readonly T[] {
    const list = this.all();
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]!.version <= version) low = mid + 1;
      else high = mid;
    }
    return list.slice(low);
  }
}
