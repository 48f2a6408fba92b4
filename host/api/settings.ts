import type { Actor } from './actor.js';
import type { Event } from './event.js';

export type SettingValue = string | number | boolean | string[];

export interface SettingChange {
  readonly key: string;
  readonly value: SettingValue | undefined;
}

/**
 * A plugin's own settings, declared in its manifest (`contributes.settings`). Values are validated against the
 * declaration; the order of precedence is environment variable, stored value, host override (e.g. demo), default.
 */
export const Settings = Symbol.for('host.Settings');
export interface Settings {
  get<T extends SettingValue>(key: string): T;
  /**
   * Validates and stores a value; throws BadInputError and changes nothing when it does not fit. A number, boolean or
   * list setting also takes its text, as a form or the command line gives it ("30", "true", "a, b").
   */
  update(key: string, value: unknown, actor: Actor): Promise<void>;
  readonly onDidChangeSetting: Event<SettingChange>;
}
