import {
  Clock,
  Emitter,
  HostError,
  inject,
  injectable,
  Logger,
  Storage,
  type Disposable,
  type Repository,
} from '@vpp-host/api';
import { TokenService, type CatalogReady, type SyncEvent, type SyncProgress, type SyncService, type SyncSummary, type TokenSyncState } from '../../api/index.js';
import { SyncedData } from './synced-data.js';
import { sweepDeletedTokens } from '../tokens/deleted-tokens.js';
import { SyncProgressCounter } from './sync-progress.js';
import { SyncRun, type SyncCursor } from './sync-run.js';

interface StoredSyncState extends TokenSyncState, SyncCursor {
  readonly id: string;
}

interface RunningSync {
  readonly promise: Promise<SyncSummary>;
  readonly listeners: Set<(progress: SyncProgress) => void>;
}

export interface SyncOptions {
  readonly full?: boolean;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/**
 * Runs syncs, one at a time per token: asking again while a token syncs joins the running sync (same promise,
 * same result) rather than starting a second walk. Keeps each token's sync state and cursor.
 */
@injectable()
export class SyncServiceImpl implements SyncService, Disposable {
  private states!: Repository<StoredSyncState>;
  private readonly running = new Map<string, RunningSync>();
  /** The latest progress of running syncs; kept in memory only, a page at a time is too often to store. */
  private readonly progress = new Map<string, SyncProgress>();
  private readonly events = new Emitter<SyncEvent>();
  readonly onDidSyncToken = this.events.event;
  private readonly catalogReady = new Emitter<CatalogReady>();
  readonly onDidBecomeCatalogReady = this.catalogReady.event;

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncedData) private readonly data: SyncedData,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  async open(): Promise<void> {
    this.states = await this.storage.collection<StoredSyncState>('sync-states');
  }

  /** The active host records as failed a sync that was running when the host before it stopped: it did not finish. */
  async failInterrupted(): Promise<void> {
    for (const state of [...this.states.values()].filter((s) => s.status === 'in-progress')) {
      await this.states.put({ ...state, status: 'failed', reason: 'The host stopped during the sync', messageId: 'vpp.sync.interrupted' });
    }
    // Before distribution resumes: what it serves must not include a deleted location's items.
    const kept = [...this.states.values()].map((state) => state.tokenId).concat(this.data.locations());
    await sweepDeletedTokens('sync', kept, this.tokens, this.logger, (tokenId) => this.forget(tokenId));
  }

  state(tokenId: string): TokenSyncState {
    const stored = this.states.get(tokenId);
    if (!stored) return { tokenId, status: 'none' };
    const { id: _id, assignmentsVersionId: _a, usersVersionId: _u, ...state } = stored;
    const progress = this.progress.get(tokenId);
    return progress && state.status === 'in-progress' ? { ...state, progress } : state;
  }

  sync(tokenId: string, options: SyncOptions = {}): Promise<SyncSummary> {
    const token = this.tokens.require(tokenId);
    const active = this.running.get(token.id);
    if (active) {
      if (options.onProgress) active.listeners.add(options.onProgress);
      return active.promise;
    }
    const listeners = new Set<(progress: SyncProgress) => void>(options.onProgress ? [options.onProgress] : []);
    const promise = this.runSync(token.id, options.full ?? false, listeners).finally(() => {
      this.running.delete(token.id);
      this.progress.delete(token.id);
    });
    this.running.set(token.id, { promise, listeners });
    return promise;
  }

  /** Forgets the token's sync state and data (the token was deleted); resolves to how many records went. */
  async forget(tokenId: string): Promise<{ syncStates: number; assets: number; assignments: number; users: number }> {
    await this.running.get(tokenId)?.promise.catch(() => undefined);
    const syncStates = (await this.states.delete(tokenId)) ? 1 : 0;
    return { syncStates, ...(await this.data.removeToken(tokenId)) };
  }

  /** Waits for running syncs to settle, so none writes after the plugin stopped. */
  async drain(): Promise<void> {
    await Promise.all([...this.running.values()].map(({ promise }) => promise.catch(() => undefined)));
  }

  dispose(): void {
    this.events.dispose();
    this.catalogReady.dispose();
  }

  private async runSync(tokenId: string, forceFull: boolean, listeners: Set<(progress: SyncProgress) => void>): Promise<SyncSummary> {
    const previous = this.states.get(tokenId);
    const cursor = forceFull ? undefined : previous;
    const kind = cursor?.assignmentsVersionId !== undefined ? 'incremental' : 'full';
    const startedAt = this.clock.now().toISOString();
    await this.save(tokenId, { ...previous, status: 'in-progress', startedAt, kind, reason: undefined, messageId: undefined, params: undefined, progress: undefined });
    this.events.fire({ tokenId, phase: 'started', kind });
    const counter = new SyncProgressCounter((progress) => {
      this.progress.set(tokenId, progress);
      for (const listener of listeners) listener(progress);
      this.events.fire({ tokenId, phase: 'progress', progress });
    });
    try {
      const client = this.tokens.clientFor(tokenId);
      const { summary, cursor: next } = await new SyncRun(tokenId, this.tokens, client, this.data, counter, this.logger).run(cursor);
      const finishedAt = this.clock.now().toISOString();
      await this.save(tokenId, {
        ...this.states.get(tokenId),
        ...next,
        status: 'completed',
        kind: summary.kind,
        finishedAt,
        lastSuccessAt: finishedAt,
        consecutiveFailures: undefined,
        failingSince: undefined,
        ...(summary.kind === 'full' ? { lastFullSyncAt: finishedAt } : {}),
      });
      this.logger.info('Location synced', { id: tokenId, kind: summary.kind, assets: summary.assets, assignments: summary.assignments, users: summary.users, changes: summary.changes });
      this.events.fire({ tokenId, phase: 'completed', summary });
      if (previous?.lastSuccessAt === undefined) this.catalogReady.fire({ tokenId, summary, at: finishedAt });
      return summary;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const said = error instanceof HostError && error.messageId ? { messageId: error.messageId, params: error.params } : { messageId: undefined, params: undefined };
      const finishedAt = this.clock.now().toISOString();
      const failing = { consecutiveFailures: (previous?.consecutiveFailures ?? 0) + 1, failingSince: previous?.failingSince ?? finishedAt };
      if (this.tokens.get(tokenId)) await this.save(tokenId, { ...this.states.get(tokenId), status: 'failed', reason, ...said, finishedAt, ...failing });
      this.logger.warn('Location sync failed', { id: tokenId, reason });
      this.events.fire({ tokenId, phase: 'failed', reason });
      throw error;
    }
  }

  private async save(tokenId: string, state: Partial<StoredSyncState> & Pick<StoredSyncState, 'status'>): Promise<void> {
    const record = Object.fromEntries(Object.entries({ ...state, id: tokenId, tokenId }).filter(([, v]) => v !== undefined)) as unknown as StoredSyncState;
    await this.states.put(record);
  }
}
