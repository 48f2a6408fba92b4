import type { Hono } from 'hono';
import { HostError } from '../../api/errors.js';
import { isRouteResponse, type RouteDefinition } from '../../api/http.js';
import type { Logger } from '../../api/logger.js';
import type { Messages } from '../../api/messages.js';
import { actAs } from '../../runtime/acting-principal.js';
import type { Authenticator } from '../auth/authenticator.js';
import { parseInput } from '../validation.js';
import { clientAddressOf } from './client-address.js';
import { apiHeaders, errorResponse, jsonResponse, retryAfterHeaders, sayingTo } from './error-response.js';
import { DEFAULT_MAX_BODY_BYTES, readJsonBody } from './request-body.js';
import type { MountedRoute } from './route-table.js';

/** What a standby host serves of every route (see RouteDefinition.servedOnStandby for the others). */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Serves each route: a standby's refusal of a change (`refuseChange` throws it), access rule, body and query
 * validation, then the handler; failures become `{error, message, details}`.
 */
export function mountRoutes(app: Hono, routes: readonly MountedRoute[], authenticator: Authenticator, logger: Logger, messages?: Messages, refuseChange: () => void = () => undefined): void {
  for (const { fullPath, definition } of routes) {
    const changes = !READS.has(definition.method) && definition.servedOnStandby !== true;
    app.on(definition.method, fullPath, async (c) => {
      try {
        if (changes) refuseChange();
        return toResponse(await handle(definition, c.req.raw, { params: c.req.param(), clientAddress: clientAddressOf(c) }, authenticator));
      } catch (error) {
        const own = error instanceof HostError ? definition.answerError?.(error) : undefined;
        if (!own) return errorResponse(error, logger, sayingTo(c.req.raw, messages));
        const response = toResponse(own);
        retryAfterHeaders(error).forEach((value, name) => response.headers.set(name, value));
        return response;
      }
    });
  }
}

async function handle(
  definition: RouteDefinition<unknown, unknown>,
  request: Request,
  { params, clientAddress }: { params: Record<string, string>; clientAddress: string },
  authenticator: Authenticator,
): Promise<unknown> {
  const principal =
    definition.access === 'public'
      ? undefined
      : authenticator.authorize(authenticator.authenticate(request.headers), definition.access, request);
  const rawBody = await readJsonBody(request, definition.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const body = definition.body ? parseInput(definition.body, rawBody, 'request body', definition.expects) : rawBody;
  const rawQuery = Object.fromEntries(new URL(request.url).searchParams);
  const query = definition.query ? parseInput(definition.query, rawQuery, 'query') : rawQuery;
  return actAs(principal, () => definition.handle({ params, query, body, headers: request.headers, principal, clientAddress }));
}

function toResponse(result: unknown): Response {
  if (!isRouteResponse(result)) return result === undefined ? new Response(null, { status: 204 }) : jsonResponse(result);
  const headers = apiHeaders(new Headers(result.headers));
  const { body } = result;
  if (body === undefined || body === null) return new Response(null, { status: result.status ?? 204, headers });
  // Streams (NDJSON from the command gateway), bytes and text with their own content type pass through untouched.
  if (body instanceof ReadableStream || body instanceof Uint8Array) return new Response(body as BodyInit, { status: result.status ?? 200, headers });
  if (typeof body === 'string' && headers.has('content-type') && !/json/i.test(headers.get('content-type')!)) {
    return new Response(body, { status: result.status ?? 200, headers });
  }
  return jsonResponse(body, result.status ?? 200, headers);
}
