import type { Actor } from '../api/actor.js';
import type { AuditLog } from '../api/audit.js';
import { atField, BadInputError, quoteInput, saying } from '../api/errors.js';
import { emailAddressFault } from '../api/email-address.js';
import { Emitter } from '../api/event.js';
import type { SettingDeclaration } from '../api/manifest.js';
import type { MessageParam } from '../api/messages.js';
import type { SettingChange, SettingValue, Settings } from '../api/settings.js';
import type { Repository } from '../api/storage.js';

export interface StoredSetting {
  readonly id: string;
  readonly value: SettingValue;
}

/** One plugin's settings: environment variable, then stored value, then the manifest's default. */
export class PluginSettings implements Settings {
  private readonly changes = new Emitter<SettingChange>();
  readonly onDidChangeSetting = this.changes.event;

  constructor(
    private readonly pluginId: string,
    private readonly declarations: readonly SettingDeclaration[],
    private readonly store: Repository<StoredSetting>,
    private readonly audit: AuditLog,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    // A bad environment value stops the plugin at start with the variable's name, never later mid-request.
    for (const declaration of declarations) {
      const raw = declaration.env ? env[declaration.env] : undefined;
      if (raw !== undefined) parseSetting(declaration, raw, fromEnvironment(declaration.env!));
    }
  }

  get<T extends SettingValue>(key: string): T {
    const declaration = this.declaration(key);
    const raw = declaration.env ? this.env[declaration.env] : undefined;
    if (raw !== undefined) return parseSetting(declaration, raw, fromEnvironment(declaration.env!)) as T;
    const stored = this.store.get(this.storeKey(key));
    if (stored) return stored.value as T;
    return declaration.default as T;
  }

  /** Every declared setting with its current value and where that value comes from. */
  describe(): { key: string; value: SettingValue | undefined; source: 'environment' | 'stored' | 'default'; declaration: SettingDeclaration }[] {
    return this.declarations.map((declaration) => {
      const fromEnv = declaration.env !== undefined && this.env[declaration.env] !== undefined;
      const source = fromEnv ? 'environment' : this.store.has(this.storeKey(declaration.key)) ? 'stored' : 'default';
      return { key: declaration.key, value: this.get(declaration.key), source, declaration };
    });
  }

  async update(key: string, value: unknown, actor: Actor): Promise<void> {
    const declaration = this.declaration(key);
    const parsed = typeof value === 'string' && declaration.type !== 'string' ? parseSetting(declaration, value, stored(key)) : checkSetting(declaration, value, stored(key));
    await this.store.put({ id: this.storeKey(key), value: parsed });
    await this.audit.record({ actor, action: 'host.setting.update', target: { type: 'setting', id: `${this.pluginId}.${key}` }, details: { value: parsed } });
    this.changes.fire({ key, value: parsed });
  }

  /**
   * Changes several settings from their text (a form): every value is checked first, so one that does not fit
   * changes nothing and is named; only values that differ are stored. Returns the keys changed.
   */
  async updateFromText(texts: Readonly<Record<string, string>>, actor: Actor): Promise<string[]> {
    const parsed = Object.entries(texts).map(([key, raw]) => [key, atField(key, () => parseSetting(this.declaration(key), raw, stored(key)))] as const);
    const changed = parsed.filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(this.get(key)));
    for (const [key, value] of changed) await this.update(key, value, actor);
    return changed.map(([key]) => key);
  }

  private declaration(key: string): SettingDeclaration {
    const declaration = this.declarations.find((d) => d.key === key);
    if (!declaration) throw saying(new BadInputError(`Plugin "${this.pluginId}" has no setting "${key}"`), 'host.setting.unknown', { plugin: this.pluginId, setting: key });
    return declaration;
  }

  private storeKey(key: string): string {
    return `${this.pluginId}.${key}`;
  }
}

/**
 * Where a value being checked comes from, as messages name it: `setting "smtpPort"` in English, and its key (or the
 * environment variable) as the `{setting}` every language's message takes.
 */
