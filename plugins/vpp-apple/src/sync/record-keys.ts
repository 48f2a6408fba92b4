import type { Holding } from '../../api/index.js';
import type { AssetKey, Assignment } from '../client/index.js';

/** Natural keys of synced records, scoped by token so two locations never collide. */
export const assetId = (tokenId: string, asset: AssetKey): string => `${tokenId}|${asset.adamId}|${asset.pricingParam}`;

export const assignmentId = (tokenId: string, assignment: Assignment): string =>
  `${assetId(tokenId, assignment)}|${assignment.clientUserId !== undefined ? `u:${assignment.clientUserId}` : `s:${assignment.serialNumber ?? ''}`}`;

export const userId = (tokenId: string, clientUserId: string): string => `${tokenId}|user|${clientUserId}`;

export function holdingId(tokenId: string, holding: Holding): string {
  if (holding.kind === 'user') return userId(tokenId, holding.clientUserId);
  const { kind: _kind, ...assignment } = holding;
  return assignmentId(tokenId, assignment);
}
