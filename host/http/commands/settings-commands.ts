import type { CommandContribution, CommandHandler, CommandInput } from '../../api/commands.js';
import { requiredArgument } from '../../api/commands.js';
import { BadInputError, saying } from '../../api/errors.js';
import { phrase, saidAsText, type Said } from '../../api/messages.js';
import { CommandDeclarationSchema, type CommandDeclaration} from '../../api/manifest.js';
import type { SettingsDirectory } from '../rest/settings-directory.js';
import { COLUMN } from '../../commands/command-columns.js';

const plugin = { name: 'plugin', description: 'The plugin id (`host` for the host itself), as `vpp-host plugins` lists them', descriptions: { nl: 'De id van de plug-in (`host` voor de host zelf), zoals `vpp-host plugins` ze toont', fr: 'L’identifiant du plugin (`host` pour l’hôte lui-même), tel que `vpp-host plugins` les liste' } };
const key = { name: 'key', description: "The setting's key, as `settings list PLUGIN` shows", descriptions: { nl: 'De sleutel van de instelling, zoals `settings list PLUGIN` die toont', fr: 'La clé du réglage, telle que `settings list PLUGIN` l’affiche' } };

/** `vpp-host settings list|get|set`: any plugin's declared settings, checked against their declarations as over REST. */
export const SETTINGS_COMMAND_DECLARATIONS: CommandDeclaration[] = CommandDeclarationSchema.array().parse([
  { id: 'settings.list', description: "A plugin's settings: value, where it comes from (environment, stored, default) and what it does", descriptions: { nl: 'De instellingen van een plug-in: waarde, waar die vandaan komt (omgeving, bewaard, standaard) en wat ze doet', fr: 'Les réglages d’un plugin : valeur, provenance (environnement, enregistrée, par défaut) et rôle' }, access: 'read', arguments: [plugin] },
  { id: 'settings.get', description: "One of a plugin's settings", descriptions: { nl: 'Eén instelling van een plug-in', fr: 'L’un des réglages d’un plugin' }, access: 'read', arguments: [plugin, key] },
  {
    id: 'settings.set',
    description: "Change one of a plugin's settings; the value is checked against the setting's declaration and nothing changes when it does not fit", descriptions: { nl: 'Wijzig een instelling van een plug-in; de waarde wordt getoetst aan de declaratie van de instelling en er verandert niets als ze niet past', fr: 'Modifie l’un des réglages d’un plugin ; la valeur est vérifiée par rapport à la déclaration du réglage et rien ne change si elle ne convient pas' },
    arguments: [plugin, key, { name: 'value', description: 'The new value: a number, true or false, text, or a comma-separated list, as the setting is declared', descriptions: { nl: 'De nieuwe waarde: een getal, true of false, tekst, of een lijst gescheiden door komma’s, zoals de instelling is gedeclareerd', fr: 'La nouvelle valeur : un nombre, true ou false, du texte, ou une liste séparée par des virgules, selon la déclaration du réglage' } }],
  },
]);

type Described = ReturnType<ReturnType<SettingsDirectory['of']>['describe']>[number];

export class SettingsCommands implements CommandContribution {
  readonly commands: readonly CommandHandler[];

  constructor(settings: SettingsDirectory) {
    const listed = (input: CommandInput): Described[] => settings.of(requiredArgument(input, 'plugin')).describe();
    const one = (input: CommandInput): Described => {
      const wanted = requiredArgument(input, 'key');
      const found = listed(input).find((setting) => setting.key === wanted);
      if (!found) {
        const plugin = requiredArgument(input, 'plugin');
        throw saying(new BadInputError(`Plugin "${plugin}" has no setting "${wanted.slice(0, 80)}"`), 'host.setting.unknown', { plugin, setting: wanted.slice(0, 80) });
      }
      return found;
    };
    this.commands = [
      {
        id: 'settings.list',
        run: async (input, context) => {
          const all = listed(input);
          const description = (s: (typeof all)[number]) => s.declaration.descriptions?.[context.language as 'nl' | 'fr'] ?? s.declaration.description;
          return { data: all.map(shown), table: { columns: [COLUMN.key, COLUMN.value, COLUMN.source, COLUMN.description], rows: all.map((s) => [s.key, text(s.value), s.source, description(s)]) } };
        },
      },
      {
        id: 'settings.get',
        run: async (input) => {
          const setting = one(input);
          return { data: shown(setting), ...saidAsText(valueSaid(setting)) };
        },
      },
      {
        id: 'settings.set',
        run: async (input, { principal }) => {
          const target = settings.of(requiredArgument(input, 'plugin'));
          const declared = one(input);
          await target.update(declared.key, input.args.value ?? '', principal);
          const changed = one(input);
          return { data: shown(changed), ...saidAsText(valueSaid(changed)) };
        },
      },
    ];
  }
}

function shown(setting: Described): Record<string, unknown> {
  const { declaration, ...rest } = setting;
  return { ...rest, ...declaration };
}

function text(value: unknown): string {
  return value === undefined ? '(not set)' : Array.isArray(value) ? value.join(', ') : String(value);
}

/** `smtpPort = 587 (stored)`, where the value comes from said in the reader's language. */
function valueSaid(setting: Described): Said {
  const source = phrase(setting.source, `host.setting.source.${setting.source}`);
  return phrase(`${setting.key} = ${text(setting.value)} (${setting.source})`, 'host.setting.value', { key: setting.key, value: text(setting.value), source });
}
