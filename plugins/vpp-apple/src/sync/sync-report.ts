import type { CatalogReader, SyncSummary, TokenRecord } from '../../api/index.js';

export interface TokenSyncReport {
  readonly tokenId: string;
  readonly name: string;
  readonly locationName: string;
  readonly outcome: 'completed' | 'failed';
  readonly reason?: string;
  readonly summary?: SyncSummary;
  readonly licenses: { readonly total: number; readonly assigned: number; readonly available: number };
}

export const SYNC_COLUMNS = ['Token', 'Location', 'Outcome', 'Kind', 'Assets', 'Licenses', 'Assigned', 'Available', 'Assignments', 'Users', 'Changes'];

/** The location's license totals over all its assets, as last synced. */
export function licenseTotals(catalog: CatalogReader, tokenId: string): TokenSyncReport['licenses'] {
  const { items } = catalog.assets({ tokenId, limit: Number.MAX_SAFE_INTEGER });
  return items.reduce(
    (sum, asset) => ({ total: sum.total + asset.totalCount, assigned: sum.assigned + asset.assignedCount, available: sum.available + asset.availableCount }),
    { total: 0, assigned: 0, available: 0 },
  );
}

export function reportOf(token: TokenRecord, catalog: CatalogReader, result: { summary: SyncSummary } | { reason: string }): TokenSyncReport {
  return {
    tokenId: token.id,
    name: token.name,
    locationName: token.locationName,
    licenses: licenseTotals(catalog, token.id),
    ...('summary' in result ? { outcome: 'completed', summary: result.summary } : { outcome: 'failed', reason: result.reason }),
  };
}

export function reportRow(report: TokenSyncReport): (string | number | undefined)[] {
  const s = report.summary;
  return [
    report.name,
    report.locationName,
    report.outcome === 'failed' ? `failed: ${report.reason ?? ''}` : 'completed',
    s?.kind,
    s?.assets,
    report.licenses.total,
    report.licenses.assigned,
    report.licenses.available,
    s?.assignments,
    s?.users,
    s?.changes,
  ];
}
