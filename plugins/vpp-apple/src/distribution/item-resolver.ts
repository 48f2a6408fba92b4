import { BadInputError, cutText, quoteInput, saying } from '@vpp-host/api';
import type { CatalogItem } from './model.js';
import { didYouMean } from './target-resolver.js';

const MAX_CANDIDATES = 10;

export interface ItemScope {
  /** Only this location's VPP items (in-house items belong to no location and always count). */
  readonly tokenId?: string;
  /** How messages name a location. */
  readonly locationName: (tokenId: string) => string;
}

/**
 * The one item a reference names, for every surface (CLI, REST, panel): its id, or the adamId, bundle id or exact
 * name of exactly one item in scope. Anything else is refused with the candidates, so the admin can pick one.
 */
export function resolveItem(items: readonly CatalogItem[], reference: string, scope: ItemScope): CatalogItem {
  const inScope = items.filter((item) => !item.vpp || scope.tokenId === undefined || item.vpp.tokenId === scope.tokenId);
  const byId = items.find((item) => item.id === reference);
  if (byId) {
    if (!inScope.includes(byId)) {
      const [at, asked] = [scope.locationName(byId.vpp!.tokenId), scope.locationName(scope.tokenId!)];
      throw saying(new BadInputError(`${byId.id} (${byId.name}) is at ${at}, not at ${asked}`), 'vpp.item.other-location', { id: byId.id, name: byId.name, at, asked });
    }
    return byId;
  }
  const matches = inScope.filter((item) => item.vpp?.adamId === reference || item.bundleId === reference || item.name === reference);
  if (matches.length === 1) return matches[0]!;
  const location = scope.tokenId === undefined ? undefined : scope.locationName(scope.tokenId);
  const where = location === undefined ? '' : ` at ${location}`;
  const params = { name: cutText(reference), ...(location === undefined ? {} : { location }) };
  if (matches.length > 1) {
    // Candidates in a stable order (location, then adamId), whatever order the catalog holds them in.
    matches.sort((a, b) => candidateOrder(a, scope).localeCompare(candidateOrder(b, scope)));
    const refusal = new BadInputError(
      `${quoteInput(reference)} names ${matches.length} catalog items${where}: ${describe(matches, scope)}. Give the item's id${location === undefined ? ' or choose the location (token)' : ''}`,
      { candidates: matches.map((item) => candidate(item, scope)) },
    );
    const values = { ...params, count: matches.length, items: describe(matches, scope) };
    throw location === undefined ? saying(refusal, 'vpp.item.ambiguous', values) : saying(refusal, 'vpp.item.ambiguous-at', values);
  }
  const needle = reference.toLowerCase();
  const similar = inScope
    .filter((item) => item.name.toLowerCase().includes(needle) || item.vpp?.adamId.includes(reference) || item.bundleId?.toLowerCase().includes(needle))
    .slice(0, MAX_CANDIDATES);
  const hint = didYouMean(describe(similar, scope));
  const refusal = new BadInputError(`No catalog item ${quoteInput(reference)}${where}${hint[0]?.message ?? ''}`, { candidates: similar.map((item) => candidate(item, scope)) });
  const values = { ...params, didYouMean: hint };
  throw location === undefined ? saying(refusal, 'vpp.item.unknown', values) : saying(refusal, 'vpp.item.unknown-at', values);
}

function candidateOrder(item: CatalogItem, scope: ItemScope): string {
  return item.vpp ? `${scope.locationName(item.vpp.tokenId)}\u0000${item.vpp.adamId.padStart(20, '0')}` : item.name;
}

function describe(items: readonly CatalogItem[], scope: ItemScope): string {
  return items
    .slice(0, MAX_CANDIDATES)
    .map((item) => `${item.name}${item.vpp ? ` (${item.vpp.adamId}, ${scope.locationName(item.vpp.tokenId)})` : ''} [${item.id}]`)
    .join(', ');
}

function candidate(item: CatalogItem, scope: ItemScope) {
  return {
    id: item.id,
    name: item.name,
    kind: item.kind,
    ...(item.vpp ? { adamId: item.vpp.adamId, location: scope.locationName(item.vpp.tokenId) } : {}),
    ...(item.bundleId ? { bundleId: item.bundleId } : {}),
  };
}
