import path from 'node:path';
import { BadInputError } from '../api/errors.js';
import type { CollectionOptions, Entity, Repository, Storage } from '../api/storage.js';
import type { WriteListener } from './atomic-json-file.js';
import { CollectionStore } from './collection-store.js';
import { FileRepository, type WriteGate } from './file-repository.js';
import { assertSafeName } from './names.js';

export interface NamespaceStorageOptions {
  readonly directory: string;
  readonly gate: WriteGate;
  readonly onWrite?: WriteListener | undefined;
  readonly minCheckpointBytes?: number | undefined;
  /**
   * Reserves a collection's files for this process, so no file ever gets a second `Low` instance; returns the
   * release for an open that failed.
   */
  readonly claim: (collectionKey: string) => () => void;
}

/** One plugin's collections, each opened once and shared by every caller that asks for it. */
export class NamespaceStorage implements Storage {
  private readonly opened = new Map<string, Promise<FileRepository<Entity>>>();

  constructor(private readonly options: NamespaceStorageOptions) {}

  /** The first call decides `expectedSize` for this run; later calls return the same repository. */
  async collection<T extends Entity>(name: string, options: CollectionOptions = {}): Promise<Repository<T>> {
    assertSafeName('collection', name);
    let repository = this.opened.get(name);
    if (!repository) {
      this.options.gate.assertWritable();
      repository = this.open(name, options);
      this.opened.set(name, repository);
      // A failed open (a corrupt file) may be retried once the file is repaired.
      repository.catch(() => this.opened.delete(name));
    }
    return (await repository) as unknown as Repository<T>;
  }

  async flush(): Promise<void> {
    await Promise.all((await this.openedRepositories()).map((repository) => repository.flush()));
  }

  /** Makes every change durable and checkpoints every collection (the engine refuses changes by then). */
  async close(): Promise<void> {
    await Promise.all((await this.openedRepositories()).map((repository) => repository.close()));
  }

  private async openedRepositories(): Promise<FileRepository<Entity>[]> {
    const settled = await Promise.allSettled(this.opened.values());
    return settled.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  }

  private async open(name: string, options: CollectionOptions): Promise<FileRepository<Entity>> {
    const { directory, onWrite, minCheckpointBytes, gate, claim } = this.options;
    const expectedSize = options.expectedSize ?? 0;
    if (!Number.isSafeInteger(expectedSize) || expectedSize < 0) {
      const message = `expectedSize of collection "${name}" must be a whole number of 0 or more`;
      throw new BadInputError(message, { expectedSize });
    }
    const release = claim(path.join(directory, name));
    try {
      const store = await CollectionStore.open<Entity>({ namespaceDir: directory, name, expectedSize, onWrite, ...(minCheckpointBytes ? { minCheckpointBytes } : {}) });
      return new FileRepository(name, store, gate);
    } catch (error) {
      release();
      throw error;
    }
  }
}
