import { panelTexts } from '@vpp-host/api';

/**
 * The words of deleting a token in the panel (its preview and what it did), in English, Dutch and French. Each of
 * the core's effects has a heading for the preview and a clause for the flash, by the effect's stable id.
 */
const EN = {
  stops: 'Deleting "{name}" stops', staysAtApple: 'Stays at Apple, no longer managed here', nothingDepends: 'Nothing else depends on this token: only its sync stops.',
  keepManaged: 'To keep these licenses managed, revoke them first or move the location to another host (vpp-host migrate export).',
  headings: {
    'catalog-items-dropped': 'Apps and books that leave the catalog with the data synced for them ({count})',
    'assignments-stop': 'Assignments that stop: nobody gets these apps or books from them any more ({count})',
    'queue-dropped': 'Waiting for a license, never served ({count})',
    'invitations-unsent': 'Invitations not yet sent, never sent ({count})',
    'licenses-stay-at-apple': 'Licenses that stay assigned at Apple ({count})',
    'enrolments-stay-at-apple': 'Users who stay enrolled with the location at Apple ({count})',
  } as Readonly<Record<string, string>>,
  otherHeading: 'Other consequences ({count})',
  done: {
    'catalog-items-dropped': '{count:app or book|apps and books} left the catalog',
    'assignments-stop': '{count:assignment|assignments} stopped',
    'queue-dropped': '{count:waiting holder|waiting holders} will not be served',
    'invitations-unsent': '{count:invitation|invitations} will not be sent',
    'licenses-stay-at-apple': '{count:license stays|licenses stay} assigned at Apple',
    'enrolments-stay-at-apple': '{count:user stays|users stay} enrolled at Apple',
  } as Readonly<Record<string, string>>,
  otherDone: '{count:other consequence|other consequences}',
  deleted: 'Token "{name}" deleted: {effects}.', deletedAlone: 'Token "{name}" deleted; nothing else depended on it.',
  changed: 'What deleting "{name}" does has changed since you looked: check it again, then confirm.',
};

export type TokenDeletionText = typeof EN;

export const tokenDeletionText = panelTexts(EN, {
  nl: {
    stops: 'Verwijderen van "{name}" stopt', staysAtApple: 'Blijft bij Apple, hier niet meer beheerd', nothingDepends: 'Niets anders hangt van dit token af: alleen de synchronisatie stopt.',
    keepManaged: 'Om deze licenties beheerd te houden: trek ze eerst in of verhuis de locatie naar een andere host (vpp-host migrate export).',
    headings: {
      'catalog-items-dropped': 'Apps en boeken die uit de catalogus verdwijnen, met de gegevens die ervoor gesynchroniseerd zijn ({count})',
      'assignments-stop': 'Toewijzingen die stoppen: niemand krijgt deze apps of boeken er nog door ({count})',
      'queue-dropped': 'Wachten op een licentie, worden nooit bediend ({count})',
      'invitations-unsent': 'Uitnodigingen nog niet verstuurd, worden nooit verstuurd ({count})',
      'licenses-stay-at-apple': 'Licenties die bij Apple toegewezen blijven ({count})',
      'enrolments-stay-at-apple': 'Gebruikers die bij Apple ingeschreven blijven bij de locatie ({count})',
    },
    otherHeading: 'Andere gevolgen ({count})',
    done: {
      'catalog-items-dropped': '{count:app of boek|apps en boeken} uit de catalogus verdwenen',
      'assignments-stop': '{count:toewijzing|toewijzingen} gestopt',
      'queue-dropped': '{count:wachtende houder wordt|wachtende houders worden} niet bediend',
      'invitations-unsent': '{count:uitnodiging wordt|uitnodigingen worden} niet verstuurd',
      'licenses-stay-at-apple': '{count:licentie blijft|licenties blijven} toegewezen bij Apple',
      'enrolments-stay-at-apple': '{count:gebruiker blijft|gebruikers blijven} ingeschreven bij Apple',
    },
    otherDone: '{count:ander gevolg|andere gevolgen}',
    deleted: 'Token "{name}" verwijderd: {effects}.', deletedAlone: 'Token "{name}" verwijderd; niets anders hing ervan af.',
    changed: 'Wat het verwijderen van "{name}" doet, is veranderd sinds u keek: bekijk het opnieuw en bevestig dan.',
  },
  fr: {
    stops: 'Supprimer « {name} » arrête', staysAtApple: 'Reste chez Apple, plus géré ici', nothingDepends: 'Rien d’autre ne dépend de ce jeton : seule sa synchronisation s’arrête.',
    keepManaged: 'Pour que ces licences restent gérées, révoquez-les d’abord ou déplacez le site vers un autre hôte (vpp-host migrate export).',
    headings: {
      'catalog-items-dropped': 'Apps et livres qui quittent le catalogue avec les données synchronisées pour eux ({count})',
      'assignments-stop': 'Affectations qui s’arrêtent : plus personne ne reçoit ces apps ou livres par elles ({count})',
      'queue-dropped': 'En attente d’une licence, jamais servis ({count})',
      'invitations-unsent': 'Invitations pas encore envoyées, jamais envoyées ({count})',
      'licenses-stay-at-apple': 'Licences qui restent attribuées chez Apple ({count})',
      'enrolments-stay-at-apple': 'Utilisateurs qui restent inscrits au site chez Apple ({count})',
    },
    otherHeading: 'Autres conséquences ({count})',
    done: {
      'catalog-items-dropped': '{count:app ou livre retiré|apps et livres retirés} du catalogue',
      'assignments-stop': '{count:affectation arrêtée|affectations arrêtées}',
      'queue-dropped': '{count:détenteur en attente ne sera pas servi|détenteurs en attente ne seront pas servis}',
      'invitations-unsent': '{count:invitation ne sera pas envoyée|invitations ne seront pas envoyées}',
      'licenses-stay-at-apple': '{count:licence reste attribuée|licences restent attribuées} chez Apple',
      'enrolments-stay-at-apple': '{count:utilisateur reste inscrit|utilisateurs restent inscrits} chez Apple',
    },
    otherDone: '{count:autre conséquence|autres conséquences}',
    deleted: 'Jeton « {name} » supprimé : {effects}.', deletedAlone: 'Jeton « {name} » supprimé ; rien d’autre n’en dépendait.',
    changed: 'Ce que fait la suppression de « {name} » a changé depuis votre consultation : vérifiez-le à nouveau, puis confirmez.',
  },
});
