import { badge, type BadgeTone, type SafeHtml } from '@vpp-host/api';
import type { EnrolmentStatus } from '../../api/index.js';

/** The panel's words for invitations and enrolment, in the panel languages (English for any other). */
const TEXT = {
  en: {
    status: { 'not-invited': 'Not invited', invited: 'Invited', enrolled: 'Enrolled', retired: 'Retired' },
    managed: 'Managed Apple ID',
    heading: 'VPP managed distribution',
    invite: 'Send email invitation',
    inviteHeading: 'Invite to VPP managed distribution',
    whom: 'Whom',
    kinds: { user: 'A user', 'user-group': 'A user group', device: 'The user of a device', 'device-group': 'The users of a device group' },
    id: 'Id of the user, group or device',
    only: 'Which users',
    choices: { 'not-invited': 'Users not previously invited', 'not-enrolled': "Users that haven't yet enrolled" },
    location: 'Location',
    all: 'All',
    columns: { user: 'User', email: 'Email', status: 'Status', invited: 'Invited', times: 'Times', mail: 'Mail', accepted: 'Accepted' },
    resend: 'Resend',
    empty: 'No users match.',
    noToken: 'Add a location token first: invitations are sent per location.',
    sent: (invited: number, managed: number, skipped: number) =>
      `${invited} invitation mail(s) queued${managed ? `, ${managed} Managed Apple ID(s) enrolled` : ''}${skipped ? `, ${skipped} skipped` : ''}.`,
  },
  nl: {
    status: { 'not-invited': 'Niet uitgenodigd', invited: 'Uitgenodigd', enrolled: 'Ingeschreven', retired: 'Buiten gebruik' },
    managed: 'Beheerde Apple ID',
    heading: 'Beheerde distributie via het VPP',
    invite: 'Verstuur uitnodiging per e-mail',
    inviteHeading: 'Uitnodigen voor beheerde distributie via het VPP',
    whom: 'Wie',
    kinds: { user: 'Een gebruiker', 'user-group': 'Een gebruikersgroep', device: 'De gebruiker van een apparaat', 'device-group': 'De gebruikers van een apparaatgroep' },
    id: 'Id van de gebruiker, groep of het apparaat',
    only: 'Welke gebruikers',
    choices: { 'not-invited': 'Gebruikers die nog niet zijn uitgenodigd', 'not-enrolled': 'Gebruikers die zich nog niet hebben ingeschreven' },
    location: 'Locatie',
    all: 'Alle',
    columns: { user: 'Gebruiker', email: 'E-mail', status: 'Status', invited: 'Uitgenodigd', times: 'Keer', mail: 'E-mail', accepted: 'Geaccepteerd' },
    resend: 'Opnieuw versturen',
    empty: 'Geen gebruikers gevonden.',
    noToken: 'Voeg eerst een locatietoken toe: uitnodigingen gaan per locatie.',
    sent: (invited: number, managed: number, skipped: number) =>
      `${invited} uitnodiging(en) in de wachtrij${managed ? `, ${managed} beheerde Apple ID('s) ingeschreven` : ''}${skipped ? `, ${skipped} overgeslagen` : ''}.`,
  },
  fr: {
    status: { 'not-invited': 'Non invité', invited: 'Invité', enrolled: 'Inscrit', retired: 'Retiré' },
    managed: 'Identifiant Apple géré',
    heading: 'Distribution gérée VPP',
    invite: 'Envoyer l’invitation par e-mail',
    inviteHeading: 'Inviter à la distribution gérée VPP',
    whom: 'Qui',
    kinds: { user: 'Un utilisateur', 'user-group': 'Un groupe d’utilisateurs', device: 'L’utilisateur d’un appareil', 'device-group': 'Les utilisateurs d’un groupe d’appareils' },
    id: 'Identifiant de l’utilisateur, du groupe ou de l’appareil',
    only: 'Quels utilisateurs',
    choices: { 'not-invited': 'Utilisateurs jamais invités', 'not-enrolled': 'Utilisateurs pas encore inscrits' },
    location: 'Site',
    all: 'Tous',
    columns: { user: 'Utilisateur', email: 'E-mail', status: 'État', invited: 'Invité le', times: 'Fois', mail: 'Courriel', accepted: 'Accepté le' },
    resend: 'Renvoyer',
    empty: 'Aucun utilisateur ne correspond.',
    noToken: 'Ajoutez d’abord le jeton d’un site : les invitations sont envoyées par site.',
    sent: (invited: number, managed: number, skipped: number) =>
      `${invited} invitation(s) en file d’attente${managed ? `, ${managed} identifiant(s) Apple géré(s) inscrit(s)` : ''}${skipped ? `, ${skipped} ignoré(s)` : ''}.`,
  },
} as const;

export type EnrolmentText = (typeof TEXT)['en'];

export function enrolmentText(language: string): EnrolmentText {
  return (TEXT[language as keyof typeof TEXT] ?? TEXT.en) as EnrolmentText;
}

const TONE: Record<EnrolmentStatus, BadgeTone> = { 'not-invited': 'neutral', invited: 'info', enrolled: 'ok', retired: 'warn' };

export function statusBadge(status: EnrolmentStatus, language: string): SafeHtml {
  return badge(TONE[status], enrolmentText(language).status[status]);
}
