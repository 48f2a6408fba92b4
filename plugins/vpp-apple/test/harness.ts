import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { http, HttpResponse, passthrough, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Container } from 'inversify';
import {
  CommandContribution,
  isRouteResponse,
  RouteContribution,
  Settings,
  type CommandContext,
  type CommandHandler,
  type CommandProgress,
  type CommandResult,
  type Principal,
  type RouteDefinition,
  type RouteResponse,
} from '@vpp-host/api';
import { Host } from '../../../host/runtime/host.js';
import { ManualClock } from '../../../host/runtime/clock.js';
import { parseInput } from '../../../host/http/validation.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { AppleNotifications, CatalogReader, HoldingsRegistry, SyncService, TokenService } from '../api/index.js';
import { tempDir, writePlugins, type PluginFixture } from '../../../test/support/plugin-fixture.js';
import { AppleVppSimulator, createAppleHandlers, type AppleVppSimulatorOptions, type LocationSpec } from '../src/simulator/index.js';
import { resultSaid } from '../../../host/commands/result-in-language.js';

export const ADMIN: Principal = { kind: 'admin', id: 'admin-1', name: 'Ada Admin', role: 'admin' };
export const WEBHOOK_BASE = 'https://mdm.example.test';

export const SMALL_LOCATION: LocationSpec = {
  uId: '2049025000431439',
  locationName: 'Head Office',
  orgName: 'Contoso Ltd',
  websiteURL: 'https://business.apple.com',
  countryISO2ACode: 'NL',
  assets: [
    { adamId: '100', productType: 'App', totalCount: 10 },
    { adamId: '200', productType: 'App', totalCount: 2 },
    { adamId: '900', productType: 'Book', totalCount: 5 },
  ],
  users: [
    { clientUserId: 'u1', email: 'u1@example.com', status: 'Associated' },
    { clientUserId: 'u2', email: 'u2@example.com' },
  ],
  assignments: [
    { adamId: '100', pricingParam: 'STDQ', serialNumber: 'SER-1' },
    { adamId: '100', pricingParam: 'STDQ', clientUserId: 'u1' },
  ],
};

export const SCHOOL_LOCATION: LocationSpec = {
  uId: '2049025000558812',
  locationName: 'Northside School',
  orgName: 'Northside District',
  websiteURL: 'https://school.apple.com',
  countryISO2ACode: 'BE',
  assets: [{ adamId: '300', productType: 'App', totalCount: 4 }],
};

export interface RouteCall {
  readonly params?: Record<string, string>;
  readonly body?: unknown;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
}

export interface Harness {
  readonly host: Host;
  readonly clock: ManualClock;
  readonly simulator: AppleVppSimulator;
  readonly container: Container;
  readonly tokens: TokenService;
  readonly sync: SyncService;
  readonly catalog: CatalogReader;
  readonly holdings: HoldingsRegistry;
  readonly notifications: AppleNotifications;
  readonly logs: LogLine[];
  /** Every answer a command or route gave in this test, to prove what never appears in one. */
  readonly outputs: unknown[];
  command(id: string, args?: Record<string, string>, options?: Record<string, string | boolean>, progress?: CommandProgress[]): Promise<CommandResult>;
  route(method: string, routePath: string, request?: RouteCall): Promise<RouteResponse>;
  /** Settles a promise while moving the clock a second at a time (rate limits and polls wait on it). */
  settle<T>(promise: Promise<T>): Promise<T>;
  /** Moves the clock as `settle` does until the condition holds (Apple answered, a sync landed); fails after 4 s. */
  until(condition: () => boolean | Promise<boolean>): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  readonly server: ReturnType<typeof setupServer>;
  readonly locations?: readonly LocationSpec[];
  readonly simulator?: Partial<AppleVppSimulatorOptions>;
  /** An earlier harness's simulator (then `locations` and `simulator` are not used), so a restarted host meets the same Apple. */
  readonly apple?: AppleVppSimulator;
  readonly notificationBaseUrl?: string;
  readonly dataDir?: string;
  readonly clock?: ManualClock;
  /** Plugins that depend on vpp-apple, written to a plugin folder as a vendor ships them and loaded with it. */
  readonly dependents?: readonly PluginFixture[];
  /** Other bundled plugins to load beside vpp-apple (and what they depend on), e.g. a compatibility plugin. */
  readonly bundled?: readonly string[];
}

export type StartedHarness = Harness & { handles: { uId: string; sToken: string }[] };

/**
 * Registers the calling test file's hooks: one msw server for the file (an unhandled request fails the test) and
 * the harness of each test stopped after it. Returns the function that starts that harness.
 */
export function useHarness(): (options?: Omit<HarnessOptions, 'server'>) => Promise<StartedHarness> {
  const server = setupServer();
  let running: StartedHarness | undefined;
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    server.resetHandlers();
  });
  return async (options = {}) => (running = await startHarness({ ...options, server }));
}

