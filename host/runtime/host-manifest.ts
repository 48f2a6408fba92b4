import { PluginManifestSchema, type PluginManifest } from '../api/manifest.js';
import type { HostPart } from './host-part.js';
import { HOST_API_VERSION } from './version.js';

/**
 * The host describes its own commands, views and settings with the same manifest a plugin uses, so the CLI, the
 * panel and the settings API treat host and plugins alike. Each host part brings its own declarations.
 */
export function buildHostManifest(parts: readonly HostPart[]): PluginManifest {
  return PluginManifestSchema.parse({
  id: 'host',
  displayName: 'Host',
  version: HOST_API_VERSION,
  main: '(built in)',
  engines: { host: `^${HOST_API_VERSION}` },
  contributes: {
    settings: [
      {
        key: 'pluginDirs',
        type: 'string[]',
        default: [],
        description: 'Extra directories to load plugins from, besides the bundled plugins and --plugins-dir',
        env: 'VPP_HOST_PLUGIN_DIRS',
      },
      {
        key: 'disabledPlugins',
        type: 'string[]',
        default: [],
        description: 'Ids of installed plugins not to load (plugins that depend on them are skipped); applies at the next start',
        env: 'VPP_HOST_DISABLED_PLUGINS',
      },
      {
        key: 'pluginStartWarningMs',
        type: 'integer',
        default: 500,
        minimum: 1,
        description: "A plugin's start that takes longer, or blocks the event loop longer, than this many milliseconds is reported in the log and by vpp-host plugins",
        env: 'VPP_HOST_PLUGIN_START_WARNING_MS',
      },
      ...parts.flatMap((part) => part.contributes?.settings ?? []),
    ],
    commands: parts.flatMap((part) => part.contributes?.commands ?? []),
    views: parts.flatMap((part) => part.contributes?.views ?? []),
    auditActions: parts.flatMap((part) => part.contributes?.auditActions ?? []),
    auditTargets: parts.flatMap((part) => part.contributes?.auditTargets ?? []),
    messages: parts.flatMap((part) => part.contributes?.messages ?? []),
  },
});
}
