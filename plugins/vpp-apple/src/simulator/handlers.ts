import { http, HttpResponse, type HttpHandler } from 'msw';
import { AppleErrorNumber as N } from '../client/error-numbers.js';
import type { SimulatedFault } from './faults.js';
import type { LocationState } from './location-state.js';
import type { AppleVppSimulator } from './model.js';
import { SimulatedAppleError, errorResponse } from './simulated-error.js';
import { APPLE_CONTENT_LOOKUP_PATH } from './store-catalogue.js';

type Run = (simulator: AppleVppSimulator, location: LocationState, request: Request, url: URL) => unknown;

interface Route {
  readonly method: 'GET' | 'POST';
  /** Below /mdm/v2/, or the name of another Apple service (for the request log and fault scopes). */
  readonly path: string;
  readonly run: Run;
  /** The URL pattern, when it is not the v2 path below /mdm/v2/. */
  readonly pattern?: string;
  /** The v2 API takes the Bearer token; the store's lookup the `itvt` cookie. */
  readonly auth?: 'bearer' | 'itvt-cookie';
}

const readBody = async (request: Request): Promise<unknown> => {
  try {
    return await request.json();
  } catch {
    throw new SimulatedAppleError(N.InvalidArgument);
  }
};

const ROUTES: readonly Route[] = [
  { method: 'GET', path: 'client/config', run: (sim, loc) => sim.clientConfig(loc) },
  { method: 'POST', path: 'client/config', run: async (sim, loc, req) => sim.updateClientConfig(loc, await readBody(req)) },
  { method: 'GET', path: 'assets', run: (sim, loc, _req, url) => sim.assets(loc, url.searchParams) },
  { method: 'GET', path: 'assignments', run: (sim, loc, _req, url) => sim.assignments(loc, url.searchParams) },
  { method: 'GET', path: 'users', run: (sim, loc, _req, url) => sim.users(loc, url.searchParams) },
  { method: 'GET', path: 'status', run: (sim, loc, _req, url) => sim.status(loc, url.searchParams.get('eventId')) },
  { method: 'POST', path: 'assets/associate', run: async (sim, loc, req) => sim.associate(loc, await readBody(req)) },
  { method: 'POST', path: 'assets/disassociate', run: async (sim, loc, req) => sim.disassociate(loc, await readBody(req)) },
  { method: 'POST', path: 'assets/revoke', run: async (sim, loc, req) => sim.revoke(loc, await readBody(req)) },
  { method: 'POST', path: 'users/create', run: async (sim, loc, req) => sim.createUsers(loc, await readBody(req)) },
  { method: 'POST', path: 'users/update', run: async (sim, loc, req) => sim.updateUsers(loc, await readBody(req)) },
  { method: 'POST', path: 'users/retire', run: async (sim, loc, req) => sim.retireUsers(loc, await readBody(req)) },
  {
    method: 'GET',
    path: 'contentMetadataLookup',
    pattern: `*${APPLE_CONTENT_LOOKUP_PATH}`,
    auth: 'itvt-cookie',
    run: (sim, _loc, _req, url) => sim.lookupContent(url.searchParams),
  },
];

const patternOf = (route: Pick<Route, 'path' | 'pattern'>): string => route.pattern ?? `*/mdm/v2/${route.path}`;

/**
 * msw handlers exposing the simulator as Apple's v2 endpoints and the store's content metadata lookup. Paths start
 * with `*` so one set matches Apple's hosts in tests and localhost in the demo.
 */
export function createAppleHandlers(simulator: AppleVppSimulator): HttpHandler[] {
  const endpoints = [...new Map([{ path: 'service/config' }, ...ROUTES].map((r) => [r.path, r])).values()];
  return [
    http.get('*/mdm/v2/service/config', ({ request }) =>
      answer(simulator, request, 'service/config', undefined, () => simulator.serviceConfig()),
    ),
    ...ROUTES.map((route) => {
      const register = route.method === 'GET' ? http.get : http.post;
      return register(patternOf(route), ({ request }) => serveAuthenticated(simulator, route, request));
    }),
    ...endpoints.map((route) =>
      http.all(patternOf(route), ({ request }) => reply(simulator, request, route.path, undefined, 405, errorResponse(N.BadMethod))),
    ),
  ];
}

