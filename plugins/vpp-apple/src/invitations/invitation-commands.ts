import { BadInputError, dryRunOption, inject, injectable, phrase, saidAsText, saying, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { ENROLMENT_STATUSES, type EnrolmentStatus, type InvitationChoice } from '../../api/index.js';
import { ENROLMENT_SORTS, isEnrolmentSort, listEnrolment } from './enrolment-order.js';
import { argument, optionText, targetKindOf } from './invitation-input.js';
import { InvitationService } from './invitation-service.js';
import { enrolmentTable, invitationPreviewSummary, invitationPreviewTable, invitationSummary } from './invitation-tables.js';

/** `vpp-host invite`, `invite resend`, `enrolment` and `user retire`. */
@injectable()
export class InvitationCommands implements CommandContribution {
  readonly commands: CommandHandler[];

  constructor(@inject(InvitationService) service: InvitationService) {
    const tokenAndReason = (input: Parameters<CommandHandler['run']>[0]) => ({
      ...(optionText(input, 'token') ? { tokenId: optionText(input, 'token') } : {}),
      ...(optionText(input, 'reason') ? { reason: optionText(input, 'reason') } : {}),
    });
    this.commands = [
      {
        id: 'invite',
        run: async (input, context) => {
          const only = optionText(input, 'only');
          if (only !== undefined && only !== 'not-invited' && only !== 'not-enrolled') throw saying(new BadInputError('--only must be not-invited or not-enrolled'), 'vpp.invitation.only-choice');
          const summary = await service.invite(
            { kind: targetKindOf(argument(input, 'kind')), id: argument(input, 'id'), ...(only ? { only: only as InvitationChoice } : {}), ...tokenAndReason(input) },
            context.principal,
            (progress) => context.progress(progress),
            { dryRun: dryRunOption(input) },
          );
          if (summary.account.preview) return { data: summary, table: invitationPreviewTable(summary.account), ...saidAsText(invitationPreviewSummary(summary.account)) };
          return { data: summary, ...saidAsText(invitationSummary(summary)) };
        },
      },
      {
        id: 'invite.resend',
        run: async (input, context) => {
          const summary = await service.resend(argument(input, 'user'), context.principal, tokenAndReason(input));
          return { data: summary, ...saidAsText(invitationSummary(summary)) };
        },
      },
      {
        id: 'enrolment',
        run: async (input) => {
          const status = optionText(input, 'status');
          if (status !== undefined && !ENROLMENT_STATUSES.includes(status as EnrolmentStatus)) throw oneOf('--status', ENROLMENT_STATUSES);
          const limit = input.options.limit;
          if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)) throw saying(new BadInputError('--limit must be a whole number of 1 or more'), 'vpp.enrolment.limit-option');
          const sort = optionText(input, 'sort');
          if (sort !== undefined && !isEnrolmentSort(sort)) throw oneOf('--sort', ENROLMENT_SORTS);
          const page = listEnrolment(service, {
            ...(status ? { status: status as EnrolmentStatus } : {}),
            ...(sort ? { sort } : {}),
            ...(optionText(input, 'token') ? { tokenId: optionText(input, 'token') } : {}),
            ...(optionText(input, 'search') ? { search: optionText(input, 'search') } : {}),
            limit: (limit as number | undefined) ?? 100,
          });
          return { data: page, table: enrolmentTable(page.items), ...saidAsText(phrase(`${page.items.length} of ${page.total} shown.`, 'vpp.enrolment.shown', { shown: page.items.length, total: page.total })) };
        },
      },
      {
        id: 'user.retire',
        run: async (input, context) => {
          const entry = await service.retire(argument(input, 'user'), context.principal, tokenAndReason(input));
          const retired = phrase(`${entry.userName} is retired; their app licenses were released (books stay).`, 'vpp.invitation.retired', { user: entry.userName });
          return { data: entry, table: enrolmentTable([entry]), ...saidAsText(retired) };
        },
      },
    ];
  }
}

function oneOf(option: string, choices: readonly string[]): BadInputError {
  return saying(new BadInputError(`${option} must be one of ${choices.join(', ')}`), 'vpp.command.one-of', { option, choices: choices.join(', ') });
}
