import { HOST_API_VERSION } from './version.js';
import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../api/actor.js';
import { CommandContribution, type CommandHandler } from '../api/commands.js';
import { ViewContribution, type PanelView } from '../api/views.js';
import { manifest, recordingModule, tempDir, writePlugins } from '../../test/support/plugin-fixture.js';
import { PluginsView } from '../http/panel/plugins-view.js';
import { Host, type HostOptions } from './host.js';
import { HOST_MESSAGES } from './host-messages.js';
import { MessageCatalog } from './message-catalog.js';
import type { LogLine } from './logger.js';
import { resultSaid } from '../commands/result-in-language.js';

const events = (): string[] => ((globalThis as { __pluginEvents?: string[] }).__pluginEvents ??= []);
let hosts: Host[] = [];
let root: string;

beforeEach(async () => {
  events().length = 0;
  root = await tempDir('loader');
});
afterEach(async () => {
  for (const host of hosts) await host.stop();
  hosts = [];
  await rm(root, { recursive: true, force: true });
});

async function start(pluginsDir: string, options: Partial<HostOptions> = {}): Promise<Host> {
  const host = await Host.start({ dataDir: path.join(root, 'data'), bundledPluginsDir: null, pluginDirs: [pluginsDir], logSink: () => {}, ...options });
  hosts.push(host);
  return host;
}

function statusOf(host: Host, id: string) {
  const status = host.plugins.statuses().find((s) => s.id === id);
  if (!status) throw new Error(`no status for ${id}: ${JSON.stringify(host.plugins.statuses())}`);
  return status;
}

