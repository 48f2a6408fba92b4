/** Facts about the running host that plugins may read. */
export const HostEnvironment = Symbol.for('host.HostEnvironment');
export interface HostEnvironment {
  /** The host API version that manifests' `engines.host` ranges are checked against. */
  readonly apiVersion: string;
  readonly dataDir: string;
  /** Started with `--demo`: plugins run their embedded stand-ins (Apple simulator, SMTP sink). */
  readonly demo: boolean;
  /** The panel and REST address, known once the server listens. */
  publicUrl(): string;
}
