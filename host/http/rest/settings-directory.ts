import { NotFoundError, saying } from '../../api/errors.js';
import { Settings } from '../../api/settings.js';
import { HOST_PLUGIN_ID, type PluginHost } from '../../runtime/plugin-host.js';
import { PluginSettings } from '../../runtime/settings.js';

/** Finds the settings of the host or of a running plugin, for the settings REST routes. */
export class SettingsDirectory {
  constructor(
    private readonly hostSettings: PluginSettings,
    private readonly plugins: PluginHost,
  ) {}

  of(pluginId: string): PluginSettings {
    if (pluginId === HOST_PLUGIN_ID) return this.hostSettings;
    const container = this.plugins.containerOf(pluginId);
    const settings = container?.isBound(Settings) ? container.get<Settings>(Settings) : undefined;
    if (!(settings instanceof PluginSettings)) throw saying(new NotFoundError(`No running plugin "${pluginId}"`), 'host.plugin.not-running', { id: pluginId });
    return settings;
  }
}
