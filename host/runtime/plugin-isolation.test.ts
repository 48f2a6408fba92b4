import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Principal } from '../api/actor.js';
import { CommandContribution } from '../api/commands.js';
import { AuditLog } from '../api/audit.js';
import { AccountService } from '../http/auth/account-service.js';
import { manifest, recordingModule, tempDir, writePlugins } from '../../test/support/plugin-fixture.js';
import type { MailApi } from '../../plugins/mail/api/index.js';
import { actAs } from './acting-principal.js';
import { Host, type HostOptions } from './host.js';
import type { LogLine } from './logger.js';

const events = (): string[] => ((globalThis as { __pluginEvents?: string[] }).__pluginEvents ??= []);
let hosts: Host[] = [];
let root: string;

beforeEach(async () => {
  events().length = 0;
  root = await tempDir('isolation');
});
afterEach(async () => {
  for (const host of hosts) await host.stop();
  hosts = [];
  await rm(root, { recursive: true, force: true });
});

async function start(plugins: Parameters<typeof writePlugins>[1], options: Partial<HostOptions> = {}): Promise<Host> {
  const dir = await writePlugins(path.join(root, 'plugins'), plugins);
  const host = await Host.start({ dataDir: path.join(root, 'data'), bundledPluginsDir: null, pluginDirs: [dir], logSink: () => {}, ...options });
  hosts.push(host);
  return host;
}

function statusOf(host: Host, id: string) {
  return host.plugins.statuses().find((s) => s.id === id)!;
}

/** A plugin whose onStart runs `body` (with `provider`, `audit` and `context` at hand) and records what it threw. */
function probing(body: string, extraImports = ''): string {
  return `
import { AuditLog, ContainerModule, ContributionProvider, LifecycleContribution, PluginContext, RouteContribution, inject, injectable } from '@vpp-host/api';
${extraImports}
const events = ((globalThis as any).__pluginEvents ??= []);
@injectable()
class Probe implements LifecycleContribution {
  constructor(
    @inject(ContributionProvider) private readonly provider: ContributionProvider,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(PluginContext) private readonly context: PluginContext,
  ) {}
  async onStart() {
    const { provider, audit, context } = this;
    try { ${body} } catch (error) { events.push('threw: ' + (error as Error).message); }
  }
}
export default new ContainerModule(({ bind }) => {
  bind(LifecycleContribution).to(Probe).inSingletonScope();
});
`;
}

describe('contributions go only to the owner of the point', () => {
  const owner = { manifest: manifest('owner', { contributionPoints: ['owner.Widget'] }), code: recordingModule('owner') };
  const contributor = {
    manifest: manifest('contributor'),
    code: `
import { ContainerModule } from '@vpp-host/api';
const Widget = Symbol.for('owner.Widget');
export default new ContainerModule(({ bind }) => {
  bind(Widget).toConstantValue({ name: 'gauge', secretStore: 'live collection' });
});
`,
  };

  it("hands the owner every plugin's contributions to its point", async () => {
    // The contributor loads after the owner (discovery order), so the owner asks again once all started.
    const host = await start([owner, contributor]);
    expect(statusOf(host, 'contributor').state).toBe('started');
    expect(statusOf(host, 'owner').contributionPoints).toEqual(['owner.Widget']);
    expect(statusOf(host, 'contributor').contributesTo).toEqual(['owner.Widget']);
    const ownerProvider = host.plugins.containerOf('owner')!.get<{ get(point: symbol): { pluginId: string }[] }>(Symbol.for('host.ContributionProvider'));
    expect(ownerProvider.get(Symbol.for('owner.Widget')).map((c) => c.pluginId)).toEqual(['contributor']);
  });

  it("refuses a plugin asking for another plugin's point or for the host's, naming both", async () => {
    const snoop = {
      manifest: manifest('snoop'),
      code: probing(`
        try { provider.get(Symbol.for('owner.Widget')); events.push('snoop got widgets'); } catch (error) { events.push('widget: ' + (error as Error).message); }
        try { provider.get(RouteContribution); events.push('snoop got routes'); } catch (error) { events.push('routes: ' + (error as Error).message); }
      `),
    };
    await start([owner, contributor, snoop]);
    expect(events()).toContain('widget: Plugin "snoop" asked for the contributions to owner.Widget, but it belongs to "owner"; a plugin collects only the points it owns');
    expect(events()).toContain('routes: Plugin "snoop" asked for the contributions to host.RouteContribution, but it belongs to "host"; a plugin collects only the points it owns');
    expect(events().filter((e) => e.startsWith('snoop got'))).toEqual([]);
  });
});

