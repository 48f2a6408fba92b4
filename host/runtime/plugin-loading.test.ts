import { mkdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifest, recordingModule, tempDir, writePlugins } from '../../test/support/plugin-fixture.js';
import { Host } from './host.js';

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

async function start(pluginsDir: string): Promise<Host> {
  const host = await Host.start({ dataDir: path.join(root, 'data'), bundledPluginsDir: null, pluginDirs: [pluginsDir], logSink: () => {} });
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
    expect(statusOf(host, 'bad-manifest')).toMatchObject({ state: 'failed', error: expect.stringMatching(/Plugin "bad-manifest" has an invalid manifest.*version: must be a semantic version/) });
    expect(statusOf(host, 'good').state).toBe('started');
    expect(events()).toEqual(['start:good']);
  });

  it('refuses a plugin whose engines.host range this host does not satisfy', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [{ manifest: manifest('future', { engines: { host: '^2.0.0' } }), code: recordingModule('future') }]);
    const host = await start(dir);
    expect(statusOf(host, 'future')).toMatchObject({ state: 'failed', error: 'Plugin "future" needs host API ^2.0.0, but this host provides 1.0.0' });
    expect(events()).toEqual([]);
  });

  it('refuses unknown dependencies', async () => {
    const dir = await writePlugins(path.join(root, 'plugins'), [{ manifest: manifest('lonely', { dependencies: ['ghost'] }), code: recordingModule('lonely') }]);
    const host = await start(dir);
    expect(statusOf(host, 'lonely')).toMatchObject({ state: 'failed', error: 'Plugin "lonely" depends on "ghost", which is not installed' });
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
    expect(twins.map((t) => t.state).sort()).toEqual(['failed', 'started']);
    expect(twins.find((t) => t.state === 'failed')!.error).toMatch(/^Plugin "twin" in .*second.* has the same id as the plugin in .*first/);
    expect(events()).toEqual(['start:twin']);
  });

  it('refuses a plugin folder that is a symlink escaping its directory, and a main that points outside', async () => {
    const outside = await writePlugins(path.join(root, 'elsewhere'), [{ manifest: manifest('escapee'), code: recordingModule('escapee') }]);
    const dir = path.join(root, 'plugins');
    await mkdir(dir, { recursive: true });
    await symlink(path.join(outside, 'escapee'), path.join(dir, 'escapee'));
    await writePlugins(dir, [{ manifest: manifest('sneaky', { main: '../../elsewhere/escapee/index.ts' }), code: '' }]);
    const host = await start(dir);
    expect(statusOf(host, 'escapee')).toMatchObject({ state: 'failed', error: expect.stringMatching(/resolves to .*elsewhere.*outside .*plugins; refused/) });
    expect(statusOf(host, 'sneaky')).toMatchObject({ state: 'failed', error: 'Plugin "sneaky": "main" (../../elsewhere/escapee/index.ts) points outside the plugin folder; refused' });
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
