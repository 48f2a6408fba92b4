#!/usr/bin/env node
// `npm run sdk`: the packages a vendor installs to write and test a plugin outside this repository, packed as
// tarballs (`npm pack`) into dist-sdk/:
// - @vpp-host/api       the plugin API: declarations + ESM (inversify, rxjs and zod as dependencies);
// - @vpp-host/plugins   each bundled plugin's contract, imported as `@vpp-host/plugins/<id>/api`;
// - @vpp-host/testing   startTestHost(): the host itself, bundled as `npm run build` bundles it, plus the harness.
// `--out DIR` packs into DIR instead. Each package's manifest is packages/<name>/package.json; its "*" versions are
// filled in here: the SDK packages' own versions (the plugin API's for @vpp-host/api, the product's for the others)
// and, for other packages, the range this repository's package.json names.
// At run time a plugin always gets the host's own copy of @vpp-host/api (the host's loader maps the specifier), so the
// installed copies serve the type checker, and the harness brings the host it runs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bundledPluginIds, bundleHost, EXTERNAL, hostEntries, REQUIRE_SHIM, ROOT } from './host-bundle.mjs';

const SDK_DIR = path.resolve(outOption() ?? path.join(ROOT, 'dist-sdk'));
const STAGE = path.join(SDK_DIR, `.stage-${process.pid}`);
const TYPES = path.join(STAGE, 'types');
const HARNESS = 'packages/testing/src/index.ts';
// The host's loader: plain ES modules that a build imports by path (host/runtime/module-source.ts), with each other.
const LOADER_FILES = readdirSync(path.join(ROOT, 'host/runtime')).filter((file) => file.endsWith('.mjs'));

const rootPackage = readJson(path.join(ROOT, 'package.json'));
const apiVersion = /HOST_API_VERSION = '([^']+)'/.exec(readFileSync(path.join(ROOT, 'host/runtime/version.ts'), 'utf8'))[1];
const versions = { '@vpp-host/api': apiVersion, '@vpp-host/plugins': rootPackage.version, '@vpp-host/testing': rootPackage.version };
const contracts = bundledPluginIds().filter((id) => existsSync(path.join(ROOT, 'plugins', id, 'api', 'index.ts')));

const started = performance.now();
rmSync(STAGE, { recursive: true, force: true });
try {
  emitDeclarations();
  const tarballs = [await packApi(), await packContracts(), await packTesting()];
  console.log(`Packed ${tarballs.map((file) => path.relative(process.cwd(), file)).join(', ')} in ${Math.round(performance.now() - started)} ms`);
} finally {
  rmSync(STAGE, { recursive: true, force: true });
}

/** One tsc run for every package's declarations, into STAGE/types mirroring the repository. */
function emitDeclarations() {
  const config = path.join(ROOT, '.tmp', `tsconfig.sdk-${process.pid}.json`);
  mkdirSync(path.dirname(config), { recursive: true });
  const files = ['host/api/index.ts', ...contracts.map((id) => `plugins/${id}/api/index.ts`), HARNESS].map((file) => path.join(ROOT, file));
  writeFileSync(config, JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: '..', outDir: TYPES }, include: [], files }));
  try {
    run(path.join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', config], ROOT);
  } finally {
    rmSync(config, { force: true });
  }
}

async function packApi() {
  const dir = stagePackage('api');
  copyDeclarations('host/api', ['index.d.ts'], path.join(dir, 'types'));
  await esm({ entryPoints: { index: path.join(ROOT, 'host/api/index.ts') }, outdir: path.join(dir, 'dist') });
  return pack(dir);
}

async function packContracts() {
  const dir = stagePackage('plugins');
  const manifest = readJson(path.join(dir, 'package.json'));
  // Each contract is versioned with its plugin: the version a depending plugin's manifest asks for.
  manifest.contracts = {};
  for (const id of contracts) {
    manifest.exports[`./${id}/api`] = { types: `./types/${id}/api/index.d.ts`, import: `./dist/${id}/api/index.js` };
    manifest.contracts[id] = readJson(path.join(ROOT, 'plugins', id, 'plugin.json')).version;
  }
  writeJson(path.join(dir, 'package.json'), manifest);
  copyDeclarations('plugins', contracts.map((id) => `${id}/api/index.d.ts`), path.join(dir, 'types'));
  await esm({ entryPoints: Object.fromEntries(contracts.map((id) => [`${id}/api/index`, path.join(ROOT, 'plugins', id, 'api', 'index.ts')])), outdir: path.join(dir, 'dist') });
  return pack(dir);
}

