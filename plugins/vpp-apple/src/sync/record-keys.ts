import { vppItemId, type Holding } from '../../api/index.js';
import type { AssetKey, Assignment } from '../client/index.js';

/** Natural keys of synced records, scoped by token so two locations never collide. An asset's is its item id. */
export const assetId = (tokenId: string, asset: AssetKey): string => vppItemId(tokenId, asset);

/** How assets were keyed before their key became the item id; kept to move stored assets over (SyncedData.open). */
export const legacyAssetId = (tokenId: string, asset: AssetKey): string => `${tokenId}|${asset.adamId}|${asset.pricingParam}`;

// Holdings are tracked under these ids, so they keep the form they were first stored in.
export const assignmentId = (tokenId: string, assignment: Assignment): string =>
  `${legacyAssetId(tokenId, assignment)}|${assignment.clientUserId !== undefined ? `u:${assignment.clientUserId}` : `s:${assignment.serialNumber ?? ''}`}`;

export const userId = (tokenId: string, clientUserId: string): string => `${tokenId}|user|${clientUserId}`;

export function holdingId(tokenId: string, holding: Holding): string {
  if (holding.kind === 'user') return userId(tokenId, holding.clientUserId);
  const { kind: _kind, ...assignment } = holding;
  return assignmentId(tokenId, assignment);
}
