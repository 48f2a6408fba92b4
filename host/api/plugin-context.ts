import type { DisposableCollection } from './disposable.js';
import type { PluginManifest } from './manifest.js';

/** The plugin's own identity and its subscriptions, disposed by the host when the plugin stops. */
export const PluginContext = Symbol.for('host.PluginContext');
export interface PluginContext {
  readonly id: string;
  readonly manifest: PluginManifest;
  readonly folder: string;
  readonly subscriptions: DisposableCollection;
}
