import type { Actor } from '../api/actor.js';
import type { AuditLog } from '../api/audit.js';
import { atField, BadInputError } from '../api/errors.js';
import { emailAddressProblem } from '../api/email-address.js';
import { Emitter } from '../api/event.js';
import type { SettingDeclaration } from '../api/manifest.js';
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
      if (raw !== undefined) parseSetting(declaration, raw, `environment variable ${declaration.env}`);
    }
  }

  get<T extends SettingValue>(key: string): T {
    const declaration = this.declaration(key);
    const raw = declaration.env ? this.env[declaration.env] : undefined;
    if (raw !== undefined) return parseSetting(declaration, raw, `environment variable ${declaration.env}`) as T;
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
    const parsed = typeof value === 'string' && declaration.type !== 'string' ? parseSetting(declaration, value, `setting "${key}"`) : checkSetting(declaration, value, `setting "${key}"`);
    await this.store.put({ id: this.storeKey(key), value: parsed });
    await this.audit.record({ actor, action: 'host.setting.update', target: { type: 'setting', id: `${this.pluginId}.${key}` }, details: { value: parsed } });
    this.changes.fire({ key, value: parsed });
  }

  /**
   * Changes several settings from their text (a form): every value is checked first, so one that does not fit
   * changes nothing and is named; only values that differ are stored. Returns the keys changed.
   */
  async updateFromText(texts: Readonly<Record<string, string>>, actor: Actor): Promise<string[]> {
    const parsed = Object.entries(texts).map(([key, raw]) => [key, atField(key, () => parseSetting(this.declaration(key), raw, `setting "${key}"`))] as const);
    const changed = parsed.filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(this.get(key)));
    for (const [key, value] of changed) await this.update(key, value, actor);
    return changed.map(([key]) => key);
  }

  private declaration(key: string): SettingDeclaration {
    const declaration = this.declarations.find((d) => d.key === key);
    if (!declaration) throw new BadInputError(`Plugin "${this.pluginId}" has no setting "${key}"`);
    return declaration;
  }

  private storeKey(key: string): string {
    return `${this.pluginId}.${key}`;
  }
}

/** Parses a textual value (environment, CLI, form) into the declared type, then checks it. */
export function parseSetting(declaration: SettingDeclaration, raw: string, where: string): SettingValue {
  switch (declaration.type) {
    case 'integer':
    case 'number': {
      const number = raw.trim() === '' ? Number.NaN : Number(raw);
      return checkSetting(declaration, number, where);
    }
    case 'boolean':
      if (raw === 'true' || raw === '1') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new BadInputError(`${where} must be true or false, got "${raw}"`);
    case 'string[]':
      return checkSetting(declaration, raw.split(',').map((s) => s.trim()).filter(Boolean), where);
    default:
      return checkSetting(declaration, raw, where);
  }
}

export function checkSetting(declaration: SettingDeclaration, value: unknown, where: string): SettingValue {
  const fail = (why: string): never => {
    throw new BadInputError(`${where} ${why}`);
  };
  switch (declaration.type) {
    case 'integer':
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`must be a number, got ${JSON.stringify(value)}`);
      if (declaration.type === 'integer' && !Number.isInteger(value)) fail(`must be a whole number, got ${String(value)}`);
      if (declaration.minimum !== undefined && (value as number) < declaration.minimum) fail(`must be at least ${declaration.minimum}, got ${String(value)}`);
      if (declaration.maximum !== undefined && (value as number) > declaration.maximum) fail(`must be at most ${declaration.maximum}, got ${String(value)}`);
      return value as number;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${JSON.stringify(value)}`);
      return value as boolean;
    case 'string[]':
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) fail('must be a list of strings');
      return value as string[];
    default: {
      if (typeof value !== 'string') fail(`must be text, got ${JSON.stringify(value)}`);
      const text = value as string;
      if (declaration.enum && !declaration.enum.includes(text)) fail(`must be one of ${declaration.enum.join(', ')}, got "${text}"`);
      if (declaration.format) checkFormat(declaration.format, text, where);
      return text;
    }
  }
}

function checkFormat(format: NonNullable<SettingDeclaration['format']>, text: string, where: string): void {
  if (format === 'url') {
    try {
      const url = new URL(text);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
    } catch {
      throw new BadInputError(`${where} must be an http(s) URL, got "${text}"`);
    }
  }
  const addressProblem = format === 'email' ? emailAddressProblem(text) : undefined;
  if (addressProblem) throw new BadInputError(`${where} ${addressProblem}`);
  if (format === 'hostname' && !/^[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?$/.test(text)) throw new BadInputError(`${where} must be a host name, got "${text}"`);
}
