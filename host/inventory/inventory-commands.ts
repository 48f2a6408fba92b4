import { z } from 'zod';
import type { CommandHandler, CommandInput, CommandResult, CommandTable } from '../api/commands.js';
import type { GroupKind, Inventory, ListQuery } from '../api/inventory.js';
import { phrase, saidAsText } from '../api/messages.js';
import { dryRunOption } from '../api/previews.js';
import { membershipEditText, scriptView, type MembershipEdits } from './membership-edits.js';
import { CommandDeclarationSchema, type CommandDeclaration } from '../api/manifest.js';
import type { Page } from '../api/storage.js';
import { parseInput } from '../http/validation.js';
import type { DirectorySync } from './directory-sync.js';
import { importInventoryFile } from './import-file.js';
import { COLUMN } from '../commands/command-columns.js';

const LIST_KINDS = ['users', 'groups', 'devices', 'device-groups'] as const;
type ListKind = (typeof LIST_KINDS)[number];

export const INVENTORY_COMMAND_DECLARATIONS: CommandDeclaration[] = [
  {
    id: 'inventory.import',
    description: 'Imports users, devices and groups from a JSON or CSV file; nothing is imported when any record is bad', descriptions: { nl: 'Importeert gebruikers, apparaten en groepen uit een JSON- of CSV-bestand; er wordt niets geïmporteerd als een record fout is', fr: 'Importe des utilisateurs, des appareils et des groupes depuis un fichier JSON ou CSV ; rien n’est importé si un enregistrement est incorrect' },
    arguments: [{ name: 'file', type: 'file', description: 'A JSON snapshot, a users CSV (name,email,...) or a devices CSV (serialNumber,platform,osVersion,...)', descriptions: { nl: 'Een JSON-momentopname, een CSV met gebruikers (name,email,...) of een CSV met apparaten (serialNumber,platform,osVersion,...)', fr: 'Un instantané JSON, un CSV d’utilisateurs (name,email,...) ou un CSV d’appareils (serialNumber,platform,osVersion,...)' } }],
  },
  {
    id: 'inventory.list',
    description: 'Lists users, user groups, devices or device groups, sorted by name', descriptions: { nl: 'Toont gebruikers, gebruikersgroepen, apparaten of apparaatgroepen, gesorteerd op naam', fr: 'Liste les utilisateurs, groupes d’utilisateurs, appareils ou groupes d’appareils, triés par nom' },
    access: 'read',
    arguments: [{ name: 'kind', description: 'What to list', descriptions: { nl: 'Wat er getoond wordt', fr: 'Ce qu’il faut lister' }, choices: [...LIST_KINDS] }],
    options: [
      { name: 'search', description: 'Only records whose name, email, id or serial number contains this', descriptions: { nl: 'Alleen records waarvan de naam, het e-mailadres, de id of het serienummer dit bevat', fr: 'Seulement les enregistrements dont le nom, l’e-mail, l’identifiant ou le numéro de série contient ce texte' } },
      { name: 'limit', type: 'integer', description: 'How many to show (default 100, at most 10000)', descriptions: { nl: 'Hoeveel er getoond worden (standaard 100, hoogstens 10000)', fr: 'Combien en afficher (100 par défaut, au plus 10000)' } },
      { name: 'offset', type: 'integer', description: 'How many to skip first', descriptions: { nl: 'Hoeveel er eerst worden overgeslagen', fr: 'Combien en sauter d’abord' } },
    ],
  },
  { id: 'inventory.sync', description: 'Imports what every installed directory provider holds now', descriptions: { nl: 'Importeert wat elke geïnstalleerde directorybron nu bevat', fr: 'Importe ce que contient maintenant chaque source d’annuaire installée' } },
  ...(['add', 'remove'] as const).map((verb) => ({
    id: `inventory.member.${verb}`,
    description:
      verb === 'add'
        ? 'Adds a user to a user group or a device to a device group, and says what that did (licenses given or queued)'
        : 'Removes a member from a group, and says what that did (a license taken back, who was served in its place)',
    descriptions:
      verb === 'add'
        ? { nl: 'Voegt een gebruiker toe aan een gebruikersgroep of een apparaat aan een apparaatgroep, en zegt wat dat deed (licenties gegeven of in de wachtrij)', fr: 'Ajoute un utilisateur à un groupe d’utilisateurs ou un appareil à un groupe d’appareils, et dit ce que cela a fait (licences attribuées ou en file d’attente)' }
        : { nl: 'Verwijdert een lid uit een groep, en zegt wat dat deed (een licentie teruggenomen, wie in de plaats ervan bediend werd)', fr: 'Retire un membre d’un groupe, et dit ce que cela a fait (une licence reprise, qui a été servi à sa place)' },
    arguments: [
      { name: 'kind', description: 'The kind of group', descriptions: { nl: 'Het soort groep', fr: 'Le type de groupe' }, choices: ['user-group', 'device-group'] },
      { name: 'group', description: "The group's id", descriptions: { nl: 'De id van de groep', fr: 'L’identifiant du groupe' } },
      { name: 'member', description: "The user's or device's id", descriptions: { nl: 'De id van de gebruiker of het apparaat', fr: 'L’identifiant de l’utilisateur ou de l’appareil' } },
    ],
    options: [{ name: 'dry-run', type: 'boolean', description: 'Only show what it would do; nothing changes', descriptions: { nl: 'Toon alleen wat het zou doen; er verandert niets', fr: 'Montre seulement ce que cela ferait ; rien ne change' } }],
  })),
].map((declaration) => CommandDeclarationSchema.parse(declaration));

