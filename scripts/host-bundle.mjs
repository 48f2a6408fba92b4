// Bundles the host, its plugin API and the bundled plugins with esbuild, and stamps the output folder with what it
// was built from (host/runtime/build-stamp.mjs). Used by `npm run build` (dist/) and `npm run sdk` (the host inside
// @vpp-host/testing). Entries share their code (one inversify, rxjs and zod) through chunks.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeStamp } from '../host/runtime/build-stamp.mjs';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Loaded at run time, never bundled: the compilers a vendor's TypeScript plugin needs.
export const EXTERNAL = ['esbuild', 'tsx'];
// node_modules' own files are left out of the stamp; the lock npm writes on every install stands in for them.
const CONFIG_INPUTS = ['package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];
// Bundled CommonJS packages (nodemailer, handlebars, ...) require Node's built-ins; ESM has no `require` of its own.
export const REQUIRE_SHIM = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** The host's CLI, its plugin API, and each bundled plugin's main module and contract. */
export function hostEntries() {
  const sources = ['host/cli/main.ts', 'host/api/index.ts'];
  for (const id of bundledPluginIds()) {
    const { main } = JSON.parse(readFileSync(path.join(ROOT, 'plugins', id, 'plugin.json'), 'utf8'));
    sources.push(path.posix.join('plugins', id, main));
    if (existsSync(path.join(ROOT, 'plugins', id, 'api', 'index.ts'))) sources.push(`plugins/${id}/api/index.ts`);
  }
  return sources;
}

/** Folder names under plugins/ that hold a manifest. */
export function bundledPluginIds() {
  return readdirSync(path.join(ROOT, 'plugins'))
    .sort()
    .filter((id) => existsSync(path.join(ROOT, 'plugins', id, 'plugin.json')));
}

/**
 * Builds `entries` (repository-relative sources) into outDir and writes its stamp; `root` is the folder the stamp
 * names as the sources' home (the repository, or the package folder that ships the build).
 */
export async function bundleHost({ outDir, entries, root = ROOT, sourcemap = true, startedAt = Date.now() }) {
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: entries,
    outbase: '.',
    outdir: outDir,
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
    sourcemap,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/'));
  const outputs = {};
  for (const [output, { entryPoint }] of Object.entries(result.metafile.outputs)) {
    if (entries.includes(entryPoint)) outputs[entryPoint] = path.relative(outDir, path.resolve(ROOT, output)).split(path.sep).join('/');
  }
  writeStamp(outDir, { startedAt, root: path.relative(outDir, root) || '.', inputs: [...inputs, ...CONFIG_INPUTS].sort(), entries: outputs });
  return result.metafile;
}
