import path from 'node:path';
import type { Entity, Storage } from '../api/storage.js';
import type { WriteListener } from './atomic-json-file.js';
import { CollectionStore } from './collection-store.js';
import { EngineNamespaces } from './engine-namespaces.js';
import type { StorageEngine, StoredCollection } from './storage-engine.js';
import { storedFileCollections } from './stored-file-collections.js';

export interface FileStorageEngineOptions {
  readonly dataDir: string;
  /** Called once per physical file write (a journal append, a snapshot file), with the file and its size in bytes. */
  readonly onWrite?: (file: string, bytes: number) => void;
  /** The journal size below which collections never checkpoint (see MIN_CHECKPOINT_BYTES); tests lower it. */
  readonly minCheckpointBytes?: number;
}

/** Collections open anywhere in this process: two engines on one data dir would put two writers on one file. */
const openCollections = new Set<string>();

/**
 * The host's lowdb storage: a namespace per plugin under the data dir; per collection, a snapshot in one file (or a
 * shard set) and a journal of the changes since (see CollectionStore).
 */
export class FileStorageEngine implements StorageEngine {
  private readonly dataDir: string;
  private readonly onWrite: WriteListener | undefined;
  private readonly minCheckpointBytes: number | undefined;
  private readonly namespaces: EngineNamespaces;
  private readonly claimed = new Set<string>();

  constructor(options: FileStorageEngineOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.onWrite = options.onWrite;
    this.minCheckpointBytes = options.minCheckpointBytes;
    this.namespaces = new EngineNamespaces(this.dataDir, (namespace, collection, expectedSize) => this.openStore(namespace, collection, expectedSize));
  }

  /** A plugin's namespace: files under `<dataDir>/<name>/`. The same name always returns the same Storage. */
  namespace(name: string): Storage {
    return this.namespaces.namespace(name);
  }

  storedCollections(): Promise<StoredCollection[]> {
    return storedFileCollections(this.dataDir);
  }

  /** Resolves once every change accepted so far, in every namespace, is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.namespaces.opened().map((storage) => storage.flush()));
  }

  /**
   * Refuses further writes, waits for the accepted ones to reach the disk, leaves every collection's state in its
   * snapshot files, and frees the files for another engine. Closing again once closed does nothing. A close that
   * failed keeps the files (no other engine of this process may open them, as this one still owns their journals)
   * and may be tried again.
   */
  close(): Promise<void> {
    return this.namespaces.close(() => this.closeAll());
  }

  private async closeAll(): Promise<void> {
    await Promise.all(this.namespaces.opened().map((storage) => storage.close()));
    for (const key of this.claimed) openCollections.delete(key);
    this.claimed.clear();
  }

  /** Reserves the collection's files for this engine first, so no file ever gets a second `Low` instance. */
  private async openStore(namespace: string, name: string, expectedSize: number): Promise<CollectionStore<Entity>> {
    const namespaceDir = path.join(this.dataDir, namespace);
    const release = this.claim(path.join(namespaceDir, name));
    try {
      const { onWrite, minCheckpointBytes } = this;
      return await CollectionStore.open<Entity>({ namespaceDir, name, expectedSize, onWrite, ...(minCheckpointBytes ? { minCheckpointBytes } : {}) });
    } catch (error) {
      release();
      throw error;
    }
  }

  private claim(key: string): () => void {
    if (openCollections.has(key)) {
      throw new Error(`Collection ${key} is already open in this process; close the other storage engine first`);
    }
    openCollections.add(key);
    this.claimed.add(key);
    return () => {
      openCollections.delete(key);
      this.claimed.delete(key);
    };
  }
}
