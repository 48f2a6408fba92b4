import type { LabelDeclaration } from '../../api/manifest.js';

type Row = readonly [id: string, en: string, nl: string, fr: string];
const labels = (rows: readonly Row[]): LabelDeclaration[] => rows.map(([id, title, nl, fr]) => ({ id, title, titles: { nl, fr } }));

/** What the Activity page calls the host's own audit actions, in English, Dutch and French. */
export const HOST_AUDIT_ACTIONS = labels([
  ['host.admin.create', 'Admin created', 'Beheerder aangemaakt', 'Administrateur créé'],
  ['host.alerts.recipient.set', 'Alert mail turned on for an admin', 'Meldingen per e-mail aangezet voor een beheerder', 'Alertes par courriel activées pour un administrateur'],
  ['host.alerts.recipient.remove', 'Alert mail turned off for an admin', 'Meldingen per e-mail uitgezet voor een beheerder', 'Alertes par courriel désactivées pour un administrateur'],
  ['host.admin.language', 'Panel language changed', 'Taal van het paneel gewijzigd', 'Langue du panneau modifiée'],
  ['host.api-token.create', 'API token created', 'API-token aangemaakt', 'Jeton d’API créé'],
  ['host.api-token.revoke', 'API token revoked', 'API-token ingetrokken', 'Jeton d’API révoqué'],
  ['host.plugin.restart', 'Plugin restarted', 'Plug-in herstart', 'Extension redémarrée'],
  ['host.session.throttled', 'Sign-ins slowed down', 'Aanmeldingen vertraagd', 'Connexions ralenties'],
  ['host.setting.update', 'Setting changed', 'Instelling gewijzigd', 'Paramètre modifié'],
  ['inventory.import', 'Inventory imported', 'Inventaris geïmporteerd', 'Inventaire importé'],
  ['inventory.sync', 'Directory synced', 'Adreslijst gesynchroniseerd', 'Annuaire synchronisé'],
  ['inventory.user.create', 'User added', 'Gebruiker toegevoegd', 'Utilisateur ajouté'],
  ['inventory.user.update', 'User changed', 'Gebruiker gewijzigd', 'Utilisateur modifié'],
  ['inventory.user.remove', 'User removed', 'Gebruiker verwijderd', 'Utilisateur supprimé'],
  ['inventory.device.enroll', 'Device enrolled', 'Apparaat ingeschreven', 'Appareil inscrit'],
  ['inventory.device.update', 'Device changed', 'Apparaat gewijzigd', 'Appareil modifié'],
  ['inventory.device.unenroll', 'Device left management', 'Apparaat niet meer beheerd', 'Appareil plus géré'],
  ['inventory.device.wipe', 'Device selectively wiped', 'Apparaat selectief gewist', 'Appareil effacé sélectivement'],
  ['inventory.device.remove', 'Device removed', 'Apparaat verwijderd', 'Appareil supprimé'],
  ['inventory.user-group.create', 'User group created', 'Gebruikersgroep aangemaakt', 'Groupe d’utilisateurs créé'],
  ['inventory.user-group.update', 'User group changed', 'Gebruikersgroep gewijzigd', 'Groupe d’utilisateurs modifié'],
  ['inventory.user-group.remove', 'User group removed', 'Gebruikersgroep verwijderd', 'Groupe d’utilisateurs supprimé'],
  ['inventory.user-group.member.add', 'Member added to a user group', 'Lid toegevoegd aan een gebruikersgroep', 'Membre ajouté à un groupe d’utilisateurs'],
  ['inventory.user-group.member.remove', 'Member removed from a user group', 'Lid verwijderd uit een gebruikersgroep', 'Membre retiré d’un groupe d’utilisateurs'],
  ['inventory.device-group.create', 'Device group created', 'Apparaatgroep aangemaakt', 'Groupe d’appareils créé'],
  ['inventory.device-group.update', 'Device group changed', 'Apparaatgroep gewijzigd', 'Groupe d’appareils modifié'],
  ['inventory.device-group.remove', 'Device group removed', 'Apparaatgroep verwijderd', 'Groupe d’appareils supprimé'],
  ['inventory.device-group.member.add', 'Device added to a device group', 'Apparaat toegevoegd aan een apparaatgroep', 'Appareil ajouté à un groupe d’appareils'],
  ['inventory.device-group.member.remove', 'Device removed from a device group', 'Apparaat verwijderd uit een apparaatgroep', 'Appareil retiré d’un groupe d’appareils'],
]);

/** What the Activity page calls the kinds of records the host's audit entries name. */
export const HOST_AUDIT_TARGETS = labels([
  ['user', 'User', 'Gebruiker', 'Utilisateur'],
  ['device', 'Device', 'Apparaat', 'Appareil'],
  ['user-group', 'User group', 'Gebruikersgroep', 'Groupe d’utilisateurs'],
  ['device-group', 'Device group', 'Apparaatgroep', 'Groupe d’appareils'],
  ['admin', 'Admin', 'Beheerder', 'Administrateur'],
  ['api-token', 'API token', 'API-token', 'Jeton d’API'],
  ['plugin', 'Plugin', 'Plug-in', 'Extension'],
  ['setting', 'Setting', 'Instelling', 'Paramètre'],
  ['directory-provider', 'Directory', 'Adreslijst', 'Annuaire'],
]);
