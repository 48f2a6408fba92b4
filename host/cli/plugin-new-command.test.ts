import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/support/plugin-fixture.js';
import { PluginManifestSchema } from '../api/manifest.js';
import { HOST_API_VERSION } from '../runtime/version.js';
import { runCli } from './test-support/run-cli.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('plugin-new');
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

describe('vpp-host plugin new', () => {
  it('writes the template with the name filled in everywhere, versioned for the registry, without a running host', async () => {
    const dir = path.join(root, 'ticket-notes');
    const run = await runCli(['plugin', 'new', 'ticket-notes', '--dir', dir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain(`Created the plugin "ticket-notes" in ${dir}`);
    const files = await filesUnder(dir);
    expect(files).toEqual(expect.arrayContaining(['README.md', 'index.ts', 'package.json', 'plugin.json', 'test/plugin.test.ts', 'tsconfig.json']));
    for (const file of files) expect(await readFile(path.join(dir, file), 'utf8'), file).not.toMatch(/__[A-Z]+_/);
    const manifest = PluginManifestSchema.parse(JSON.parse(await readFile(path.join(dir, 'plugin.json'), 'utf8')));
    expect(manifest).toMatchObject({ id: 'ticket-notes', displayName: 'Ticket notes' });
    expect(manifest.contributes.commands.map((c) => c.id)).toEqual(['ticket-notes.greet']);
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { name: string; devDependencies: Record<string, string> };
    expect(pkg.name).toBe('ticket-notes');
    expect(pkg.devDependencies).toMatchObject({ '@vpp-host/api': `^${HOST_API_VERSION}`, '@vpp-host/testing': expect.stringMatching(/^\^\d/), vitest: expect.any(String) });
  });

  it('points the SDK packages at the tarballs in --sdk', async () => {
    const sdk = path.join(root, 'sdk');
    await mkdir(sdk);
    for (const file of ['vpp-host-api-1.0.0.tgz', 'vpp-host-plugins-0.1.0.tgz', 'vpp-host-testing-0.1.0.tgz']) await writeFile(path.join(sdk, file), '');
    const dir = path.join(root, 'with-sdk');
    expect(await runCli(['plugin', 'new', 'with-sdk', '--dir', dir, '--sdk', sdk])).toMatchObject({ code: 0 });
    const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies['@vpp-host/plugins']).toBe(`file:${path.join(sdk, 'vpp-host-plugins-0.1.0.tgz')}`);
  });

  it.each([
    [['plugin', 'new', 'Ticket_Notes'], '"Ticket_Notes" is not a plugin name: use lower-case words joined by hyphens'],
    [['plugin', 'new'], 'Name the plugin'],
    [['plugin', 'new', 'a', 'b'], 'Name the plugin'],
    [['plugin', 'new', 'ok', '--colour'], '"plugin new" has no option --colour (see `vpp-host plugin new --help`)'],
    [['plugin', 'new', 'Ticket_Notes', '--lang', 'nl'], '"Ticket_Notes" is geen plug-innaam: gebruik woorden in kleine letters met koppeltekens'],
    [['plugin', 'new', '--lang', 'fr'], 'Nommez l’extension : `vpp-host plugin new NOM`'],
  ])('refuses %j with exit code 2 and writes nothing', async (args, message) => {
    const cwd = path.join(root, `cwd-${args.length}-${String(args[2])}`);
    await mkdir(cwd);
    const run = await runCli([...args, '--dir', cwd]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('refuses a folder that exists and is not empty, leaving it as it was', async () => {
    const dir = path.join(root, 'taken');
    await mkdir(dir);
    await writeFile(path.join(dir, 'index.ts'), 'mine');
    const run = await runCli(['plugin', 'new', 'taken', '--dir', dir]);
    expect(run).toMatchObject({ code: 2, stderr: `vpp-host: ${dir} already exists and is not empty; choose another --dir\n` });
    const french = await runCli(['plugin', 'new', 'taken', '--dir', dir], { LANG: 'fr_FR.UTF-8' });
    expect(french).toMatchObject({ code: 2, stderr: `vpp-host: ${dir} existe déjà et n’est pas vide ; choisissez un autre --dir\n` });
    expect(await filesUnder(dir)).toEqual(['index.ts']);
    expect(await readFile(path.join(dir, 'index.ts'), 'utf8')).toBe('mine');
  });

  it('refuses an --sdk folder without the tarballs, writing nothing', async () => {
    const dir = path.join(root, 'no-sdk');
    const run = await runCli(['plugin', 'new', 'no-sdk', '--dir', dir, '--sdk', root]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('holds no vpp-host-api-<version>.tgz; build the tarballs with `npm run sdk`');
    await expect(readdir(dir)).rejects.toThrow('ENOENT');
  });
});
