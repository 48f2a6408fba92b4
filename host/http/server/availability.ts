import type { Hono } from 'hono';
import type { HostRoleView } from '../../storage/storage-engine.js';
import { StandbyError } from '../../storage/standby-error.js';
import { jsonResponse } from './error-response.js';

/** Why this host should get no traffic now, or undefined when it should (a host alone on its storage always may). */
export function notReadyReason(roles: HostRoleView | undefined): string | undefined {
  if (!roles) return undefined;
  if (!roles.reachable()) return 'storage_unreachable';
  return roles.role() === 'standby' ? 'standby' : undefined;
}

/**
 * For load balancers, unauthenticated and without secrets: `/api/health` answers while the process runs, `/api/ready`
 * only while this host is active and its storage answers.
 */
export function mountAvailability(app: Hono, roles: HostRoleView | undefined): void {
  app.get('/api/health', () => jsonResponse({ status: 'alive', role: roles?.role() ?? 'active' }));
  app.get('/api/ready', () => {
    const reason = notReadyReason(roles);
    const role = roles?.role() ?? 'active';
    if (reason === undefined) return jsonResponse({ ready: true, role });
    return jsonResponse({ ready: false, role, reason, activeHost: roles?.activeHost() ?? null }, 503);
  });
}

/**
 * Throws the StandbyError naming the active host while this host is a standby: a change (REST, a panel form, a
 * command) must not reach the code that makes it.
 */
export function refuseChangeOnStandby(roles: HostRoleView | undefined): void {
  if (roles?.role() === 'standby') throw new StandbyError(roles.activeHost());
}