describe('plugin loader refusals', () => {
  it('refuses an invalid manifest, naming the plugin and the field', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('bad-manifest', { version: 'one' }), code: recordingModule('bad-manifest') },
      { manifest: manifest('good'), code: recordingModule('good') },
    ]);
    const host = await start(dir);
    expect(statusOf(host, 'bad-manifest')).toMatchObject({ state: 'refused', error: expect.stringMatching(/Plugin "bad-manifest" has an invalid manifest.*version: must be a semantic version/) });
    expect(statusOf(host, 'good').state).toBe('started');
    expect(events()).toEqual(['start:good']);
  });

  it('refuses a command option that takes the name of a flag every command has', async () => {
    const contributes = { commands: [{ id: 'clash', description: 'Clashes', options: [{ name: 'api-token', description: 'Shadows the global flag' }] }] };
    const dir = await writePlugins(path.join(root, 'plugins'), [{ manifest: manifest('clashing', { contributes }), code: recordingModule('clashing') }]);
    const host = await start(dir);
    expect(statusOf(host, 'clashing')).toMatchObject({ state: 'refused', error: expect.stringMatching(/invalid manifest.*name: is a flag every vpp-host command has \(--json, --help, --data-dir, --url, --api-token, --lang\)/) });
  });

  it('refuses a plugin whose engines.host range this host does not satisfy', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [{ manifest: manifest('future', { engines: { host: '^2.0.0' } }), code: recordingModule('future') }]);
    const host = await start(dir);
    expect(statusOf(host, 'future')).toMatchObject({ state: 'refused', error: `Plugin "future" needs host API ^2.0.0, but this host provides ${HOST_API_VERSION}` });
    expect(events()).toEqual([]);
  });

  it('refuses unknown dependencies', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [{ manifest: manifest('lonely', { dependencies: ['ghost'] }), code: recordingModule('lonely') }]);
    const host = await start(dir);
    expect(statusOf(host, 'lonely')).toMatchObject({ state: 'refused', error: 'Plugin "lonely" depends on "ghost", which is not installed' });
  });

  it('refuses circular dependencies, naming the cycle', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('alpha', { dependencies: ['beta'] }), code: recordingModule('alpha') },
      { manifest: manifest('beta', { dependencies: ['alpha'] }), code: recordingModule('beta') },
      { manifest: manifest('gamma'), code: recordingModule('gamma') },
    ]);
    const host = await start(dir);
    expect(statusOf(host, 'alpha').error).toBe('Plugin "alpha" is part of a dependency cycle: alpha -> beta -> alpha');
    expect(statusOf(host, 'beta').error).toBe('Plugin "beta" is part of a dependency cycle: alpha -> beta -> alpha');
    expect(statusOf(host, 'gamma').state).toBe('started');
    expect(events()).toEqual(['start:gamma']);
  });

  it('refuses a second plugin with an id already taken', async () => {
    const first = await writePlugins(path.join(root, 'first'), [{ manifest: manifest('twin'), code: recordingModule('twin') }]);
    const second = await writePlugins(path.join(root, 'second'), [{ manifest: manifest('twin'), code: recordingModule('twin') }]);
    const host = await Host.start({ dataDir: path.join(root, 'data'), bundledPluginsDir: null, pluginDirs: [first, second], logSink: () => {} });
    hosts.push(host);
    const twins = host.plugins.statuses().filter((s) => s.id === 'twin');
    expect(twins.map((t) => t.state).sort()).toEqual(['refused', 'started']);
    expect(twins.find((t) => t.state === 'refused')!.error).toMatch(/^Plugin "twin" in .*second.* is refused: its id is already taken by the plugin in .*first/);
    expect(events()).toEqual(['start:twin']);
  });

  it('refuses a plugin folder that is a symlink escaping its directory, and a main that points outside', async () => {
    const outside = await writePlugins(path.join(root, 'elsewhere'), [{ manifest: manifest('escapee'), code: recordingModule('escapee') }]);
    const dir = path.join(root, 'plugins');
    await mkdir(dir, { recursive: true });
    await symlink(path.join(outside, 'escapee'), path.join(dir, 'escapee'));
    await writePlugins(dir, [{ manifest: manifest('sneaky', { main: '../../elsewhere/escapee/index.ts' }), code: '' }]);
    const host = await start(dir);
    expect(statusOf(host, 'escapee')).toMatchObject({ state: 'refused', error: expect.stringMatching(/resolves to .*elsewhere.*outside .*plugins; refused/) });
    expect(statusOf(host, 'sneaky')).toMatchObject({ state: 'refused', error: 'Plugin "sneaky": "main" (../../elsewhere/escapee/index.ts) points outside the plugin folder; refused' });
    expect(events()).toEqual([]);
  });

  it('refuses a module whose default export is not a ContainerModule', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [{ manifest: manifest('plain'), code: 'export default { hello: 1 };' }]);
    const host = await start(dir);
    expect(statusOf(host, 'plain')).toMatchObject({ state: 'failed', error: 'index.ts must default-export a ContainerModule from @vpp-host/api (found Object)' });
  });

  it('refuses a manifest command the module has no code for', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('promiser', { contributes: { commands: [{ id: 'promise.keep', description: 'Keeps a promise' }] } }), code: recordingModule('promiser') },
    ]);
    const host = await start(dir);
    expect(statusOf(host, 'promiser')).toMatchObject({ state: 'failed', error: 'The manifest declares command "promise.keep", but the module provides no code for it' });
  });
});

