import { Container } from 'inversify';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { config as rxjsConfig } from 'rxjs';
import type { Clock } from '../api/clock.js';
import { Clock as ClockToken } from '../api/clock.js';
import { ActingPrincipal } from '../api/actor.js';
import { Alerts } from '../api/alerts.js';
import { AuditLog } from '../api/audit.js';
import { ContributionProvider } from '../api/contributions.js';
import { HostEnvironment } from '../api/host-environment.js';
import { Inventory } from '../api/inventory.js';
import { Messages } from '../api/messages.js';
import { Logger } from '../api/logger.js';
import type { PluginContext } from '../api/plugin-context.js';
import { Scheduler } from '../api/scheduler.js';
import { Secrets } from '../api/secrets.js';
import { Settings } from '../api/settings.js';
import { Storage } from '../api/storage.js';
import { AuditLogService } from '../audit/audit-log-service.js';
import { AlertCenter } from '../alerts/alert-center.js';
import type { StorageEngine } from '../storage/index.js';
import { actingPrincipal } from './acting-principal.js';
import { SystemClock } from './clock.js';
import { PRIVATE_DIR_MODE, tightenDataDir } from '../storage/private-modes.js';
import { buildHostManifest } from './host-manifest.js';
import type { HostPartInstance } from './host-part.js';
import { HOST_PARTS } from './host-parts.js';
import { openHostStorage, STORAGE_ENV } from './host-storage.js';
import { HostLogger, stderrSink, type LogLevel, type LogSink } from './logger.js';
import { MODULE_SOURCE, REPOSITORY_ROOT } from './module-source.js';
import { discoverPlugins } from './plugin-discovery.js';
import { planPlugins } from './plugin-graph.js';
import { PluginActivation } from './plugin-activation.js';
import { PluginHost } from './plugin-host.js';
import { selectPlugins } from './plugin-selection.js';
import { Redactor } from './redactor.js';
import { ClockScheduler, errorMessage } from './scheduler.js';
import { loadSecretKey, SecretVault, type SealedSecret } from './secret-vault.js';
import { PluginSettings, type StoredSetting } from './settings.js';
import { HOST_API_VERSION } from './version.js';

export const BUNDLED_PLUGINS_DIR = path.join(REPOSITORY_ROOT, 'plugins');

export interface HostOptions {
  readonly dataDir: string;
  /** A `postgres://` URL to keep the data in instead of files under the data dir (else VPP_HOST_STORAGE). */
  readonly storage?: string;
  /** Extra plugin directories (`--plugins-dir`), after the bundled ones. */
  readonly pluginDirs?: readonly string[];
  /** Replaces the bundled plugins directory; null loads none. */
  readonly bundledPluginsDir?: string | null;
  /** Plugins not to load, besides those the host setting `disabledPlugins` names. */
  readonly disabledPlugins?: readonly string[];
  /** Load only these plugins and the plugins they depend on (tests that need a few of the installed plugins). */
  readonly onlyPlugins?: readonly string[];
  readonly demo?: boolean;
  /** HTTP port; 0 picks a free one. */
  readonly port?: number;
  readonly hostname?: string;
  readonly clock?: Clock;
  readonly logSink?: LogSink;
  readonly logLevel?: LogLevel;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The composition root: opens storage and the host services, loads the plugins, and stops everything in reverse.
 */
export class Host {
  private constructor(
    readonly container: Container,
    readonly plugins: PluginHost,
    readonly storage: StorageEngine,
    readonly environment: HostEnvironment,
    readonly logger: Logger,
    private readonly parts: readonly HostPartInstance[],
    private readonly activation: PluginActivation,
    private readonly alerts: AlertCenter,
  ) {}

