import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, utimes } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { REPO_ROOT, startHostProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';

// A copy of the checkout (sharing node_modules), so building and touching its sources leaves the repository alone.
const CHECKOUT_ENTRIES = ['bin', 'host', 'plugins', 'scripts', 'package.json', 'tsconfig.json'];
const run = promisify(execFile);

let root: string;
let checkout: string;
let vendorPlugins: string;
const hosts: HostProcess[] = [];

beforeAll(async () => {
  root = await tempDir('bundled');
  checkout = path.join(root, 'checkout');
  for (const entry of CHECKOUT_ENTRIES) await cp(path.join(REPO_ROOT, entry), path.join(checkout, entry), { recursive: true });
  await symlink(path.join(REPO_ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
  vendorPlugins = path.join(root, 'vendor-plugins');
  await cp(path.join(REPO_ROOT, 'examples/admin-notes'), path.join(vendorPlugins, 'admin-notes'), { recursive: true });
});

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function build(...args: string[]): Promise<string> {
  return (await run(process.execPath, ['scripts/build.mjs', ...args], { cwd: checkout })).stdout;
}

/** `vpp-host start` in the checkout, with the example vendor plugin; returns its data dir. */
async function start(): Promise<string> {
  const dataDir = await mkdtemp(path.join(root, 'data-'));
  hosts.push(await startHostProcess(['--port', '0', '--data-dir', dataDir, '--plugins-dir', vendorPlugins], { VPP_HOST_FROM_SOURCE: '' }, checkout));
  return dataDir;
}

async function startedFrom(dataDir: string): Promise<string> {
  const first = JSON.parse((await readFile(path.join(dataDir, 'host.log'), 'utf8')).split('\n')[0]!) as { message: string };
  return first.message;
}

async function pluginStates(dataDir: string): Promise<Record<string, string>> {
  const listed = await runCli(['plugins', '--json', '--data-dir', dataDir]);
  expect(listed.code).toBe(0);
  return Object.fromEntries((JSON.parse(listed.stdout) as { id: string; state: string }[]).map((p) => [p.id, p.state]));
}

/** Marks a source as edited after the build. */
async function touchSource(): Promise<void> {
  const now = new Date();
  await utimes(path.join(checkout, 'host/api/index.ts'), now, now);
}

describe('vpp-host start from the build (npm run build)', () => {
  it('runs the build; the bundled plugins load from it, and a vendor TypeScript plugin from source, sharing its plugin API', async () => {
    await build();
    const dataDir = await start();
    expect(await startedFrom(dataDir)).toBe(`Starting from the build in ${path.join(checkout, 'dist')}`);
    expect(hosts[0]!.banner).toMatch(/^vpp-host is running: http:\/\/\S+$/m);
    expect(await pluginStates(dataDir)).toEqual({ mail: 'started', 'vpp-apple': 'started', 'intune-compat': 'started', 'maas360-compat': 'started', 'admin-notes': 'started' });

    // The vendor's module is an inversify ContainerModule only if its `@vpp-host/api` is the build's copy.
    const added = await runCli(['notes', 'add', 'Loaded next to the build', '--data-dir', dataDir]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const listed = await runCli(['notes', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ text: 'Loaded next to the build' }));
  });

  it('runs the TypeScript sources when a source changed after the build', async () => {
    await build();
    await touchSource();
    const dataDir = await start();
    expect(await startedFrom(dataDir)).toBe('Starting from the TypeScript sources');
    expect(await pluginStates(dataDir)).toEqual({ mail: 'started', 'vpp-apple': 'started', 'intune-compat': 'started', 'maas360-compat': 'started', 'admin-notes': 'started' });
  });

  it('builds with --if-stale (npm start) only when a source changed since the last build', async () => {
    await build();
    expect(await build('--if-stale')).toBe('');
    await touchSource();
    expect(await build('--if-stale')).toMatch(/^Built \d+ files into dist in \d+ ms$/m);
    expect(await build('--if-stale')).toBe('');
  });
});
