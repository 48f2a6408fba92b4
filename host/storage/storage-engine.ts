import type { Event } from '../api/event.js';
import type { Said } from '../api/messages.js';
import type { Storage } from '../api/storage.js';

/** Whether this host writes (active) or follows another host's writes (standby) on a shared database. */
export type HostRole = 'active' | 'standby';

/** The host's place among hosts sharing its storage. */
export interface HostRoleView {
  role(): HostRole;
  /** The active host's address as last read; null while none is active. */
  activeHost(): string | null;
  /** Whether the storage answered within the lease timeout (the last heartbeat or follow-up went through). */
  reachable(): boolean;
  /** Where this host serves, once it listens (shown to callers a standby refuses, and by `vpp-host status`). */
  setAddress(address: string): void;
  readonly onDidChangeRole: Event<HostRole>;
}

/** A collection as stored by an engine: the namespace (a plugin's id, or `host`) and the collection's name. */
export interface StoredCollection {
  readonly namespace: string;
  readonly collection: string;
}

/** What the host needs from wherever it keeps its data: the lowdb files of the data dir, or a PostgreSQL database. */
export interface StorageEngine {
  /** A plugin's namespace; the same name always returns the same Storage. */
  namespace(name: string): Storage;
  /** Every collection the engine holds, opened in this run or not (for copying between engines). */
  storedCollections(): Promise<StoredCollection[]>;
  /** Resolves once every change accepted so far, in every namespace, is durable. */
  flush(): Promise<void>;
  /** Present when hosts share the storage, one of them active; a host alone on its storage is always active. */
  readonly leaseKeeper?: HostRoleView | undefined;
  /** Refuses further writes, makes the accepted ones durable and lets go of the storage. */
  close(): Promise<void>;
}

/** The storage could not be opened, for a reason the admin can fix (said in the message); nothing was written. */
export class StorageUnavailableError extends Error {
  override readonly name = 'StorageUnavailableError';
  /** The reason as a message, for saying it in the reader's language (the CLI's). */
  readonly said: Said;

  constructor(reason: Said | string) {
    const said = typeof reason === 'string' ? { message: reason } : reason;
    super(said.message);
    this.said = said;
  }
}
