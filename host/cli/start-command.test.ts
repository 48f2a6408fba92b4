import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCliProcess, startHostProcess, type HostProcess } from '../../test/support/host-process.js';
import { FIXTURE_PLUGINS, runCli } from './test-support/run-cli.js';

const children: HostProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const host of children.splice(0)) if (host.child.exitCode === null) host.child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function start(dataDir: string): Promise<HostProcess> {
  const host = await startHostProcess(['--port', '0', '--hostname', '127.0.0.1', '--data-dir', dataDir, '--plugins-dir', FIXTURE_PLUGINS]);
  children.push(host);
  return host;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vpp-start-'));
  dirs.push(dir);
  return dir;
}

describe('vpp-host start', () => {
  it('prints the panel URL and the first admin once, serves the CLI, refuses a second host, and stops cleanly', async () => {
    const dataDir = await tempDir();
    const first = await start(dataDir);
    const url = first.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.banner).toContain('Its password is shown only this once');
    expect(first.banner).toMatch(/^ {2}name {6}admin$/m);
    expect(first.banner).toMatch(/^ {2}password {2}\S{12,}$/m);
    expect((await stat(path.join(dataDir, 'cli.json'))).mode & 0o777).toBe(0o600);

    const plugins = await runCli(['plugins', '--json', '--data-dir', dataDir]);
    expect(plugins.code).toBe(0);
    expect(JSON.parse(plugins.stdout)).toContainEqual(expect.objectContaining({ id: 'sample-commands', state: 'started' }));

    const second = await runCli(['start', '--port', '0', '--data-dir', dataDir]);
    expect(second).toMatchObject({ code: 1, stderr: `vpp-host: a host is already running on ${dataDir} (pid ${first.child.pid}) at ${url}\n` });

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, 'cli.json'))).toBe(false);

    const gone = await runCli(['plugins', '--data-dir', dataDir]);
    expect(gone).toMatchObject({ code: 1, stderr: `vpp-host: No vpp-host is running for data dir ${dataDir} (start it with \`vpp-host start\`)\n` });

    // The admin exists now: a restart must not print a password again.
    const again = await start(dataDir);
    expect(again.banner).not.toContain('password');
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  });

  it('refuses a bad port as bad usage', async () => {
    const run = await runCli(['start', '--port', 'eighty', '--data-dir', await tempDir()]);
    expect(run).toMatchObject({ code: 2, stderr: 'vpp-host: --port must be a number from 0 to 65535, got "eighty"\n' });
  });

  it('refuses a storage that is not a postgres:// URL as bad usage, before creating the data dir', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const run = await runCli(['start', '--data-dir', dataDir], { VPP_HOST_STORAGE: 'mysql://db.example/host' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--storage (or VPP_HOST_STORAGE) takes a postgres:// URL');
    expect(existsSync(dataDir)).toBe(false);
  });

  it("says the banner, the first admin and its refusals in the reader's language (--lang, else LANG)", async () => {
    const dataDir = await tempDir();
    const french = await startCliProcess(['start', '--port', '0', '--hostname', '127.0.0.1', '--data-dir', dataDir, '--lang', 'fr'], 'Arrêt avec Ctrl+C.');
    try {
      expect(french.stdout).toMatch(/^vpp-host est en cours d’exécution : http:\/\/127\.0\.0\.1:\d+$/m);
      expect(french.stdout).toMatch(/^ {2}données {5}\//m);
      expect(french.stdout).toMatch(/^ {2}extensions {2}\d+ démarrés?/m);
      expect(french.stdout).toContain('Premier compte administrateur créé. Son mot de passe n’est affiché que cette fois :');
      expect(french.stdout).toMatch(/^ {2}mot de passe {2}\S{12,}$/m);
      expect(french.stdout).toContain(`Les autres commandes \`vpp-host\` utilisent cet hôte via ${path.join(dataDir, 'cli.json')}.`);
    } finally {
      french.child.kill('SIGTERM');
    }
    expect(await french.exited).toBe(0);

    const port = await runCli(['start', '--port', 'eighty', '--data-dir', await tempDir()], { LANG: 'nl_BE.UTF-8' });
    expect(port).toMatchObject({ code: 2, stderr: 'vpp-host: --port moet een getal van 0 tot 65535 zijn, niet "eighty"\n' });
    const option = await runCli(['start', '--colour'], { LANG: 'fr_FR.UTF-8' });
    expect(option).toMatchObject({ code: 2, stderr: 'vpp-host: « start » n’a pas d’option --colour (voir `vpp-host start --help`)\n' });
  });
});
