import { Container, ContainerModule } from 'inversify';
import { ActiveWorkContribution } from '../api/active-work.js';
import { DisposableCollection } from '../api/disposable.js';
import { CommandContribution } from '../api/commands.js';
import { ContributionProvider, type Contribution } from '../api/contributions.js';
import { NotFoundError, saying } from '../api/errors.js';
import { Emitter } from '../api/event.js';
import { ScopedExport } from '../api/exports.js';
import { RouteContribution } from '../api/http.js';
import { DirectoryProvider } from '../api/inventory.js';
import { InventoryFacetContribution } from '../api/inventory-facets.js';
import { LifecycleContribution } from '../api/lifecycle.js';
import type { Logger } from '../api/logger.js';
import type { PluginManifest, PluginState, PluginStatus } from '../api/manifest.js';
import { phrase, type Said } from '../api/messages.js';
import { PluginContext } from '../api/plugin-context.js';
import { ViewContribution } from '../api/views.js';
import { ActiveWork, type ActiveWorkOwner } from './active-work.js';
import { ownedContributions, pointKey } from './contribution-access.js';
import { pluginModuleUrl } from './module-source.js';
import { rereadCandidate, type PluginCandidate, type PluginRefusal } from './plugin-discovery.js';
import { contractVersion, planPlugins, skipReason } from './plugin-graph.js';
import { runAsPlugin } from './plugin-handles.js';
import type { DisabledPlugin } from './plugin-selection.js';
import { errorMessage } from './scheduler.js';
import { measureStart, startWarning } from './start-watch.js';
import { HOST_API_VERSION } from './version.js';

/** Binds the services a plugin gets for itself (logger, storage, settings, secrets, ...) into its container. */
export type ScopedServiceBinder = (container: Container, context: PluginContext) => void;

interface LoadedPlugin {
  readonly candidate: PluginCandidate;
  readonly context: PluginContext;
  readonly container: Container;
  readonly module: ContainerModule;
  state: PluginState;
  error?: Said;
  startMs?: number;
  startWarning?: string;
}

export interface PluginHostOptions {
  /** Binds the services a plugin gets for itself into its container. */
  readonly bindScoped: ScopedServiceBinder;
  readonly logger: Logger;
  /** A plugin's onStart taking longer, or blocking the event loop longer, is reported (host setting pluginStartWarningMs). */
  readonly startWarningMs: () => number;
  /** The host's services plugins may inject (from `@vpp-host/api`); nothing else of the host container is theirs. */
  readonly sharedServices: readonly symbol[];
}

/** The host's own pseudo-plugin id: its contributions are collected like any plugin's. */
export const HOST_PLUGIN_ID = 'host';

/** The contribution points the host collects. */
const HOST_POINTS = [LifecycleContribution, ActiveWorkContribution, CommandContribution, RouteContribution, ViewContribution, InventoryFacetContribution, DirectoryProvider];

/**
 * Loads plugins in dependency order into their own containers, starts and stops them through their lifecycle
 * contributions, and keeps each plugin's state. A failure marks that plugin failed and skips its dependents;
 * the host and the other plugins run on.
 */
export class PluginHost implements ContributionProvider {
  private loaded: LoadedPlugin[] = [];
  private readonly refused: PluginStatus[] = [];
  private readonly disabled: PluginStatus[] = [];
  private readonly logger: Logger;
  /** Each load of a plugin gets a new number, so a restart imports its code afresh. */
  private generation = 0;

  /** The parent of every plugin's container: the shared host services only, not the host parts' internals. */
  private readonly pluginRoot = new Container();
  private readonly restarted = new Emitter<readonly string[]>();
  /** The ids a restart loaded again: whoever holds their contributions (the REST routes) collects them anew. */
  readonly onDidRestartPlugins = this.restarted.event;
  private readonly activeWork: ActiveWork;

  constructor(
    private readonly hostContainer: Container,
    private readonly options: PluginHostOptions,
  ) {
    this.logger = options.logger;
    this.activeWork = new ActiveWork(options.logger);
    for (const service of options.sharedServices) this.pluginRoot.bind(service).toDynamicValue(() => hostContainer.get(service));
  }

  refuse(refusals: readonly PluginRefusal[]): void {
    for (const refusal of refusals) {
      this.logger.error(refusal.reason.message, { plugin: refusal.id });
      this.refused.push({ id: refusal.id, displayName: refusal.id, version: '', folder: refusal.folder, state: 'refused', ...statusError(refusal.reason) });
    }
  }

  /** Plugins switched off by the host's selection: listed, never loaded; their dependents are skipped. */
  disable(plugins: readonly DisabledPlugin[]): void {
    for (const { id, folder, manifest } of plugins) {
      this.logger.info('Plugin disabled', { plugin: id });
      this.disabled.push({ id, displayName: manifest?.displayName ?? id, version: manifest?.version ?? '', folder, state: 'disabled' });
    }
  }