describe("the host's internals stay the host's", () => {
  it('gives a plugin the shared host services, not the services of the host parts (accounts, routes)', async () => {
    const code = `
import { ContainerModule, Inventory, LifecycleContribution, inject, injectable, optional } from '@vpp-host/api';
const events = ((globalThis as any).__pluginEvents ??= []);
@injectable()
class Reach implements LifecycleContribution {
  constructor(
    @inject(Symbol.for('host.AccountService')) @optional() private readonly accounts: unknown,
    @inject(Symbol.for('host.RouteContribution')) @optional() private readonly routes: unknown,
    @inject(Inventory) private readonly inventory: Inventory,
  ) {}
  onStart() {
    events.push('accounts: ' + (this.accounts === undefined ? 'none' : 'reached'), 'routes: ' + (this.routes === undefined ? 'none' : 'reached'), 'inventory: ' + typeof this.inventory.members);
  }
}
export default new ContainerModule(({ bind }) => { bind(LifecycleContribution).to(Reach).inSingletonScope(); });
`;
    const host = await start([{ manifest: manifest('reach'), code }]);
    expect(statusOf(host, 'reach').state).toBe('started');
    expect(events()).toEqual(['accounts: none', 'routes: none', 'inventory: function']);
  });
});

describe('the host stamps who acted', () => {
  it('records a plugin claiming to be an admin outside any request as the plugin itself', async () => {
    const host = await start([
      { manifest: manifest('forger'), code: probing(`await audit.record({ actor: { kind: 'admin', id: 'admin' }, action: 'vpp.assignment.create' });`) },
    ]);
    const [entry] = host.container.get<AuditLog>(AuditLog).query({ action: 'vpp.assignment.create' }).items;
    expect(entry).toMatchObject({ source: 'forger', actor: { kind: 'plugin', id: 'forger' } });
  });

  it('records the API token behind a request, not the admin a plugin route claims', async () => {
    const code = `
import { AuditLog, ContainerModule, RouteContribution, inject, injectable, route } from '@vpp-host/api';
@injectable()
class Routes implements RouteContribution {
  constructor(@inject(AuditLog) private readonly audit: AuditLog) {}
  readonly routes = [route({ method: 'POST', path: '/forge', summary: 'Claims to be the admin', access: 'admin', handle: async () => {
    await new Promise((resolve) => setTimeout(resolve, 1));
    return this.audit.record({ actor: { kind: 'admin', id: 'admin', name: 'admin' }, action: 'forger.claim' });
  } })];
}
export default new ContainerModule(({ bind }) => { bind(RouteContribution).to(Routes).inSingletonScope(); });
`;
    const host = await start([{ manifest: manifest('forger'), code }], { port: 0, hostname: '127.0.0.1' });
    const { token, record } = await host.container.get<AccountService>(AccountService).createApiToken({ name: 'migration script', role: 'admin' }, SYSTEM_ACTOR);
    const response = await fetch(`${host.environment.publicUrl()}/api/plugins/forger/forge`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ source: 'forger', actor: { kind: 'api-token', id: record.id, name: 'migration script' } });
    const described = await fetch(`${host.environment.publicUrl()}/api/plugins/forger`, { headers: { authorization: `Bearer ${token}` } });
    expect((await described.json()).plugin).toMatchObject({ id: 'forger', apiVersion: '1.0.0', exports: [], contributionPoints: [], contributesTo: ['host.RouteContribution'] });
  });
});

