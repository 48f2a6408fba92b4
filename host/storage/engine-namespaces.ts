import type { Entity, Storage } from '../api/storage.js';
import type { RecordStore, WriteGate } from './memory-repository.js';
import { assertSafeName } from './names.js';
import { NamespaceStorage } from './namespace-storage.js';

/** Loads a collection of a namespace from an engine (names are safe, the expected size valid). */
export type OpenStore = (namespace: string, collection: string, expectedSize: number) => Promise<RecordStore<Entity>>;

/**
 * What every engine does alike: one NamespaceStorage per namespace, a gate that refuses changes once the engine
 * closes, and a close that runs once (and again only after it failed).
 */
export class EngineNamespaces {
  private readonly namespaces = new Map<string, NamespaceStorage>();
  private closed = false;
  private closing?: Promise<void>;
  private readonly gate: WriteGate;

  constructor(
    where: string,
    private readonly openStore: OpenStore,
    /** Throws while the engine may not write (a standby host's). */
    refuseWrites: () => void = () => undefined,
  ) {
    const assertOpen = (): void => {
      if (this.closed) throw new Error(`Storage in ${where} is closed; no further changes are accepted`);
    };
    this.gate = {
      assertOpen,
      assertWritable: () => {
        assertOpen();
        refuseWrites();
      },
    };
  }

  /** The namespaces opened in this run, by name. */
  openedByName(): ReadonlyMap<string, NamespaceStorage> {
    return this.namespaces;
  }

  /** The same name always returns the same Storage. */
  namespace(name: string): Storage {
    assertSafeName('namespace', name);
    let storage = this.namespaces.get(name);
    if (!storage) {
      storage = new NamespaceStorage({ gate: this.gate, openStore: (collection, expectedSize) => this.openStore(name, collection, expectedSize) });
      this.namespaces.set(name, storage);
    }
    return storage;
  }

  opened(): NamespaceStorage[] {
    return [...this.namespaces.values()];
  }

  /** Refuses further changes, then lets `release` make the accepted ones durable and let go of the storage. */
  close(release: () => Promise<void>): Promise<void> {
    this.closed = true;
    this.closing ??= release().catch((error: unknown) => {
      this.closing = undefined;
      throw error;
    });
    return this.closing;
  }
}
