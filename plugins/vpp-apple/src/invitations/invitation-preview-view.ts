import { fill, formatNumber, html, panelTexts, table, type Messages, type SafeHtml } from '@vpp-host/api';
import type { InvitationAccount, InvitationMailLine, SkippedUser } from '../../api/index.js';
import { skipReason } from './skipped-user.js';

/** The words of an invitation's preview in the panel, in English, Dutch and French. */
const EN = {
  mails: '{count:invitation mail|invitation mails} to send for {location}', byLanguage: '{count} in {language}', managed: 'Enrolled with a Managed Apple ID, without a mail ({count})',
  skipped: 'Left out ({count})', user: 'User', email: 'Email', language: 'Language', why: 'Why', none: 'Nobody would be invited.', firstOnly: 'The first {shown} of {total} are listed.',
  languages: { en: 'English', nl: 'Dutch', fr: 'French' },
};

const words = panelTexts(EN, {
  nl: {
    mails: '{count:uitnodiging|uitnodigingen} te versturen voor {location}', byLanguage: '{count} in het {language}', managed: 'Ingeschreven met een beheerde Apple ID, zonder e-mail ({count})',
    skipped: 'Niet uitgenodigd ({count})', user: 'Gebruiker', email: 'E-mail', language: 'Taal', why: 'Waarom', none: 'Niemand zou worden uitgenodigd.', firstOnly: 'De eerste {shown} van {total} staan hier.',
    languages: { en: 'Engels', nl: 'Nederlands', fr: 'Frans' },
  },
  fr: {
    mails: '{count:invitation à envoyer|invitations à envoyer} pour {location}', byLanguage: '{count} en {language}', managed: 'Inscrits avec un identifiant Apple géré, sans e-mail ({count})',
    skipped: 'Non invités ({count})', user: 'Utilisateur', email: 'E-mail', language: 'Langue', why: 'Pourquoi', none: 'Personne ne serait invité.', firstOnly: 'Les {shown} premiers sur {total} sont listés.',
    languages: { en: 'anglais', nl: 'néerlandais', fr: 'français' },
  },
});

/** Whom an invitation would reach: how many mails in which language, to whom, who is enrolled without one and who is left out. */
export function invitationPreview(account: InvitationAccount, language: string, messages: Messages): SafeHtml {
  const text = words(language);
  const n = (value: number) => formatNumber(value, language);
  const more = (shown: number, total: number) => (total > shown ? html`<p class="muted">${fill(text.firstOnly, { shown: n(shown), total: n(total) })}</p>` : '');
  const parts: SafeHtml[] = [];
  if (account.mails.total > 0) {
    const languages = (['en', 'nl', 'fr'] as const).filter((l) => account.mails.byLanguage[l] > 0).map((l) => fill(text.byLanguage, { count: n(account.mails.byLanguage[l]), language: text.languages[l] }));
    parts.push(html`<h3>${fill(text.mails, { count: account.mails.total, location: account.location }, language)}</h3><p>${languages.join(' · ')}</p>${table<InvitationMailLine>(
      [
        { header: text.user, cell: (m) => m.name },
        { header: text.email, cell: (m) => m.email },
        { header: text.language, cell: (m) => text.languages[m.language] },
      ],
      account.mails.lines,
    )}${more(account.mails.lines.length, account.mails.total)}`);
  }
  if (account.managedAppleIds.total > 0) {
    parts.push(html`<h3>${fill(text.managed, { count: n(account.managedAppleIds.total) })}</h3>${table([{ header: text.user, cell: (m: { name: string }) => m.name }], account.managedAppleIds.lines)}${more(account.managedAppleIds.lines.length, account.managedAppleIds.total)}`);
  }
  if (account.skipped.total > 0) {
    parts.push(html`<h3>${fill(text.skipped, { count: n(account.skipped.total) })}</h3>${table([{ header: text.why, cell: (s: SkippedUser) => messages.say(skipReason(s), language) }], account.skipped.lines)}${more(account.skipped.lines.length, account.skipped.total)}`);
  }
  return parts.length > 0 ? html`${parts}` : html`<p>${text.none}</p>`;
}
