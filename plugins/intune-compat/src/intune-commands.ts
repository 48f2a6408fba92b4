import { BadInputError, inject, injectable, optionValues, phrase, requiredArgument, saidAsText, saying, type CommandContribution, type CommandHandler, type CommandInput, type CommandTable } from '@vpp-host/api';
import { AssignmentEdits, type GroupEdit } from './assignment-edits.js';
import { IntuneAssignments } from './intune-assignments.js';
import type { GraphObject } from './odata.js';
import { COLUMN } from './command-columns.js';

const INTENTS = ['required', 'available', 'uninstall'] as const;


const flag = (input: CommandInput, name: string) => (input.options[name] === true ? true : undefined);

/** `--removable yes|no`. */
function yesNo(input: CommandInput, name: string): boolean | undefined {
  const value = input.options[name];
  if (value === undefined) return undefined;
  if (value !== 'yes' && value !== 'no') throw saying(new BadInputError(`--${name} takes yes or no`), 'intune.option.yes-no', { option: `--${name}` });
  return value === 'yes';
}

/** How Intune lists an app's assignments: intent, group, included or excluded, settings. */
export function assignmentTable(objects: readonly GraphObject[]): CommandTable {
  return {
    columns: [COLUMN.id, COLUMN.intent, COLUMN.group, COLUMN.mode, COLUMN.settings],
    rows: objects.map((object) => {
      const target = object.target as { '@odata.type': string; groupId?: string };
      const group = target.groupId ?? (target['@odata.type'].endsWith('allDevicesAssignmentTarget') ? phrase('all devices', 'intune.group.all-devices') : phrase('all users', 'intune.group.all-users'));
      const settings = object.settings as Record<string, unknown> | null | undefined;
      const described = settings
        ? Object.entries(settings)
            .filter(([key, value]) => key !== '@odata.type' && value !== null)
            .map(([key, value]) => `${key}=${String(value)}`)
            .join(' ')
        : '';
      return [object.id, String(object.intent ?? object.installIntent), group, target['@odata.type'].endsWith('exclusionGroupAssignmentTarget') ? phrase('excluded', 'intune.mode.excluded') : phrase('included', 'intune.mode.included'), described];
    }),
  };
}

/** `vpp-host intune assign|assignments|unassign`, each with `--json`. */
@injectable()
export class IntuneCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(AssignmentEdits) edits: AssignmentEdits, @inject(IntuneAssignments) assignments: IntuneAssignments) {
    this.commands = [
      {
        id: 'intune.assign',
        run: async (input, context) => {
          const intent = input.options.intent;
          if (!INTENTS.includes(intent as (typeof INTENTS)[number])) throw saying(new BadInputError(`--intent takes ${INTENTS.join(', ')}`), 'intune.option.intent', { intents: INTENTS.join(', ') });
          const item = requiredArgument(input, 'item');
          const group = requiredArgument(input, 'group');
          const settings = {
            ...(flag(input, 'device-licensing') ? { useDeviceLicensing: true } : {}),
            ...(flag(input, 'uninstall-on-device-removal') ? { uninstallOnDeviceRemoval: true } : {}),
            ...(yesNo(input, 'removable') !== undefined ? { isRemovable: yesNo(input, 'removable')! } : {}),
            ...(flag(input, 'prevent-backup') ? { preventManagedAppBackup: true } : {}),
            ...(flag(input, 'prevent-auto-update') ? { preventAutoAppUpdate: true } : {}),
            ...(typeof input.options.vpn === 'string' ? { vpnConfigurationId: input.options.vpn } : {}),
          };
          const edit: GroupEdit = { intent: intent as GroupEdit['intent'], group, ...(Object.keys(settings).length > 0 ? { settings } : {}) };
          let listed = await edits.add(item, edit, context.principal);
          for (const other of optionValues(input, 'exclude') ?? []) {
            listed = await edits.add(item, { intent: edit.intent, group: other, exclude: true }, context.principal);
          }
          return { data: listed, table: assignmentTable(listed), ...saidAsText(phrase(`${item}: ${group} assigned as ${intent}.`, 'intune.assigned', { item, group, intent: String(intent) })) };
        },
      },
      {
        id: 'intune.assignments',
        run: async (input) => {
          const { collection, asset } = edits.find(requiredArgument(input, 'item'));
          const listed = await assignments.list(collection, asset.id);
          return { data: listed, table: assignmentTable(listed), ...(listed.length === 0 ? saidAsText(phrase('Not assigned.', 'intune.not-assigned')) : {}) };
        },
      },
      {
        id: 'intune.unassign',
        run: async (input, context) => {
          const { collection, asset } = edits.find(requiredArgument(input, 'item'));
          const id = requiredArgument(input, 'assignment');
          await assignments.remove(collection, asset.id, id, context.principal);
          return { data: { item: asset.id, removed: id }, ...saidAsText(phrase(`Assignment ${id} removed from ${asset.name ?? asset.id}.`, 'intune.unassigned', { id, item: asset.name ?? asset.id })) };
        },
      },
    ];
  }
}
