import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  CommandContribution,
  Inventory,
  isRouteResponse,
  RouteContribution,
  Settings,
  type CommandHandler,
  type CommandProgress,
  type CommandResult,
  type InventorySnapshot,
  type Principal,
  type RouteResponse,
  type User,
} from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
import type { Container } from 'inversify';
import { Host } from '../../../../../host/runtime/host.js';
import { FileStorageEngine } from '../../../../../host/storage/file-storage-engine.js';
import type { LogLine } from '../../../../../host/runtime/logger.js';
import { TestSmtpServer } from '../../../../mail/test/smtp-test-server.js';
import { Distribution, Invitations, SyncService, TokenService, type TokenRecord } from '../../../api/index.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock, type AppleSimulatorServer, type LocationSpec } from '../../simulator/index.js';
import type { ServiceLimits } from '../../../api/apple-wire.js';
import { InvitationService } from '../invitation-service.js';
import { resultSaid } from '../../../../../host/commands/result-in-language.js';

export const ADMIN: Principal = { kind: 'admin', id: 'admin-1', name: 'Ada Admin', role: 'admin' };

export const LOCATION: LocationSpec = {
  uId: '2049025000431439',
  locationName: 'Head Office',
  orgName: 'Contoso Ltd',
  assets: [
    { adamId: '100', productType: 'App', totalCount: 2 },
    { adamId: '900', productType: 'Book', totalCount: 5 },
  ],
};

/** The plugin's services and surfaces inside one running host. */
export interface RunningHost {
  readonly host: Host;
  readonly container: Container;
  readonly invitations: Invitations;
  readonly distribution: Distribution;
  readonly mail: MailApi;
  readonly inventory: Inventory;
  command(id: string, args?: Record<string, string>, options?: Record<string, string | boolean | number>, progress?: CommandProgress[]): Promise<CommandResult>;
  route(method: string, routePath: string, request?: { params?: Record<string, string>; body?: unknown; query?: Record<string, string> }): Promise<RouteResponse>;
  /** Waits for running invitation batches and enrolments. */
  idle(): Promise<void>;
}

/**
 * Everything real on loopback, on real time: Apple's simulator served over HTTP (it posts its notifications to the
 * host's webhook), an SMTP server that parses each mail, and hosts started on one data directory (so a test can
 * stop one and start the next). Only vpp-apple and what it depends on (mail) are loaded.
 */
export class InvitationWorld {
  readonly smtp = new TestSmtpServer();
  readonly logs: LogLine[] = [];
  readonly hosts: Host[] = [];
  simulator!: AppleVppSimulator;
  apple!: AppleSimulatorServer;
  sToken = '';
  dataDir = '';
  private readonly otherDataDirs: string[] = [];
  /** Every host of the world listens here, so Apple's webhook address outlives a restart. */
  hostPort = 0;
  token!: TokenRecord;

  /** `eventDelayMs`: how long Apple takes to complete an async request (none by default). */
  static async create(options: { invitationUrlTemplate?: string; location?: LocationSpec; limits?: Partial<ServiceLimits>; eventDelayMs?: number } = {}): Promise<InvitationWorld> {
    const world = new InvitationWorld();
    const port = await freePort();
    world.simulator = new AppleVppSimulator({
      clock: systemClock,
      eventDelayMs: options.eventDelayMs ?? 0,
      requireHttpsNotificationUrl: false,
      invitationUrlTemplate: options.invitationUrlTemplate ?? `http://127.0.0.1:${port}/__simulator/invitations/%25inviteCode%25`,
      ...(options.limits ? { limits: options.limits } : {}),
    });
    world.sToken = world.simulator.addLocation(options.location ?? LOCATION).sToken;
    world.apple = await startAppleSimulatorServer(world.simulator, { port });
    await world.smtp.start(0);
    world.dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-invitations-'));
    world.hostPort = await freePort();
    return world;
  }

  /**
   * Users as an older version stored them, before the inventory refused addresses that mail and Apple refuse: written
   * straight into the host's inventory collection while no host runs, so only the invitation's own check meets them.
   */
  async storeLegacyUsers(users: readonly Omit<User, 'createdAt'>[]): Promise<void> {
    const engine = new FileStorageEngine({ dataDir: this.dataDir });
    const stored = await engine.namespace('host').collection<User>('users');
    await stored.putMany(users.map((user) => ({ ...user, createdAt: '2025-09-01T08:00:00.000Z' })));
    await engine.close();
  }

  /**
   * A host on the world's data directory; the first one adds and syncs the location's token, unless `addToken` is
   * false (a restart after the token was deleted: the host holds no location).
   */
  async startHost(options: { addToken?: boolean } = {}): Promise<RunningHost> {
    const h = await startInvitationHost({
      dataDir: this.dataDir,
      hostPort: this.hostPort,
      appleBaseUrl: this.apple.baseUrl,
      smtpPort: this.smtp.port,
      ...(options.addToken === false ? {} : { sToken: this.sToken }),
      logSink: (line) => this.logs.push(line),
    });
    this.hosts.push(h.host);
    this.token = h.container.get<TokenService>(TokenService).list()[0] ?? this.token;
    return h;
  }

  /** Another host (another product installation) on the same Apple and SMTP server, with a data directory of its own and no location. */
  async startOtherHost(): Promise<RunningHost> {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-other-host-'));
    this.otherDataDirs.push(dataDir);
    const h = await startInvitationHost({ dataDir, hostPort: await freePort(), appleBaseUrl: this.apple.baseUrl, smtpPort: this.smtp.port, logSink: (line) => this.logs.push(line) });
    this.hosts.push(h.host);
    return h;
  }

