import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@vpp-host/api';
import { launchHost, type LaunchedHost } from '../../../host/cli/host-launcher.js';
import { runCli } from '../../../host/cli/test-support/run-cli.js';
import { startCliProcess } from '../../../test/support/host-process.js';
import { CatalogReader, SyncService, TokenService } from '../api/index.js';
import { DEMO_LOCATIONS } from '../src/simulator/index.js';

interface SimulatorProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: string;
  readonly baseUrl: string;
  readonly exited: Promise<number | null>;
}

const children: ChildProcessWithoutNullStreams[] = [];
const roots: string[] = [];
let launched: LaunchedHost | undefined;

afterAll(async () => {
  await launched?.stop();
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** Runs the real `vpp-host apple-simulator ARGS` and waits until it says it listens. */
async function startSimulator(args: readonly string[]): Promise<SimulatorProcess> {
  const started = await startCliProcess(['apple-simulator', ...args], 'Stop with Ctrl+C.');
  children.push(started.child);
  return { ...started, baseUrl: /^Apple simulator listening: (\S+)$/m.exec(started.stdout)![1]! };
}

async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('vpp-host apple-simulator', () => {
  it('keeps an assignment a host made across a kill -9 and a restart with the same state, and the host syncs on', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'vpp-apple-standalone-'));
    roots.push(root);
    const stateFile = path.join(root, 'apple', 'state.json');
    const first = await startSimulator(['--state', stateFile, '--demo']);
    const office = DEMO_LOCATIONS[0]!;
    const tokenFile = path.join(root, 'apple', `${office.uId}.vpptoken`);
    expect(first.stdout).toContain(`${office.locationName} (${office.uId}): ${tokenFile}`);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);

    await mkdir(path.join(root, 'data'));
    launched = await launchHost({ dataDir: path.join(root, 'data'), onlyPlugins: ['vpp-apple'], port: 0, env: { VPP_APPLE_BASE_URL: first.baseUrl }, logSink: () => {} });
    const container = launched.host.plugins.containerOf('vpp-apple')!;
    const tokens = container.get<TokenService>(TokenService);
    const sync = container.get<SyncService>(SyncService);
    const catalog = container.get<CatalogReader>(CatalogReader);
    const token = await tokens.add({ name: 'Office', file: await readFile(tokenFile, 'utf8') }, SYSTEM_ACTOR);
    await sync.sync(token.id);
    const adamId = office.assets![0]!.adamId;
    const client = tokens.clientFor(token.id);
    await client.waitForEvents(await client.associate([{ adamId, pricingParam: 'STDQ' }], { serialNumbers: ['C02STANDALONE1'] }), { pollIntervalMs: 20 });
    // The simulator writes its state as each change happens; the kill comes once the change is on disk.
    await until(async () => (await readFile(stateFile, 'utf8')).includes('C02STANDALONE1'), 'the state file to hold the assignment');

    first.child.kill('SIGKILL');
    await first.exited;
    const port = new URL(first.baseUrl).port;
    const second = await startSimulator(['--state', stateFile, '--port', port]);
    expect(second.baseUrl).toBe(first.baseUrl);
    expect(second.stdout).toContain(tokenFile);

    const summary = await sync.sync(token.id, { full: true });
    expect(summary.assignments).toBeGreaterThan(0);
    expect(catalog.assignments(token.id, { serialNumber: 'C02STANDALONE1' })).toMatchObject([{ adamId, serialNumber: 'C02STANDALONE1' }]);
    expect(tokens.require(token.id).health.state).toBe('valid');

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 60_000);

  it('refuses bad arguments with one line and exit code 2', async () => {
    const bad = await runCli(['apple-simulator', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('vpp-host: --port must be a number from 0 to 65535, not "eighty"\n');
    const unknown = await runCli(['apple-simulator', '--colour']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^vpp-host: Unknown option '--colour'.*apple-simulator --help/);
  }, 30_000);
});
