import type { TokenRecord, TokenSyncState } from '../../api/index.js';
import { COLUMN } from '../command-columns.js';

/** How a token appears in CLI tables; the secret is never part of a record, so nothing here can leak it. */
export const TOKEN_COLUMNS = [COLUMN.name, COLUMN.location, COLUMN.program, COLUMN.country, COLUMN.state, COLUMN.since, COLUMN.expires, COLUMN.sync, COLUMN.lastSuccess];

export function tokenRow(token: TokenRecord, sync: TokenSyncState): (string | undefined)[] {
  return [
    token.name,
    token.locationName,
    token.program,
    token.countryCode,
    token.health.state,
    token.health.since.slice(0, 10),
    token.expiresAt.slice(0, 10),
    sync.status === 'failed' ? `failed: ${sync.reason ?? ''}` : sync.status,
    sync.lastSuccessAt,
  ];
}
