import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { REPO_ROOT, startHostProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';

// A vendor's path, outside the repository: the SDK tarballs from `npm run sdk`, a plugin from `vpp-host plugin new`,
// `npm install` of what it names (the registry, or npm's cache), its own tests, then a real host loading it.
const run = promisify(execFile);
const INSTALL_MS = 300_000;
const PLUGIN_ID = 'ticket-notes';

let root: string;
let pluginDir: string;
let host: HostProcess | undefined;

/** Variables of this test run (vitest's own, a host address, `npm test`'s script context) the vendor's shell lacks. */
const RUN_ONLY = /^(VITEST|VPP_HOST|NODE_OPTIONS$|npm_lifecycle_|npm_package_|npm_config_local_prefix$)/;

/** The vendor's shell: the user's npm configuration (registry, cache, proxy) stays, this run's context does not. */
function vendorEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !RUN_ONLY.test(name)));
  return { ...env, NODE_ENV: 'test', NO_COLOR: '1', FORCE_COLOR: '0' };
}

/** A command in the plugin's folder, as the vendor runs it: its exit code and output. */
async function inPlugin(command: string, args: readonly string[], timeout = 120_000): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await run(command, args, { cwd: pluginDir, env: vendorEnv(), timeout })) };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) };
  }
}

beforeAll(async () => {
  root = await tempDir('sdk');
  const sdkDir = path.join(root, 'sdk');
  await run(process.execPath, ['scripts/build-sdk.mjs', '--out', sdkDir], { cwd: REPO_ROOT });
  pluginDir = path.join(root, 'vendor-plugins', PLUGIN_ID);
  await mkdir(path.dirname(pluginDir), { recursive: true });
  const created = await runCli(['plugin', 'new', PLUGIN_ID, '--dir', pluginDir, '--sdk', sdkDir]);
  expect(created, created.stderr).toMatchObject({ code: 0 });
  const installed = await inPlugin('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], INSTALL_MS);
  expect(installed, installed.stderr).toMatchObject({ code: 0 });
}, INSTALL_MS + 60_000);

afterAll(async () => {
  await host?.stop();
  await rm(root, { recursive: true, force: true });
});

describe('a plugin generated from the template, outside the repository', () => {
  it('installs the SDK packages from the tarballs, at their packed versions', async () => {
    const installed = JSON.parse(await readFile(path.join(pluginDir, 'node_modules/@vpp-host/plugins/package.json'), 'utf8')) as { exports: object; contracts: object };
    expect(Object.keys(installed.exports)).toEqual(expect.arrayContaining(['./mail/api', './vpp-apple/api']));
    const mail = JSON.parse(await readFile(path.join(REPO_ROOT, 'plugins/mail/plugin.json'), 'utf8')) as { version: string };
    expect(installed.contracts).toMatchObject({ mail: mail.version });
    const manifest = JSON.parse(await readFile(path.join(pluginDir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(manifest.devDependencies['@vpp-host/testing']).toMatch(/^file:.*vpp-host-testing-\d+\.\d+\.\d+\.tgz$/);
  });

  it('imports the installed @vpp-host/api and the contracts as ES modules, under the documented specifiers', async () => {
    const script = [
      "const api = await import('@vpp-host/api');",
      "const mail = await import('@vpp-host/plugins/mail/api');",
      "await import('@vpp-host/plugins/vpp-apple/api');",
      'console.log(typeof api.ContainerModule, String(mail.MailApi));',
    ].join(' ');
    expect(await inPlugin(process.execPath, ['--input-type=module', '-e', script])).toMatchObject({ code: 0, stdout: 'function Symbol(mail.MailApi)\n' });
  });

  it('type-checks against the installed @vpp-host/api and @vpp-host/testing', async () => {
    expect(await inPlugin('npx', ['tsc', '--noEmit'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('passes its own tests as generated, run with its own vitest', async () => {
    const tested = await inPlugin('npx', ['vitest', 'run', '--reporter', 'verbose']);
    expect(tested.code, `${tested.stdout}\n${tested.stderr}`).toBe(0);
    expect(tested.stdout).toMatch(/Tests +\d+ passed \(\d+\)/);
    expect(tested.stdout).not.toMatch(/failed|skipped/);
    expect(tested.stdout).toContain('greets from the CLI');
  }, 150_000);

  describe('loaded into a running host with --plugins-dir', () => {
    let dataDir: string;
    let token: string;
    const api = (pathname: string, init: RequestInit = {}) =>
      fetch(`${host!.url}${pathname}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

    beforeAll(async () => {
      dataDir = path.join(root, 'data');
      host = await startHostProcess(['--port', '0', '--data-dir', dataDir, '--plugins-dir', path.dirname(pluginDir)]);
      token = (JSON.parse(await readFile(path.join(dataDir, 'cli.json'), 'utf8')) as { token: string }).token;
    });

    it('serves its command on the CLI', async () => {
      expect(await runCli(['ticket-notes', 'greet', 'Ann', '--data-dir', dataDir])).toMatchObject({ code: 0, stdout: 'Hello, Ann!\n' });
    });

    it('takes its setting by PUT and shows it by GET on /api/plugins/<id>/settings', async () => {
      const put = await api(`/api/plugins/${PLUGIN_ID}/settings`, { method: 'PUT', body: JSON.stringify({ key: 'greeting', value: 'Welcome' }) });
      expect(await put.json()).toMatchObject({ key: 'greeting', value: 'Welcome', source: 'stored', type: 'string', default: 'Hello' });
      const listed = await api(`/api/plugins/${PLUGIN_ID}/settings`);
      expect(await listed.json()).toEqual([expect.objectContaining({ key: 'greeting', value: 'Welcome', source: 'stored' })]);
    });

    it('serves its REST route with the setting applied', async () => {
      const greeted = await api(`/api/plugins/${PLUGIN_ID}/greeting?name=Ann`);
      expect(await greeted.json()).toEqual({ greeting: 'Welcome, Ann!' });
    });

    it('serves its panel page at /views/<id>/<view>, in the navigation', async () => {
      const banner = host!.banner;
      const admin = { name: /^ {2}name {6}(\S+)$/m.exec(banner)![1]!, password: /^ {2}password {2}(\S+)$/m.exec(banner)![1]! };
      const login = await fetch(`${host!.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`${host!.url}/views/${PLUGIN_ID}/greeting`, { headers: { cookie } });
      const body = await page.text();
      expect(page.status).toBe(200);
      expect(body).toContain(`href="/views/${PLUGIN_ID}/greeting"`);
      expect(body).toContain('Welcome, an admin!');
    });
  });
});