  /**
   * Loads and starts each plugin in the given (dependency) order; plugins stopped by `stopAll` start afresh. `late`
   * (a standby host that took over, already serving): whoever holds their contributions collects them anew.
   */
  async startAll(ordered: readonly PluginCandidate[], late = false): Promise<void> {
    if (this.active().length > 0) throw new Error('Plugins are running: stop them before starting them again');
    this.loaded = [];
    for (const candidate of ordered) await this.loadAndStart(candidate);
    if (late) this.restarted.fire(ordered.map((candidate) => candidate.manifest.id));
  }

  /**
   * Stops started plugins in reverse order: onStop, then their subscriptions, then their container. `andRelease`
   * (a host that goes on running, as a standby) lets whoever holds their contributions let go of them.
   */
  async stopAll(andRelease = false): Promise<void> {
    for (const plugin of [...this.loaded].reverse()) await this.stop(plugin);
    if (andRelease) this.restarted.fire([]);
  }

  /**
   * Starts the work only the active host does (ActiveWorkContribution) of every started plugin, in start order, and of
   * each plugin started later, until `stopActiveWork`.
   */
  startActiveWork(): Promise<void> {
    return this.activeWork.start(this.loaded.filter((p) => p.state === 'started').map((p) => this.workOf(p)));
  }

  /** Stops the plugins' active work, newest first: this host is no longer active. */
  stopActiveWork(): Promise<void> {
    return this.activeWork.stop();
  }

  /**
   * Stops a plugin and every plugin that depends on it (newest first), then loads each again from its folder, in
   * dependency order, with its manifest and code as they are now. Returns the ids restarted, in start order.
   */
  async restart(id: string): Promise<string[]> {
    const target = this.loaded.find((p) => p.candidate.manifest.id === id);
    if (!target) throw saying(new NotFoundError(`No loaded plugin "${id}"; \`vpp-host plugins\` lists them`), 'host.plugin.not-loaded', { id });
    const affected = new Set([id]);
    for (const plugin of this.loaded) {
      if (Object.keys(plugin.candidate.manifest.dependencies).some((dep) => affected.has(dep))) affected.add(plugin.candidate.manifest.id);
    }
    const restarting = this.loaded.filter((p) => affected.has(p.candidate.manifest.id));
    for (const plugin of [...restarting].reverse()) await this.stop(plugin);
    this.loaded = this.loaded.filter((p) => !restarting.includes(p));
    for (const { candidate } of restarting) {
      const fresh = await rereadCandidate(candidate.folder);
      if ('reason' in fresh) await this.loadAndStart(candidate, fresh.reason);
      else if (fresh.manifest.id !== candidate.manifest.id) {
        const id = fresh.manifest.id;
        await this.loadAndStart(candidate, phrase(`Its id changed to "${id}"; restart the host to load it under that id`, 'host.plugin-refusal.id-changed', { id }));
      } else await this.loadAndStart(fresh, this.planRefusal(fresh));
    }
    const ids = restarting.map((p) => p.candidate.manifest.id);
    this.restarted.fire(ids);
    return ids;
  }