describe('plugin lifecycle', () => {
  it('marks a plugin that throws in onStart failed, skips its dependents, and runs the rest', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('base'), code: recordingModule('base', { failOnStart: true, disposables: 1 }) },
      { manifest: manifest('leaf', { dependencies: ['base'] }), code: recordingModule('leaf') },
      { manifest: manifest('other'), code: recordingModule('other') },
    ]);
    const host = await start(dir);
    expect(statusOf(host, 'base')).toMatchObject({ state: 'failed', error: 'base cannot start: no licence server' });
    expect(statusOf(host, 'leaf')).toMatchObject({ state: 'skipped', error: 'Not started: it depends on "base", which did not start' });
    expect(statusOf(host, 'other').state).toBe('started');
    // What the failed plugin registered before throwing is cleaned up at once.
    expect(events()).toEqual(['start:base', 'dispose:base:1', 'start:other']);
  });

  it('starts in dependency order and stops in reverse, disposing each plugin\'s subscriptions newest first', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('app', { dependencies: ['core'] }), code: recordingModule('app', { disposables: 2 }) },
      { manifest: manifest('core'), code: recordingModule('core', { disposables: 2 }) },
    ]);
    const host = await start(dir);
    expect(events()).toEqual(['start:core', 'start:app']);
    await host.stop();
    hosts = [];
    expect(events()).toEqual(['start:core', 'start:app', 'stop:app', 'dispose:app:2', 'dispose:app:1', 'stop:core', 'dispose:core:2', 'dispose:core:1']);
    expect(host.plugins.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped']);
  });

  it('gives a plugin the services its dependencies export, and nothing of plugins it does not depend on', async () => {
    const provider = `
import { ContainerModule } from '@vpp-host/api';
export default new ContainerModule(({ bind }) => { bind(Symbol.for('greeter.Api')).toConstantValue({ greet: (n: string) => 'hello ' + n }); });`;
    const consumer = (id: string) => `
import { ContainerModule, LifecycleContribution, inject, injectable, optional } from '@vpp-host/api';
@injectable()
class Lifecycle implements LifecycleContribution {
  constructor(@inject(Symbol.for('greeter.Api')) @optional() private readonly api: { greet(n: string): string } | undefined) {}
  onStart() { ((globalThis as any).__pluginEvents ??= []).push('${id}:' + (this.api ? this.api.greet('${id}') : 'no api')); }
}
export default new ContainerModule(({ bind }) => { bind(LifecycleContribution).to(Lifecycle).inSingletonScope(); });`;
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('greeter', { exports: ['greeter.Api'] }), code: provider },
      { manifest: manifest('friend', { dependencies: ['greeter'] }), code: consumer('friend') },
      { manifest: manifest('stranger'), code: consumer('stranger') },
    ]);
    const host = await start(dir);
    expect(host.plugins.statuses().every((s) => s.state === 'started')).toBe(true);
    expect(events().sort()).toEqual(['friend:hello friend', 'stranger:no api']);
  });
});

