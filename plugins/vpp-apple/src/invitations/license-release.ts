import type { Actor } from '@vpp-host/api';
import type { DistributionService } from '../distribution/distribution-service.js';
import { vppItemId } from '../distribution/model.js';

/**
 * Revokes every VPP app license a user holds at a location through the ledger (so waiting users are served next)
 * and waits until Apple answered. Books stay with the user: Apple cannot take them back.
 */
export async function releaseAppLicenses(service: DistributionService, tokenId: string, userId: string, actor: Actor, reason: string): Promise<number> {
  const held = service.licenses({ holder: userId, limit: Number.MAX_SAFE_INTEGER }).items.filter(
    (l) => l.tokenId === tokenId && l.holderKind === 'user' && (l.state === 'requested' || l.state === 'confirmed'),
  );
  const apps = [...new Set(held.map(vppItemId))].filter((itemId) => service.catalog.get(itemId)?.kind === 'vpp-app');
  for (const item of apps) await service.revoke({ item, target: { kind: 'user', id: userId }, reason }, actor);
  await service.whenSettled();
  return apps.length;
}
