import type { Hono } from 'hono';
import type { HostRoleView } from '../../storage/storage-engine.js';
import { StandbyError } from '../../storage/standby-error.js';
import { jsonResponse } from './error-response.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Commands run by POST whether they change anything or not: the gateway refuses those that do (see CommandGateway). */
const COMMAND_RUNS = '/api/commands/';

/** Why this host should get no traffic now, or undefined when it should (a host alone on its storage always may). */
export function notReadyReason(roles: HostRoleView | undefined): string | undefined {
  if (!roles) return undefined;
  if (!roles.reachable()) return 'storage_unreachable';
  return roles.role() === 'standby' ? 'standby' : undefined;
}

/**
 * For load balancers, unauthenticated and without secrets: `/api/health` answers while the process runs, `/api/ready`
 * only while this host is active and its storage answers. A standby refuses every change before it reaches a route,
 * naming the active host; a command that only reads runs there too.
 */
export function mountAvailability(app: Hono, roles: HostRoleView | undefined): void {
  app.get('/api/health', () => jsonResponse({ status: 'alive', role: roles?.role() ?? 'active' }));
  app.get('/api/ready', () => {
    const reason = notReadyReason(roles);
    const role = roles?.role() ?? 'active';
    if (reason === undefined) return jsonResponse({ ready: true, role });
    return jsonResponse({ ready: false, role, reason, activeHost: roles?.activeHost() ?? null }, 503);
  });
  if (!roles) return;
  app.use('/api/*', async (c, next) => {
    if (!READS.has(c.req.method) && !c.req.path.startsWith(COMMAND_RUNS)) refuseChangeOnStandby(roles);
    return next();
  });
}

/** Throws the StandbyError naming the active host while this host is a standby: a change must not reach a plugin. */
export function refuseChangeOnStandby(roles: HostRoleView | undefined): void {
  if (roles?.role() === 'standby') throw new StandbyError(roles.activeHost());
}