  static async start(options: HostOptions): Promise<Host> {
    const env = options.env ?? process.env;
    const dataDir = path.resolve(options.dataDir);
    await mkdir(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    const clock = options.clock ?? new SystemClock();
    const redactor = new Redactor();
    const logOptions = { sink: options.logSink ?? stderrSink, level: options.logLevel ?? 'info', redactor, now: () => clock.now() };
    const logger = new HostLogger('host', logOptions);
    logger.info(`Starting from ${MODULE_SOURCE}`);
    const tightened = await tightenDataDir(dataDir);
    if (tightened > 0) logger.info('Took group and world access away from the data directory', { entries: tightened });
    rxjsConfig.onUnhandledError = (error) => logger.error('An event listener threw', { error: errorMessage(error) });

    const secretKey = await loadSecretKey(dataDir, env);
    const address = `http://${options.hostname ?? '127.0.0.1'}:${options.port ?? 0}`;
    const storage = await openHostStorage({ dataDir, location: options.storage ?? env[STORAGE_ENV], secretKey, address, env, clock, logger });
    const hostStorage = storage.namespace('host');
    const vault = new SecretVault(secretKey, await hostStorage.collection<SealedSecret>('secrets'), redactor);
    const settingsStore = await hostStorage.collection<StoredSetting>('settings');
    const audit = await AuditLogService.open(hostStorage, clock);
    const alerts = await AlertCenter.open(hostStorage, clock);
    const environment = new MutableHostEnvironment(dataDir, options.demo ?? false);

    const container = new Container();
    container.bind(ClockToken).toConstantValue(clock);
    container.bind(HostEnvironment).toConstantValue(environment);
    container.bind(AuditLog).toConstantValue(audit.forSource('host'));
    container.bind(ActingPrincipal).toConstantValue(actingPrincipal);

    const bindScoped = (scoped: Container, context: PluginContext): void => {
      const pluginLogger = new HostLogger(context.id, logOptions);
      scoped.bind(Logger).toConstantValue(pluginLogger);
      scoped.bind(Storage).toConstantValue(storage.namespace(context.id));
      scoped.bind(Settings).toConstantValue(new PluginSettings(context.id, context.manifest.contributes.settings, settingsStore, audit.forSource(context.id), env));
      scoped.bind(Secrets).toConstantValue(vault.forPlugin(context.id));
      scoped.bind(Scheduler).toConstantValue(new ClockScheduler(clock, pluginLogger));
      scoped.bind(AuditLog).toConstantValue(audit.forSource(context.id));
      scoped.bind(Alerts).toConstantValue(alerts.forSource(context.id));
    };
    const hostManifest = buildHostManifest(HOST_PARTS);
    const hostSettings = new PluginSettings('host', hostManifest.contributes.settings, settingsStore, audit.forSource('host'), env);
    const plugins = new PluginHost(container, {
      bindScoped,
      logger: logger.child('plugins'),
      startWarningMs: () => hostSettings.get<number>('pluginStartWarningMs'),
      sharedServices: [ClockToken, HostEnvironment, ActingPrincipal, Inventory, Messages],
    });
    container.bind(ContributionProvider).toConstantValue(plugins);

    const directories = [
      ...(options.bundledPluginsDir === null ? [] : [options.bundledPluginsDir ?? BUNDLED_PLUGINS_DIR]),
      ...(options.pluginDirs ?? []),
      ...hostSettings.get<string[]>('pluginDirs'),
    ];
    const selected = selectPlugins(await discoverPlugins(directories), {
      disabled: [...(options.disabledPlugins ?? []), ...hostSettings.get<string[]>('disabledPlugins')],
      ...(options.onlyPlugins ? { only: options.onlyPlugins } : {}),
    });
    for (const id of selected.unknown) logger.warn(`Plugin "${id}" is named to be disabled or loaded, but no such plugin is installed`);
    const plan = planPlugins(selected.candidates, HOST_API_VERSION, selected.disabled.map((d) => d.id));
    plugins.disable(selected.disabled);
    plugins.refuse([...selected.refusals, ...plan.refusals]);

    const roles = storage.leaseKeeper;
    // The address the HTTP part listens on is also the one a standby names to callers it refuses.
    const setPublicUrl = (url: string): void => {
      environment.setPublicUrl(url);
      roles?.setAddress(url);
    };
    const context = { options, env, container, storage: hostStorage, roles, clock, logger, audit, alerts, plugins, redactor, setPublicUrl, hostManifest, hostSettings };
    const parts: HostPartInstance[] = [];
    for (const part of HOST_PARTS) parts.push(await part.open({ ...context, logger: logger.child(part.name) }));
    const activation = new PluginActivation(plugins, plan.ordered, roles, logger);
    await activation.start();
    for (const part of parts) await part.afterPluginsStarted?.();

    return new Host(container, plugins, storage, environment, logger, parts, activation, alerts);
  }

  async stop(): Promise<void> {
    await this.eachPartReversed((part) => part.beforePluginsStop?.());
    await this.activation.dispose();
    await this.plugins.stopAll();
    await this.eachPartReversed((part) => part.stop?.());
    this.alerts.dispose();
    await this.storage.close();
    this.logger.info('Host stopped');
  }

  /** A part that fails to stop is logged; the others still stop. */
  private async eachPartReversed(step: (part: HostPartInstance) => Promise<void> | undefined): Promise<void> {
    for (const part of [...this.parts].reverse()) {
      await Promise.resolve(step(part)).catch((error: unknown) => this.logger.error('A host part failed to stop', { error: errorMessage(error) }));
    }
  }
}

class MutableHostEnvironment implements HostEnvironment {
  readonly apiVersion = HOST_API_VERSION;
  private url = '';

  constructor(
    readonly dataDir: string,
    readonly demo: boolean,
  ) {}

  publicUrl(): string {
    return this.url;
  }

  setPublicUrl(url: string): void {
    this.url = url;
  }
}