/**
 * The harness with the host it starts: the build, the loader beside it, and of each bundled plugin its manifest and
 * the plain JavaScript it starts by path (the mail plugin's SMTP thread), bundled with the packages it imports.
 */
async function packTesting() {
  const dir = stagePackage('testing');
  copyDeclarations('packages/testing/src', ['index.d.ts'], path.join(dir, 'types'));
  await bundleHost({ outDir: path.join(dir, 'dist'), entries: [...hostEntries(), HARNESS], root: dir, sourcemap: false });
  for (const file of LOADER_FILES) cpSync(path.join(ROOT, 'host/runtime', file), path.join(dir, 'host/runtime', file));
  for (const id of bundledPluginIds()) {
    const manifest = readJson(path.join(ROOT, 'plugins', id, 'plugin.json'));
    writeJson(path.join(dir, 'plugins', id, 'plugin.json'), manifest);
    // Discovery checks that the main module exists; the code itself runs from dist/.
    writeFileSync(path.join(dir, 'plugins', id, manifest.main), '// Runs from the build in dist/ (see dist/build-stamp.json).\n');
    for (const script of pluginScripts(id)) {
      await build({ entryPoints: [path.join(ROOT, 'plugins', id, script)], outfile: path.join(dir, 'plugins', id, script), bundle: true, format: 'esm', platform: 'node', target: 'node20', banner: { js: REQUIRE_SHIM }, logLevel: 'warning' });
    }
  }
  return pack(dir);
}

/** A bundled plugin's own .mjs files (outside its tests), relative to its folder. */
function pluginScripts(id) {
  const folder = path.join(ROOT, 'plugins', id);
  return readdirSync(folder, { recursive: true })
    .filter((file) => file.endsWith('.mjs') && !file.split(path.sep).includes('test') && !file.split(path.sep).includes('node_modules'))
    .sort();
}

/** STAGE/<name> with the package's manifest, its "*" versions filled from this repository. */
function stagePackage(name) {
  const dir = path.join(STAGE, name);
  mkdirSync(dir, { recursive: true });
  const manifest = readJson(path.join(ROOT, 'packages', name, 'package.json'));
  manifest.version = versions[manifest.name];
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const version = versions[dependency] ?? rootPackage.dependencies[dependency];
    if (version === undefined) throw new Error(`${manifest.name} depends on ${dependency}, which the repository's package.json does not list`);
    manifest.dependencies[dependency] = version;
  }
  writeJson(path.join(dir, 'package.json'), manifest);
  return dir;
}

/**
 * Copies the declarations the entries need (following their relative imports) from under `from` in STAGE/types to
 * `to`; one that reaches outside `from` would not resolve in the package, so it fails the build.
 */
function copyDeclarations(from, entries, to) {
  const base = path.join(TYPES, from);
  const pending = entries.map((entry) => path.join(base, entry));
  const seen = new Set();
  while (pending.length > 0) {
    const file = pending.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    if (path.relative(base, file).startsWith('..')) throw new Error(`A declaration of ${from} needs ${path.relative(TYPES, file)}, outside ${from}`);
    const text = readFileSync(file, 'utf8');
    for (const [, specifier] of text.matchAll(/(?:from |import\()'(\.{1,2}\/[^']+)'/g)) {
      pending.push(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.d.ts')));
    }
    const target = path.join(to, path.relative(base, file));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  }
}

function esm(options) {
  return build({
    ...options,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfigRaw: { compilerOptions: { experimentalDecorators: true } },
    // Packages (inversify, rxjs, zod, @vpp-host/api) stay imports: one copy of each, shared.
    packages: 'external',
    external: EXTERNAL,
    logLevel: 'warning',
  });
}

function pack(dir) {
  const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', SDK_DIR], dir));
  return path.join(SDK_DIR, filename);
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function outOption() {
  const at = process.argv.indexOf('--out');
  if (at === -1) return undefined;
  const dir = process.argv[at + 1];
  if (dir === undefined || dir.startsWith('--')) {
    console.error('build-sdk: --out needs a folder');
    process.exit(2);
  }
  return dir;
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function writeJson(file, value) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