  statuses(): PluginStatus[] {
    const points = this.knownPoints();
    return [
      ...this.loaded.map((p) => {
        const { manifest } = p.candidate;
        return {
          id: manifest.id,
          displayName: manifest.displayName,
          version: manifest.version,
          folder: p.candidate.folder,
          state: p.state,
          ...statusError(p.error),
          ...(p.startMs !== undefined ? { startMs: p.startMs } : {}),
          ...(p.startWarning ? { startWarning: p.startWarning } : {}),
          apiVersion: contractVersion(p.candidate),
          dependencies: manifest.dependencies,
          exports: manifest.exports,
          contributionPoints: manifest.contributionPoints,
          contributesTo: [...points].filter((key) => p.container.isCurrentBound(Symbol.for(key))),
        };
      }),
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

  private workOf(plugin: LoadedPlugin): ActiveWorkOwner {
    return { pluginId: plugin.candidate.manifest.id, contributions: () => this.own<ActiveWorkContribution>(plugin, ActiveWorkContribution) };
  }

  private async stop(plugin: LoadedPlugin): Promise<void> {
    if (plugin.state !== 'started' && plugin.state !== 'loaded') return;
    const log = this.logger.child(plugin.candidate.manifest.id);
    const started = performance.now();
    await this.activeWork.stopFor(plugin.candidate.manifest.id);
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

  /** Why a plugin read again for a restart cannot load next to the others (engines, dependencies, ranges), if so. */
  private planRefusal(candidate: PluginCandidate): Said | undefined {
    const plan = planPlugins([...this.loaded.map((p) => p.candidate), candidate], HOST_API_VERSION, this.disabled.map((d) => d.id));
    return plan.refusals.find((r) => r.id === candidate.manifest.id && r.folder === candidate.folder)?.reason;
  }

  /** Every contribution point known: the host's and those plugins declare they own. */
  private knownPoints(): Set<string> {
    return new Set([...HOST_POINTS.map(pointKey), ...this.loaded.flatMap((p) => p.candidate.manifest.contributionPoints)]);
  }

  /** The owner of a contribution point: "host" for the host's, the plugin whose manifest lists it, or none. */
  private ownerOf(key: string): string | undefined {
    if (key.startsWith(`${HOST_PLUGIN_ID}.`)) return HOST_PLUGIN_ID;
    return this.loaded.find((p) => p.candidate.manifest.contributionPoints.includes(key))?.candidate.manifest.id;
  }

  private async loadAndStart(candidate: PluginCandidate, refusal?: Said): Promise<void> {
    const { manifest } = candidate;
    const log = this.logger.child(manifest.id);
    const missing = Object.keys(manifest.dependencies).filter((dep) => this.containerOf(dep) === undefined);
    const imports = new Container({ parent: this.pluginRoot });
    const container = new Container({ parent: imports });
    const context: PluginContext = { id: manifest.id, manifest, folder: candidate.folder, subscriptions: new DisposableCollection() };
    const plugin: LoadedPlugin = { candidate, context, container, module: new ContainerModule(() => undefined), state: 'discovered' };
    this.loaded.push(plugin);

    if (refusal !== undefined) {
      plugin.state = 'refused';
      plugin.error = refusal;
      log.error(refusal.message);
      return;
    }
    if (missing.length > 0) {
      plugin.state = 'skipped';
      const isDisabled = (id: string): boolean => this.disabled.some((d) => d.id === id);
      plugin.error = skipReason(missing.filter(isDisabled), missing.filter((id) => !isDisabled(id)));
      log.error(plugin.error.message);
      return;
    }
    const started = performance.now();
    try {
      await runAsPlugin(manifest.id, async () => {
        this.importDependencyApis(manifest, imports);
        container.bind(PluginContext).toConstantValue(context);
        container.bind(ContributionProvider).toConstantValue(ownedContributions(manifest, this, (key) => this.ownerOf(key)));
        this.options.bindScoped(container, context);
        const module = await importPluginModule(candidate, ++this.generation);
        (plugin as { module: ContainerModule }).module = module;
        container.load(module);
        plugin.state = 'loaded';
        this.checkContributions(plugin);
        const measured = await measureStart(async () => {
          for (const lifecycle of this.own<LifecycleContribution>(plugin, LifecycleContribution, true)) await lifecycle.onStart?.();
        });
        plugin.startWarning = startWarning(measured, this.options.startWarningMs());
      });
      plugin.state = 'started';
      plugin.startMs = round(performance.now() - started);
      log.info('Plugin started', { ms: plugin.startMs, version: manifest.version });
      if (plugin.startWarning) log.warn(`Slow plugin start: ${plugin.startWarning}`);
      await this.activeWork.startFor(this.workOf(plugin));
    } catch (error) {
      plugin.state = 'failed';
      // The plugin's own words: it threw them.
      plugin.error = { message: errorMessage(error) };
      plugin.startMs = round(performance.now() - started);
      log.error('Plugin failed to start', { error: plugin.error.message });
      await plugin.context.subscriptions.dispose().catch((e) => log.error('Cleaning up the failed plugin failed', { error: errorMessage(e) }));
    }
  }

  /**
   * A plugin sees the services its dependencies export (manifest `exports`), nothing else of theirs; an export bound
   * as a ScopedExport is made for the depending plugin, once.
   */
  private importDependencyApis(manifest: PluginManifest, imports: Container): void {
    for (const dep of Object.keys(manifest.dependencies)) {
      const provider = this.loaded.find((p) => p.candidate.manifest.id === dep && p.state === 'started')!;
      const scoped = this.own<ScopedExport>(provider, ScopedExport);
      for (const key of provider.candidate.manifest.exports) {
        const id = Symbol.for(key);
        const perConsumer = scoped.find((s) => s.key === key);
        if (perConsumer) imports.bind(id).toDynamicValue(() => perConsumer.forConsumer({ pluginId: manifest.id })).inSingletonScope();
        else imports.bind(id).toDynamicValue(() => provider.container.get(id));
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

async function importPluginModule(candidate: PluginCandidate, generation: number): Promise<ContainerModule> {
  const loaded = (await import(await pluginModuleUrl(candidate, generation))) as { default?: unknown };
  if (!(loaded.default instanceof ContainerModule)) {
    throw new Error(`${candidate.manifest.main} must default-export a ContainerModule from @vpp-host/api (found ${describe(loaded.default)})`);
  }
  return loaded.default;
}

/** A status's error: its English, and what says it in the reader's language. */
function statusError(error: Said | undefined): Pick<PluginStatus, 'error' | 'errorSaid'> {
  return error ? { error: error.message, errorSaid: error } : {};
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
