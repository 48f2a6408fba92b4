// Node module hooks for the host process (registered by source-loader.mjs after tsx).
// - Resolve: every plugin, bundled or a vendor's from any folder, gets the host's one copy of the plugin API (and so
//   of inversify, rxjs and zod) as `@vpp-host/api`, and a bundled plugin's contract as `@vpp-host/plugins/<id>/api`;
//   when the host runs from a build (dist/), that copy is the build's.
// - Scope: a module the host imports as a plugin carries its plugin's scope (plugin-scope.mjs) in its URL. Every file
//   it reaches inside the plugin folder carries it on (a restart's new generation loads them all afresh); an import
//   that resolves to a file outside the folder is refused, unless it is a package (node_modules), the plugin API or
//   the contract of a declared dependency.
// - Load: TypeScript outside the repository (a vendor's plugin folder) is compiled with the options the plugin contract
//   needs (legacy decorators for inversify); tsx applies the repository's tsconfig, and its cache, to the files inside.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { PLUGIN_SCOPE_PARAM, readPluginScope } from './plugin-scope.mjs';

const API = new URL('../api/index.ts', import.meta.url).href;
const REPOSITORY = new URL('../../', import.meta.url).href;
const PLUGINS = new URL('plugins/', REPOSITORY).href;
const PLUGIN_API = /^@vpp-host\/plugins\/([a-z0-9-]+)\/api$/;
const TYPESCRIPT = /\.m?ts$/;
const COMPILER_OPTIONS = { experimentalDecorators: true, target: 'ES2022' };

/** Source file URL to the URL of its build; empty when the host runs from source. */
let built = {};

export function initialize(data) {
  built = data?.built ?? {};
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@vpp-host/api') return nextResolve(built[API] ?? API, context);
  const scope = context.parentURL === undefined ? undefined : readPluginScope(context.parentURL);
  const plugin = PLUGIN_API.exec(specifier);
  if (plugin) {
    if (scope && !scope.contracts.includes(plugin[1])) {
      throw new Error(`${describeParent(context.parentURL, scope)} imports "${specifier}", but the manifest does not list "${plugin[1]}" in its dependencies; refused`);
    }
    const contract = `${PLUGINS}${plugin[1]}/api/index.ts`;
    return nextResolve(built[contract] ?? contract, context);
  }
  const resolved = await nextResolve(specifier, context);
  if (!scope || !resolved.url.startsWith('file:') || resolved.url.includes('/node_modules/')) return resolved;
  const url = new URL(resolved.url);
  if (!url.href.startsWith(scope.root)) {
    throw new Error(`${describeParent(context.parentURL, scope)} imports "${specifier}", which is ${fileURLToPath(url)}, outside the plugin's folder; refused`);
  }
  url.searchParams.set(PLUGIN_SCOPE_PARAM, scope.encoded);
  return { ...resolved, url: url.href };
}

/** "Plugin file src/a.ts (in /plugins/x/)". */
function describeParent(parentURL, scope) {
  const parent = new URL(parentURL);
  parent.search = '';
  return `Plugin file ${parent.href.slice(scope.root.length)} (in ${fileURLToPath(scope.root)})`;
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || url.startsWith(REPOSITORY) || url.includes('/node_modules/') || !TYPESCRIPT.test(new URL(url).pathname)) {
    return nextLoad(url, context);
  }
  const file = fileURLToPath(url);
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: file,
    sourcemap: 'inline',
    tsconfigRaw: { compilerOptions: COMPILER_OPTIONS },
  });
  return { format: 'module', source: code, shortCircuit: true };
}
