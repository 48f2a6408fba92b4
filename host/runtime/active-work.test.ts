import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manifest, tempDir, writePlugins } from '../../test/support/plugin-fixture.js';
import { Host } from './host.js';
import type { LogLine } from './logger.js';

const events = (): string[] => ((globalThis as { __pluginEvents?: string[] }).__pluginEvents ??= []);
let root: string;
let host: Host | undefined;

beforeEach(async () => {
  events().length = 0;
  root = await tempDir('active-work');
});
afterEach(async () => {
  await host?.stop();
  host = undefined;
  await rm(root, { recursive: true, force: true });
});

/** A plugin that records its start, its active work and their ends; `failWork` makes its active work throw. */
function working(id: string, options: { failWork?: boolean } = {}): string {
  return `
import { ActiveWorkContribution, ContainerModule, LifecycleContribution, injectable, toDisposable } from '@vpp-host/api';
const events = ((globalThis as any).__pluginEvents ??= []);
@injectable()
class Worker implements LifecycleContribution, ActiveWorkContribution {
  onStart() { events.push('start:${id}'); }
  startActiveWork() {
    ${options.failWork ? `throw new Error('${id} cannot reach its server');` : ''}
    events.push('work:${id}');
    return toDisposable(() => { events.push('end-work:${id}'); });
  }
  onStop() { events.push('stop:${id}'); }
}
export default new ContainerModule(({ bind }) => {
  bind(Worker).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(Worker);
  bind(ActiveWorkContribution).toService(Worker);
});
`;
}

async function start(plugins: Parameters<typeof writePlugins>[1], logs: LogLine[] = []): Promise<Host> {
  const dir = await writePlugins(path.join(root, 'plugins'), plugins);
  host = await Host.start({ dataDir: path.join(root, 'data'), bundledPluginsDir: null, pluginDirs: [dir], logSink: (line) => logs.push(line) });
  return host;
}

describe('active work (ActiveWorkContribution) on a host alone on its storage, which is active', () => {
  it('starts once every plugin has started, in start order, and ends before the plugins stop, newest first', async () => {
    const started = await start([
      { manifest: manifest('base'), code: working('base') },
      { manifest: manifest('upper', { dependencies: { base: '*' } }), code: working('upper') },
    ]);
    expect(events()).toEqual(['start:base', 'start:upper', 'work:base', 'work:upper']);
    await started.stop();
    host = undefined;
    expect(events().slice(4)).toEqual(['end-work:upper', 'stop:upper', 'end-work:base', 'stop:base']);
  });

  it('ends and starts again with a plugin restarted (and its dependents)', async () => {
    const started = await start([
      { manifest: manifest('base'), code: working('base') },
      { manifest: manifest('upper', { dependencies: { base: '*' } }), code: working('upper') },
    ]);
    events().length = 0;
    await started.plugins.restart('base');
    expect(events()).toEqual(['end-work:upper', 'stop:upper', 'end-work:base', 'stop:base', 'start:base', 'work:base', 'start:upper', 'work:upper']);
  });

  it('logs a plugin whose active work fails under its id; the plugin stays started and the others work', async () => {
    const logs: LogLine[] = [];
    const started = await start([
      { manifest: manifest('broken'), code: working('broken', { failWork: true }) },
      { manifest: manifest('fine'), code: working('fine') },
    ], logs);
    expect(events()).toEqual(['start:broken', 'start:fine', 'work:fine']);
    expect(started.plugins.statuses().map((s) => [s.id, s.state])).toEqual([['broken', 'started'], ['fine', 'started']]);
    expect(logs).toContainEqual(expect.objectContaining({ level: 'error', source: 'host/plugins/broken', message: 'Its active work failed to start', fields: { error: 'broken cannot reach its server' } }));
  });
});
