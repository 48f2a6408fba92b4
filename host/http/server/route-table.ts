import type { Contribution } from '../../api/contributions.js';
import type { RouteContribution, RouteDefinition } from '../../api/http.js';
import type { Logger } from '../../api/logger.js';
import { HOST_PLUGIN_ID } from '../../runtime/plugin-host.js';

export interface MountedRoute {
  readonly pluginId: string;
  /** Hono-style path under the server root, e.g. `/api/plugins/mail/outbox/:id`. */
  readonly fullPath: string;
  readonly definition: RouteDefinition<unknown, unknown>;
}

const PATH = /^(\/(:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9._~-]+))*\/?$/;

/** The host's routes live under /api, a plugin's under /api/plugins/<id>. */
export function apiPathOf(pluginId: string, path: string): string {
  return pluginId === HOST_PLUGIN_ID ? `/api${path}` : `/api/plugins/${pluginId}${path}`;
}

/**
 * Every contributed route with its full path. A malformed path or one that could answer the same request as a route
 * taken earlier (host routes come first) is left out with an error naming both, so no plugin can shadow another.
 */
export function buildRouteTable(contributions: readonly Contribution<RouteContribution>[], logger: Logger): MountedRoute[] {
  const table: MountedRoute[] = [];
  for (const { pluginId, contribution } of contributions) {
    for (const definition of contribution.routes) {
      const where = `${definition.method} ${definition.path} of "${pluginId}"`;
      if (!definition.path.startsWith('/') || !PATH.test(definition.path)) {
        logger.error(`Route ${where} has a malformed path; it is not served`, { plugin: pluginId });
        continue;
      }
      const fullPath = apiPathOf(pluginId, definition.path);
      const clash = table.find((taken) => taken.definition.method === definition.method && pathsOverlap(taken.fullPath, fullPath));
      if (clash) {
        logger.error(`Route ${where} clashes with ${clash.definition.method} ${clash.fullPath} of "${clash.pluginId}"; it is not served`, { plugin: pluginId });
        continue;
      }
      table.push({ pluginId, fullPath, definition });
    }
  }
  return table;
}

function pathsOverlap(a: string, b: string): boolean {
  const left = a.split('/');
  const right = b.split('/');
  return left.length === right.length && left.every((segment, i) => segment === right[i] || segment.startsWith(':') || right[i]!.startsWith(':'));
}
