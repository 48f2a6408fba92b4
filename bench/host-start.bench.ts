// Host start to first HTTP answer, with the bundled plugins and with 50 generated plugins besides them.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifest, writePlugins } from '../test/support/plugin-fixture.js';
import { report } from './support.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;

async function timeToFirstAnswer(extraArgs: string[]): Promise<number> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(repo, 'bin/vpp-host.js'), 'start', '--port', '0', '--data-dir', dataDir, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const found = /https?:\/\/[\w.[\]:-]+:\d+/.exec(out);
        if (found) resolve(found[0]);
      });
      child.on('exit', (code) => reject(new Error(`host exited with ${code} before printing its address`)));
    });
    for (;;) {
      const answer = await fetch(`${url}/login`).catch(() => undefined);
      if (answer?.ok) return performance.now() - started;
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function median(extraArgs: string[]): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeToFirstAnswer(extraArgs));
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

function generatedPlugin(i: number): string {
  return `
import { CommandContribution, ContainerModule, RouteContribution, ViewContribution, html, injectable, route } from '@vpp-host/api';
@injectable()
class Contributions implements CommandContribution, RouteContribution, ViewContribution {
  readonly commands = [{ id: 'gen${i}.hello', run: async () => ({ data: ${i} }) }];
  readonly routes = [route({ method: 'GET', path: '/hello', summary: 'Hello ${i}', access: 'read', handle: async () => ({ plugin: ${i} }) })];
  readonly views = [{ id: 'page', render: async () => ({ body: html\`<p>Plugin ${i}</p>\` }) }];
}
export default new ContainerModule(({ bind }) => {
  bind(Contributions).toSelf().inSingletonScope();
  bind(CommandContribution).toService(Contributions);
  bind(RouteContribution).toService(Contributions);
  bind(ViewContribution).toService(Contributions);
});`;
}

const bundled = await median([]);
report('host.start-to-first-answer.bundled', bundled, 'ms', '< 1500 ms');

const pluginsDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-plugins-'));
await writePlugins(
  pluginsDir,
  Array.from({ length: 50 }, (_, i) => ({
    manifest: manifest(`generated-${i}`, {
      contributes: { commands: [{ id: `gen${i}.hello`, description: 'Says hello' }], views: [{ id: 'page', title: `Generated ${i}` }] },
    }),
    code: generatedPlugin(i),
  })),
);
const withFifty = await median(['--plugins-dir', pluginsDir]);
report('host.start-to-first-answer.bundled+50', withFifty, 'ms', '< 3000 ms');
await rm(pluginsDir, { recursive: true, force: true });
