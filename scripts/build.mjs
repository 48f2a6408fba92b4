#!/usr/bin/env node
// `npm run build`: bundles the host, its plugin API and the bundled plugins into dist/, so `vpp-host start` loads a
// few large modules instead of ~800 small ones through the TypeScript loader. Entries share their code (one inversify,
// rxjs and zod) through chunks. `--if-stale` builds only when dist/ no longer matches the sources (`npm start`).
// Source maps lie beside each file; `node --enable-source-maps` shows TypeScript stack traces (~80 ms more at start).
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild, writeStamp } from '../host/runtime/build-stamp.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = path.join(ROOT, 'dist');
// Built beside dist/ and swapped in; per process, so two builds at once do not mix their files.
const NEXT_DIR = `${OUT_DIR}.next-${process.pid}`;
// Loaded at run time, never bundled: the compilers a vendor's TypeScript plugin needs.
const EXTERNAL = ['esbuild', 'tsx'];
// node_modules' own files are left out of the stamp; the lock npm writes on every install stands in for them.
const CONFIG_INPUTS = ['package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
// Bundled CommonJS packages (nodemailer, handlebars, ...) require Node's built-ins; ESM has no `require` of its own.
const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

if (process.argv.includes('--if-stale') && freshBuild(OUT_DIR)) process.exit(0);

const started = performance.now();
const startedAt = Date.now();
await rm(NEXT_DIR, { recursive: true, force: true });
const sources = entrySources();
const result = await build({
  absWorkingDir: ROOT,
  entryPoints: sources,
  outbase: '.',
  outdir: NEXT_DIR,
  entryNames: '[dir]/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Legacy decorators (inversify's parameter injection) and the @vpp-host/* paths come from the repository's tsconfig.
  tsconfig: 'tsconfig.json',
  external: EXTERNAL,
  define: { VPP_HOST_BUILD: 'true' },
  banner: { js: REQUIRE_SHIM },
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
}).catch(async (error) => {
  await rm(NEXT_DIR, { recursive: true, force: true });
  throw error;
});
const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
writeStamp(NEXT_DIR, { startedAt, root: path.relative(OUT_DIR, ROOT) || '.', inputs: [...inputs, ...CONFIG_INPUTS].sort(), entries: entryOutputs(result.metafile) });
await replaceOutDir();
const files = Object.keys(result.metafile.outputs).filter((output) => output.endsWith('.js')).length;
console.log(`Built ${files} files into ${path.relative(process.cwd(), OUT_DIR) || '.'} in ${Math.round(performance.now() - started)} ms`);

/** The host's CLI, its plugin API, and each bundled plugin's main module and contract. */
function entrySources() {
  const sources = ['host/cli/main.ts', 'host/api/index.ts'];
  for (const id of readdirSync(path.join(ROOT, 'plugins')).sort()) {
    const manifestFile = path.join(ROOT, 'plugins', id, 'plugin.json');
    if (!existsSync(manifestFile)) continue;
    const { main } = JSON.parse(readFileSync(manifestFile, 'utf8'));
    sources.push(path.posix.join('plugins', id, main));
    if (existsSync(path.join(ROOT, 'plugins', id, 'api', 'index.ts'))) sources.push(`plugins/${id}/api/index.ts`);
  }
  return sources;
}

function entryOutputs(metafile) {
  const entries = {};
  for (const [output, { entryPoint }] of Object.entries(metafile.outputs)) {
    if (sources.includes(entryPoint)) entries[entryPoint] = path.relative(NEXT_DIR, path.resolve(ROOT, output)).split(path.sep).join('/');
  }
  return entries;
}

/**
 * Swaps the finished build in, so a host starting meanwhile sees the old build, none (and runs the sources), or the
 * new one. When another build swapped its own in first, that one stays: it was made from the same sources.
 */
async function replaceOutDir() {
  const old = `${OUT_DIR}.old-${process.pid}`;
  await rename(OUT_DIR, old).catch(unless('ENOENT'));
  await rename(NEXT_DIR, OUT_DIR).catch(unless('ENOTEMPTY', 'EEXIST'));
  await rm(NEXT_DIR, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
}

function unless(...codes) {
  return (error) => {
    if (!codes.includes(error.code)) throw error;
  };
}
