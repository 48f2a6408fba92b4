import type { DistributionRuntime } from '../distribution/distribution-runtime.js';
import type { DistributionService } from '../distribution/distribution-service.js';
import { vppItemId } from '../distribution/model.js';

/**
 * Retires a user from managed distribution at a location through the enrolment store: distribution takes the user
 * out of every queue and gives their app licenses to whoever waits next (books stay with the user). Resolves once
 * Apple has answered for those licenses, so Apple's retire of the user comes after them, to the app items given back.
 */
export async function retireFromDistribution(distribution: DistributionRuntime, tokenId: string, userId: string, clientUserId: string): Promise<string[]> {
  const apps = appItemsHeldBy(distribution.service, tokenId, userId);
  await distribution.enrolments.recordRetirement(tokenId, userId, clientUserId);
  await distribution.service.whenSettled();
  return apps;
}

function appItemsHeldBy(service: DistributionService, tokenId: string, userId: string): string[] {
  const held = service.licenses({ holder: userId, limit: Number.MAX_SAFE_INTEGER }).items.filter(
    (l) => l.tokenId === tokenId && l.holderKind === 'user' && (l.state === 'requested' || l.state === 'confirmed'),
  );
  return [...new Set(held.map(vppItemId))].filter((itemId) => service.catalog.get(itemId)?.kind === 'vpp-app');
}
