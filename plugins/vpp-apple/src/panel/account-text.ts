import { panelTexts } from '@vpp-host/api';

/** The words of a license account (a preview, or what a change did) in the panel, in English, Dutch and French. */
const EN = {
  noMove: 'No license moves.',
  granted: 'Get a license ({count})', served: 'Served from the queue in their place ({count})', queued: 'Wait in the queue ({count})',
  released: 'Lose their license ({count})', skipped: 'Passed over ({count})', awaitingEnrolment: 'Wait to enrol in managed distribution ({count})',
  appRemoved: 'The app is removed from ({count})', irreversible: 'Cannot be taken back: VPP books stay with the user ({count})',
  holder: 'Holder', item: 'App or book', detail: 'Detail', place: 'place {position}', waitingSince: 'waiting since {date}', firstOnly: 'The first {shown} of {total} are listed.',
  inviteThese: 'Invite these users', email: 'Email',
  causes: {
    revoked: 'revoked', uninstalled: 'app uninstalled', 'assignment-removed': 'assignment removed', 'left-target': 'left the target', 'device-unenrolled': 'device left management',
    'device-wiped': 'device wiped', 'user-retired': 'user retired', cancelled: 'cancelled',
  },
};

export type AccountText = typeof EN;

export const accountText = panelTexts(EN, {
  nl: {
    noMove: 'Er verschuift geen licentie.',
    granted: 'Krijgen een licentie ({count})', served: 'Uit de wachtrij bediend in hun plaats ({count})', queued: 'Wachten in de wachtrij ({count})',
    released: 'Verliezen hun licentie ({count})', skipped: 'Overgeslagen ({count})', awaitingEnrolment: 'Wachten op inschrijving voor beheerde distributie ({count})',
    appRemoved: 'De app wordt verwijderd van ({count})', irreversible: 'Niet terug te nemen: VPP-boeken blijven bij de gebruiker ({count})',
    holder: 'Houder', item: 'App of boek', detail: 'Toelichting', place: 'plaats {position}', waitingSince: 'wacht sinds {date}', firstOnly: 'De eerste {shown} van {total} staan hier.',
    inviteThese: 'Deze gebruikers uitnodigen', email: 'E-mail',
    causes: {
      revoked: 'ingetrokken', uninstalled: 'app verwijderd', 'assignment-removed': 'toewijzing verwijderd', 'left-target': 'uit het doel vertrokken', 'device-unenrolled': 'apparaat niet meer beheerd',
      'device-wiped': 'apparaat gewist', 'user-retired': 'gebruiker uitgeschreven', cancelled: 'geannuleerd',
    },
  },
  fr: {
    noMove: 'Aucune licence ne bouge.',
    granted: 'Reçoivent une licence ({count})', served: 'Servis depuis la file à leur place ({count})', queued: 'Attendent dans la file ({count})',
    released: 'Perdent leur licence ({count})', skipped: 'Écartés ({count})', awaitingEnrolment: 'Attendent de s’inscrire à la distribution gérée ({count})',
    appRemoved: 'L’app est supprimée de ({count})', irreversible: 'Irréversible : les livres VPP restent à l’utilisateur ({count})',
    holder: 'Détenteur', item: 'App ou livre', detail: 'Détail', place: 'place {position}', waitingSince: 'en attente depuis le {date}', firstOnly: 'Les {shown} premiers sur {total} sont listés.',
    inviteThese: 'Inviter ces utilisateurs', email: 'E-mail',
    causes: {
      revoked: 'révoquée', uninstalled: 'app désinstallée', 'assignment-removed': 'attribution supprimée', 'left-target': 'a quitté la cible', 'device-unenrolled': 'appareil plus géré',
      'device-wiped': 'appareil effacé', 'user-retired': 'utilisateur retiré', cancelled: 'annulée',
    },
  },
});
