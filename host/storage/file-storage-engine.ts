import path from 'node:path';
import type { Entity, Storage } from '../api/storage.js';
import type { WriteListener } from './atomic-json-file.js';
import { CollectionStore } from './collection-store.js';
import type { WriteGate } from './memory-repository.js';
import { assertSafeName } from './names.js';
import { NamespaceStorage } from './namespace-storage.js';
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
  private readonly namespaces = new Map<string, NamespaceStorage>();
  private readonly claimed = new Set<string>();
  private closed = false;
  private closing?: Promise<void>;
  private readonly gate: WriteGate = {
    assertWritable: () => {
      if (this.closed) throw new Error(`Storage in ${this.dataDir} is closed; no further changes are accepted`);
    },
  };

  constructor(options: FileStorageEngineOptions) {
    this.dataDir = path.resolve(options.dataDir);
    this.onWrite = options.onWrite;
    this.minCheckpointBytes = options.minCheckpointBytes;
  }

  /** A plugin's namespace: files under `<dataDir>/<name>/`. The same name always returns the same Storage. */
  namespace(name: string): Storage {
    assertSafeName('namespace', name);
    let storage = this.namespaces.get(name);
    if (!storage) {
      const namespaceDir = path.join(this.dataDir, name);
      storage = new NamespaceStorage({ gate: this.gate, openStore: (collection, expectedSize) => this.openStore(namespaceDir, collection, expectedSize) });
      this.namespaces.set(name, storage);
    }
    return storage;
  }

  storedCollections(): Promise<StoredCollection[]> {
    return storedFileCollections(this.dataDir);
  }

  /** Resolves once every change accepted so far, in every namespace, is on disk. */
  async flush(): Promise<void> {
    await Promise.all([...this.namespaces.values()].map((storage) => storage.flush()));
  }

  /**
   * Refuses further writes, waits for the accepted ones to reach the disk, leaves every collection's state in its
   * snapshot files, and frees the files for another engine. Closing again once closed does nothing. A close that
   * failed keeps the files (no other engine of this process may open them, as this one still owns their journals)
   * and may be tried again.
   */
  close(): Promise<void> {
    this.closing ??= this.closeAll().catch((error: unknown) => {
      this.closing = undefined;
      throw error;
    });
    return this.closing;
  }

  private async closeAll(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.namespaces.values()].map((storage) => storage.close()));
    for (const key of this.claimed) openCollections.delete(key);
    this.claimed.clear();
  }

  /** Reserves the collection's files for this engine first, so no file ever gets a second `Low` instance. */
  private async openStore(namespaceDir: string, name: string, expectedSize: number): Promise<CollectionStore<Entity>> {
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
