import type { Hono } from 'hono';
import type { HostRoleView } from '../../storage/storage-engine.js';
import { StandbyError } from '../../storage/standby-error.js';
import { jsonResponse } from './error-response.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why this host should get no traffic now, or undefined when it should (a host alone on its storage always may). */
export function notReadyReason(roles: HostRoleView | undefined): string | undefined {
  if (!roles) return undefined;
  if (!roles.reachable()) return 'storage_unreachable';
  return roles.role() === 'standby' ? 'standby' : undefined;
}

/**
 * For load balancers, unauthenticated and without secrets: `/api/health` answers while the process runs, `/api/ready`
 * only while this host is active and its storage answers. A standby refuses every change before it reaches a route,
 * naming the active host.
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
    if (READS.has(c.req.method) || roles.role() === 'active') return next();
    throw new StandbyError(roles.activeHost());
  });
}

/** A standby runs no plugins: their API paths answer that the active host serves them. */
export function standbyNotFound(roles: HostRoleView | undefined): StandbyError | undefined {
  return roles?.role() === 'standby' ? new StandbyError(roles.activeHost()) : undefined;
}
