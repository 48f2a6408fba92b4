import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { AccountService } from '../http/auth/account-service.js';
import { launchHost, type LaunchedHost } from './host-launcher.js';
import { FIXTURE_PLUGINS, runCli } from './test-support/run-cli.js';

let launched: LaunchedHost;
let dataDir: string;
let itemsFile: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vpp-cli-'));
  itemsFile = path.join(dataDir, 'items.txt');
  await writeFile(itemsFile, 'alpha\nbeta\ngamma\n');
  launched = await launchHost({ dataDir, bundledPluginsDir: null, pluginDirs: [FIXTURE_PLUGINS], port: 0, logSink: () => {} });
});

afterAll(async () => {
  await launched.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

async function storedItems(): Promise<unknown> {
  const run = await cli('sample', 'list', '--json');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

async function readOnlyToken(): Promise<string> {
  const accounts = launched.host.container.get<AccountService>(AccountService);
  return (await accounts.createApiToken({ name: 'reader', role: 'read-only' }, SYSTEM_ACTOR)).token;
}

describe('vpp-host against a running host', () => {
  it('`plugins --json` prints the plugin states for scripts', async () => {
    const run = await cli('plugins', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ id: 'sample-commands', version: '1.0.0', state: 'started' })]);
  });

  it('`plugins` prints an aligned table', async () => {
    const run = await cli('plugins');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^PLUGIN\s+VERSION\s+STATE\s+START MS\s+EXPORTS\s+OWNS POINTS\s+ERROR OR WARNING\n/);
    expect(run.stdout).toMatch(/^sample-commands\s+1\.0\.0\s+started\s+/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('1 started');
  });

  it('refuses bad usage with exit 2 and one line on stderr, changing nothing', async () => {
    const missing = path.join(dataDir, 'missing.txt');
    const cases: [string[], string][] = [
      [['sample', 'frobnicate'], 'Unknown command "sample frobnicate"'],
      [['sample', 'import', itemsFile, '--mode', 'merge', '--colour', 'red'], '"sample import" has no option --colour'],
      [['sample', 'import', '--mode', 'merge'], '"sample import" needs the argument <file>'],
      [['sample', 'import', itemsFile, '--mode', 'overwrite'], '--mode must be one of merge, replace; got "overwrite"'],
      [['sample', 'import', missing, '--mode', 'merge'], `Cannot read <file> file "${missing}": no such file`],
      [['sample', 'import', itemsFile, '--mode', 'merge', '--batch', 'many'], '--batch must be a whole number'],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(...args)));
    runs.forEach((run, i) => {
      expect(run.code, cases[i]![1]).toBe(2);
      expect(run.stderr.startsWith(`vpp-host: ${cases[i]![1]}`), run.stderr).toBe(true);
      expect(run.stderr.split('\n'), 'one line').toHaveLength(2);
      expect(run.stdout).toBe('');
    });
    expect(await storedItems()).toEqual([]);
  });

  it('runs a plugin command with a file argument and shows its progress and result', async () => {
    const run = await cli('sample', 'import', itemsFile, '--mode', 'merge', '--tag', 'x', '--tag', 'y');
    expect(run.code).toBe(0);
    // stderr is not a terminal here: plain progress lines instead of a bar, the last one always.
    expect(run.stderr).toContain('importing: 3/3');
    expect(run.stdout).toBe('ITEM   TAGS\nalpha  x,y\nbeta   x,y\ngamma  x,y\nImported 3 items by api-token\n');
    expect(await storedItems()).toEqual([
      { id: 'alpha', tags: ['x', 'y'] },
      { id: 'beta', tags: ['x', 'y'] },
      { id: 'gamma', tags: ['x', 'y'] },
    ]);

    const json = await cli('sample', 'import', itemsFile, '--mode', 'replace', '--batch', '2', '--dry-run', '--labels', itemsFile, '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ imported: 3, mode: 'replace', batch: 2, dryRun: true, labels: 'alpha\nbeta\ngamma\n' });
  });

  it("exits 2 when the command's handler refuses the input", async () => {
    const run = await cli('sample', 'reject', 'this');
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'vpp-host: The sample refuses "this"\n' });
  });

  it('exits 1 on an internal error without showing its details', async () => {
    const run = await cli('sample', 'crash');
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.stderr).toMatch(/^vpp-host: .+/);
    expect(run.stderr).not.toContain('7f3a');
  });

  it('refuses an admin command to a read-only API token (exit 1) and changes nothing', async () => {
    const before = await storedItems();
    const token = await readOnlyToken();
    const env = { VPP_HOST_URL: launched.url, VPP_HOST_TOKEN: token };
    const refused = await runCli(['sample', 'import', itemsFile, '--mode', 'replace'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('vpp-host: Not allowed: "sample import" changes things and needs the admin role; this API token is read-only\n');
    const allowed = await runCli(['sample', 'list', '--json'], env);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout)).toEqual(before);
  });

  it('exits 1 when the host refuses the API token', async () => {
    const run = await runCli(['plugins', '--url', launched.url, '--api-token', 'vpp_not-a-real-token']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^vpp-host: The host refused the API token: .+\n$/);
  });

  it('shows usage from the declarations', async () => {
    const list = await cli('help');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^\s+sample import\s+Imports one item per line of a file \[sample-commands\]$/m);
    expect(list.stdout).toMatch(/^\s+plugins\s+Lists the plugins/m);
    const usage = await cli('sample', 'import', '--help');
    expect(usage.code).toBe(0);
    expect(usage.stdout).toContain('Usage: vpp-host sample import <file> --mode merge|replace [--batch N] [--dry-run] [--tag VALUE]... [--labels FILE]');
  });
});

describe('vpp-host with no host running', () => {
  it('says so and exits 1', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'vpp-cli-none-'));
    try {
      const run = await runCli(['plugins', '--json', '--data-dir', empty]);
      expect(run).toMatchObject({ code: 1, stdout: '', stderr: `vpp-host: No vpp-host is running for data dir ${empty} (start it with \`vpp-host start\`)\n` });
      const help = await runCli(['--help', '--data-dir', empty]);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: vpp-host start');
      expect(help.stderr).toContain('No vpp-host is running');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
