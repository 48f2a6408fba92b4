/** A waiting holder: `at` (ISO) is when it accepted enrolment or joined the target; `key` breaks ties stably. */
export interface QueueEntry {
  readonly key: string;
  readonly at: string;
}

/** First come, first served: earlier `at` first, `key` breaking ties. */
export function before(a: QueueEntry, b: QueueEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.key < b.key);
}

/** Past this many additions at once, one sort beats inserting one by one. */
const BULK = 64;

/** How a queue moved since the last `drainChanges()`. */
export interface QueueMoves<E extends QueueEntry = QueueEntry> {
  /** Holders that joined and still wait, with their 1-based place, in queue order. */
  readonly joined: { readonly entry: E; readonly position: number }[];
  /** Holders taken from the front that were waiting before (not those that joined and left since), by key. */
  readonly taken: ReadonlyMap<string, E>;
}

/** A queue's whole state, to put back after a rehearsal. */
export interface QueueState {
  readonly entries: QueueEntry[];
  readonly head: number;
  readonly live: Map<string, QueueEntry>;
  readonly joined: Set<QueueEntry>;
  readonly taken: Map<string, QueueEntry>;
}

/**
 * First-come-first-served order of the holders waiting for one asset. Taking from the front is O(1), adding at the
 * end (the usual case: someone new accepted) is O(1), anything else a binary search; removals are lazy.
 */
export class OrderedQueue {
  private entries: QueueEntry[] = [];
  private head = 0;
  private readonly live = new Map<string, QueueEntry>();
  // What moved since the last drain: kept apart so reporting a step costs what the step changed, not the queue's length.
  private joined = new Set<QueueEntry>();
  private taken = new Map<string, QueueEntry>();

  get size(): number {
    return this.live.size;
  }

  has(key: string): boolean {
    return this.live.has(key);
  }

  get(key: string): QueueEntry | undefined {
    return this.live.get(key);
  }

  /** Adds or moves the holder; an earlier `at` wins when it is already waiting. */
  add(entry: QueueEntry): void {
    this.addMany([entry]);
  }

  addMany(entries: readonly QueueEntry[]): void {
    const fresh: QueueEntry[] = [];
    for (const entry of entries) {
      const current = this.live.get(entry.key);
      if (current && !before(entry, current)) continue;
      this.live.set(entry.key, entry);
      fresh.push(entry);
      if (!current) this.joined.add(entry);
    }
    if (fresh.length > BULK) {
      this.entries = this.liveSlice().concat(fresh).filter((e) => this.live.get(e.key) === e);
      this.entries.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
      this.head = 0;
      return;
    }
    for (const entry of fresh) this.insert(entry);
  }

  remove(key: string): boolean {
    const removed = this.live.delete(key);
    if (removed) this.compactIfSparse();
    return removed;
  }

  /**
   * Takes up to `count` holders from the front, in order. Holders `admit` turns away (a group over its quota) keep
   * their place and are passed over.
   */
  take(count: number, admit?: (entry: QueueEntry) => boolean): QueueEntry[] {
    const taken: QueueEntry[] = [];
    let passedOver = false;
    for (let i = this.head; taken.length < count && i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      const live = this.live.get(entry.key) === entry;
      if (live && admit && !admit(entry)) {
        passedOver = true;
        continue;
      }
      // The front moves only over what is gone: a holder passed over stays first in line.
      if (!passedOver) this.head = i + 1;
      if (!live) continue;
      this.live.delete(entry.key);
      taken.push(entry);
      if (!this.joined.delete(entry)) this.taken.set(entry.key, entry);
    }
    this.compactIfSparse();
    return taken;
  }

  /** 1-based place in the queue, 0 when not waiting. O(n): for display. */
  position(key: string): number {
    const target = this.live.get(key);
    if (!target) return 0;
    let place = 0;
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (this.live.get(entry.key) !== entry) continue;
      place++;
      if (entry === target) return place;
    }
    return 0;
  }

  /** How the queue moved since the last call; the usual newcomer at the end costs O(1), other joins one pass. */
  drainChanges<E extends QueueEntry = QueueEntry>(): QueueMoves<E> {
    const joined = [...this.joined].filter((entry) => this.live.get(entry.key) === entry);
    const taken = this.taken as Map<string, E>;
    this.joined = new Set();
    this.taken = new Map();
    return { joined: this.placesOf(joined) as QueueMoves<E>['joined'], taken };
  }

  /** Empties the queue (to build it again), leaving nothing to report. */
  clear(): void {
    this.entries = [];
    this.head = 0;
    this.live.clear();
    this.joined = new Set();
    this.taken = new Map();
  }

  /** Its state as it is now; `restore` puts it back. O(n). */
  snapshot(): QueueState {
    return { entries: this.entries.slice(), head: this.head, live: new Map(this.live), joined: new Set(this.joined), taken: new Map(this.taken) };
  }

  restore(state: QueueState): void {
    this.entries = state.entries;
    this.head = state.head;
    this.live.clear();
    for (const [key, entry] of state.live) this.live.set(key, entry);
    this.joined = state.joined;
    this.taken = state.taken;
  }

  /** The waiting holders in order. */
  *ordered(): IterableIterator<QueueEntry> {
    for (let i = this.head; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (this.live.get(entry.key) === entry) yield entry;
    }
  }

  private placesOf(joined: QueueEntry[]): { entry: QueueEntry; position: number }[] {
    if (joined.length === 0) return [];
    if (joined.length === 1 && this.entries[this.entries.length - 1] === joined[0]) return [{ entry: joined[0]!, position: this.size }];
    const wanted = new Set(joined);
    const places: { entry: QueueEntry; position: number }[] = [];
    let position = 0;
    for (const entry of this.ordered()) {
      position++;
      if (wanted.has(entry)) places.push({ entry, position });
      if (places.length === wanted.size) break;
    }
    return places;
  }

  private insert(entry: QueueEntry): void {
    const last = this.entries[this.entries.length - 1];
    if (!last || before(last, entry)) {
      this.entries.push(entry);
      return;
    }
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (before(this.entries[mid]!, entry)) low = mid + 1;
      else high = mid;
    }
    this.entries.splice(low, 0, entry);
  }

  private liveSlice(): QueueEntry[] {
    return this.entries.slice(this.head);
  }

  private compactIfSparse(): void {
    const slots = this.entries.length - this.head;
    if (slots > 1024 && slots > this.live.size * 2) {
      this.entries = this.liveSlice().filter((e) => this.live.get(e.key) === e);
      this.head = 0;
    } else if (this.head > 4096 && this.head > this.entries.length / 2) {
      this.entries = this.liveSlice();
      this.head = 0;
    }
  }
}
