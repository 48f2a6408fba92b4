// Node module-resolution hook: every plugin, bundled or a vendor's from any folder, gets the host's one copy of the
// plugin API (and so of inversify, rxjs and zod) under the specifier `@vpp-host/api`, and a bundled plugin's
// contract under `@vpp-host/plugins/<id>/api`.
const API = new URL('../api/index.ts', import.meta.url).href;
const PLUGINS = new URL('../../plugins/', import.meta.url).href;
const PLUGIN_API = /^@vpp-host\/plugins\/([a-z0-9-]+)\/api$/;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === '@vpp-host/api') return nextResolve(API, context);
  const plugin = PLUGIN_API.exec(specifier);
  if (plugin) return nextResolve(`${PLUGINS}${plugin[1]}/api/index.ts`, context);
  return nextResolve(specifier, context);
}
