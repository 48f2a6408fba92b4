import type { User } from '@vpp-host/api';
import { mailLanguageOf } from '@vpp-host/plugins/mail/api';
import type { InvitationAccount, InvitationMailLine, SkippedUser } from '../../api/index.js';

/** Lines an invitation account lists of each kind; the totals count them all. */
const MAX_LINES = 100;

/**
 * Whom an invitation to these chosen users reaches: a mail in their language, or, with a Managed Apple ID, an
 * enrolment without one. The send and its preview both build it from the same choice.
 */
export function invitationAccount(location: string, chosen: readonly User[], skipped: readonly SkippedUser[], preview: boolean): InvitationAccount {
  const byLanguage = { en: 0, nl: 0, fr: 0 };
  const mails: InvitationMailLine[] = [];
  const managed: { userId: string; name: string }[] = [];
  let managedTotal = 0;
  for (const user of chosen) {
    if (user.managedAppleId) {
      if (managedTotal++ < MAX_LINES) managed.push({ userId: user.id, name: user.name });
      continue;
    }
    const language = mailLanguageOf(user.language);
    byLanguage[language]++;
    if (mails.length < MAX_LINES) mails.push({ userId: user.id, name: user.name, email: user.email.trim(), language });
  }
  return {
    preview,
    location,
    mails: { total: chosen.length - managedTotal, byLanguage, lines: mails },
    managedAppleIds: { total: managedTotal, lines: managed },
    skipped: { total: skipped.length, lines: skipped.slice(0, MAX_LINES) },
  };
}
