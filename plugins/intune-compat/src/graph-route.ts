import { route, type Clock, type RouteDefinition, type RouteRequest } from '@vpp-host/api';
import { graphErrorResponse } from './graph-errors.js';
import type { GraphVersion } from './graph-objects.js';
import { collectionPage, collectionQuery, type CollectionQuery, type Listing } from './odata.js';

/** Where Graph's versions are served. */
export const GRAPH_PREFIX = '/api/plugins/intune-compat';

/**
 * A route of the Graph surface: every refusal — sign-in, a malformed body, a body Graph would refuse, a core rule —
 * is answered in Graph's error shape, so a Graph script reads it as it reads Graph's.
 */
export function graphRoute<Body = undefined, Query = Record<string, string>>(clock: Clock, definition: RouteDefinition<Body, Query>): RouteDefinition<unknown, unknown> {
  return route({ ...definition, answerError: (error) => graphErrorResponse(error, clock) });
}

/** The address the client used, for absolute next links. */
export function originOf(headers: Headers): string {
  const protocol = headers.get('x-forwarded-proto') === 'https' ? 'https' : 'http';
  return `${protocol}://${headers.get('host') ?? '127.0.0.1'}`;
}

/** A page of `deviceAppManagement/{collection}` for this request, with the OData options it read; next links are absolute. */
export function graphPage<T>(listing: Listing<T>, request: RouteRequest, version: GraphVersion, collection: string): { page: Record<string, unknown>; query: CollectionQuery } {
  const options = request.query as Record<string, string>;
  const query = collectionQuery(options);
  const { $skiptoken: _previous, ...kept } = options;
  const self = { url: `${originOf(request.headers)}${GRAPH_PREFIX}/${version}/deviceAppManagement/${collection}`, query: kept };
  return { page: collectionPage(listing, query, self, `https://graph.microsoft.com/${version}/$metadata#deviceAppManagement/${collection}`), query };
}
