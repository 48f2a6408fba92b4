// Lets Node import TypeScript the way the host needs it: tsx first, then the plugin loader hooks (which resolve
// `@vpp-host/*` to the host's one copy of the plugin API). Plain JavaScript, used by bin/*.js before any TypeScript.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';
import { markLoaderHooksRegistered } from './plugin-scope.mjs';

export function registerSourceLoader(data) {
  registerTsx();
  register('./plugin-loader-hooks.mjs', { parentURL: import.meta.url, data });
  markLoaderHooksRegistered();
}