  async stopHost(host: Host): Promise<void> {
    this.hosts.splice(this.hosts.indexOf(host), 1);
    await host.stop();
  }

  async dispose(): Promise<void> {
    for (const host of this.hosts.splice(0)) await host.stop();
    await this.apple.dispose();
    await this.smtp.stop();
    for (const dir of [this.dataDir, ...this.otherDataDirs]) await rm(dir, { recursive: true, force: true });
  }

  /** Mails the SMTP server received for an address. */
  mailsTo(address: string) {
    return this.smtp.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((to) => to?.value.some((v) => v.address === address)));
  }
}

/** Where a host of the world finds Apple, the SMTP server and its data: plain values, so a child process can start one. */
export interface InvitationHostOptions {
  readonly dataDir: string;
  readonly hostPort: number;
  readonly appleBaseUrl: string;
  readonly smtpPort: number;
  /** The location's token file, added when the data directory has no token yet; none: the host holds no location. */
  readonly sToken?: string;
  readonly logSink?: (line: LogLine) => void;
}

/** A host with vpp-apple on the data directory; the first one on it adds and syncs the location's token. */
export async function startInvitationHost(options: InvitationHostOptions): Promise<RunningHost> {
  const host = await Host.start({
    dataDir: options.dataDir,
    onlyPlugins: ['vpp-apple'],
    port: options.hostPort,
    hostname: '127.0.0.1',
    logLevel: 'debug',
    ...(options.logSink ? { logSink: options.logSink } : {}),
    env: {
      VPP_APPLE_BASE_URL: options.appleBaseUrl,
      VPP_MAIL_RETRY_BASE_MS: '50',
      VPP_MAIL_RETRY_MAX_MS: '200',
      VPP_MAIL_TIMEOUT_MS: '3000',
      VPP_MAIL_FROM: 'it@contoso.example',
    },
  });
  const failed = host.plugins.statuses().filter((s) => s.state !== 'started' && s.state !== 'disabled');
  if (failed.length > 0) throw new Error(`Plugins did not start: ${failed.map((s) => `${s.id}: ${s.error}`).join('; ')}`);
  const container = host.plugins.containerOf('vpp-apple')!;
  const settings = container.get<Settings>(Settings);
  await settings.update('notificationBaseUrl', host.environment.publicUrl(), ADMIN);
  await settings.update('statusPollSeconds', 1, ADMIN);
  const mailSettings = host.plugins.containerOf('mail')!.get<Settings>(Settings);
  if (mailSettings.get<number>('smtpPort') === 25) await pointMailAt(mailSettings, options.smtpPort);
  const tokens = container.get<TokenService>(TokenService);
  if (options.sToken !== undefined && tokens.list().length === 0) {
    const token = await tokens.add({ name: 'Head office', file: options.sToken }, ADMIN);
    await container.get<SyncService>(SyncService).sync(token.id);
  }
  return running(host, container);
}

export async function pointMailAt(settings: Settings, port: number): Promise<void> {
  await settings.update('smtpHost', '127.0.0.1', ADMIN);
  await settings.update('smtpPort', port, ADMIN);
}

/** Users u0… (mail at contoso.example, languages en, nl, fr in turn), all in the group `group`. */
export function people(count: number, group = 'staff'): InventorySnapshot {
  const users = Array.from({ length: count }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `u${i}@contoso.example`, language: ['en', 'nl', 'fr'][i % 3]! }));
  return { users, userGroups: [{ id: group, name: 'Staff', members: users.map((u) => u.id) }] };
}

export async function importPeople(inventory: Inventory, snapshot: InventorySnapshot): Promise<void> {
  await inventory.import(snapshot, ADMIN);
}

/** Polls until `condition` holds (real time: SMTP and Apple run on real sockets). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function running(host: Host, container: Container): RunningHost {
  const commands = new Map<string, CommandHandler>(container.getAll<CommandContribution>(CommandContribution).flatMap((c) => c.commands.map((h) => [h.id, h] as const)));
  const routes = container.getAll<RouteContribution>(RouteContribution).flatMap((c) => [...c.routes]);
  const invitations = container.get<Invitations>(Invitations);
  return {
    host,
    container,
    invitations,
    distribution: container.get<Distribution>(Distribution),
    mail: host.plugins.containerOf('mail')!.get<MailApi>(MailApi),
    inventory: container.get<Inventory>(Inventory),
    async command(id, args = {}, options = {}, progress = []) {
      const handler = commands.get(id);
      if (!handler) throw new Error(`No command ${id}`);
      // As the CLI receives it in English: messages in the table said, `said` kept for tests of other languages.
      return resultSaid(await handler.run({ args, options }, { principal: ADMIN, progress: (p) => progress.push(p) }), (said) => said.message);
    },
    /** As the server answers: the schemas first, errors as their JSON body. */
    async route(method, routePath, request = {}) {
      const definition = routes.find((r) => r.method === method && r.path === routePath);
      if (!definition) throw new Error(`No route ${method} ${routePath}`);
      try {
        const body = definition.body ? definition.body.parse(request.body) : request.body;
        const query = definition.query ? definition.query.parse(request.query ?? {}) : (request.query ?? {});
        const result = await definition.handle({ params: request.params ?? {}, query, body, headers: new Headers(), principal: ADMIN });
        return isRouteResponse(result) ? result : { status: 200, body: result };
      } catch (error) {
        const failure = error as { status?: number; code?: string; message?: string; name?: string };
        return { status: failure.status ?? (failure.name === 'ZodError' ? 400 : 500), body: { error: failure.code, message: failure.message } };
      }
    },
    idle: () => container.get(InvitationService).whenIdle(),
  };
}

/** A loopback port nobody listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
