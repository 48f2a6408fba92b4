import { Hono } from 'hono';
import { NotFoundError, saying } from '../../api/errors.js';
import type { Logger } from '../../api/logger.js';
import type { Messages } from '../../api/messages.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { PanelShell } from '../panel/panel-shell.js';
import type { HostRoleView } from '../../storage/storage-engine.js';
import { mountAvailability, refuseChangeOnStandby } from './availability.js';
import { errorResponse, jsonResponse, sayingTo } from './error-response.js';
import { buildOpenApiDocument } from './openapi-document.js';
import { mountRoutes } from './route-mounter.js';
import type { MountedRoute } from './route-table.js';

export interface HttpAppParts {
  readonly routes: readonly MountedRoute[];
  readonly authenticator: Authenticator;
  readonly panel: PanelShell;
  readonly logger: Logger;
  readonly publicUrl: () => string;
  /** Present when hosts share the storage: a standby serves reads and refuses changes, naming the active host. */
  readonly roles?: HostRoleView | undefined;
  /** Says errors in the caller's language. */
  readonly messages?: Messages;
}

/** REST under /api (with its OpenAPI document), the panel everywhere else. */
export function createHttpApp({ routes, authenticator, panel, logger, publicUrl, roles, messages }: HttpAppParts): Hono {
  const app = new Hono();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    logger.debug('Request served', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) });
  });

  mountAvailability(app, roles);
  let openApi: unknown;
  app.get('/api/openapi.json', () => jsonResponse((openApi ??= buildOpenApiDocument(routes, publicUrl(), logger))));
  mountRoutes(app, routes, authenticator, logger, messages, () => refuseChangeOnStandby(roles));
  panel.mount(app);

  app.notFound((c) => {
    if (c.req.path !== '/api' && !c.req.path.startsWith('/api/')) return panel.notFound(c.req.raw);
    const { method, path } = c.req;
    return errorResponse(saying(new NotFoundError(`No route ${method} ${path}`), 'host.no-route', { method, path }), logger, sayingTo(c.req.raw, messages));
  });
  app.onError((error, c) => errorResponse(error, logger, sayingTo(c.req.raw, messages)));
  return app;
}
