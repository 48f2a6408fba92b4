import { BadInputError, cutText, saying } from '@vpp-host/api';
import type { DistributionCore } from './distribution-core.js';
import { vppItemId, type CatalogItem, type InstallMode } from './model.js';

/** At most this many locations in one order. */
export const MAX_ORDERED_LOCATIONS = 50;

/** A location order an admin gives (token ids or names) as token ids: none unknown, none twice, at least one. */
export function resolveLocationOrder(core: DistributionCore, given: readonly string[]): string[] {
  if (given.length === 0) throw refusal('locations: give at least one location', 'vpp.locations.empty', {});
  if (given.length > MAX_ORDERED_LOCATIONS) {
    throw refusal(`locations: at most ${MAX_ORDERED_LOCATIONS} locations, got ${given.length}`, 'vpp.locations.too-many', { max: MAX_ORDERED_LOCATIONS, got: given.length });
  }
  const order: string[] = [];
  for (const reference of given) {
    const token = core.deps.tokens.get(reference) ?? core.deps.tokens.list().find((t) => t.name === reference);
    if (!token) throw refusal(`locations: no location "${cutText(reference)}"; give a token's id or name`, 'vpp.locations.unknown', { token: cutText(reference) });
    if (order.includes(token.id)) throw refusal(`locations: ${token.name} is listed twice`, 'vpp.locations.duplicate', { token: token.name });
    order.push(token.id);
  }
  return order;
}

/**
 * The order checked against the assignment: a purchased item that installs or offers, every location holding the
 * same asset, the item's own location among them (its queue stays there).
 */
export function requireOrderFits(core: DistributionCore, item: CatalogItem, order: readonly string[], installMode: InstallMode): readonly string[] {
  if (!item.vpp) throw refusal(`locations: ${item.name} is an in-house item; only purchased items come from locations`, 'vpp.locations.vpp-only', { item: item.name });
  if (installMode === 'uninstall') throw refusal('locations: an uninstall assignment hands out no license', 'vpp.locations.not-for-uninstall', {});
  for (const tokenId of order) {
    if (!core.catalog.get(vppItemId({ ...item.vpp, tokenId }))) {
      throw refusal(`locations: ${locationName(core, tokenId)} does not hold ${item.name}`, 'vpp.locations.lacks-item', { token: locationName(core, tokenId), item: item.name });
    }
  }
  if (!order.includes(item.vpp.tokenId)) {
    const own = locationName(core, item.vpp.tokenId);
    throw refusal(`locations: the order must include ${own}, the location of ${item.name}`, 'vpp.locations.own-missing', { token: own, item: item.name });
  }
  return order;
}

function locationName(core: DistributionCore, tokenId: string): string {
  return core.deps.tokens.get(tokenId)?.name ?? tokenId;
}

function refusal(message: string, id: string, params: Readonly<Record<string, string | number>>): BadInputError {
  return saying(new BadInputError(message, { field: 'locations' }), id, params);
}