export interface SettingSource {
  readonly phrase: string;
  readonly name: string;
}

const stored = (key: string): SettingSource => ({ phrase: `setting "${key}"`, name: key });
const fromEnvironment = (variable: string): SettingSource => ({ phrase: `environment variable ${variable}`, name: variable });

/** A refusal of a value: `setting "smtpPort" must be …` in English, and the host message `id` for other languages. */
function refusal(where: SettingSource, id: string, why: string, params: Readonly<Record<string, MessageParam>> = {}): BadInputError {
  return saying(new BadInputError(`${where.phrase} ${why}`), id, { setting: where.name, ...params });
}

/** Parses a textual value (environment, CLI, form) into the declared type, then checks it. */
export function parseSetting(declaration: SettingDeclaration, raw: string, where: SettingSource): SettingValue {
  switch (declaration.type) {
    case 'integer':
    case 'number': {
      const number = raw.trim() === '' ? Number.NaN : Number(raw);
      // The text as typed, cut short: NaN would read "null".
      if (!Number.isFinite(number)) throw refusal(where, 'host.setting.number', `must be a number, got ${quoteInput(raw)}`, { got: quoteInput(raw) });
      return checkSetting(declaration, number, where);
    }
    case 'boolean':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw refusal(where, 'host.setting.boolean', `must be true or false, got ${quoteInput(raw)}`, { got: quoteInput(raw) });
    case 'string[]':
      return checkSetting(declaration, raw.split(',').map((s) => s.trim()).filter(Boolean), where);
    default:
      return checkSetting(declaration, raw, where);
  }
}

export function checkSetting(declaration: SettingDeclaration, value: unknown, where: SettingSource): SettingValue {
  const got = typeof value === 'number' ? String(value) : JSON.stringify(value);
  switch (declaration.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw refusal(where, 'host.setting.number', `must be a number, got ${JSON.stringify(value)}`, { got: JSON.stringify(value) });
      if (declaration.type === 'integer' && !Number.isInteger(value)) throw refusal(where, 'host.setting.whole', `must be a whole number, got ${got}`, { got });
      if (declaration.minimum !== undefined && (value as number) < declaration.minimum) throw refusal(where, 'host.setting.minimum', `must be at least ${declaration.minimum}, got ${got}`, { minimum: declaration.minimum, got });
      if (declaration.maximum !== undefined && (value as number) > declaration.maximum) throw refusal(where, 'host.setting.maximum', `must be at most ${declaration.maximum}, got ${got}`, { maximum: declaration.maximum, got });
      return value as number;
    case 'boolean':
      if (typeof value !== 'boolean') throw refusal(where, 'host.setting.boolean', `must be true or false, got ${got}`, { got });
      return value as boolean;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw refusal(where, 'host.setting.list', 'must be a list of strings');
      return value as string[];
    default: {
      if (typeof value !== 'string') throw refusal(where, 'host.setting.text', `must be text, got ${got}`, { got });
      const text = value as string;
      if (declaration.enum && !declaration.enum.includes(text)) throw refusal(where, 'host.setting.choice', `must be one of ${declaration.enum.join(', ')}, got ${quoteInput(text)}`, { choices: declaration.enum.join(', '), got: quoteInput(text) });
      if (declaration.format) checkFormat(declaration.format, text, where);
      return text;
    }
  }
}

function checkFormat(format: NonNullable<SettingDeclaration['format']>, text: string, where: SettingSource): void {
  const got = `"${text}"`;
  if (format === 'url') {
    try {
      const url = new URL(text);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw refusal(where, 'host.setting.url', `must be an http(s) URL, got ${got}`, { got });
    }
  }
  const addressProblem = format === 'email' ? emailAddressFault(text) : undefined;
  if (addressProblem) throw refusal(where, 'host.setting.email', addressProblem.message, { problem: addressProblem });
  if (format === 'hostname' && !/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(text)) throw refusal(where, 'host.setting.hostname', `must be a host name, got ${got}`, { got });
}
