/** The plugin asking for an export: the host names it, so a service can tell its callers apart without trusting them. */
export interface ExportConsumer {
  readonly pluginId: string;
}

/**
 * An export each depending plugin gets its own instance of, made for that plugin. Bind it next to the service you
 * export (the key is one of your manifest's `exports`); a dependant injecting `Symbol.for(key)` receives
 * `forConsumer({ pluginId })` instead of the service bound in your own container.
 */
export const ScopedExport = Symbol.for('host.ScopedExport');
export interface ScopedExport<T = unknown> {
  readonly key: string;
  forConsumer(consumer: ExportConsumer): T;
}
