import { existsSync, readdirSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { phrase, type Said } from '../api/messages.js';
import { PluginManifestSchema } from '../api/manifest.js';
import { REPOSITORY_ROOT } from '../runtime/module-source.js';
import { HOST_API_VERSION } from '../runtime/version.js';
import type { CliIo } from './cli-io.js';
import { usageError, type ExitCode } from './cli-failure.js';
import { languageIn, sayLocally } from './cli-messages.js';
import { parseErrorSaid } from './parse-error.js';
import { pluginNewUsage } from './usage.js';

const TEMPLATE_DIR = path.join(REPOSITORY_ROOT, 'templates', 'plugin');
/** The SDK packages a generated plugin installs, by the file name `npm pack` gives each (dist-sdk/). */
const SDK_PACKAGES = { '@vpp-host/api': 'vpp-host-api', '@vpp-host/plugins': 'vpp-host-plugins', '@vpp-host/testing': 'vpp-host-testing' } as const;
/** Tools a generated plugin uses, at the versions this repository uses. */
const TOOLS = ['@types/node', 'typescript', 'vitest'] as const;

interface NewPluginOptions {
  readonly id: string;
  readonly folder: string;
  /** A folder of SDK tarballs (`npm run sdk`) to install from, instead of the registry. */
  readonly sdkDir?: string;
}

/** `vpp-host plugin new NAME`: writes a working plugin from templates/plugin; needs no running host. */
export async function runPluginNew(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const language = languageIn(argv, io.env);
  const say = (said: Said): string => sayLocally(said, language);
  const options = parseOptions(argv, say);
  if (!options) {
    io.stdout.write(`${pluginNewUsage(languageIn(argv, io.env))}\n`);
    return 0;
  }
  const values = { __PLUGIN_ID__: options.id, __PLUGIN_TITLE__: title(options.id), ...(await dependencyVersions(options.sdkDir, say)) };
  const files = await templateFiles(TEMPLATE_DIR);
  for (const file of files) {
    const text = await readFile(path.join(TEMPLATE_DIR, file), 'utf8');
    const target = path.join(options.folder, file);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, Object.entries(values).reduce((filled, [hole, value]) => filled.replaceAll(hole, value), text));
  }
  io.stdout.write(
    [
      say(phrase(`Created the plugin "${options.id}" in ${options.folder} (${files.length} files).`, 'host.cli.plugin-new.created', { id: options.id, folder: options.folder, count: files.length })),
      '',
      `  cd ${shortPath(options.folder)}`,
      '  npm install',
      '  npm test',
      '',
      ...(options.sdkDir === undefined ? [say(phrase('npm install takes the @vpp-host/* packages from your registry; to use the tarballs of `npm run sdk` instead, pass --sdk DIR.', 'host.cli.plugin-new.registry')), ''] : []),
    ].join('\n'),
  );
  return 0;
}

/** Undefined for `--help`. */
function parseOptions(argv: readonly string[], say: (said: Said) => string): NewPluginOptions | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: { dir: { type: 'string' }, sdk: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw usageError(say(parseErrorSaid('plugin new', error as Error & { code?: string })));
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length !== 1) throw usageError(say(phrase('Name the plugin: `vpp-host plugin new NAME` (see `vpp-host plugin new --help`)', 'host.cli.plugin-new.name')));
  const id = positionals[0]!;
  if (!PluginManifestSchema.shape.id.safeParse(id).success) {
    const name = id.slice(0, 80);
    throw usageError(say(phrase(`"${name}" is not a plugin name: use lower-case words joined by hyphens, e.g. "ticket-notes"`, 'host.cli.plugin-new.bad-name', { name })));
  }
  const folder = path.resolve(values.dir ?? id);
  if (existsSync(folder) && !isEmptyFolder(folder)) throw usageError(say(phrase(`${folder} already exists and is not empty; choose another --dir`, 'host.cli.plugin-new.folder-taken', { folder })));
  return { id, folder, ...(values.sdk !== undefined ? { sdkDir: path.resolve(values.sdk) } : {}) };
}

function isEmptyFolder(folder: string): boolean {
  try {
    return readdirSync(folder).length === 0;
  } catch {
    return false;
  }
}

/** Relative to the working directory when inside it, absolute otherwise. */
function shortPath(folder: string): string {
  const relative = path.relative(process.cwd(), folder);
  return relative === '' ? '.' : relative.startsWith('..') ? folder : relative;
}

/** "ticket-notes" is shown as "Ticket notes". */
function title(id: string): string {
  const words = id.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `__VERSION_<package>__` holes: tarballs from --sdk, or the versions this host was built with. */
async function dependencyVersions(sdkDir: string | undefined, say: (said: Said) => string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(path.join(REPOSITORY_ROOT, 'package.json'), 'utf8')) as { version: string; devDependencies: Record<string, string> };
  const versions: Record<string, string> = {};
  for (const tool of TOOLS) versions[`__VERSION_${tool}__`] = manifest.devDependencies[tool]!;
  const sdkVersions = { '@vpp-host/api': `^${HOST_API_VERSION}`, '@vpp-host/plugins': `^${manifest.version}`, '@vpp-host/testing': `^${manifest.version}` };
  const tarballs = sdkDir === undefined ? [] : await readdir(sdkDir).catch(() => {
    throw usageError(say(phrase(`--sdk ${sdkDir} cannot be read; build the tarballs with \`npm run sdk\``, 'host.cli.plugin-new.sdk-unreadable', { dir: sdkDir })));
  });
  for (const [name, file] of Object.entries(SDK_PACKAGES)) {
    if (sdkDir === undefined) {
      versions[`__VERSION_${name}__`] = sdkVersions[name as keyof typeof sdkVersions];
      continue;
    }
    const tarball = tarballs.filter((entry) => new RegExp(`^${file}-\\d+\\.\\d+\\.\\d+.*\\.tgz$`).test(entry)).sort().at(-1);
    if (tarball === undefined) {
      throw usageError(say(phrase(`--sdk ${sdkDir} holds no ${file}-<version>.tgz; build the tarballs with \`npm run sdk\``, 'host.cli.plugin-new.sdk-missing', { dir: sdkDir, file })));
    }
    versions[`__VERSION_${name}__`] = `file:${path.join(sdkDir, tarball)}`;
  }
  return versions;
}

/** Every file under the template, relative to it. */
async function templateFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name))).sort();
}