async function serveAuthenticated(simulator: AppleVppSimulator, route: Route, request: Request): Promise<Response> {
  let location: LocationState | undefined;
  let authError: unknown;
  try {
    location =
      route.auth === 'itvt-cookie'
        ? simulator.authenticateStoreCookie(request.headers.get('cookie'))
        : simulator.authenticate(request.headers.get('authorization'));
  } catch (error) {
    authError = error;
  }
  const uId = location?.identity.uId;
  const fault = simulator.takeFault(uId, route.path);
  if (fault && fault.kind !== 'foreign-mdm') return faultResponse(simulator, request, route.path, uId, fault);
  return answer(simulator, request, route.path, uId, async () => {
    if (!location) throw authError;
    if (route.method === 'POST' && !(request.headers.get('content-type') ?? '').startsWith('application/json')) {
      throw new SimulatedAppleError(N.BadContentType);
    }
    if (!simulator.admit(location)) throw new SimulatedAppleError(N.TooManyRequests);
    const body = await route.run(simulator, location, request, new URL(request.url));
    return fault?.kind === 'foreign-mdm' ? { ...(body as object), mdmInfo: fault.mdmInfo } : body;
  });
}

async function answer(
  simulator: AppleVppSimulator,
  request: Request,
  path: string,
  uId: string | undefined,
  produce: () => unknown,
): Promise<Response> {
  try {
    return reply(simulator, request, path, uId, 200, await produce());
  } catch (error) {
    if (!(error instanceof SimulatedAppleError)) throw error;
    return reply(simulator, request, path, uId, error.httpStatus, error.toResponse());
  }
}

function faultResponse(
  simulator: AppleVppSimulator,
  request: Request,
  path: string,
  uId: string | undefined,
  fault: Exclude<SimulatedFault, { kind: 'foreign-mdm' }>,
): Response {
  const withRetryAfter = (retryAfter?: string) => (retryAfter === undefined ? undefined : { 'retry-after': retryAfter });
  switch (fault.kind) {
    case 'drop-connection':
      simulator.logRequest({ at: simulator.clock.now().getTime(), method: request.method, path, uId, httpStatus: 0 });
      return HttpResponse.error();
    case 'token-expired':
      return reply(simulator, request, path, uId, 401, errorResponse(N.TokenExpired));
    case 'token-revoked':
      return reply(simulator, request, path, uId, 401, errorResponse(N.TokenRevoked));
    case 'token-invalid':
      return fault.httpStatus === 200
        ? reply(simulator, request, path, uId, 200, errorResponse(N.InvalidAuthenticationToken))
        : reply(simulator, request, path, uId, 401, errorResponse(N.LoginRequired));
    case 'unavailable':
      return reply(simulator, request, path, uId, 503, errorResponse(N.TemporarilyUnavailable), withRetryAfter(fault.retryAfter));
    case 'internal-error':
      return reply(simulator, request, path, uId, 500, errorResponse(N.InternalError), withRetryAfter(fault.retryAfter));
    case 'rate-limited':
      return reply(simulator, request, path, uId, 429, errorResponse(N.TooManyRequests), withRetryAfter(fault.retryAfter));
  }
}

function reply(
  simulator: AppleVppSimulator,
  request: Request,
  path: string,
  uId: string | undefined,
  httpStatus: number,
  body: unknown,
  headers?: Record<string, string>,
): Response {
  const errorNumber = (body as { errorNumber?: unknown } | undefined)?.errorNumber;
  simulator.logRequest({
    at: simulator.clock.now().getTime(),
    method: request.method,
    path,
    uId,
    httpStatus,
    ...(typeof errorNumber === 'number' ? { errorNumber } : {}),
  });
  return HttpResponse.json(body as object, { status: httpStatus, headers });
}
