import type { HostError } from './errors.js';
import type { ZodType } from 'zod';
import type { Principal } from './actor.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `read`: any signed-in admin or API token; `admin`: the admin role only;
 * `public`: no session or API token (the route checks its own credentials, e.g. a webhook's bearer token).
 */
export type RouteAccess = 'public' | 'read' | 'admin';

export interface RouteRequest<Body = unknown, Query = unknown> {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Query;
  readonly body: Body;
  readonly headers: Headers;
  /** Undefined only on `public` routes. */
  readonly principal: Principal | undefined;
  /** The address the connection came from (behind a reverse proxy, the proxy's); the server always sets it. */
  readonly clientAddress?: string;
}

/** An answer with its own status or headers; made only by `respond`, so no JSON body is ever mistaken for one. */
export interface RouteResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

const ROUTE_RESPONSE = Symbol.for('host.RouteResponse');

/** Wraps an answer that needs a status or headers; a handler otherwise returns the JSON body itself. */
export function respond(response: RouteResponse): RouteResponse {
  return { ...response, [ROUTE_RESPONSE]: true } as RouteResponse;
}

/**
 * A REST route. It is served at `/api/<plugin id><path>`; bodies and queries are validated against the schemas
 * before the handler runs, and the schemas document the route in `/api/openapi.json`.
 */
export interface RouteDefinition<Body = unknown, Query = unknown> {
  readonly method: HttpMethod;
  /** Hono-style path with `:name` parameters, starting with "/". */
  readonly path: string;
  readonly summary: string;
  readonly access: RouteAccess;
  readonly body?: ZodType<Body>;
  /** What a body must look like, in words for a refusal, when the schema says it poorly (e.g. one of several shapes). */
  readonly expects?: string;
  readonly query?: ZodType<Query>;
  /** Largest accepted body in bytes; 1 MiB when unset. */
  readonly maxBodyBytes?: number;
  /**
   * A route other than GET that changes nothing (a search or preview with a body), or decides itself what it may do
   * there: a standby host serves it. Every other change is refused on a standby before the handler runs, naming the
   * active host (in the API's own shape when `answerError` gives one).
   */
  readonly servedOnStandby?: boolean;
  /** Returns the JSON body, `respond({status, body, headers})` for anything else, or undefined for 204. */
  handle(request: RouteRequest<Body, Query>): Promise<RouteResponse | unknown>;
  /**
   * Answers a refusal in the API's own shape, for routes that serve another product's API: failed sign-in, a
   * malformed or oversized body, a body or query the schemas refuse, and any HostError the handler throws. Undefined
   * keeps the host's `{error, message, details}`.
   */
  answerError?(error: HostError): RouteResponse | undefined;
}

/** Builds a route with its body and query types inferred from the schemas. */
export function route<Body = undefined, Query = Record<string, string>>(
  definition: RouteDefinition<Body, Query>,
): RouteDefinition<unknown, unknown> {
  return definition as unknown as RouteDefinition<unknown, unknown>;
}

export const RouteContribution = Symbol.for('host.RouteContribution');
export interface RouteContribution {
  readonly routes: readonly RouteDefinition<unknown, unknown>[];
}

export function isRouteResponse(value: unknown): value is RouteResponse {
  return typeof value === 'object' && value !== null && ROUTE_RESPONSE in value;
}
