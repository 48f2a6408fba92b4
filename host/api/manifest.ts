import semver from 'semver';
import { z } from 'zod';
import type { Said } from './messages.js';

const pluginId = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, e.g. "vpp-apple"');

const semanticVersion = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'must be a semantic version such as 1.0.0');
const versionRange = z.string().refine((range) => semver.validRange(range) !== null, 'must be a semver range such as "^1.2.0"');

/** A description in the panel's and the CLI's other languages; English (`description`) for any language not given. */
const descriptions = z.strictObject({ nl: z.string().min(1).optional(), fr: z.string().min(1).optional() }).optional();

const identifier = z.string().regex(/^[a-z][a-zA-Z0-9-]*$/, 'must start with a lower-case letter and hold only letters, digits and hyphens');

/**
 * What an admin reads for a code a plugin writes (an audit action such as "vpp.token.add", an audit target type such
 * as "assignment"): a title, and titles in the panel's other languages.
 */
export const LabelDeclarationSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-zA-Z0-9.-]*$/, 'must be a code such as "vpp.token.add"'),
  title: z.string().min(1),
  titles: z.strictObject({ nl: z.string().min(1).optional(), fr: z.string().min(1).optional() }).optional(),
});
export type LabelDeclaration = z.infer<typeof LabelDeclarationSchema>;

/** A setting a plugin declares; the host validates every value against it before the plugin sees it. */
export const SettingDeclarationSchema = z.strictObject({
  key: identifier,
  description: z.string().min(1),
  type: z.enum(['string', 'integer', 'number', 'boolean', 'string[]']),
  default: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional(),
  enum: z.array(z.string()).min(1).optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
  format: z.enum(['url', 'email', 'hostname']).optional(),
  /** An environment variable that overrides the stored value. */
  env: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional(),
  descriptions,
  /** How the panel names each `enum` value, in each language (the value itself for one not named). */
  enumTitles: z.array(LabelDeclarationSchema).optional(),
}).refine((setting) => (setting.enumTitles ?? []).every((title) => setting.enum?.includes(title.id)), { message: 'enumTitles may only name values of enum', path: ['enumTitles'] });
export type SettingDeclaration = z.infer<typeof SettingDeclarationSchema>;

export const CommandArgumentSchema = z.strictObject({
  name: identifier,
  description: z.string().min(1),
  descriptions,
  /** `file` arguments are read by the CLI and sent as their content. */
  type: z.enum(['string', 'file']).default('string'),
  required: z.boolean().default(true),
  choices: z.array(z.string()).min(1).optional(),
});

/** Flags the `vpp-host` command takes for every command, wherever they stand; no command option may reuse one. */
export const GLOBAL_CLI_FLAGS = ['json', 'help', 'data-dir', 'url', 'api-token', 'lang'] as const;

export const CommandOptionSchema = z.strictObject({
  name: identifier.refine((name) => !(GLOBAL_CLI_FLAGS as readonly string[]).includes(name), {
    message: `is a flag every vpp-host command has (${GLOBAL_CLI_FLAGS.map((flag) => `--${flag}`).join(', ')})`,
  }),
  description: z.string().min(1),
  descriptions,
  /**
   * `file` options are read by the CLI and sent as their content; an `output` option names the file the CLI writes
   * the command's `output` to (mode 0600; stdout without it) and never reaches the host.
   */
  type: z.enum(['string', 'boolean', 'integer', 'file', 'output']).default('string'),
  multiple: z.boolean().default(false),
  choices: z.array(z.string()).min(1).optional(),
  required: z.boolean().default(false),
  /**
   * An environment variable the CLI takes the value from when the option is not given (for a `file` option it holds
   * the content): keeps a secret such as a passphrase off the command line.
   */
  env: z.string().regex(/^[A-Z][A-Z0-9_]*$/).optional(),
});

/** A CLI command: its words are the id split on dots ("token.add" is `vpp-host token add`). */
export const CommandDeclarationSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'must be dot-separated lower-case words, e.g. "token.add"'),
  description: z.string().min(1),
  descriptions,
  arguments: z.array(CommandArgumentSchema).default([]),
  options: z.array(CommandOptionSchema).default([]),
  /** Read-only commands may run with a read-only API token. */
  access: z.enum(['read', 'admin']).default('admin'),
});
export type CommandDeclaration = z.infer<typeof CommandDeclarationSchema>;

export const ViewDeclarationSchema = z.strictObject({
  id: identifier,
  title: z.string().min(1),
  /** Titles in other languages, by language code ("nl", "fr"). */
  titles: z.record(z.string(), z.string()).optional(),
  /** Lower numbers come first in the navigation. */
  order: z.number().default(100),
});
export type ViewDeclaration = z.infer<typeof ViewDeclarationSchema>;