/** A real host with this plugin (and only the plugins it needs), and the Apple simulator behind msw. */
export async function startHarness(options: HarnessOptions): Promise<StartedHarness> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'vpp-apple-')));
  const clock = options.clock ?? new ManualClock('2026-06-01T09:00:00.000Z');
  const simulator = options.apple ?? new AppleVppSimulator({ clock, eventDelayMs: 0, ...options.simulator });
  const handles = options.apple ? [] : (options.locations ?? [SMALL_LOCATION]).map((spec) => simulator.addLocation(spec));
  const logs: LogLine[] = [];
  const outputs: unknown[] = [];
  const webhook: HttpHandler[] = [
    http.post(`${WEBHOOK_BASE}/api/plugins/vpp-apple/notifications/:tokenId`, async ({ request, params }) => {
      const response = await callRoute('POST', '/notifications/:tokenId', false, {
        params: { tokenId: String(params.tokenId) },
        body: await request.json(),
        headers: Object.fromEntries(request.headers),
      });
      // No body: cancelling the body of a mocked response (as Apple's notifier does) never settles under msw.
      return new HttpResponse(null, { status: response.status ?? 200 });
    }),
  ];
  options.server.use(...createAppleHandlers(simulator), ...webhook);

  const dependents = options.dependents ?? [];
  const loaded = ['vpp-apple', ...(options.bundled ?? []), ...dependents.map((plugin) => String(plugin.manifest.id))];
  const host = await Host.start({
    dataDir,
    onlyPlugins: loaded,
    pluginDirs: dependents.length > 0 ? [await writePlugins(await tempDir('dependents'), dependents)] : [],
    port: 0,
    clock,
    logLevel: 'debug',
    logSink: (line) => logs.push(line),
    env: {},
  });
  // msw stands in for Apple; requests to the host itself (a test's HTTP client) go through to it.
  options.server.use(http.all(`${host.environment.publicUrl()}/*`, () => passthrough()));
  for (const id of loaded) {
    const status = host.plugins.statuses().find((s) => s.id === id);
    if (status?.state !== 'started') throw new Error(`${id} did not start: ${JSON.stringify(status)}`);
  }
  const container = host.plugins.containerOf('vpp-apple')!;
  if (options.notificationBaseUrl) await container.get<Settings>(Settings).update('notificationBaseUrl', options.notificationBaseUrl, ADMIN);

  // The host's and every loaded plugin's commands, as the CLI reaches them.
  const commands = new Map<string, CommandHandler>(
    [host.container, ...loaded.map((id) => host.plugins.containerOf(id)!)].flatMap((container) =>
      container.getAll<CommandContribution>(CommandContribution).flatMap((c) => c.commands.map((h) => [h.id, h] as const)),
    ),
  );
  const routes: RouteDefinition[] = container.getAll<RouteContribution>(RouteContribution).flatMap((c) => [...c.routes]);

  const settle = async <T>(promise: Promise<T>): Promise<T> => {
    let outcome: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
    void promise.then(
      (value) => (outcome = { ok: true, value }),
      (error: unknown) => (outcome = { ok: false, error }),
    );
    // Real I/O (msw, storage) is slow next to the loop, so time moves a little per real millisecond.
    while (!outcome) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await clock.advance(200);
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };

  const harness: Harness = {
    host,
    clock,
    simulator,
    container,
    tokens: container.get(TokenService),
    sync: container.get(SyncService),
    catalog: container.get(CatalogReader),
    holdings: container.get(HoldingsRegistry),
    notifications: container.get(AppleNotifications),
    logs,
    outputs,
    settle,
    until: (condition) =>
      settle(
        (async () => {
          for (let i = 0; i < 400; i++) {
            if (await condition()) return;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          throw new Error('condition not met');
        })(),
      ),
    async command(id, args = {}, commandOptions = {}, progress = []) {
      const handler = commands.get(id);
      if (!handler) throw new Error(`No command ${id}`);
      const context: CommandContext = { principal: ADMIN, progress: (p) => progress.push(p) };
      try {
        // As the CLI receives it in English: messages in the table said, `said` kept for tests of other languages.
        const result = resultSaid(await settle(handler.run({ args, options: commandOptions }, context)), (said) => said.message);
        outputs.push(result);
        return result;
      } catch (error) {
        outputs.push(error instanceof Error ? { message: error.message, details: (error as { details?: unknown }).details } : error);
        throw error;
      }
    },
    route: (method, routePath, request = {}) => callRoute(method, routePath, true, request),
    async stop() {
      await host.stop();
      // A data dir the caller passed is the caller's to remove.
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    },
  };

  /** Invokes a route as the server would: schemas first, errors as their JSON answer. */
  async function callRoute(method: string, routePath: string, settleClock: boolean, request: RouteCall): Promise<RouteResponse> {
    const definition = routes.find((r) => r.method === method && r.path === routePath);
    if (!definition) throw new Error(`No route ${method} ${routePath}`);
    const principal = definition.access === 'public' ? undefined : ADMIN;
    try {
      const body = definition.body ? parseInput(definition.body, request.body, 'request body', definition.expects) : request.body;
      const query = definition.query ? parseInput(definition.query, request.query ?? {}, 'query') : (request.query ?? {});
      const handled = Promise.resolve(definition.handle({ params: request.params ?? {}, query, body, headers: new Headers(request.headers ?? {}), principal }));
      const result = settleClock ? await settle(handled) : await handled;
      const response: RouteResponse = isRouteResponse(result) ? result : result === undefined ? { status: 204 } : { status: 200, body: result };
      outputs.push(response);
      return response;
    } catch (error) {
      const failure = error as { status?: number; code?: string; message?: string; details?: unknown };
      const response: RouteResponse = { status: failure.status ?? 500, body: { error: failure.code, message: failure.message, details: failure.details } };
      outputs.push(response);
      return response;
    }
  }
  return { ...harness, handles };
}
