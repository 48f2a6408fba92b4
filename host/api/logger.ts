export type LogFields = Record<string, unknown>;

/**
 * A plugin's own logger, tagged with its id. The host drops fields that look like secrets
 * (token, password, secret, authorization) and scrubs every stored secret value from messages.
 */
export const Logger = Symbol.for('host.Logger');
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger whose lines also carry `scope`. */
  child(scope: string): Logger;
}
