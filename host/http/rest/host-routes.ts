import { z } from 'zod';
import { NotFoundError, saying, UnauthorizedError } from '../../api/errors.js';
import { respond, route, type RouteContribution, type RouteRequest } from '../../api/http.js';
import type { PluginManifest, PluginStatus } from '../../api/manifest.js';
import { HOST_PLUGIN_ID, type PluginHost } from '../../runtime/plugin-host.js';
import { AdminInputSchema, ApiTokenInputSchema, type AccountService } from '../auth/account-service.js';
import { clearedCookieHeader, cookieHeader, readCookie, SESSION_COOKIE } from '../auth/cookies.js';
import type { SessionStore } from '../auth/session-store.js';
import type { SignInThrottle } from '../auth/sign-in-throttle.js';
import type { SettingsDirectory } from './settings-directory.js';

export const WRONG_CREDENTIALS = 'Wrong name or password';

const LoginSchema = z.strictObject({ name: z.string().max(256), password: z.string().max(1024) });
const SettingUpdateSchema = z.strictObject({
  key: z.string().min(1),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
});

export interface HostRoutesDependencies {
  readonly accounts: AccountService;
  readonly sessions: SessionStore;
  readonly throttle: SignInThrottle;
  readonly plugins: PluginHost;
  readonly settings: SettingsDirectory;
  readonly hostManifest: PluginManifest;
}

/** The host's own REST API (served under /api): session, plugins and their settings, admins and API tokens. */
export class HostRoutes implements RouteContribution {
  readonly routes;

  constructor(private readonly deps: HostRoutesDependencies) {
    const { accounts, sessions, settings, throttle } = deps;
    this.routes = [
      route({
        method: 'POST',
        path: '/session',
        summary: 'Sign in; sets the session cookie and returns the CSRF token that changes need. Repeated failures get 429 with Retry-After',
        access: 'public',
        body: LoginSchema,
        maxBodyBytes: 16 * 1024,
        handle: async ({ body, headers, clientAddress }) => {
          const attempt = await throttle.admit(body.name, clientAddress ?? 'unknown');
          const principal = await accounts.verifyPassword(body.name, body.password);
          if (!principal) throw saying(new UnauthorizedError(WRONG_CREDENTIALS), 'host.sign-in.wrong');
          throttle.succeeded(attempt);
          const { cookie, session } = await sessions.create(principal.id);
          return respond({
            status: 200,
            headers: { 'set-cookie': cookieHeader(SESSION_COOKIE, cookie, headers) },
            body: { name: principal.name, role: principal.role, csrfToken: session.csrfToken },
          });
        },
      }),
      route({
        method: 'GET',
        path: '/session',
        summary: 'Who is signed in (or which API token is used), with the session CSRF token',
        access: 'read',
        handle: async ({ principal, headers }) => {
          const cookie = principal?.kind === 'admin' ? readCookie(headers, SESSION_COOKIE) : undefined;
          const session = cookie === undefined ? undefined : sessions.resume(cookie);
          return { kind: principal!.kind, id: principal!.id, name: principal!.name, role: principal!.role, ...(session ? { csrfToken: session.csrfToken } : {}) };
        },
      }),
      route({
        method: 'DELETE',
        path: '/session',
        summary: 'Sign out',
        access: 'read',
        handle: async ({ headers }) => {
          const cookie = readCookie(headers, SESSION_COOKIE);
          if (cookie !== undefined) await sessions.end(cookie);
          return respond({ status: 204, headers: { 'set-cookie': clearedCookieHeader(SESSION_COOKIE) } });
        },
      }),
      route({
        method: 'GET',
        path: '/plugins',
        summary: 'Every plugin with its state and, when it failed, why',
        access: 'read',
        handle: async () => deps.plugins.statuses(),
      }),
      route({
        method: 'GET',
        path: '/plugins/:id',
        summary: "A plugin's state and what its manifest contributes",
        access: 'read',
        handle: async ({ params }) => this.describePlugin(params.id!),
      }),
      route({
        method: 'GET',
        path: '/plugins/:id/settings',
        summary: "A plugin's (or the host's) settings with their values and where each value comes from",
        access: 'read',
        handle: async ({ params }) => settings.of(params.id!).describe().map(({ declaration, ...setting }) => ({ ...setting, ...declaration })),
      }),
      route({
        method: 'PUT',
        path: '/plugins/:id/settings',
        summary: "Changes one of a plugin's (or the host's) settings; the value is checked against its declaration",
        access: 'admin',
        body: SettingUpdateSchema,
        handle: async ({ params, body, principal }: RouteRequest<z.infer<typeof SettingUpdateSchema>>) => {
          const pluginSettings = settings.of(params.id!);
          await pluginSettings.update(body.key, body.value, principal!);
          const { declaration, ...setting } = pluginSettings.describe().find((s) => s.key === body.key)!;
          return { ...setting, ...declaration };
        },
      }),
      route({
        method: 'GET',
        path: '/admins',
        summary: 'Admin accounts (never their passwords)',
        access: 'read',
        handle: async () => accounts.listAdmins(),
      }),
      route({
        method: 'POST',
        path: '/admins',
        summary: 'Creates an admin account',
        access: 'admin',
        body: AdminInputSchema,
        maxBodyBytes: 16 * 1024,
        handle: async ({ body, principal }) => respond({ status: 201, body: await accounts.createAdmin(body, principal!) }),
      }),
      route({
        method: 'GET',
        path: '/api-tokens',
        summary: 'API tokens (never the tokens themselves)',
        access: 'read',
        handle: async () => accounts.listApiTokens(),
      }),
      route({
        method: 'POST',
        path: '/api-tokens',
        summary: 'Creates an API token; the answer is the only time the token is shown',
        access: 'admin',
        body: ApiTokenInputSchema,
        maxBodyBytes: 16 * 1024,
        handle: async ({ body, principal }) => respond({ status: 201, body: await accounts.createApiToken(body, principal!) }),
      }),
      route({
        method: 'DELETE',
        path: '/api-tokens/:id',
        summary: 'Revokes an API token',
        access: 'admin',
        handle: async ({ params, principal }) => {
          await accounts.revokeApiToken(params.id!, principal!);
          return respond({ status: 204 });
        },
      }),
    ];
  }

  private describePlugin(id: string): { plugin: PluginStatus; contributes?: PluginManifest['contributes'] } {
    const { plugins, hostManifest } = this.deps;
    if (id === HOST_PLUGIN_ID) {
      const { displayName, version, contributes } = hostManifest;
      return { plugin: { id, displayName, version, folder: '', state: 'started' }, contributes };
    }
    const plugin = plugins.statuses().find((s) => s.id === id);
    if (!plugin) throw saying(new NotFoundError(`No plugin "${id}"`), 'host.plugin.unknown', { id });
    const manifest = plugins.manifests().find((m) => m.id === id);
    return { plugin, ...(manifest ? { contributes: manifest.contributes } : {}) };
  }
}
