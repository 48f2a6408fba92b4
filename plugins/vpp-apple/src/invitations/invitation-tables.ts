import { counted, phrase, type CommandTable, type Said } from '@vpp-host/api';
import type { EnrolmentEntry, InvitationAccount, InviteSummary } from '../../api/index.js';
import { skipReason } from './skipped-user.js';
import { COLUMN } from '../command-columns.js';

const SHOWN_REASONS = 5;

/** What the CLI prints; `--json` prints the data instead. */

export function enrolmentTable(entries: readonly EnrolmentEntry[]): CommandTable {
  return {
    columns: [COLUMN.user, COLUMN.name, COLUMN.email, COLUMN.status, COLUMN.invited, COLUMN.times, COLUMN.mail, COLUMN.accepted],
    rows: entries.map((e) => [
      e.userId,
      e.userName,
      e.email,
      e.managedAppleId && e.status === 'enrolled' ? phrase('enrolled (Managed Apple ID)', 'vpp.enrolment.managed-apple-id') : e.status,
      e.invitedAt ?? '',
      e.timesInvited,
      e.delivery ? `${e.delivery.state}${e.delivery.error ? `: ${e.delivery.error}` : ''}` : '',
      e.acceptedAt ?? e.retiredAt ?? '',
    ]),
  };
}

/** What an invitation did: mails queued, Managed Apple IDs enrolled, users left out and the first reasons why. */
export function invitationSummary(summary: InviteSummary): Said {
  const parts = [
    phrase(`${counted('en', summary.invited, 'invitation mail', 'invitation mails')} queued`, 'vpp.invitation.queued', { count: summary.invited }),
    ...(summary.managedAppleIds > 0 ? [phrase(`${counted('en', summary.managedAppleIds, 'Managed Apple ID', 'Managed Apple IDs')} enrolled without a mail`, 'vpp.invitation.enrolled-without-mail', { count: summary.managedAppleIds })] : []),
    ...(summary.skippedCount > 0 ? [phrase(`${summary.skippedCount} skipped`, 'vpp.invitation.skipped', { count: summary.skippedCount })] : []),
  ];
  const reasons = summary.skipped.slice(0, SHOWN_REASONS).map(skipReason);
  const more = summary.skippedCount - SHOWN_REASONS;
  const english = `${parts.map((p) => p.message).join(', ')}.${reasons.map((r) => `\n  - ${r.message}`).join('')}${more > 0 ? `\n  … and ${more} more (see --json)` : ''}`;
  // Other languages list the reasons after the counts, separated as a list of problems is.
  const details = more > 0 ? [...reasons, phrase(`… and ${more} more (see --json)`, 'vpp.invitation.more-skipped', { count: more })] : reasons;
  return details.length > 0 ? phrase(english, 'vpp.invitation.summary-skipped', { parts, reasons: details }) : phrase(english, 'vpp.invitation.summary', { parts });
}

/** A preview of an invitation: how many mails go out in which language, who is enrolled without one, who is left out. */
export function invitationPreviewSummary(account: InvitationAccount): Said {
  const languages = (['en', 'nl', 'fr'] as const)
    .filter((l) => account.mails.byLanguage[l] > 0)
    .map((l) => IN_LANGUAGE[l](account.mails.byLanguage[l]));
  const mails = `${counted('en', account.mails.total, 'invitation mail', 'invitation mails')} would be sent`;
  const parts = [
    languages.length > 0
      ? phrase(`${mails} (${languages.map((l) => l.message).join(', ')})`, 'vpp.invitation.would-send-in', { count: account.mails.total, languages })
      : phrase(mails, 'vpp.invitation.would-send', { count: account.mails.total }),
    ...(account.managedAppleIds.total > 0
      ? [phrase(`${counted('en', account.managedAppleIds.total, 'Managed Apple ID', 'Managed Apple IDs')} would be enrolled without a mail`, 'vpp.invitation.would-enrol', { count: account.managedAppleIds.total })]
      : []),
    ...(account.skipped.total > 0 ? [phrase(`${account.skipped.total} left out`, 'vpp.invitation.left-out', { count: account.skipped.total })] : []),
  ];
  return phrase(`Preview, nothing was sent: ${parts.map((p) => p.message).join(', ')}, for ${account.location}.`, 'vpp.invitation.preview', { parts, location: account.location });
}

export function invitationPreviewTable(account: InvitationAccount): CommandTable {
  return {
    columns: [COLUMN.user, COLUMN.name, COLUMN.email, COLUMN.what, COLUMN.language],
    rows: [
      ...account.mails.lines.map((m) => [m.userId, m.name, m.email, phrase('invitation mail', 'vpp.invitation.mail'), m.language]),
      ...account.managedAppleIds.lines.map((m) => [m.userId, m.name, '', phrase('enrolled (Managed Apple ID)', 'vpp.enrolment.managed-apple-id'), '']),
      ...account.skipped.lines.map((s) => [s.userId, '', '', phrase(`left out: ${s.reason}`, 'vpp.invitation.left-out-because', { reason: s.reason }), '']),
    ],
  };
}

/** How many mails are written in a language. */
const IN_LANGUAGE: Readonly<Record<'en' | 'nl' | 'fr', (count: number) => Said>> = {
  en: (count) => phrase(`${count} in English`, 'vpp.invitation.in-english', { count }),
  nl: (count) => phrase(`${count} in Dutch`, 'vpp.invitation.in-dutch', { count }),
  fr: (count) => phrase(`${count} in French`, 'vpp.invitation.in-french', { count }),
};
