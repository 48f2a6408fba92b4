// Host start to first HTTP answer, with the bundled plugins and with 50 generated plugins besides them, from the build
// (dist/, made first when stale), as `npm start` runs; for comparison also a restart and a start from the sources.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { manifest, writePlugins } from '../test/support/plugin-fixture.js';
import { timeToAnswer } from './host-answer.js';
import { report } from './support.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;
const ATTEMPTS = 3;

type Code = 'build' | 'source';

interface StartRun {
  readonly extraArgs?: string[];
  readonly code?: Code;
  /** An existing data dir (a restart); a new one otherwise. */
  readonly dataDir?: string;
}

/** Builds when a source changed since the last build, and retries a start that ran other code than asked (an edit meanwhile). */
async function timeToFirstAnswer(run: StartRun): Promise<number> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (run.code !== 'source' && spawnSync(process.execPath, [path.join(repo, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' }).status !== 0) {
      throw new Error('The build failed');
    }
    const dataDir = run.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-start-')));
    try {
      const ms = await startOnce(dataDir, run);
      if ((await codeRun(dataDir)) === (run.code ?? 'build')) return ms;
    } finally {
      if (run.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    }
  }
  throw new Error(`${ATTEMPTS} starts in a row did not run the ${run.code ?? 'build'}: are sources being edited right now?`);
}

/** The code the last start in dataDir ran, from its log. */
async function codeRun(dataDir: string): Promise<Code> {
  const lines = (await readFile(path.join(dataDir, 'host.log'), 'utf8')).trim().split('\n');
  const starting = lines.filter((line) => line.includes('"Starting from ')).at(-1) ?? '';
  return starting.includes('Starting from the build') ? 'build' : 'source';
}

function startOnce(dataDir: string, run: StartRun): Promise<number> {
  const env = { ...process.env, VPP_HOST_FROM_SOURCE: run.code === 'source' ? '1' : '' };
  return timeToAnswer(['--port', '0', '--data-dir', dataDir, ...(run.extraArgs ?? [])], env, '/login', (answer) => answer.ok);
}

async function median(run: StartRun): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) times.push(await timeToFirstAnswer(run));
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

const bundled = await median({});
report('host.start-to-first-answer.bundled', bundled, 'ms', '< 1500 ms');
const restartDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-restart-'));
await timeToFirstAnswer({ dataDir: restartDir });
report('host.start-to-first-answer.bundled.restart', await median({ dataDir: restartDir }), 'ms');
await rm(restartDir, { recursive: true, force: true });
report('host.start-to-first-answer.bundled.from-source', await median({ code: 'source' }), 'ms');

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
const withFifty = await median({ extraArgs: ['--plugins-dir', pluginsDir] });
report('host.start-to-first-answer.bundled+50', withFifty, 'ms', '< 3000 ms');
await rm(pluginsDir, { recursive: true, force: true });
