import { counted, type CommandTable } from '@vpp-host/api';
import type { EnrolmentEntry, InvitationAccount, InviteSummary } from '../../api/index.js';

/** What the CLI prints; `--json` prints the data instead. */

export function enrolmentTable(entries: readonly EnrolmentEntry[]): CommandTable {
  return {
    columns: ['USER', 'NAME', 'EMAIL', 'STATUS', 'INVITED', 'TIMES', 'MAIL', 'ACCEPTED'],
    rows: entries.map((e) => [
      e.userId,
      e.userName,
      e.email,
      e.managedAppleId && e.status === 'enrolled' ? 'enrolled (Managed Apple ID)' : e.status,
      e.invitedAt ?? '',
      e.timesInvited,
      e.delivery ? `${e.delivery.state}${e.delivery.error ? `: ${e.delivery.error}` : ''}` : '',
      e.acceptedAt ?? e.retiredAt ?? '',
    ]),
  };
}

export function summaryText(summary: InviteSummary): string {
  const parts = [
    `${counted('en', summary.invited, 'invitation mail', 'invitation mails')} queued`,
    summary.managedAppleIds > 0 ? `${counted('en', summary.managedAppleIds, 'Managed Apple ID', 'Managed Apple IDs')} enrolled without a mail` : '',
    summary.skippedCount > 0 ? `${summary.skippedCount} skipped` : '',
  ].filter(Boolean);
  const reasons = summary.skipped.slice(0, 5).map((s) => `\n  - ${s.reason}`);
  const more = summary.skippedCount > 5 ? `\n  … and ${summary.skippedCount - 5} more (see --json)` : '';
  return `${parts.join(', ')}.${reasons.join('')}${more}`;
}

/** A preview of an invitation: how many mails go out in which language, who is enrolled without one, who is left out. */
export function invitationPreviewText(account: InvitationAccount): string {
  const languages = (['en', 'nl', 'fr'] as const).filter((l) => account.mails.byLanguage[l] > 0).map((l) => `${account.mails.byLanguage[l]} in ${LANGUAGE_NAMES[l]}`);
  const parts = [
    `${counted('en', account.mails.total, 'invitation mail', 'invitation mails')} would be sent${languages.length > 0 ? ` (${languages.join(', ')})` : ''}`,
    account.managedAppleIds.total > 0 ? `${counted('en', account.managedAppleIds.total, 'Managed Apple ID', 'Managed Apple IDs')} would be enrolled without a mail` : '',
    account.skipped.total > 0 ? `${account.skipped.total} left out` : '',
  ].filter(Boolean);
  return `Preview, nothing was sent: ${parts.join(', ')}, for ${account.location}.`;
}

export function invitationPreviewTable(account: InvitationAccount): CommandTable {
  return {
    columns: ['USER', 'NAME', 'EMAIL', 'WHAT', 'LANGUAGE'],
    rows: [
      ...account.mails.lines.map((m) => [m.userId, m.name, m.email, 'invitation mail', m.language]),
      ...account.managedAppleIds.lines.map((m) => [m.userId, m.name, '', 'enrolled (Managed Apple ID)', '']),
      ...account.skipped.lines.map((s) => [s.userId, '', '', `left out: ${s.reason}`, '']),
    ],
  };
}

const LANGUAGE_NAMES = { en: 'English', nl: 'Dutch', fr: 'French' } as const;
