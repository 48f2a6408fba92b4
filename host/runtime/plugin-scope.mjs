// What the host tells its loader hooks about a plugin it imports, in the query of the plugin's main module URL.
// Plain JavaScript: the hooks (plugin-loader-hooks.mjs) run before any TypeScript can.

/** The query parameter naming the plugin scope: base64url JSON of `{ root, contracts, generation }`. */
export const PLUGIN_SCOPE_PARAM = 'vpp-plugin';

const HOOKS_REGISTERED = Symbol.for('vpp-host.pluginLoaderHooks');

/** Set by the source loader once the hooks are registered in this process. */
export function markLoaderHooksRegistered() {
  globalThis[HOOKS_REGISTERED] = true;
}

export function loaderHooksRegistered() {
  return globalThis[HOOKS_REGISTERED] === true;
}

/** The scope a module URL carries, or undefined for a module the host did not import as (part of) a plugin. */
export function readPluginScope(url) {
  const encoded = url.startsWith('file:') ? new URL(url).searchParams.get(PLUGIN_SCOPE_PARAM) : null;
  if (encoded === null) return undefined;
  return { encoded, ...JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8')) };
}
