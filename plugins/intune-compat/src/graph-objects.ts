import type { SyncedAsset, TokenRecord, TokenState, TokenSyncState } from '@vpp-host/plugins/vpp-apple/api';
import type { GraphObject } from './odata.js';

/** The Graph versions served; beta has fields v1.0 lacks. */
export type GraphVersion = 'beta' | 'v1.0';
export const GRAPH_VERSIONS: readonly GraphVersion[] = ['beta', 'v1.0'];

/** Graph's vppTokenState for the core's token health; Graph has no "revoked" and no "expiring". */
const TOKEN_STATES: Readonly<Record<TokenState, string>> = {
  valid: 'valid',
  expiring: 'valid',
  expired: 'expired',
  revoked: 'invalid',
  invalid: 'invalid',
  'claimed-elsewhere': 'assignedToExternalMDM',
};

const SYNC_STATUSES: Readonly<Record<TokenSyncState['status'], string>> = { none: 'none', 'in-progress': 'inProgress', completed: 'completed', failed: 'failed' };

/** Graph's "never" for a date-time that has not happened. */
const NEVER = '0001-01-01T00:00:00Z';

/** A location's token as Graph's vppToken; the token file itself is never part of an answer. */
export function vppToken(token: TokenRecord, sync: TokenSyncState, version: GraphVersion): GraphObject {
  return {
    '@odata.type': '#microsoft.graph.vppToken',
    id: token.id,
    organizationName: token.orgName,
    vppTokenAccountType: token.program,
    appleId: null,
    expirationDateTime: token.expiresAt,
    lastSyncDateTime: sync.lastSuccessAt ?? NEVER,
    lastModifiedDateTime: token.renewedAt ?? token.createdAt,
    state: TOKEN_STATES[token.health.state],
    lastSyncStatus: SYNC_STATUSES[sync.status],
    automaticallyUpdateApps: false,
    countryOrRegion: token.countryCode.toLowerCase(),
    ...(version === 'beta' ? { displayName: token.name, locationName: token.locationName, claimTokenManagementFromExternalMdm: false, roleScopeTagIds: [] } : {}),
  };
}

/** Apple sells it for macOS and not for iOS: a macOsVppApp. */
export function isMacOnly(asset: Pick<SyncedAsset, 'supportedPlatforms'>): boolean {
  return asset.supportedPlatforms.includes('macOS') && !asset.supportedPlatforms.includes('iOS');
}

/** A book is an iosVppEBook; an app Apple sells for iOS an iosVppApp (iPhone and iPad); a Mac-only one a macOsVppApp. */
export function graphTypeOf(asset: Pick<SyncedAsset, 'productType' | 'supportedPlatforms'>): string {
  if (asset.productType === 'Book') return '#microsoft.graph.iosVppEBook';
  return isMacOnly(asset) ? '#microsoft.graph.macOsVppApp' : '#microsoft.graph.iosVppApp';
}

export function vppApp(asset: SyncedAsset, token: TokenRecord | undefined, version: GraphVersion): GraphObject {
  const ios = !isMacOnly(asset);
  return {
    '@odata.type': graphTypeOf(asset),
    id: asset.id,
    displayName: asset.name ?? asset.adamId,
    bundleId: asset.bundleId ?? null,
    appStoreUrl: `https://apps.apple.com/app/id${asset.adamId}`,
    totalLicenseCount: asset.totalCount,
    usedLicenseCount: asset.assignedCount,
    ...tokenFields(asset, token, version),
    licensingType: { supportsUserLicensing: true, supportsDeviceLicensing: asset.deviceAssignable },
    ...(ios ? { applicableDeviceType: { iPad: true, iPhoneAndIPod: true } } : {}),
  };
}

/** A book as Graph's iosVppEBook (books are iOS only in Intune). */
export function vppEBook(asset: SyncedAsset, token: TokenRecord | undefined): GraphObject {
  return {
    '@odata.type': graphTypeOf(asset),
    id: asset.id,
    displayName: asset.name ?? asset.adamId,
    vppTokenId: asset.tokenId,
    appleId: null,
    vppOrganizationName: token?.orgName ?? null,
    totalLicenseCount: asset.totalCount,
    usedLicenseCount: asset.assignedCount,
  };
}

function tokenFields(asset: SyncedAsset, token: TokenRecord | undefined, version: GraphVersion): Record<string, unknown> {
  return {
    vppTokenId: asset.tokenId,
    vppTokenOrganizationName: token?.orgName ?? null,
    vppTokenAccountType: token?.program ?? null,
    vppTokenAppleId: null,
    ...(version === 'beta' ? { vppTokenDisplayName: token?.name ?? null } : {}),
  };
}