describe('mail knows which plugin sends', () => {
  const sender = (body: string) => ({
    manifest: manifest('sender', { dependencies: { mail: '^1.0.0' } }),
    code: `
import { ContainerModule, LifecycleContribution, inject, injectable } from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
const events = ((globalThis as any).__pluginEvents ??= []);
const request = { templateId: 'mail-test', to: { address: 'ops@example.org' }, values: { server: 'smtp.example.org' }, idempotencyKey: 'k1' };
@injectable()
class Sender implements LifecycleContribution {
  constructor(@inject(MailApi) private readonly mail: MailApi) {}
  async onStart() {
    const { mail } = this;
    try { ${body} } catch (error) { events.push('threw: ' + (error as Error).message); }
  }
}
export default new ContainerModule(({ bind }) => { bind(LifecycleContribution).to(Sender).inSingletonScope(); });
`,
  });

  it('refuses a request naming another plugin, and stamps the caller on what it sends', async () => {
    const host = await start(
      [sender(`
        try { await mail.enqueue({ ...request, pluginId: 'vpp-apple' }); events.push('sent as vpp-apple'); } catch (error) { events.push('forged: ' + (error as Error).message); }
        const sent = await mail.enqueue(request);
        events.push('sent by ' + sent.pluginId + ', listed ' + mail.list().total);
      `)],
      { bundledPluginsDir: undefined, onlyPlugins: ['sender'], env: { VPP_MAIL_SMTP_PORT: '9', VPP_MAIL_RETRY_BASE_MS: '3600000' } },
    );
    expect(statusOf(host, 'sender').state).toBe('started');
    expect(events()).toEqual(['forged: pluginId "vpp-apple" is not the sending plugin "sender"; leave it out, the host fills it in', 'sent by sender, listed 1']);
    // A message enqueued while an API token's request is handled names that token.
    const script: Principal = { kind: 'api-token', id: 't-9', name: 'invite script', role: 'admin' };
    const senderMail = host.plugins.containerOf('sender')!.get<MailApi>(Symbol.for('mail.MailApi'));
    const message = await actAs(script, () => senderMail.enqueue({ templateId: 'mail-test', to: { address: 'it@example.org' }, values: { server: 'smtp.example.org' }, idempotencyKey: 'k2' }));
    expect(message).toMatchObject({ pluginId: 'sender', requestedBy: { kind: 'api-token', id: 't-9', name: 'invite script' } });
    expect(senderMail.list().total).toBe(2);
  });
});

describe('dependency ranges', () => {
  const base = (extra: Record<string, unknown> = {}) => ({ manifest: manifest('base', { version: '1.4.0', ...extra }), code: recordingModule('base') });

  it('refuses a dependant whose range the contract version does not satisfy, naming both versions', async () => {
    const host = await start([base({ apiVersion: '1.3.0' }), { manifest: manifest('needy', { dependencies: { base: '^1.4.0' } }), code: recordingModule('needy') }]);
    expect(statusOf(host, 'needy')).toMatchObject({ state: 'refused', error: 'Plugin "needy" needs "base" ^1.4.0, but "base" offers contract 1.3.0' });
    expect(statusOf(host, 'base')).toMatchObject({ state: 'started', apiVersion: '1.3.0' });
    expect(events()).toEqual(['start:base']);
  });

  it('accepts a satisfied range, and the list of ids meaning any version', async () => {
    const host = await start([
      base(),
      { manifest: manifest('ranged', { dependencies: { base: '^1.2.0' } }), code: recordingModule('ranged') },
      { manifest: manifest('listed', { dependencies: ['base'] }), code: recordingModule('listed') },
    ]);
    expect(statusOf(host, 'ranged')).toMatchObject({ state: 'started', dependencies: { base: '^1.2.0' } });
    expect(statusOf(host, 'listed')).toMatchObject({ state: 'started', dependencies: { base: '*' } });
  });

  it('refuses a range that is not semver, naming the field', async () => {
    const host = await start([base(), { manifest: manifest('typo', { dependencies: { base: 'one point two' } }), code: recordingModule('typo') }]);
    expect(statusOf(host, 'typo')).toMatchObject({ state: 'refused', error: expect.stringMatching(/invalid manifest.*dependencies.*must be a semver range/) });
  });
});

