import { Container, ContainerModule } from 'inversify';
import { DisposableCollection } from '../api/disposable.js';
import { CommandContribution } from '../api/commands.js';
import type { Contribution, ContributionProvider } from '../api/contributions.js';
import { LifecycleContribution } from '../api/lifecycle.js';
import type { Logger } from '../api/logger.js';
import type { PluginManifest, PluginState, PluginStatus } from '../api/manifest.js';
import { PluginContext } from '../api/plugin-context.js';
import { ViewContribution } from '../api/views.js';
import { pluginModuleUrl } from './module-source.js';
import type { PluginCandidate, PluginRefusal } from './plugin-discovery.js';
import type { DisabledPlugin } from './plugin-selection.js';
import { errorMessage } from './scheduler.js';

/** Binds the services a plugin gets for itself (logger, storage, settings, secrets, ...) into its container. */
export type ScopedServiceBinder = (container: Container, context: PluginContext) => void;

interface LoadedPlugin {
  readonly candidate: PluginCandidate;
  readonly context: PluginContext;
  readonly container: Container;
  readonly module: ContainerModule;
  state: PluginState;
  error?: string;
  startMs?: number;
}

/** The host's own pseudo-plugin id: its contributions are collected like any plugin's. */
export const HOST_PLUGIN_ID = 'host';

/**
 * Loads plugins in dependency order into their own containers, starts and stops them through their lifecycle
 * contributions, and keeps each plugin's state. A failure marks that plugin failed and skips its dependents;
 * the host and the other plugins run on.
 */
export class PluginHost implements ContributionProvider {
  private readonly loaded: LoadedPlugin[] = [];
  private readonly refused: PluginStatus[] = [];
  private readonly disabled: PluginStatus[] = [];

  constructor(
    private readonly hostContainer: Container,
    private readonly bindScoped: ScopedServiceBinder,
    private readonly logger: Logger,
  ) {}

  refuse(refusals: readonly PluginRefusal[]): void {
    for (const refusal of refusals) {
      this.logger.error(refusal.reason, { plugin: refusal.id });
      this.refused.push({ id: refusal.id, displayName: refusal.id, version: '', folder: refusal.folder, state: 'failed', error: refusal.reason });
    }
  }

  /** Plugins switched off by the host's selection: listed, never loaded; their dependents are skipped. */
  disable(plugins: readonly DisabledPlugin[]): void {
    for (const { id, folder, manifest } of plugins) {
      this.logger.info('Plugin disabled', { plugin: id });
      this.disabled.push({ id, displayName: manifest?.displayName ?? id, version: manifest?.version ?? '', folder, state: 'disabled' });
    }
  }

  /** Loads and starts each plugin in the given (dependency) order. */
  async startAll(ordered: readonly PluginCandidate[]): Promise<void> {
    for (const candidate of ordered) await this.loadAndStart(candidate);
  }

  /** Stops started plugins in reverse order: onStop, then their subscriptions, then their container. */
  async stopAll(): Promise<void> {
    for (const plugin of [...this.loaded].reverse()) {
      if (plugin.state !== 'started' && plugin.state !== 'loaded') continue;
      const log = this.logger.child(plugin.candidate.manifest.id);
      const started = performance.now();
      for (const lifecycle of this.own<LifecycleContribution>(plugin, LifecycleContribution)) {
        try {
          await lifecycle.onStop?.();
        } catch (error) {
          log.error('onStop failed', { error: errorMessage(error) });
        }
      }
      try {
        await plugin.context.subscriptions.dispose();
        await plugin.container.unloadAsync(plugin.module);
      } catch (error) {
        log.error('Disposing the plugin failed', { error: errorMessage(error) });
      }
      plugin.state = 'stopped';
      log.info('Plugin stopped', { ms: round(performance.now() - started) });
    }
  }

  statuses(): PluginStatus[] {
    return [
      ...this.loaded.map((p) => ({
        id: p.candidate.manifest.id,
        displayName: p.candidate.manifest.displayName,
        version: p.candidate.manifest.version,
        folder: p.candidate.folder,
        state: p.state,
        ...(p.error ? { error: p.error } : {}),
        ...(p.startMs !== undefined ? { startMs: p.startMs } : {}),
      })),
      ...this.disabled,
      ...this.refused,
    ];
  }

  /** Manifests of plugins that are running, for navigation, commands and settings. */
  manifests(): PluginManifest[] {
    return this.active().map((p) => p.candidate.manifest);
  }

  get<T>(point: symbol): Contribution<T>[] {
    const fromHost = this.safeGetAll<T>(this.hostContainer, point, HOST_PLUGIN_ID);
    const fromPlugins = this.active().flatMap((plugin) =>
      this.own<T>(plugin, point).map((contribution) => ({ pluginId: plugin.candidate.manifest.id, contribution })),
    );
    return [...fromHost.map((contribution) => ({ pluginId: HOST_PLUGIN_ID, contribution })), ...fromPlugins];
  }

  /** The container of a running plugin, for tests and for exporting its API to dependents. */
  containerOf(id: string): Container | undefined {
    return this.active().find((p) => p.candidate.manifest.id === id)?.container;
  }

  private active(): LoadedPlugin[] {
    return this.loaded.filter((p) => p.state === 'started' || p.state === 'loaded');
  }

