import { BadInputError, dryRunOption, inject, injectable, requiredArgument, quoteInput, type CommandContribution, type CommandHandler, type CommandInput } from '@vpp-host/api';
import { cliTarget, exclusionsOption, policyOption, stringOption } from './distribution-input.js';
import { DistributionRuntime } from './distribution-runtime.js';
import { ReclaimService } from './reclaim-notice.js';
import { assignmentTable, catalogTable, itemLabel, ledgerTable, previewResult, queueTable, reclaimTable, revocationText, summaryText, updateText } from './distribution-tables.js';
import { ITEM_KINDS, type InstallMode, type ItemKind, type LicenseType } from './model.js';


/** `--quota N` sets it, `--quota none` lifts it (null); absent: unchanged. */
function quotaChange(input: CommandInput): number | null | undefined {
  const value = stringOption(input, 'quota');
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  if (!/^\d{1,9}$/.test(value)) throw new BadInputError(`--quota takes a whole number of licenses or none, got ${quoteInput(value)}`);
  return Number(value);
}

/** `vpp-host catalog|assign|revoke|queue|ledger|assignment …`, each with `--json`. */
@injectable()
export class DistributionCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(
    @inject(DistributionRuntime) runtime: DistributionRuntime,
    @inject(ReclaimService) reclaims: ReclaimService,
  ) {
    const service = () => runtime.service;
    this.commands = [
      {
        id: 'catalog',
        run: async (input) => {
          const kind = stringOption(input, 'kind');
          if (kind !== undefined && !ITEM_KINDS.includes(kind as ItemKind)) throw new BadInputError(`--kind must be one of ${ITEM_KINDS.join(', ')}`);
          const token = stringOption(input, 'token');
          const items = service().catalog.list({ ...(kind ? { kind: kind as ItemKind } : {}), ...(token ? { tokenId: token } : {}) });
          return { data: items, table: catalogTable(items), ...(items.length === 0 ? { text: 'The catalog is empty: sync a token or add an in-house item.' } : {}) };
        },
      },
      {
        id: 'catalog.add',
        run: async (input, context) => {
          const platforms = input.options.platform;
          const item = await service().addInHouseItem(
            {
              kind: stringOption(input, 'kind'),
              name: requiredArgument(input, 'name'),
              platforms: Array.isArray(platforms) ? platforms : typeof platforms === 'string' ? [platforms] : [],
              ...(stringOption(input, 'bundle-id') ? { bundleId: stringOption(input, 'bundle-id') } : {}),
              ...(stringOption(input, 'file-ref') ? { fileRef: stringOption(input, 'file-ref') } : {}),
            },
            context.principal,
            stringOption(input, 'reason'),
          );
          return { data: item, table: catalogTable([item]), text: `Added ${item.kind} "${item.name}" as ${item.id}.` };
        },
      },
      {
        id: 'assign',
        run: async (input, context) => {
          const target = cliTarget(input.options.to, input.args.target, 'to');
          if (!target) throw new BadInputError('Say whom to assign to: --to user|group|device|device-group ID, or --to all-users|all-devices');
          const reason = stringOption(input, 'reason');
          const token = stringOption(input, 'token');
          const exclusions = exclusionsOption(input);
          const summary = await service().assign(
            {
              item: requiredArgument(input, 'item'),
              ...(token ? { tokenId: token } : {}),
              target,
              ...(stringOption(input, 'install') ? { installMode: stringOption(input, 'install') as InstallMode } : {}),
              ...(stringOption(input, 'license') ? { licenseType: stringOption(input, 'license') as LicenseType } : {}),
              policy: policyOption(input),
              ...(exclusions ? { exclusions } : {}),
              ...(typeof input.options.quota === 'number' ? { quota: input.options.quota } : {}),
              ...(reason ? { reason } : {}),
            },
            context.principal,
            { dryRun: dryRunOption(input) },
          );
          if (summary.account.preview) return previewResult(summary, summary.account);
          return { data: summary, table: assignmentTable([summary.assignment]), text: summaryText(summary) };
        },
      },
      {
        id: 'assignment.update',
        run: async (input, context) => {
          const exclusions = exclusionsOption(input);
          const policy = policyOption(input);
          const install = stringOption(input, 'install');
          const reason = stringOption(input, 'reason');
          const update = await service().updateAssignment(
            requiredArgument(input, 'id'),
            {
              ...(install ? { installMode: install as 'automatic' | 'manual' } : {}),
              ...(policy !== undefined ? { policy } : {}),
              ...(exclusions ? { exclusions } : {}),
              ...(quotaChange(input) !== undefined ? { quota: quotaChange(input)! } : {}),
              ...(reason ? { reason } : {}),
            },
            context.principal,
            { dryRun: dryRunOption(input) },
          );
          if (update.account.preview) return previewResult(update, update.account);
          return { data: update, table: assignmentTable([update.assignment]), text: updateText(update) };
        },
      },
      {
        id: 'assignment.list',
        run: async (input) => {
          const item = stringOption(input, 'item');
          const list = service().listAssignments(item ? { item } : {});
          return { data: list, table: assignmentTable(list), ...(list.length === 0 ? { text: 'No assignments.' } : {}) };
        },
      },
      {
        id: 'assignment.remove',
        run: async (input, context) => {
          const id = requiredArgument(input, 'id');
          const result = await service().removeAssignment(id, context.principal, stringOption(input, 'reason'), { dryRun: dryRunOption(input) });
          if (result.account.preview) return previewResult({ id, ...result }, result.account);
          return { data: { id, ...result }, text: `Assignment ${id} removed: ${result.released} license(s) released, ${result.kept} kept by policy.` };
        },
      },
      {
        id: 'assignment.approve',
        run: async (input, context) => {
          const summary = await service().approve(requiredArgument(input, 'id'), context.principal, stringOption(input, 'reason'), { dryRun: dryRunOption(input) });
          if (summary.account.preview) return previewResult(summary, summary.account);
          return { data: summary, table: assignmentTable([summary.assignment]), text: summaryText(summary) };
        },
      },
      {
        id: 'revoke',
        run: async (input, context) => {
          const target = cliTarget(input.options.from, input.args.target, 'from');
          const reason = stringOption(input, 'reason');
          const token = stringOption(input, 'token');
          const result = await service().revoke(
            { item: requiredArgument(input, 'item'), ...(token ? { tokenId: token } : {}), ...(target ? { target } : {}), ...(reason ? { reason } : {}) },
            context.principal,
            { dryRun: dryRunOption(input) },
          );
          if (result.account.preview) return previewResult(result, result.account);
          return { data: result, text: revocationText(result, target) };
        },
      },
      {
        id: 'reclaim',
        run: async (input, context) => {
          const days = input.options.days;
          if (typeof days !== 'number') throw new BadInputError('Give --days N: reclaim licenses unused for N days');
          if (input.options['dry-run'] === true) {
            const candidates = service().reclaimable(days);
            return { data: candidates, table: reclaimTable(candidates), text: `${candidates.length} license(s) unused for ${days} days would be reclaimed.` };
          }
          const reason = stringOption(input, 'reason');
          const result = await reclaims.reclaim(days, context.principal, { ...(reason ? { reason } : {}), notifyUsers: input.options.notify === true });
          const mailed = result.mailed > 0 ? ` ${result.mailed} user(s) mailed.` : '';
          return { data: result, table: reclaimTable(result.reclaimed), text: `${result.reclaimed.length} license(s) reclaimed; ${result.servedOthers} went to waiting holders.${mailed}` };
        },
      },
      {
        id: 'queue',
        run: async (input) => {
          const view = service().queue(requiredArgument(input, 'item'), stringOption(input, 'token'));
          return {
            data: view,
            table: queueTable(view),
            text: `${itemLabel(view.item)}: ${view.counts.available} of ${view.counts.total} available, ${view.waiting.length} waiting, ${view.awaitingEnrolment.length} waiting to enrol.`,
          };
        },
      },
      {
        id: 'ledger',
        run: async (input) => {
          const state = stringOption(input, 'state');
          const limit = input.options.limit;
          const page = service().licenses({
            ...(input.args.item ? { item: input.args.item } : {}),
            ...(stringOption(input, 'holder') ? { holder: stringOption(input, 'holder') } : {}),
            ...(state ? { state: state as 'requested' } : {}),
            ...(typeof limit === 'number' ? { limit } : {}),
          });
          return { data: page, table: ledgerTable(page.items), text: `${page.items.length} of ${page.total} license record(s).` };
        },
      },
    ];
  }
}
