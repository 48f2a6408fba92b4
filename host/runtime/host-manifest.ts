import { PluginManifestSchema, type PluginManifest } from '../api/manifest.js';
import type { HostPart } from './host-part.js';
import { HOST_MESSAGES } from './host-messages.js';
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
        descriptions: {
          nl: 'Extra mappen waaruit plugins worden geladen, naast de meegeleverde plugins en --plugins-dir',
          fr: 'Dossiers supplémentaires d’où charger des plugins, en plus des plugins fournis et de --plugins-dir',
        },
        env: 'VPP_HOST_PLUGIN_DIRS',
      },
      {
        key: 'disabledPlugins',
        type: 'string[]',
        default: [],
        description: 'Ids of installed plugins not to load (plugins that depend on them are skipped); applies at the next start',
        descriptions: {
          nl: 'Ids van geïnstalleerde plugins die niet worden geladen (plugins die ervan afhangen worden overgeslagen); geldt vanaf de volgende start',
          fr: 'Identifiants des plugins installés à ne pas charger (les plugins qui en dépendent sont ignorés) ; s’applique au prochain démarrage',
        },
        env: 'VPP_HOST_DISABLED_PLUGINS',
      },
      {
        key: 'pluginStartWarningMs',
        type: 'integer',
        default: 500,
        minimum: 1,
        description: "A plugin's start that takes longer, or blocks the event loop longer, than this many milliseconds is reported in the log and by vpp-host plugins",
        descriptions: {
          nl: 'De start van een plugin die langer duurt, of de event loop langer blokkeert, dan zoveel milliseconden wordt gemeld in het logboek en door vpp-host plugins',
          fr: 'Le démarrage d’un plugin qui dure plus longtemps, ou bloque la boucle d’événements plus longtemps, que ce nombre de millisecondes est signalé dans le journal et par vpp-host plugins',
        },
        env: 'VPP_HOST_PLUGIN_START_WARNING_MS',
      },
      ...parts.flatMap((part) => part.contributes?.settings ?? []),
    ],
    commands: parts.flatMap((part) => part.contributes?.commands ?? []),
    views: parts.flatMap((part) => part.contributes?.views ?? []),
    auditActions: parts.flatMap((part) => part.contributes?.auditActions ?? []),
    auditTargets: parts.flatMap((part) => part.contributes?.auditTargets ?? []),
    messages: [...HOST_MESSAGES, ...parts.flatMap((part) => part.contributes?.messages ?? [])],
  },
});
}