  private async loadAndStart(candidate: PluginCandidate): Promise<void> {
    const { manifest } = candidate;
    const log = this.logger.child(manifest.id);
    const missing = manifest.dependencies.filter((dep) => this.containerOf(dep) === undefined);
    const imports = new Container({ parent: this.hostContainer });
    const container = new Container({ parent: imports });
    const context: PluginContext = { id: manifest.id, manifest, folder: candidate.folder, subscriptions: new DisposableCollection() };
    const plugin: LoadedPlugin = { candidate, context, container, module: new ContainerModule(() => undefined), state: 'discovered' };
    this.loaded.push(plugin);

    if (missing.length > 0) {
      plugin.state = 'skipped';
      const isDisabled = (id: string): boolean => this.disabled.some((d) => d.id === id);
      plugin.error = skipReason(missing.filter(isDisabled), missing.filter((id) => !isDisabled(id)));
      log.error(plugin.error);
      return;
    }
    const started = performance.now();
    try {
      this.importDependencyApis(manifest, imports);
      container.bind(PluginContext).toConstantValue(context);
      this.bindScoped(container, context);
      const module = await importPluginModule(candidate);
      (plugin as { module: ContainerModule }).module = module;
      container.load(module);
      plugin.state = 'loaded';
      this.checkContributions(plugin);
      for (const lifecycle of this.own<LifecycleContribution>(plugin, LifecycleContribution, true)) await lifecycle.onStart?.();
      plugin.state = 'started';
      plugin.startMs = round(performance.now() - started);
      log.info('Plugin started', { ms: plugin.startMs, version: manifest.version });
    } catch (error) {
      plugin.state = 'failed';
      plugin.error = errorMessage(error);
      plugin.startMs = round(performance.now() - started);
      log.error('Plugin failed to start', { error: plugin.error });
      await plugin.context.subscriptions.dispose().catch((e) => log.error('Cleaning up the failed plugin failed', { error: errorMessage(e) }));
    }
  }

  /** A plugin sees the services its dependencies export (manifest `exports`), nothing else of theirs. */
  private importDependencyApis(manifest: PluginManifest, imports: Container): void {
    for (const dep of manifest.dependencies) {
      const provider = this.loaded.find((p) => p.candidate.manifest.id === dep)!;
      for (const key of provider.candidate.manifest.exports) {
        const id = Symbol.for(key);
        imports.bind(id).toDynamicValue(() => provider.container.get(id));
      }
    }
  }

  /** Declared commands, views and exports must have their code, and code must be declared. */
  private checkContributions(plugin: LoadedPlugin): void {
    const { manifest } = plugin.candidate;
    const commands = this.own<CommandContribution>(plugin, CommandContribution, true).flatMap((c) => c.commands.map((h) => h.id));
    const views = this.own<ViewContribution>(plugin, ViewContribution, true).flatMap((c) => c.views.map((v) => v.id));
    mustMatch('command', manifest.contributes.commands.map((c) => c.id), commands);
    mustMatch('view', manifest.contributes.views.map((v) => v.id), views);
    for (const key of manifest.exports) {
      if (!plugin.container.isBound(Symbol.for(key))) throw new Error(`The manifest exports "${key}", but the module binds nothing to Symbol.for("${key}")`);
    }
  }

  /** Only the plugin's own bindings: inversify's getAll falls back to the parent when a container binds none. */
  private own<T>(plugin: LoadedPlugin, point: symbol, rethrow = false): T[] {
    if (!plugin.container.isCurrentBound(point)) return [];
    if (rethrow) return plugin.container.getAll<T>(point);
    return this.safeGetAll<T>(plugin.container, point, plugin.candidate.manifest.id);
  }

  private safeGetAll<T>(container: Container, point: symbol, pluginId: string): T[] {
    try {
      return container.getAll<T>(point);
    } catch (error) {
      this.logger.error(`Contributions of "${pluginId}" to ${point.description} could not be created`, { error: errorMessage(error) });
      return [];
    }
  }
}

async function importPluginModule(candidate: PluginCandidate): Promise<ContainerModule> {
  const loaded = (await import(await pluginModuleUrl(candidate.entry))) as { default?: unknown };
  if (!(loaded.default instanceof ContainerModule)) {
    throw new Error(`${candidate.manifest.main} must default-export a ContainerModule from @vpp-host/api (found ${describe(loaded.default)})`);
  }
  return loaded.default;
}

function skipReason(disabled: readonly string[], notStarted: readonly string[]): string {
  const quoted = (ids: readonly string[]): string => ids.map((id) => `"${id}"`).join(', ');
  const why = [
    ...(disabled.length > 0 ? [`${quoted(disabled)}, which ${disabled.length === 1 ? 'is' : 'are'} disabled`] : []),
    ...(notStarted.length > 0 ? [`${quoted(notStarted)}, which did not start`] : []),
  ];
  return `Not started: it depends on ${why.join(', and on ')}`;
}

function mustMatch(kind: string, declared: string[], implemented: string[]): void {
  const missing = declared.filter((id) => !implemented.includes(id));
  const undeclared = implemented.filter((id) => !declared.includes(id));
  if (missing.length > 0) throw new Error(`The manifest declares ${kind} ${missing.map((i) => `"${i}"`).join(', ')}, but the module provides no code for it`);
  if (undeclared.length > 0) throw new Error(`The module provides ${kind} ${undeclared.map((i) => `"${i}"`).join(', ')}, which the manifest does not declare`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'no default export';
  if (value === null) return 'null';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
