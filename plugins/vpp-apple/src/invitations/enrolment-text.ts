import { badge, counted, html, panelTexts, type BadgeTone, type SafeHtml } from '@vpp-host/api';
import type { EnrolmentStatus, InvitationDelivery } from '../../api/index.js';

/** The panel's words for invitations and enrolment, in the panel languages (English for any other). */
const EN = {
  status: { 'not-invited': 'Not invited', invited: 'Invited', enrolled: 'Enrolled', retired: 'Retired' },
  managed: 'Managed Apple ID',
  heading: 'VPP managed distribution',
  invite: 'Send email invitation',
  inviteHeading: 'Invite to VPP managed distribution',
  whom: 'Whom',
  kinds: { user: 'A user', 'user-group': 'A user group', device: 'The user of a device', 'device-group': 'The users of a device group' },
  id: 'User, group or device',
  idHint: 'Pick a name from the list',
  chooseWhom: 'Choose whom to invite.',
  only: 'Which users',
  choices: { 'not-invited': 'Users not previously invited', 'not-enrolled': "Users that haven't yet enrolled" },
  location: 'Location',
  all: 'All',
  columns: { user: 'User', email: 'Email', status: 'Status', invited: 'Invited', times: 'Times', delivery: 'Delivery', accepted: 'Accepted' },
  delivery: { queued: 'queued', sending: 'sending', retrying: 'retrying', sent: 'sent', failed: 'failed' },
  sortBy: 'Order',
  sorts: { name: 'By name', accepted: 'By acceptance (first come, first served)' },
  resend: 'Resend',
  empty: 'No users match.',
  noToken: 'Add a location token first: invitations are sent per location.',
  sent: (invited: number, managed: number, skipped: number) =>
    `${counted('en', invited, 'invitation mail', 'invitation mails')} queued${managed ? `, ${counted('en', managed, 'Managed Apple ID', 'Managed Apple IDs')} enrolled` : ''}${skipped ? `, ${skipped} skipped` : ''}.`,
};

export type EnrolmentText = typeof EN;

export const enrolmentText = panelTexts(EN, {
  nl: {
    status: { 'not-invited': 'Niet uitgenodigd', invited: 'Uitgenodigd', enrolled: 'Ingeschreven', retired: 'Buiten gebruik' },
    managed: 'Beheerde Apple ID',
    heading: 'Beheerde distributie via het VPP',
    invite: 'Verstuur uitnodiging per e-mail',
    inviteHeading: 'Uitnodigen voor beheerde distributie via het VPP',
    whom: 'Wie',
    kinds: { user: 'Een gebruiker', 'user-group': 'Een gebruikersgroep', device: 'De gebruiker van een apparaat', 'device-group': 'De gebruikers van een apparaatgroep' },
    id: 'Gebruiker, groep of apparaat',
    idHint: 'Kies een naam uit de lijst',
    chooseWhom: 'Kies wie u wilt uitnodigen.',
    only: 'Welke gebruikers',
    choices: { 'not-invited': 'Gebruikers die nog niet zijn uitgenodigd', 'not-enrolled': 'Gebruikers die zich nog niet hebben ingeschreven' },
    location: 'Locatie',
    all: 'Alle',
    columns: { user: 'Gebruiker', email: 'E-mail', status: 'Status', invited: 'Uitgenodigd', times: 'Keer', delivery: 'Bezorging', accepted: 'Geaccepteerd' },
    delivery: { queued: 'in de wachtrij', sending: 'wordt verstuurd', retrying: 'nieuwe poging', sent: 'verstuurd', failed: 'mislukt' },
    sortBy: 'Volgorde',
    sorts: { name: 'Op naam', accepted: 'Op acceptatie (wie het eerst komt, het eerst maalt)' },
    resend: 'Opnieuw versturen',
    empty: 'Geen gebruikers gevonden.',
    noToken: 'Voeg eerst een locatietoken toe: uitnodigingen gaan per locatie.',
    sent: (invited: number, managed: number, skipped: number) =>
      `${counted('nl', invited, 'uitnodiging', 'uitnodigingen')} in de wachtrij${managed ? `, ${counted('nl', managed, 'beheerde Apple ID', "beheerde Apple ID's")} ingeschreven` : ''}${skipped ? `, ${skipped} overgeslagen` : ''}.`,
  },
  fr: {
    status: { 'not-invited': 'Non invité', invited: 'Invité', enrolled: 'Inscrit', retired: 'Retiré' },
    managed: 'Identifiant Apple géré',
    heading: 'Distribution gérée VPP',
    invite: 'Envoyer l’invitation par e-mail',
    inviteHeading: 'Inviter à la distribution gérée VPP',
    whom: 'Qui',
    kinds: { user: 'Un utilisateur', 'user-group': 'Un groupe d’utilisateurs', device: 'L’utilisateur d’un appareil', 'device-group': 'Les utilisateurs d’un groupe d’appareils' },
    id: 'Utilisateur, groupe ou appareil',
    idHint: 'Choisissez un nom dans la liste',
    chooseWhom: 'Choisissez qui inviter.',
    only: 'Quels utilisateurs',
    choices: { 'not-invited': 'Utilisateurs jamais invités', 'not-enrolled': 'Utilisateurs pas encore inscrits' },
    location: 'Site',
    all: 'Tous',
    columns: { user: 'Utilisateur', email: 'E-mail', status: 'État', invited: 'Invité le', times: 'Fois', delivery: 'Envoi', accepted: 'Accepté le' },
    delivery: { queued: 'en file d’attente', sending: 'en cours d’envoi', retrying: 'nouvelle tentative', sent: 'envoyé', failed: 'échec' },
    sortBy: 'Ordre',
    sorts: { name: 'Par nom', accepted: 'Par acceptation (premier arrivé, premier servi)' },
    resend: 'Renvoyer',
    empty: 'Aucun utilisateur ne correspond.',
    noToken: 'Ajoutez d’abord le jeton d’un site : les invitations sont envoyées par site.',
    sent: (invited: number, managed: number, skipped: number) =>
      `${counted('fr', invited, 'invitation', 'invitations')} en file d’attente${managed ? `, ${counted('fr', managed, 'identifiant Apple géré inscrit', 'identifiants Apple gérés inscrits')}` : ''}${skipped ? `, ${counted('fr', skipped, 'ignoré', 'ignorés')}` : ''}.`,
  },
});


const TONE: Record<EnrolmentStatus, BadgeTone> = { 'not-invited': 'neutral', invited: 'info', enrolled: 'ok', retired: 'warn' };

export function statusBadge(status: EnrolmentStatus, language: string): SafeHtml {
  return badge(TONE[status], enrolmentText(language).status[status]);
}

const DELIVERY_TONE: Record<InvitationDelivery['state'], BadgeTone> = { queued: 'info', sending: 'info', retrying: 'warn', sent: 'ok', failed: 'bad' };

/** Where the invitation mail is, in the admin's language, with the mail server's own words when it failed. */
export function deliveryBadge(delivery: InvitationDelivery, language: string): SafeHtml {
  const label = badge(DELIVERY_TONE[delivery.state], enrolmentText(language).delivery[delivery.state]);
  return delivery.error ? html`${label} <span class="muted">${delivery.error}</span>` : label;
}