const ListOptions = z.object({
  search: z.string().optional(),
  limit: z.coerce.number().int().min(0).max(10_000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const cell = (value: string | undefined): string => value ?? '';

/** `vpp-host inventory import|list|sync`. */
export function inventoryCommands(inventory: Inventory, sync: DirectorySync, edits: MembershipEdits): CommandHandler[] {
  const groupRows = (kind: 'user-group' | 'device-group', page: Page<{ id: string; name: string }>): CommandTable => ({
    columns: [COLUMN.id, COLUMN.name, COLUMN.members],
    rows: page.items.map((g) => [g.id, g.name, inventory.members(kind, g.id).length]),
  });
  const listers: Record<ListKind, (query: ListQuery) => { page: Page<unknown>; table: CommandTable }> = {
    users: (query) => {
      const page = inventory.listUsers(query);
      return { page, table: { columns: [COLUMN.id, COLUMN.name, COLUMN.email, COLUMN.language, COLUMN.managedAppleId], rows: page.items.map((u) => [u.id, u.name, u.email, cell(u.language), cell(u.managedAppleId)]) } };
    },
    groups: (query) => {
      const page = inventory.listUserGroups(query);
      return { page, table: groupRows('user-group', page) };
    },
    devices: (query) => {
      const page = inventory.listDevices(query);
      return {
        page,
        table: {
          columns: [COLUMN.id, COLUMN.serialNumber, COLUMN.name, COLUMN.platform, COLUMN.os, COLUMN.owner, COLUMN.state],
          rows: page.items.map((d) => [d.id, d.serialNumber, cell(d.name), d.platform, d.osVersion, cell(d.ownerUserId), d.state]),
        },
      };
    },
    'device-groups': (query) => {
      const page = inventory.listDeviceGroups(query);
      return { page, table: groupRows('device-group', page) };
    },
  };

  return [
    {
      id: 'inventory.import',
      run: async (input, { principal }) => {
        const summary = await importInventoryFile(inventory, input.args.file ?? '', principal);
        const { format: _format, ...counts } = summary;
        const text = `Imported ${summary.users} users, ${summary.userGroups} user groups, ${summary.devices} devices and ${summary.deviceGroups} device groups (${summary.memberships} membership changes)`;
        return {
          data: summary,
          table: { columns: [COLUMN.records, COLUMN.count], rows: Object.entries(counts).map(([kind, count]) => [kind, count]) },
          ...saidAsText(phrase(text, 'host.inventory.imported', { ...counts })),
        };
      },
    },
    {
      id: 'inventory.list',
      run: async (input: CommandInput): Promise<CommandResult> => {
        const options = parseInput(ListOptions, input.options, 'options');
        const { page, table } = listers[input.args.kind as ListKind]({ ...options });
        const [from, to] = [options.offset + 1, options.offset + page.items.length];
        const said = page.items.length === 0 ? phrase(`None of ${page.total}`, 'host.list.none-of', { total: page.total }) : phrase(`${from}-${to} of ${page.total}`, 'host.list.range', { from, to, total: page.total });
        return { data: page, table, ...saidAsText(said) };
      },
    },
    ...(['add', 'remove'] as const).map(
      (verb): CommandHandler => ({
        id: `inventory.member.${verb}`,
        run: async (input, { principal, language = 'en' }) => {
          const groupKind = input.args.kind as GroupKind;
          const edit = { groupKind, groupId: input.args.group ?? '', memberId: input.args.member ?? '', change: verb === 'add' ? 'joined' : 'left' } as const;
          const result = scriptView(dryRunOption(input) ? edits.preview(edit, language) : await edits.make(edit, principal, language));
          return { data: result, ...saidAsText(membershipEditText(result)) };
        },
      }),
    ),
    {
      id: 'inventory.sync',
      run: async (_input, { principal }) => {
        const results = await sync.syncAll(principal);
        return {
          data: results,
          table: {
            columns: [COLUMN.provider, COLUMN.plugin, COLUMN.users, COLUMN.devices, COLUMN.groups, COLUMN.error],
            rows: results.map((r) =>
              'summary' in r ? [r.provider, r.pluginId, r.summary.users, r.summary.devices, r.summary.userGroups + r.summary.deviceGroups, ''] : [r.provider, r.pluginId, '', '', '', r.error],
            ),
          },
          ...saidAsText(
            results.length === 0
              ? phrase('No directory provider is installed', 'host.directory.none')
              : phrase(`${results.filter((r) => 'summary' in r).length} of ${results.length} directories synced`, 'host.directory.synced', { synced: results.filter((r) => 'summary' in r).length, total: results.length }),
          ),
        };
      },
    },
  ];
}
