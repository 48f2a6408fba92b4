/** vpp-apple's contract: syncing a location with Apple. */
import type { Event, MessageParam, Said } from '@vpp-host/api';

export type SyncStatus = 'none' | 'in-progress' | 'completed' | 'failed';

export interface SyncProgress {
  readonly done: number;
  readonly total: number;
  readonly label: string;
  /** `label` as a message, said in the reader's language (the CLI's progress). */
  readonly said?: Said;
}

export interface TokenSyncState {
  readonly tokenId: string;
  readonly status: SyncStatus;
  /** Why the last sync failed, in English; `messageId` and `params` say it in other languages when known. */
  readonly reason?: string;
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly lastSuccessAt?: string;
  readonly lastFullSyncAt?: string;
  readonly kind?: 'full' | 'incremental';
  readonly progress?: SyncProgress;
  /** Syncs that failed one after the other since the last that completed (absent after a success). */
  readonly consecutiveFailures?: number;
  /** When the first of those failed (ISO). */
  readonly failingSince?: string;
}

export interface SyncSummary {
  readonly tokenId: string;
  readonly kind: 'full' | 'incremental';
  readonly assets: number;
  readonly assignments: number;
  readonly users: number;
  /** Assignment and user records that changed in this sync. */
  readonly changes: number;
  readonly requests: number;
}

export type SyncEvent =
  | { readonly tokenId: string; readonly phase: 'started'; readonly kind: 'full' | 'incremental' }
  | { readonly tokenId: string; readonly phase: 'progress'; readonly progress: SyncProgress }
  | { readonly tokenId: string; readonly phase: 'completed'; readonly summary: SyncSummary }
  | { readonly tokenId: string; readonly phase: 'failed'; readonly reason: string };

/** A location's catalog is ready: its first sync completed and CatalogReader holds what Apple holds. */
export interface CatalogReady {
  readonly tokenId: string;
  readonly summary: SyncSummary;
  /** When the sync finished (ISO). */
  readonly at: string;
}

/** Reads Apple's data for a location: scheduled per token and on demand; one run at a time per token. */
export const SyncService = Symbol.for('vpp-apple.SyncService');
export interface SyncService {
  /**
   * Syncs the token now. While a sync of the token runs, a second call joins it and gets the same result.
   * `full` forces a full walk instead of the incremental one.
   */
  sync(tokenId: string, options?: { full?: boolean; onProgress?: (progress: SyncProgress) => void }): Promise<SyncSummary>;
  state(tokenId: string): TokenSyncState;
  readonly onDidSyncToken: Event<SyncEvent>;
  /**
   * Once per location, when its first sync completed and was stored. A location that synced before the listener
   * subscribed shows it in `state(tokenId).lastSuccessAt`.
   *
   * @example
   * sync.onDidBecomeCatalogReady.subscribe(({ tokenId }) => void importCatalog(catalog.assets({ tokenId })));
   */
  readonly onDidBecomeCatalogReady: Event<CatalogReady>;
}
