import {
  BadInputError,
  dryRunOption,
  inject,
  injectable,
  phrase,
  quoteInput,
  requiredArgument,
  saidAsText,
  saying,
  type CommandContribution,
  type CommandHandler,
  type CommandInput,
} from '@vpp-host/api';
import { cliTarget, exclusionsOption, locationsOption, policyOption, stringOption } from './distribution-input.js';
import { DistributionRuntime } from './distribution-runtime.js';
import { ReclaimService } from './reclaim-notice.js';
import { assignmentTable, catalogTable, itemLabel, ledgerTable, previewResult, queueTable, reclaimTable, revocationText, summaryText, updateText } from './distribution-tables.js';
import { ITEM_KINDS, type InstallMode, type ItemKind, type LicenseType } from './model.js';


/** `--quota N` sets it, `--quota none` lifts it (null); absent: unchanged. */
function quotaChange(input: CommandInput): number | null | undefined {
  const value = stringOption(input, 'quota');
  if (value === undefined) return undefined;
  if (value === 'none') return null;
  if (!/^\d{1,9}$/.test(value)) throw saying(new BadInputError(`--quota takes a whole number of licenses or none, got ${quoteInput(value)}`), 'vpp.command.quota', { got: quoteInput(value) });
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
          if (kind !== undefined && !ITEM_KINDS.includes(kind as ItemKind)) {
            throw saying(new BadInputError(`--kind must be one of ${ITEM_KINDS.join(', ')}`), 'vpp.command.one-of', { option: '--kind', choices: ITEM_KINDS.join(', ') });
          }
          const token = stringOption(input, 'token');
          const items = service().catalog.list({ ...(kind ? { kind: kind as ItemKind } : {}), ...(token ? { tokenId: token } : {}) });
          return { data: items, table: catalogTable(items), ...(items.length === 0 ? saidAsText(phrase('The catalog is empty: sync a token or add an in-house item.', 'vpp.catalog.empty')) : {}) };
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
          const kind = item.kind === 'in-house-book' ? phrase(item.kind, 'vpp.kind.in-house-book') : phrase(item.kind, 'vpp.kind.in-house-app');
          return { data: item, table: catalogTable([item]), ...saidAsText(phrase(`Added ${item.kind} "${item.name}" as ${item.id}.`, 'vpp.catalog.added', { kind, name: item.name, id: item.id })) };
        },
      },
      {
        id: 'assign',
        run: async (input, context) => {
          const target = cliTarget(input.options.to, input.args.target, 'to');
          if (!target) throw saying(new BadInputError('Say whom to assign to: --to user|group|device|device-group ID, or --to all-users|all-devices'), 'vpp.command.assign-to');
          const reason = stringOption(input, 'reason');
          const token = stringOption(input, 'token');
          const exclusions = exclusionsOption(input);
          const locations = locationsOption(input);
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
              ...(locations ? { locations } : {}),
              ...(reason ? { reason } : {}),
            },
            context.principal,
            { dryRun: dryRunOption(input) },
          );
          if (summary.account.preview) return previewResult(summary, summary.account, context.language);
          return { data: summary, table: assignmentTable([summary.assignment]), ...saidAsText(summaryText(summary)) };
        },
      },
      {
        id: 'assignment.update',
        run: async (input, context) => {
          const exclusions = exclusionsOption(input);
          const policy = policyOption(input);
          const install = stringOption(input, 'install');
          const reason = stringOption(input, 'reason');
          const locations = locationsOption(input);
          const update = await service().updateAssignment(
            requiredArgument(input, 'id'),
            {
              ...(install ? { installMode: install as 'automatic' | 'manual' } : {}),
              ...(policy !== undefined ? { policy } : {}),
              ...(exclusions ? { exclusions } : {}),
              ...(quotaChange(input) !== undefined ? { quota: quotaChange(input)! } : {}),
              ...(locations !== undefined ? { locations } : {}),
              ...(reason ? { reason } : {}),
            },
            context.principal,
            { dryRun: dryRunOption(input) },
          );
          if (update.account.preview) return previewResult(update, update.account, context.language);
          return { data: update, table: assignmentTable([update.assignment]), ...saidAsText(updateText(update)) };
        },
      },
      {
        id: 'assignment.list',
        run: async (input) => {
          const item = stringOption(input, 'item');
          const list = service().listAssignments(item ? { item } : {});
          return { data: list, table: assignmentTable(list), ...(list.length === 0 ? saidAsText(phrase('No assignments.', 'vpp.assignment.none')) : {}) };
        },
      },
      {
        id: 'assignment.remove',
        run: async (input, context) => {
          const id = requiredArgument(input, 'id');
          const result = await service().removeAssignment(id, context.principal, stringOption(input, 'reason'), { dryRun: dryRunOption(input) });
          if (result.account.preview) return previewResult({ id, ...result }, result.account, context.language);
          const removed = phrase(`Assignment ${id} removed: ${result.released} license(s) released, ${result.kept} kept by policy.`, 'vpp.assignment.removed', { id, released: result.released, kept: result.kept });
          return { data: { id, ...result }, ...saidAsText(removed) };
        },
      },
      {
        id: 'assignment.approve',
        run: async (input, context) => {
          const summary = await service().approve(requiredArgument(input, 'id'), context.principal, stringOption(input, 'reason'), { dryRun: dryRunOption(input) });
          if (summary.account.preview) return previewResult(summary, summary.account, context.language);
          return { data: summary, table: assignmentTable([summary.assignment]), ...saidAsText(summaryText(summary)) };
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
          if (result.account.preview) return previewResult(result, result.account, context.language);
          return { data: result, ...saidAsText(revocationText(result, target)) };
        },
      },
      {
        id: 'reclaim',
        run: async (input, context) => {
          const days = input.options.days;
          if (typeof days !== 'number') throw saying(new BadInputError('Give --days N: reclaim licenses unused for N days'), 'vpp.command.days');
          if (input.options['dry-run'] === true) {
            const candidates = service().reclaimable(days);
            const would = phrase(`${candidates.length} license(s) unused for ${days} days would be reclaimed.`, 'vpp.reclaim.would', { count: candidates.length, days });
            return { data: candidates, table: reclaimTable(candidates), ...saidAsText(would) };
          }
          const reason = stringOption(input, 'reason');
          const result = await reclaims.reclaim(days, context.principal, { ...(reason ? { reason } : {}), notifyUsers: input.options.notify === true });
          const mailed = result.mailed > 0 ? [phrase(` ${result.mailed} user(s) mailed.`, 'vpp.reclaim.mailed', { count: result.mailed })] : [];
          const count = result.reclaimed.length;
          const reclaimed = phrase(`${count} license(s) reclaimed; ${result.servedOthers} went to waiting holders.${mailed[0]?.message ?? ''}`, 'vpp.reclaim.done', { count, served: result.servedOthers, mailed });
          return { data: result, table: reclaimTable(result.reclaimed), ...saidAsText(reclaimed) };
        },
      },
      {
        id: 'queue',
        run: async (input) => {
          const view = service().queue(requiredArgument(input, 'item'), stringOption(input, 'token'));
          const [item, waiting, enrolling] = [itemLabel(view.item), view.waiting.length, view.awaitingEnrolment.length];
          const english = `${item}: ${view.counts.available} of ${view.counts.total} available, ${waiting} waiting, ${enrolling} waiting to enrol.`;
          return { data: view, table: queueTable(view), ...saidAsText(phrase(english, 'vpp.queue.counts', { item, available: view.counts.available, total: view.counts.total, waiting, enrolling })) };
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
          const shown = phrase(`${page.items.length} of ${page.total} license record(s).`, 'vpp.ledger.shown', { shown: page.items.length, total: page.total });
          return { data: page, table: ledgerTable(page.items), ...saidAsText(shown) };
        },
      },
    ];
  }
}
