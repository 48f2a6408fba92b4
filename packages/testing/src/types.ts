import type { PluginStatus, Role } from '@vpp-host/api';
import type { SinkMessage } from '@vpp-host/plugins/mail/api';

export type { SinkMessage };

export interface TestHostOptions {
  /** Plugin folders (each holding a plugin.json) to load: usually your plugin's own folder. */
  readonly plugins?: readonly string[];
  /** The bundled plugins to load beside yours: all (true, the default), none (false), or these ids and their dependencies. */
  readonly bundled?: boolean | readonly string[];
  /** 'manual': time moves only when the test calls `clock.advance` or `clock.set`. Default: the system clock. */
  readonly clock?: 'system' | 'manual';
  /** Where a manual clock starts (default 2026-01-01T00:00:00Z). */
  readonly startTime?: string | Date;
  /** Demo mode (default true): the Apple simulator and the SMTP sink stand in for Apple and the mail server. */
  readonly demo?: boolean;
  /** Extra environment variables the host sees (settings may name one). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface TestClock {
  now(): Date;
  /** Moves time forward, firing due timers in order (manual clock only). */
  advance(ms: number): Promise<void>;
  set(to: string | Date): void;
}

export interface CliResult {
  /** 0 success, 1 failure, 2 bad usage or bad input. */
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface SmtpSink {
  /** Newest first. */
  messages(limit?: number): Promise<SinkMessage[]>;
}

export interface SimulatedLocation {
  readonly uId: string;
  readonly locationName: string;
  readonly orgName: string;
}

/** The demo's simulated Apple Apps and Books service, driven through its control endpoints. */
export interface AppleSimulator {
  /** The simulator's base URL; the vpp-apple plugin talks to it instead of Apple. */
  readonly url: string;
  locations(): Promise<SimulatedLocation[]>;
  /** Acts as the user accepting their invitation to managed distribution. */
  acceptInvitation(uId: string, clientUserId: string): Promise<unknown>;
  /** Buys (positive) or removes (negative) licenses of an asset. */
  addLicenses(uId: string, adamId: string, countDelta: number): Promise<unknown>;
}

export interface TestHostPlugins {
  /** Every plugin's state (`started`, `failed`, `disabled`, ...) and error. */
  statuses(): PluginStatus[];
  /** A service a started plugin binds, by its `Symbol.for(...)` id. */
  service<T>(pluginId: string, id: symbol): T;
}

export interface TestHost {
  /** The host's address, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly dataDir: string;
  /** An admin API token (`Authorization: Bearer`). */
  readonly apiToken: string;
  /** The first admin's name and password, for the panel. */
  readonly admin: { readonly name: string; readonly password: string };
  readonly clock: TestClock;
  /** The host's log lines so far (JSON objects: at, level, source, message, fields). */
  readonly logs: readonly { readonly level: string; readonly source: string; readonly message: string; readonly fields?: object }[];
  readonly plugins: TestHostPlugins;
  /** fetch() against the host with the admin API token (or `token`); a string body is sent as JSON. */
  request(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
  /** fetch() a panel page (e.g. /views/<plugin>/<view>) as the signed-in admin, with the panel's Origin (forms may post). */
  page(path: string, init?: RequestInit): Promise<Response>;
  /** Runs the real `vpp-host` CLI against this host, e.g. cli(['notes', 'list', '--json']). */
  cli(args: readonly string[]): Promise<CliResult>;
  /** Another API token, e.g. a read-only one to check a command's access. */
  createApiToken(name: string, role?: Role): Promise<string>;
  readonly smtpSink: SmtpSink;
  readonly appleSimulator: AppleSimulator;
  /** Stops the host and removes its data directory. */
  stop(): Promise<void>;
}