/** A message the plugin's errors may say (see `saying`): English `text` with `{name}` holes, and its translations. */
export const MessageDeclarationSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-zA-Z0-9.-]*$/, 'must be a code such as "vpp.already-assigned"'),
  text: z.string().min(1),
  texts: z.strictObject({ nl: z.string().min(1).optional(), fr: z.string().min(1).optional() }).optional(),
});
export type MessageDeclaration = z.infer<typeof MessageDeclarationSchema>;

export const MailTemplateDeclarationSchema = z.strictObject({
  id: identifier,
  description: z.string().min(1),
});

/**
 * The manifest (`plugin.json`) is static data the host reads before it runs any plugin code.
 */
export const PluginManifestSchema = z.strictObject({
  id: pluginId,
  displayName: z.string().min(1),
  /** The display name in the panel's other languages. */
  displayNames: z.strictObject({ nl: z.string().min(1).optional(), fr: z.string().min(1).optional() }).optional(),
  version: semanticVersion,
  description: z.string().optional(),
  /** The module, relative to the plugin folder, whose default export is the plugin's ContainerModule. */
  main: z.string().min(1),
  engines: z.strictObject({ host: z.string().min(1) }),
  /**
   * The plugins that must start first, each with the semver range of its contract this plugin was built against:
   * `{ "mail": "^1.0.0" }`. The older list of ids (`["mail"]`) still works and means any version.
   */
  dependencies: z
    .union([z.array(pluginId), z.record(pluginId, versionRange)])
    .default({})
    .transform((deps): Record<string, string> => (Array.isArray(deps) ? Object.fromEntries(deps.map((id) => [id, '*'])) : deps)),
  /** The version of the contract in the plugin's `api/` that dependants' ranges are checked against; `version` when absent. */
  apiVersion: semanticVersion.optional(),
  /** Service ids (keys of `Symbol.for`) this plugin offers to the plugins that depend on it. */
  exports: z.array(z.string().min(1)).default([]),
  /** Keys of the `Symbol.for` contribution points this plugin owns: only it may collect what others bind to them. */
  contributionPoints: z.array(z.string().min(1)).default([]),
  contributes: z
    .strictObject({
      views: z.array(ViewDeclarationSchema).default([]),
      commands: z.array(CommandDeclarationSchema).default([]),
      settings: z.array(SettingDeclarationSchema).default([]),
      mailTemplates: z.array(MailTemplateDeclarationSchema).default([]),
      /** Readable, translated names of the audit actions the plugin records (the Activity page shows them). */
      auditActions: z.array(LabelDeclarationSchema).default([]),
      /** Readable, translated names of the kinds of audit targets the plugin names ("assignment", "token"). */
      auditTargets: z.array(LabelDeclarationSchema).default([]),
      /** Messages the plugin's errors say by id, in English, Dutch and French. */
      messages: z.array(MessageDeclarationSchema).default([]),
    })
    .default({ views: [], commands: [], settings: [], mailTemplates: [], auditActions: [], auditTargets: [], messages: [] }),
});
export type PluginManifest = z.infer<typeof PluginManifestSchema>;

/**
 * `refused`: never loaded (a bad manifest, an id already taken, an unmet range); `disabled`: installed but switched off
 * by the host (setting `disabledPlugins`); `skipped`: a dependency did not start.
 */
export type PluginState = 'discovered' | 'loaded' | 'started' | 'failed' | 'refused' | 'skipped' | 'disabled' | 'stopped';

export interface PluginStatus {
  readonly id: string;
  readonly displayName: string;
  readonly version: string;
  readonly folder: string;
  readonly state: PluginState;
  readonly error?: string;
  /** The error as said in other languages (its message id and values); a plugin's own failure has no id. */
  readonly errorSaid?: Said;
  readonly startMs?: number;
  /** Set when the start took longer than the host setting `pluginStartWarningMs` or blocked the event loop that long. */
  readonly startWarning?: string;
  /** The contract version dependants' ranges are checked against. */
  readonly apiVersion?: string;
  /** Each dependency with the range of its contract this plugin needs. */
  readonly dependencies?: Readonly<Record<string, string>>;
  /** Service ids offered to the plugins that depend on this one. */
  readonly exports?: readonly string[];
  /** Contribution points this plugin owns (and only it collects). */
  readonly contributionPoints?: readonly string[];
  /** Contribution points (the host's or other plugins') this plugin binds contributions to. */
  readonly contributesTo?: readonly string[];
}
