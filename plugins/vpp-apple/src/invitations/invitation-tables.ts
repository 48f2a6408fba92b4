import { counted, type CommandTable } from '@vpp-host/api';
import type { EnrolmentEntry, InviteSummary } from '../../api/index.js';

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
