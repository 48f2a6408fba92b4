import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandDeclarationSchema, GLOBAL_CLI_FLAGS } from '../api/manifest.js';
import type { CommandDescriptor } from '../commands/command-protocol.js';
import { CliFailure } from './cli-failure.js';
import { matchCommand, parseCommandLine } from './command-line.js';
import { splitGlobalFlags } from './global-flags.js';

function descriptor(declaration: unknown): CommandDescriptor {
  return { pluginId: 'sample', ...CommandDeclarationSchema.parse(declaration) };
}

const token = descriptor({ id: 'token', description: 'Token commands' });
const tokenAdd = descriptor({
  id: 'token.add',
  description: 'Adds a token',
  arguments: [{ name: 'file', description: 'The token file', type: 'file' }],
  options: [
    { name: 'name', description: 'Its name', required: true },
    { name: 'sync', description: 'Sync at once', type: 'boolean' },
    { name: 'every', description: 'Hours between syncs', type: 'integer' },
    { name: 'scope', description: 'What to sync', choices: ['apps', 'books'], multiple: true },
  ],
});

let dir: string;
let tokenFile: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vpp-cli-parse-'));
  tokenFile = path.join(dir, 'org.vpptoken');
  await writeFile(tokenFile, 'c2VjcmV0');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<CliFailure> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(CliFailure);
  return error as CliFailure;
}

describe('matchCommand', () => {
  it('takes the longest command whose words start the command line', () => {
    expect(matchCommand([token, tokenAdd], ['token', 'add', 'f.vpptoken', '--name', 'x'])).toEqual({ descriptor: tokenAdd, rest: ['f.vpptoken', '--name', 'x'] });
    expect(matchCommand([token, tokenAdd], ['token', '--json'])?.descriptor).toBe(token);
    expect(matchCommand([token, tokenAdd], ['tokens', 'add'])).toBeUndefined();
  });
});

describe('parseCommandLine', () => {
  it('sends a file argument as its content and converts typed options', async () => {
    const request = await parseCommandLine(tokenAdd, [tokenFile, '--name', 'Main', '--sync', '--every', '12', '--scope', 'apps', '--scope', 'books']);
    expect(request).toEqual({ args: { file: 'c2VjcmV0' }, options: { name: 'Main', sync: true, every: 12, scope: ['apps', 'books'] } });
  });

  it.each([
    [['--name', 'x'], 'needs the argument <file>'],
    [['FILE'], 'needs the option --name'],
    [['FILE', '--name', 'x', '--colour', 'red'], 'has no option --colour'],
    [['FILE', '--name'], '--name needs a value'],
    [['FILE', '--name', 'x', '--sync=yes'], '--sync is a switch'],
    [['FILE', '--name', 'x', '--every', 'often'], '--every must be a whole number'],
    [['FILE', '--name', 'x', '--scope', 'music'], '--scope must be one of apps, books'],
    [['FILE', 'extra', '--name', 'x'], 'unexpected "extra"'],
  ])('refuses %j as bad usage (exit 2): %s', async (argv, reason) => {
    const error = await failure(parseCommandLine(tokenAdd, argv.map((a) => (a === 'FILE' ? tokenFile : a))));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(reason);
  });

  it('names a file that cannot be read', async () => {
    const missing = path.join(dir, 'missing.vpptoken');
    const error = await failure(parseCommandLine(tokenAdd, [missing, '--name', 'x']));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`Cannot read <file> file "${missing}": no such file`);
  });
});

describe('splitGlobalFlags', () => {
  it('takes the global flags from anywhere and leaves the command alone', () => {
    expect(splitGlobalFlags(['token', '--data-dir', 'd', 'add', 'f', '--json', '--url=http://h:1', '--name', 'x'])).toEqual({
      flags: { json: true, help: false, dataDir: 'd', url: 'http://h:1' },
      rest: ['token', 'add', 'f', '--name', 'x'],
    });
  });

  it('refuses a value flag without its value', () => {
    expect(() => splitGlobalFlags(['plugins', '--api-token'])).toThrow('--api-token needs a value');
  });

  it('takes exactly the flags manifests may not declare, and leaves a command its own --token', () => {
    for (const flag of GLOBAL_CLI_FLAGS) expect(splitGlobalFlags(['sync', `--${flag}`, 'x']).rest, flag).not.toContain(`--${flag}`);
    expect(splitGlobalFlags(['sync', '--token', 'School']).rest).toEqual(['sync', '--token', 'School']);
  });
});

describe('output and environment options', () => {
  const exportCommand = descriptor({
    id: 'export',
    description: 'Exports',
    options: [
      { name: 'secret-file', description: 'A secret', type: 'file', env: 'SAMPLE_SECRET' },
      { name: 'out', description: 'Where to write', type: 'output' },
    ],
  });

  it('keeps the output file with the CLI and sends only the other options', async () => {
    expect(await parseCommandLine(exportCommand, ['--out', 'bundle.json', '--secret-file', tokenFile])).toEqual({ args: {}, options: { 'secret-file': 'c2VjcmV0' }, outputFile: 'bundle.json' });
  });

  it("takes an option from its environment variable when it is not given, and the command line's value first", async () => {
    expect(await parseCommandLine(exportCommand, [], { SAMPLE_SECRET: 'from the environment' })).toEqual({ args: {}, options: { 'secret-file': 'from the environment' } });
    expect(await parseCommandLine(exportCommand, ['--secret-file', tokenFile], { SAMPLE_SECRET: 'from the environment' })).toMatchObject({ options: { 'secret-file': 'c2VjcmV0' } });
    expect(await parseCommandLine(exportCommand, [], { SAMPLE_SECRET: '' })).toEqual({ args: {}, options: {} });
  });
});
