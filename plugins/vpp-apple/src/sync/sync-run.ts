import { phrase, type Logger, type Said } from '@vpp-host/api';
import type { SyncSummary, TokenService } from '../../api/index.js';
import { AppleApiError, type WalkedPage, type AssetKey, type Assignment, type ContentMetadata, type ResponseAsset, type ResponseUser } from '../client/index.js';
import type { SyncedData } from './synced-data.js';
import type { SyncProgressCounter } from './sync-progress.js';
import type { AppleVppClient } from '../../api/client.js';

export interface SyncCursor {
  readonly assignmentsVersionId?: string;
  readonly usersVersionId?: string;
}

export interface SyncRunResult {
  readonly summary: SyncSummary;
  readonly cursor: Required<SyncCursor>;
}

/**
 * One sync of one token. A full run walks everything and replaces what is stored. An incremental run re-reads
 * the assets (Apple offers no delta for them), reads only the assignments and users changed since the stored
 * versionIds, then re-walks the assignments of any asset whose count no longer matches: a delta shows new and
 * changed records but not the ones that went away. Apple's assets carry no names: those come from the store's
 * content metadata lookup, for assets without one (every asset on a full run), and a failed lookup keeps the old names.
 */
export class SyncRun {
  private changes = 0;

  constructor(
    private readonly tokenId: string,
    private readonly tokens: TokenService,
    private readonly client: AppleVppClient,
    private readonly data: SyncedData,
    private readonly progress: SyncProgressCounter,
    private readonly logger: Logger,
  ) {}

  async run(cursor: SyncCursor | undefined): Promise<SyncRunResult> {
    await this.tokens.checkHealth(this.tokenId);
    this.progress.step(phrase('Checked the token with Apple', 'vpp.sync.progress.checked'));
    const assets = await this.collect<ResponseAsset>(phrase('assets', 'vpp.sync.listing.assets'), true, (options) => this.client.walkAssets(options));
    await this.data.replaceAssets(this.tokenId, assets.items);
    const incremental = cursor?.assignmentsVersionId !== undefined && cursor.usersVersionId !== undefined;
    await this.lookUpNames(assets.items, !incremental);

    const result = incremental ? await this.incremental(cursor as Required<SyncCursor>, assets.items) : undefined;
    const { assignmentsVersionId, usersVersionId } = result ?? (await this.full());
    return {
      cursor: { assignmentsVersionId, usersVersionId },
      summary: {
        tokenId: this.tokenId,
        kind: result ? 'incremental' : 'full',
        assets: assets.items.length,
        assignments: this.data.assignments(this.tokenId).length,
        users: this.data.users(this.tokenId).length,
        changes: this.changes,
        requests: this.progress.requests,
      },
    };
  }

  private async full(): Promise<Required<SyncCursor>> {
    const assignments = await this.collect<Assignment>(phrase('assignments', 'vpp.sync.listing.assignments'), true, (options) => this.client.walkAssignments(options));
    this.changes += await this.data.replaceAssignments(this.tokenId, assignments.items);
    const users = await this.collect<ResponseUser>(phrase('users', 'vpp.sync.listing.users'), true, (options) => this.client.walkUsers(options));
    this.changes += await this.data.putUsers(this.tokenId, users.items, true);
    return { assignmentsVersionId: assignments.versionId, usersVersionId: users.versionId };
  }

  /** Undefined when Apple no longer knows a stored versionId: the caller walks everything instead. */
  private async incremental(cursor: Required<SyncCursor>, assets: readonly ResponseAsset[]): Promise<Required<SyncCursor> | undefined> {
    try {
      const assignments = await this.collect<Assignment>(phrase('changed assignments', 'vpp.sync.listing.changed-assignments'), true, (options) =>
        this.client.walkAssignments({ ...options, sinceVersionId: cursor.assignmentsVersionId }),
      );
      this.changes += (await this.data.putAssignments(this.tokenId, assignments.items)).length;
      const users = await this.collect<ResponseUser>(phrase('changed users', 'vpp.sync.listing.changed-users'), true, (options) => this.client.walkUsers({ ...options, sinceVersionId: cursor.usersVersionId }));
      this.changes += await this.data.putUsers(this.tokenId, users.items);
      for (const asset of assets) {
        if (asset.assignedCount !== this.data.assignmentsOfAsset(this.tokenId, asset).length) await this.reconcile(asset);
      }
      return { assignmentsVersionId: assignments.versionId, usersVersionId: users.versionId };
    } catch (error) {
      if (error instanceof AppleApiError && error.kind === 'bad-version') return undefined;
      throw error;
    }
  }

  private async lookUpNames(assets: readonly ResponseAsset[], all: boolean): Promise<void> {
    const adamIds = [...new Set(assets.filter((asset) => all || this.data.asset(this.tokenId, asset)?.name === undefined).map((asset) => asset.adamId))];
    if (adamIds.length === 0) return;
    this.progress.expect(1);
    let found: ContentMetadata[];
    try {
      found = await this.client.lookupMetadata(adamIds);
    } catch (error) {
      // Names are a nicety: the licenses and counts just read are what the sync is for.
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.warn('Could not look up the names of apps and books; the stored names stay', { id: this.tokenId, assets: adamIds.length, error: reason });
      this.progress.step(phrase('Could not look up names', 'vpp.sync.progress.no-names'));
      return;
    }
    await this.data.applyMetadata(this.tokenId, found);
    this.progress.step(phrase(`Looked up the names of ${adamIds.length} apps and books`, 'vpp.sync.progress.names', { count: adamIds.length }));
  }

  private async reconcile(asset: AssetKey): Promise<void> {
    const assignments = await this.collect<Assignment>(phrase(`assignments of ${asset.adamId}`, 'vpp.sync.listing.assignments-of', { adamId: asset.adamId }), false, (options) =>
      this.client.walkAssignments({ ...options, filter: { adamId: asset.adamId, pricingParam: asset.pricingParam } }),
    );
    this.changes += await this.data.replaceAssignments(this.tokenId, assignments.items, asset);
  }

  /** Walks one listing into memory; a restart (versionId moved) throws away what came before. */
  private async collect<T>(
    listing: Said,
    planned: boolean,
    walk: (options: { onPage: (page: WalkedPage<T>) => void; onRestart: () => void }) => Promise<{ versionId: string }>,
  ): Promise<{ items: T[]; versionId: string }> {
    let items: T[] = [];
    let expected = false;
    const { versionId } = await walk({
      onPage: (page) => {
        if (!expected) {
          // The first page of the three main listings is in the starting total already.
          this.progress.expect(page.totalPages - (planned ? 1 : 0));
          expected = true;
        }
        items.push(...page.items);
        this.progress.step(phrase(`Read ${listing.message}, page ${page.pageIndex + 1} of ${page.totalPages}`, 'vpp.sync.progress.page', { listing, page: page.pageIndex + 1, pages: page.totalPages }));
      },
      onRestart: () => {
        items = [];
      },
    });
    return { items, versionId };
  }
}