describe('plugin starts', () => {
  it('reports a start that blocks the event loop past pluginStartWarningMs, in the status and the log', async () => {
    const logs: LogLine[] = [];
    const host = await start(
      [{ manifest: manifest('sluggish'), code: probing(`const until = performance.now() + 300; while (performance.now() < until) { /* a synchronous index rebuild */ }`) }],
      { env: { VPP_HOST_PLUGIN_START_WARNING_MS: '100' }, logSink: (line) => logs.push(line) },
    );
    const warning = statusOf(host, 'sluggish').startWarning;
    expect(warning).toMatch(/^its start took \d+ ms and it blocked the event loop for \d+ ms \(host setting pluginStartWarningMs: 100 ms\)$/);
    expect(Number(/blocked the event loop for (\d+) ms/.exec(warning!)![1])).toBeGreaterThanOrEqual(200);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', message: `Slow plugin start: ${warning}` }));
  });

  it('restarts a plugin and its dependants: stopped newest first, started in dependency order', async () => {
    const host = await start([
      { manifest: manifest('core'), code: recordingModule('core') },
      { manifest: manifest('app', { dependencies: { core: '^1.0.0' } }), code: recordingModule('app') },
      { manifest: manifest('solo'), code: recordingModule('solo') },
    ]);
    events().length = 0;
    expect(await host.plugins.restart('core')).toEqual(['core', 'app']);
    expect(events()).toEqual(['stop:app', 'stop:core', 'start:core', 'start:app']);
    expect(['core', 'app', 'solo'].map((id) => statusOf(host, id).state)).toEqual(['started', 'started', 'started']);
    await expect(host.plugins.restart('ghost')).rejects.toThrow('No loaded plugin "ghost"');

    // A manifest changed on disk is checked again: a range the dependency no longer meets refuses the plugin.
    await writeFile(path.join(root, 'plugins', 'app', 'plugin.json'), JSON.stringify({ ...manifest('app', { dependencies: { core: '^2.0.0' } }), main: 'index.ts', version: '1.0.0', engines: { host: '^1.0.0' } }));
    expect(await host.plugins.restart('app')).toEqual(['app']);
    expect(statusOf(host, 'app')).toMatchObject({ state: 'refused', error: 'Plugin "app" needs "core" ^2.0.0, but "core" offers contract 1.0.0' });
    await writeFile(path.join(root, 'plugins', 'app', 'plugin.json'), JSON.stringify({ ...manifest('app', { dependencies: { core: '^1.0.0' } }), main: 'index.ts', version: '1.0.0', engines: { host: '^1.0.0' } }));
    await host.plugins.restart('app');

    const restart = host.container
      .getAll<CommandContribution>(CommandContribution)
      .flatMap((c) => [...c.commands])
      .find((c) => c.id === 'plugins.restart')!;
    const admin: Principal = { kind: 'admin', id: 'admin-1', name: 'Ada', role: 'admin' };
    const result = await restart.run({ args: { id: 'app' }, options: {} }, { principal: admin, progress: () => {} });
    expect(result.text).toBe('Restarted "app": 1 started');
    expect(host.container.get<AuditLog>(AuditLog).query({ action: 'host.plugin.restart' }).items[0]).toMatchObject({ actor: { kind: 'admin', id: 'admin-1' }, target: { type: 'plugin', id: 'app' }, details: { restarted: ['app'] } });
  });
});
