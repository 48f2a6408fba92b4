import { inject, injectable, optionValues, phrase, requiredArgument, saidAsText, type CommandContribution, type CommandHandler, type CommandInput, type CommandTable, type Said } from '@vpp-host/api';
import type { TokenStatus } from './maas360-model.js';
import type { Maas360Token, TokenDetailRow } from './maas360-tokens.js';
import { Maas360Tokens } from './maas360-tokens.js';

/** A status in a command's text: its code in English, as the table shows it; its word in other languages. */
const STATUS: Record<TokenStatus, Said> = {
  active: phrase('active', 'maas360.status.active'),
  revoked: phrase('revoked', 'maas360.status.revoked'),
  expired: phrase('expired', 'maas360.status.expired'),
  'claimed-elsewhere': phrase('claimed-elsewhere', 'maas360.status.claimed-elsewhere'),
};

function tokenTable(tokens: readonly Maas360Token[]): CommandTable {
  return {
    columns: ['NAME', 'STATUS', 'REGION', 'AUTO-ADD', 'REMOVE APP ON', 'REVOKE LICENSE ON', 'BACKUP', 'APPROVAL', 'GROUPS'],
    rows: tokens.map((t) => [
      t.name,
      t.status + (t.message ? ` (${t.message})` : ''),
      t.region,
      t.addAppsAutomatically ? 'yes' : 'no',
      t.removeAppOn.join(', ') || '-',
      t.revokeLicenseOn.join(', ') || '-',
      t.restrictBackup ? 'restricted' : 'allowed',
      t.appApproval ? 'yes' : 'no',
      t.restrictToUserGroups.join(', ') || 'all',
    ]),
  };
}

function detailsTable(rows: readonly TokenDetailRow[]): CommandTable {
  return {
    columns: ['ITUNES APP ID', 'APP NAME', 'TOTAL LICENSE', 'AVAILABLE LICENSE', 'ADDED TIME', 'AUTO APP ADDITION STATUS', 'COMMENTS'],
    rows: rows.map((r) => [r.itunesAppId, r.appName, String(r.totalLicense), String(r.availableLicense), r.addedTime, r.autoAppAdditionStatus === 'success' ? 'Success' : 'Failed', r.comments]),
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