describe('plugin selection', () => {
  const ADMIN: Principal = { kind: 'admin', id: 'admin-1', name: 'Ada', role: 'admin' };
  /** core <- app <- extra, and a plugin of its own. */
  async function chain(): Promise<string> {
    return writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('core', { displayName: 'Core', version: '2.1.0' }), code: recordingModule('core') },
      { manifest: manifest('app', { dependencies: ['core'] }), code: recordingModule('app') },
      { manifest: manifest('extra', { dependencies: ['app'] }), code: recordingModule('extra') },
      { manifest: manifest('solo'), code: recordingModule('solo') },
    ]);
  }

  it('does not load a disabled plugin, shows it as disabled, and skips its dependents saying why', async () => {
    const host = await start(await chain(), { disabledPlugins: ['core'] });
    expect(statusOf(host, 'core')).toEqual({ id: 'core', displayName: 'Core', version: '2.1.0', folder: expect.stringMatching(/core$/), state: 'disabled' });
    expect(statusOf(host, 'app')).toMatchObject({ state: 'skipped', error: 'Not started: it depends on "core", which is disabled' });
    expect(statusOf(host, 'extra')).toMatchObject({ state: 'skipped', error: 'Not started: it depends on "app", which did not start' });
    expect(statusOf(host, 'solo').state).toBe('started');
    expect(events()).toEqual(['start:solo']);
    // The Plugins page says why in the admin's language.
    const page = new PluginsView(host.plugins, new MessageCatalog(() => [{ contributes: { messages: HOST_MESSAGES } }]));
    const request = (language: string) => ({ principal: { kind: 'admin' as const, id: 'a', name: 'Ada', role: 'admin' as const }, language, query: {}, csrfToken: 'c', url: '/views/host/plugins' });
    expect((await page.render(request('nl'))).body.value).toContain('Niet gestart: hij hangt af van &#34;core&#34;, dat uitgeschakeld is');
    expect((await page.render(request('fr'))).body.value).toContain('Non démarré : il dépend de &#34;app&#34;, qui n’a pas démarré');
    expect(host.plugins.manifests().map((m) => m.id)).toEqual(['solo']);
  });

  it('takes the disabled plugins from the host setting, here its environment variable, as well as the option', async () => {
    const host = await start(await chain(), { env: { VPP_HOST_DISABLED_PLUGINS: 'extra, solo' }, disabledPlugins: ['app'] });
    expect(['core', 'app', 'extra', 'solo'].map((id) => statusOf(host, id).state)).toEqual(['started', 'disabled', 'disabled', 'disabled']);
    expect(events()).toEqual(['start:core']);
  });

  it('loads only the named plugins and what they depend on, and warns about an id no plugin has', async () => {
    const logs: LogLine[] = [];
    const host = await start(await chain(), { onlyPlugins: ['app', 'ghost'], logSink: (line) => logs.push(line) });
    expect(['core', 'app', 'extra', 'solo'].map((id) => statusOf(host, id).state)).toEqual(['started', 'started', 'disabled', 'disabled']);
    expect(events()).toEqual(['start:core', 'start:app']);
    expect(logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual(['Plugin "ghost" is named to be disabled or loaded, but no such plugin is installed']);
  });

  it('lets disabling win over onlyPlugins', async () => {
    const host = await start(await chain(), { onlyPlugins: ['app'], disabledPlugins: ['core'] });
    expect(statusOf(host, 'core').state).toBe('disabled');
    expect(statusOf(host, 'app')).toMatchObject({ state: 'skipped', error: 'Not started: it depends on "core", which is disabled' });
    expect(events()).toEqual([]);
  });

  it('shows a disabled plugin with a broken manifest as disabled, not failed, and checks nothing of it', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [
      { manifest: manifest('broken', { version: 'one', engines: { host: '^9.0.0' } }), code: recordingModule('broken') },
      { manifest: manifest('fine'), code: recordingModule('fine') },
    ]);
    const host = await start(dir, { disabledPlugins: ['broken'] });
    expect(statusOf(host, 'broken')).toEqual({ id: 'broken', displayName: 'broken', version: '', folder: expect.stringMatching(/broken$/), state: 'disabled' });
    expect(statusOf(host, 'fine').state).toBe('started');
  });

  it('reports the disabled state in `vpp-host plugins` and on the Plugins page', async () => {
    const host = await start(await chain(), { disabledPlugins: ['solo'] });
    const commands = host.container.getAll<CommandContribution>(CommandContribution).flatMap((c) => [...c.commands]);
    const plugins = commands.find((c): c is CommandHandler => c.id === 'plugins')!;
    // As the CLI receives it: the state said in English.
    const result = resultSaid(await plugins.run({ args: {}, options: {} }, { principal: ADMIN, progress: () => {} }), (said) => said.message);
    expect(result.table!.rows).toContainEqual(['solo', '1.0.0', 'disabled', undefined, undefined, undefined, undefined]);
    expect(result.text).toBe('3 started, 1 disabled');

    const views = host.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]);
    const page = views.find((v): v is PanelView => v.id === 'plugins')!;
    const rendered = await page.render({ principal: ADMIN, language: 'nl', query: {}, csrfToken: '', url: '/views/host/plugins' });
    expect(String(rendered.body)).toMatch(/<code>solo<\/code>[\s\S]*?<span class="badge badge-neutral">uitgeschakeld<\/span>/);
  });
});
