import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtFile, openBuild, STAMP_FILE, type Build } from './build-stamp.mjs';
import type { PluginCandidate } from './plugin-discovery.js';
import { loaderHooksRegistered, PLUGIN_SCOPE_PARAM, type PluginScope } from './plugin-scope.mjs';
import type * as SourceLoader from './source-loader.mjs';

/** Defined as `true` by scripts/build.mjs in the code it bundles; undeclared when this file runs as TypeScript. */
declare const VPP_HOST_BUILD: boolean | undefined;

/**
 * Where the host's code runs from: the repository's TypeScript, or the build `npm run build` made of it (dist/).
 * A plugin the build holds is imported from it; any other plugin (a vendor's folder) from its source, through the
 * loader the source path uses, registered the first time one is imported.
 */
const BUILD: Build | undefined = typeof VPP_HOST_BUILD === 'undefined' ? undefined : enclosingBuild();

export const REPOSITORY_ROOT = BUILD?.root ?? fileURLToPath(new URL('../../', import.meta.url));

/** For the log: which code this host runs. */
export const MODULE_SOURCE = BUILD ? `the build in ${BUILD.outDir}` : 'the TypeScript sources';

/**
 * The URL to import a plugin's main module from. Under the host's loader hooks it carries the plugin's folder, its
 * dependencies and the load's generation: the hooks refuse imports from outside the folder and, for a restart,
 * load every file of the plugin afresh.
 */
export async function pluginModuleUrl(candidate: PluginCandidate, generation: number): Promise<string> {
  const { entry } = candidate;
  if (BUILD !== undefined) {
    const built = builtFile(BUILD, entry);
    if (built !== undefined) return pathToFileURL(built).href;
    await registerSourceLoader(BUILD);
  }
  const url = pathToFileURL(entry);
  if (loaderHooksRegistered()) {
    const scope: PluginScope = { root: pathToFileURL(`${candidate.folder}${path.sep}`).href, contracts: [candidate.manifest.id, ...Object.keys(candidate.manifest.dependencies)], generation };
    url.searchParams.set(PLUGIN_SCOPE_PARAM, Buffer.from(JSON.stringify(scope)).toString('base64url'));
  }
  return url.href;
}

let sourceLoader: Promise<void> | undefined;

/** The repository's own loader (bin/vpp-host.js registers it when running the sources), pointed at the build's plugin API. */
function registerSourceLoader(build: Build): Promise<void> {
  sourceLoader ??= (async () => {
    const loaderUrl = pathToFileURL(path.join(build.root, 'host/runtime/source-loader.mjs')).href;
    const loader = (await import(loaderUrl)) as typeof SourceLoader;
    const built = Object.fromEntries(
      Object.entries(build.stamp.entries).map(([source, output]) => [pathToFileURL(path.join(build.root, source)).href, pathToFileURL(path.join(build.outDir, output)).href]),
    );
    loader.registerSourceLoader({ built });
  })();
  return sourceLoader;
}

/** The build folder holding this chunk: the nearest folder above it with a stamp. */
function enclosingBuild(): Build {
  const here = fileURLToPath(import.meta.url);
  for (let folder = path.dirname(here); folder !== path.dirname(folder); folder = path.dirname(folder)) {
    const build = openBuild(folder);
    if (build) return build;
  }
  throw new Error(`${here} is bundled code, but no folder above it has a ${STAMP_FILE}: run \`npm run build\``);
}
