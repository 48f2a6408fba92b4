import type { Entity } from '../api/storage.js';
import { openCollectionFiles, type OpenCollectionOptions, type ShardSet } from './collection-files.js';
import { Journal, listJournals, readJournal, type JournalEntry } from './journal.js';
import type { Shard } from './shard.js';

/**
 * Below this many journal bytes a checkpoint is not worth its writes; above it, one is due once the journal has
 * grown as large as the snapshot, so rewriting the snapshot costs at most about one byte per byte of change.
 */
export const MIN_CHECKPOINT_BYTES = 8 * 2 ** 20;

/**
 * A due checkpoint waits until the collection has had no change for this long, so it does not slow down a burst of
 * work in progress; one twice as large as due starts at once, so a collection that never rests still checkpoints.
 * Real time on purpose: this paces disk writes, it decides nothing in the product's time.
 */
const QUIET_MS = 100;

export interface OpenCollectionStoreOptions extends OpenCollectionOptions {
  /** Overrides MIN_CHECKPOINT_BYTES (tests use a small one to checkpoint often). */
  readonly minCheckpointBytes?: number;
}

/**
 * One collection on disk: a snapshot in lowdb files (one file or a shard set, see collection-files.ts) and a journal
 * of the changes made since. A change is durable once its journal line is: one small append, where rewriting the
 * snapshot would cost in proportion to the collection. A checkpoint writes the shards the journal changed and then
 * removes the journal files they now hold; it runs when the journal has outgrown the snapshot (at a quiet moment, see
 * QUIET_MS), and at close. At open, a journal a crash left behind is replayed onto the snapshot and checkpointed. The
 * file the next change goes to is created ahead of it, in the background.
 *
 * A snapshot shard may hold changes newer than the journal files kept beside it (a checkpoint cut short by a crash):
 * replaying writes whole records and deletes by id, so replaying every kept file in order still gives the last state.
 */
export class CollectionStore<T extends Entity> {
  private readonly dirty = new Set<Shard<T>>();
  private checkpointing?: Promise<void>;
  private quiet?: NodeJS.Timeout;

  private constructor(
    private readonly shards: ShardSet<T>,
    private readonly journal: Journal<T>,
    private readonly minCheckpointBytes: number,
  ) {}

  static async open<T extends Entity>(options: OpenCollectionStoreOptions): Promise<CollectionStore<T>> {
    const { namespaceDir, name, onWrite } = options;
    const shards = await openCollectionFiles<T>(options);
    const journals = await listJournals(namespaceDir, name);
    const journal = new Journal<T>(namespaceDir, name, (journals.at(-1)?.seq ?? 0) + 1, onWrite);
    const store = new CollectionStore(shards, journal, options.minCheckpointBytes ?? MIN_CHECKPOINT_BYTES);
    if (journals.length > 0) {
      for (const { file } of journals) for (const entry of await readJournal<T>(file)) store.replay(entry);
      await store.checkpoint();
    }
    store.prepareJournal();
    return store;
  }

  get(id: string): T | undefined {
    return this.shards.shardFor(id).get(id);
  }

  count(): number {
    return this.shards.size();
  }

  *values(): IterableIterator<T> {
    for (const shard of this.shards.shards) yield* shard.records;
  }

  /** Changes memory only; `commit` makes it durable. */
  set(record: T): void {
    const shard = this.shards.shardFor(record.id);
    shard.set(record);
    this.dirty.add(shard);
  }

  /** Changes memory only; `commit` makes it durable. */
  remove(id: string): T | undefined {
    const shard = this.shards.shardFor(id);
    const removed = shard.remove(id);
    if (removed !== undefined) this.dirty.add(shard);
    return removed;
  }

  /** Makes the changes just made in memory durable; resolves once they are. */
  commit(put: readonly T[], deleted: readonly string[]): Promise<void> {
    const durable = this.journal.record(put, deleted);
    clearTimeout(this.quiet);
    this.quiet = undefined;
    // The snapshot's size is summed over its shards only once the journal is large enough for it to matter.
    if (this.checkpointing || this.journal.size < this.minCheckpointBytes) return durable;
    const due = Math.max(this.minCheckpointBytes, this.shards.fileSize());
    if (this.journal.size >= 2 * due) this.checkpointInBackground();
    else if (this.journal.size >= due) this.quiet = setTimeout(() => this.checkpointInBackground(), QUIET_MS).unref();
    return durable;
  }

  /** Resolves once every change made so far is durable. */
  flush(): Promise<void> {
    return this.journal.flush();
  }

  /** Makes everything durable and leaves it all in the snapshot, with no journal to replay at the next open. */
  async close(): Promise<void> {
    clearTimeout(this.quiet);
    await this.journal.flush();
    await this.checkpointing;
    // Also when nothing changed: it removes the journal file prepared for the next change.
    await this.checkpoint();
    await this.journal.close();
  }

  private replay(entry: JournalEntry<T>): void {
    for (const record of entry.put) this.set(record);
    for (const id of entry.delete) this.remove(id);
  }

  private checkpointInBackground(): void {
    this.quiet = undefined;
    // A checkpoint that fails leaves the journal whole; the next one, or the one at close, tries again.
    this.checkpointing = this.checkpoint()
      .then(() => this.prepareJournal())
      .catch(() => undefined)
      .finally(() => (this.checkpointing = undefined));
  }

  /** In the background: an append that cannot create its file will say why. */
  private prepareJournal(): void {
    this.journal.prepare().catch(() => undefined);
  }

  private async checkpoint(): Promise<void> {
    const keepFrom = this.journal.rotate();
    const shards = [...this.dirty];
    this.dirty.clear();
    try {
      await this.shards.write(shards);
    } catch (error) {
      for (const shard of shards) this.dirty.add(shard);
      throw error;
    }
    await this.journal.removeBefore(keepFrom);
  }
}
