import { inject, injectable, optionValues, phrase, requiredArgument, saidAsText, type CommandContribution, type CommandHandler, type CommandInput, type CommandTable, type Said } from '@vpp-host/api';
import type { TokenStatus } from './maas360-model.js';
import type { Maas360Token, TokenDetailRow } from './maas360-tokens.js';
import { Maas360Tokens } from './maas360-tokens.js';
import { COLUMN } from './command-columns.js';

/** A status in a command's text: its code in English, as the table shows it; its word in other languages. */
const STATUS: Record<TokenStatus, Said> = {
  active: phrase('active', 'maas360.status.active'),
  revoked: phrase('revoked', 'maas360.status.revoked'),
  expired: phrase('expired', 'maas360.status.expired'),
  'claimed-elsewhere': phrase('claimed-elsewhere', 'maas360.status.claimed-elsewhere'),
};

function tokenTable(tokens: readonly Maas360Token[]): CommandTable {
  return {
    columns: [COLUMN.name, COLUMN.status, COLUMN.region, COLUMN.autoAdd, COLUMN.removeAppOn, COLUMN.revokeLicenseOn, COLUMN.backup, COLUMN.approval, COLUMN.groups],
    rows: tokens.map((t) => [
      t.name,
      t.status + (t.message ? ` (${t.message})` : ''),
      t.region,
      yesNo(t.addAppsAutomatically),
      t.removeAppOn.join(', ') || '-',
      t.revokeLicenseOn.join(', ') || '-',
      t.restrictBackup ? phrase('restricted', 'maas360.backup.restricted') : phrase('allowed', 'maas360.backup.allowed'),
      yesNo(t.appApproval),
      t.restrictToUserGroups.join(', ') || phrase('all', 'maas360.groups.all'),
    ]),
  };
}

function yesNo(value: boolean): Said {
  return value ? phrase('yes', 'maas360.yes') : phrase('no', 'maas360.no');
}

function detailsTable(rows: readonly TokenDetailRow[]): CommandTable {
  return {
    columns: [COLUMN.itunesAppId, COLUMN.appName, COLUMN.totalLicense, COLUMN.availableLicense, COLUMN.addedTime, COLUMN.autoAppAdditionStatus, COLUMN.comments],
    rows: rows.map((r) => [r.itunesAppId, r.appName, String(r.totalLicense), String(r.availableLicense), r.addedTime, r.autoAppAdditionStatus === 'success' ? phrase('Success', 'maas360.addition.success') : phrase('Failed', 'maas360.addition.failed'), r.comments]),
  };
}

/** `vpp-host maas360 tokens`, `maas360 token add|edit|details`, each with `--json`. */
@injectable()
export class Maas360Commands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(Maas360Tokens) tokens: Maas360Tokens) {
    const settingsOf = (input: CommandInput) => ({
      ...(typeof input.options.region === 'string' ? { region: input.options.region } : {}),
      addAppsAutomatically: input.options['auto-add'] === true,
      removeAppOn: optionValues(input, 'remove-on') ?? [],
      revokeLicenseOn: optionValues(input, 'revoke-on') ?? [],
      restrictBackup: input.options['restrict-backup'] === true,
      appApproval: input.options.approval === true,
      restrictToUserGroups: optionValues(input, 'restrict-to-group') ?? [],
    });
    this.commands = [
      {
        id: 'maas360.tokens',
        run: async () => {
          const all = await tokens.list();
          return { data: all, table: tokenTable(all), ...(all.length === 0 ? saidAsText(phrase('No tokens.', 'maas360.tokens.none')) : {}) };
        },
      },
      {
        id: 'maas360.token.add',
        run: async (input, context) => {
          const token = await tokens.add({ name: input.options.name ?? '', file: input.args.file ?? '', ...settingsOf(input) }, context.principal);
          return { data: token, table: tokenTable([token]), ...saidAsText(phrase(`Token "${token.name}" added: ${token.status}.`, 'maas360.token.added', { name: token.name, status: STATUS[token.status] })) };
        },
      },
      {
        id: 'maas360.token.edit',
        run: async (input, context) => {
          const current = await tokens.get(requiredArgument(input, 'token'));
          const token = await tokens.edit(current.id, { region: current.region, ...settingsOf(input) }, context.principal);
          return { data: token, table: tokenTable([token]), ...saidAsText(phrase(`Token "${token.name}" changed; its policies apply to new assignments.`, 'maas360.token.changed', { name: token.name })) };
        },
      },
      {
        id: 'maas360.token.details',
        run: async (input) => {
          const rows = tokens.details(requiredArgument(input, 'token'));
          return { data: rows, table: detailsTable(rows), ...(rows.length === 0 ? saidAsText(phrase('The token added no apps.', 'maas360.token.no-apps')) : {}) };
        },
      },
    ];
  }
}
