import { BadInputError } from '../api/errors.js';
import { Emitter } from '../api/event.js';
import type { CollectionOptions, Entity, FollowedChanges, FollowedCollection, Repository, Storage } from '../api/storage.js';
import { MemoryRepository, type RecordStore, type WriteGate } from './memory-repository.js';
import { assertSafeName } from './names.js';

export interface NamespaceStorageOptions {
  readonly gate: WriteGate;
  /** Loads a collection of this namespace from the engine (its name is safe, its expected size valid). */
  readonly openStore: (collection: string, expectedSize: number) => Promise<RecordStore<Entity>>;
}

/** One plugin's collections, each opened once and shared by every caller that asks for it. */
export class NamespaceStorage implements Storage {
  private readonly opened = new Map<string, Promise<MemoryRepository<Entity>>>();
  private readonly followedChanges = new Emitter<FollowedChanges>();
  readonly onDidFollowChanges = this.followedChanges.event;

  constructor(private readonly options: NamespaceStorageOptions) {}

  /** A standby applied the active host's changes to these collections (see Storage.onDidFollowChanges). */
  followed(collections: readonly FollowedCollection[]): void {
    if (collections.length > 0) this.followedChanges.fire({ collections });
  }

  /** The first call decides `expectedSize` for this run; later calls return the same repository. */
  async collection<T extends Entity>(name: string, options: CollectionOptions = {}): Promise<Repository<T>> {
    assertSafeName('collection', name);
    let repository = this.opened.get(name);
    if (!repository) {
      this.options.gate.assertOpen();
      repository = this.open(name, options);
      this.opened.set(name, repository);
      // A failed open (a corrupt file) may be retried once the file is repaired.
      repository.catch(() => this.opened.delete(name));
    }
    return (await repository) as unknown as Repository<T>;
  }

  /** The collection if this run opened it (a standby applies changes only to collections in memory). */
  async openedCollection(name: string): Promise<MemoryRepository<Entity> | undefined> {
    return this.opened.get(name)?.catch(() => undefined);
  }

  openedNames(): string[] {
    return [...this.opened.keys()];
  }

  async flush(): Promise<void> {
    await Promise.all((await this.openedRepositories()).map((repository) => repository.flush()));
  }

  /** Makes every change durable and lets go of every collection (the engine refuses changes by then). */
  async close(): Promise<void> {
    await Promise.all((await this.openedRepositories()).map((repository) => repository.close()));
    this.followedChanges.dispose();
  }

  private async openedRepositories(): Promise<MemoryRepository<Entity>[]> {
    const settled = await Promise.allSettled(this.opened.values());
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  private async open(name: string, options: CollectionOptions): Promise<MemoryRepository<Entity>> {
    const expectedSize = options.expectedSize ?? 0;
    if (!Number.isSafeInteger(expectedSize) || expectedSize < 0) {
      const message = `expectedSize of collection "${name}" must be a whole number of 0 or more`;
      throw new BadInputError(message, { expectedSize });
    }
    return new MemoryRepository(name, await this.options.openStore(name, expectedSize), this.options.gate);
  }
}
