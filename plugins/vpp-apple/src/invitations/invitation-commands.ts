import { BadInputError, dryRunOption, inject, injectable, type CommandContribution, type CommandHandler } from '@vpp-host/api';
import { ENROLMENT_STATUSES, type EnrolmentStatus, type InvitationChoice } from '../../api/index.js';
import { ENROLMENT_SORTS, isEnrolmentSort, listEnrolment } from './enrolment-order.js';
import { argument, optionText, targetKindOf } from './invitation-input.js';
import { InvitationService } from './invitation-service.js';
import { enrolmentTable, invitationPreviewTable, invitationPreviewText, summaryText } from './invitation-tables.js';

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
          if (only !== undefined && only !== 'not-invited' && only !== 'not-enrolled') throw new BadInputError('--only must be not-invited or not-enrolled');
          const summary = await service.invite(
            { kind: targetKindOf(argument(input, 'kind')), id: argument(input, 'id'), ...(only ? { only: only as InvitationChoice } : {}), ...tokenAndReason(input) },
            context.principal,
            (progress) => context.progress(progress),
            { dryRun: dryRunOption(input) },
          );
          if (summary.account.preview) return { data: summary, table: invitationPreviewTable(summary.account), text: invitationPreviewText(summary.account) };
          return { data: summary, text: summaryText(summary) };
        },
      },
      {
        id: 'invite.resend',
        run: async (input, context) => {
          const summary = await service.resend(argument(input, 'user'), context.principal, tokenAndReason(input));
          return { data: summary, text: summaryText(summary) };
        },
      },
      {
        id: 'enrolment',
        run: async (input) => {
          const status = optionText(input, 'status');
          if (status !== undefined && !ENROLMENT_STATUSES.includes(status as EnrolmentStatus)) throw new BadInputError(`--status must be one of ${ENROLMENT_STATUSES.join(', ')}`);
          const limit = input.options.limit;
          if (limit !== undefined && (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1)) throw new BadInputError('--limit must be a whole number of 1 or more');
          const sort = optionText(input, 'sort');
          if (sort !== undefined && !isEnrolmentSort(sort)) throw new BadInputError(`--sort must be one of ${ENROLMENT_SORTS.join(', ')}`);
          const page = listEnrolment(service, {
            ...(status ? { status: status as EnrolmentStatus } : {}),
            ...(sort ? { sort } : {}),
            ...(optionText(input, 'token') ? { tokenId: optionText(input, 'token') } : {}),
            ...(optionText(input, 'search') ? { search: optionText(input, 'search') } : {}),
            limit: (limit as number | undefined) ?? 100,
          });
          return { data: page, table: enrolmentTable(page.items), text: `${page.items.length} of ${page.total} shown.` };
        },
      },
      {
        id: 'user.retire',
        run: async (input, context) => {
          const entry = await service.retire(argument(input, 'user'), context.principal, tokenAndReason(input));
          return { data: entry, table: enrolmentTable([entry]), text: `${entry.userName} is retired; their app licenses were released (books stay).` };
        },
      },
    ];
  }
}
