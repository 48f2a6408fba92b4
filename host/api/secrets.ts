/**
 * A plugin's own secrets, encrypted at rest. Values stored here are also scrubbed from every log line.
 */
export const Secrets = Symbol.for('host.Secrets');
export interface Secrets {
  get(key: string): string | undefined;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}
