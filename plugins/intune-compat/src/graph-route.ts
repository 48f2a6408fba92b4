import { route, type Clock, type RouteDefinition } from '@vpp-host/api';
import { graphErrorResponse } from './graph-errors.js';

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
