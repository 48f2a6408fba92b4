import type { Container } from 'inversify';
import type { Clock } from '../api/clock.js';
import type { Logger } from '../api/logger.js';
import type { PluginManifest } from '../api/manifest.js';
import type { PluginSettings } from './settings.js';
import type { Storage } from '../api/storage.js';
import type { HostRoleView } from '../storage/storage-engine.js';
import type { AuditLogService } from '../audit/audit-log-service.js';
import type { AlertCenter } from '../alerts/alert-center.js';
import type { HostOptions } from './host.js';
import type { PluginHost } from './plugin-host.js';
import type { Redactor } from './redactor.js';

export interface HostPartContext {
  readonly options: HostOptions;
  readonly env: NodeJS.ProcessEnv;
  /** The host container: a part binds its services and its host contributions (commands, routes, views) here. */
  readonly container: Container;
  /** The host's own storage namespace. */
  readonly storage: Storage;
  /** Present when hosts share the storage: whether this one is active or a standby. */
  readonly roles: HostRoleView | undefined;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly audit: AuditLogService;
  /** The host's alerts; plugins raise and resolve theirs through `Alerts`. */
  readonly alerts: AlertCenter;
  readonly plugins: PluginHost;
  readonly redactor: Redactor;
  readonly setPublicUrl: (url: string) => void;
  /** The host's own manifest: the declarations of every part, merged. */
  readonly hostManifest: PluginManifest;
  readonly hostSettings: PluginSettings;
}

export interface HostPartInstance {
  /** Runs once every plugin has started (the HTTP server starts listening here). */
  afterPluginsStarted?(): Promise<void>;
  /** Runs before the plugins stop, in reverse order of the parts (the HTTP server stops taking requests here). */
  beforePluginsStop?(): Promise<void>;
  /** Runs after the plugins stopped, in reverse order of the parts. */
  stop?(): Promise<void>;
}

/**
 * A piece of the host itself (inventory, accounts, HTTP, commands). Its commands and views are declared in
 * `contributes` like a plugin's, and merged into the host manifest.
 */
export interface HostPart {
  readonly name: string;
  readonly contributes?: Partial<Pick<PluginManifest['contributes'], 'commands' | 'views' | 'settings' | 'auditActions' | 'auditTargets' | 'messages'>>;
  open(context: HostPartContext): Promise<HostPartInstance>;
}
