import { panelTexts } from '../../api/panel-text.js';

/** The inventory pages' words; the seeds' terms where they have them (gebruikersgroepen, groupes d'appareils). */
const EN = {
  name: 'Name', email: 'Email', language: 'Language', managedAppleId: 'Managed Apple ID', groups: 'Groups', devices: 'Devices',
  members: 'Members', created: 'Created', joined: 'Joined', details: 'Details', serialNumber: 'Serial number', platform: 'Platform',
  osVersion: 'OS version', owner: 'Owner', state: 'State', enrolledAt: 'Enrolled', enrolled: 'enrolled', unenrolled: 'unenrolled', wiped: 'wiped',
  searchUsers: 'Name, email or Managed Apple ID', searchDevices: 'Name or serial number', searchGroups: 'Group name',
  noUsers: 'No users yet. Add one, or import them with `vpp-host inventory import`.', noDevices: 'No devices yet.', noGroups: 'No groups yet.',
  noMatches: 'Nothing matches your search.', noMembers: 'This group has no members yet.', noGroupsOfMember: 'Not in any group.', noDevicesOfUser: 'No devices.',
  addUser: 'Add user', saveUser: 'Save changes', editUser: 'Edit', deleteUser: 'Delete user', deleteUserQuestion: 'Delete this user? Their group memberships end and their devices lose their owner.',
  userAdded: 'User "{name}" added', userSaved: 'User "{name}" saved', userDeleted: 'User "{name}" deleted',
  addToGroup: 'Add to group', group: 'Group', groupHint: 'Group name or id', remove: 'Remove', addedToGroup: 'Added to "{name}"', removedFromGroup: 'Removed from "{name}"',
  createGroup: 'Create group', newGroupName: 'New group name', groupCreated: 'Group "{name}" created', deleteGroup: 'Delete group', deleteGroupQuestion: 'Delete this group? Its members stay; only the group goes.', groupDeleted: 'Group "{name}" deleted',
  addMember: 'Add member', userMemberHint: 'Email or user id', deviceMemberHint: 'Serial number or device id', memberAdded: 'Member added', memberRemoved: 'Member removed', wouldJoin: '{member} would join {group}.', wouldLeave: '{member} would leave {group}.', noConsequences: 'Nothing else changes: nothing depends on this membership.',
  unenroll: 'Unenroll', unenrollQuestion: 'Remove MDM control from this device? Managed apps and books go with it.', wipe: 'Wipe',
  wipeQuestion: 'Selectively wipe this device? Managed apps, books and data are removed.', deviceUnenrolled: 'Device unenrolled', deviceWiped: 'Device wiped',
  backToUsers: 'All users', backToDevices: 'All devices', backToGroups: 'All groups',
  noUser: 'There is no user "{id}".', noDevice: 'There is no device "{id}".', noGroup: 'There is no group "{id}".', noSuchGroup: 'There is no group named "{name}".',
  noSuchUser: 'There is no user with email or id "{name}".', noSuchDevice: 'There is no device with serial number or id "{name}".', unknownAction: 'Unknown action "{name}".',
};

export type InventoryText = typeof EN;

export const inventoryText = panelTexts(EN, {
  nl: {
    name: 'Naam', email: 'E-mail', language: 'Taal', managedAppleId: 'Beheerde Apple ID', groups: 'Groepen', devices: 'Apparaten',
    members: 'Leden', created: 'Aangemaakt', joined: 'Lid sinds', details: 'Gegevens', serialNumber: 'Serienummer', platform: 'Platform',
    osVersion: 'OS-versie', owner: 'Eigenaar', state: 'Toestand', enrolledAt: 'Ingeschreven', enrolled: 'ingeschreven', unenrolled: 'uitgeschreven', wiped: 'gewist',
    searchUsers: 'Naam, e-mail of beheerde Apple ID', searchDevices: 'Naam of serienummer', searchGroups: 'Groepsnaam',
    noUsers: 'Nog geen gebruikers. Voeg er een toe, of importeer ze met `vpp-host inventory import`.', noDevices: 'Nog geen apparaten.', noGroups: 'Nog geen groepen.',
    noMatches: 'Niets komt overeen met uw zoekopdracht.', noMembers: 'Deze groep heeft nog geen leden.', noGroupsOfMember: 'In geen enkele groep.', noDevicesOfUser: 'Geen apparaten.',
    addUser: 'Gebruiker toevoegen', saveUser: 'Wijzigingen opslaan', editUser: 'Bewerken', deleteUser: 'Gebruiker verwijderen', deleteUserQuestion: 'Deze gebruiker verwijderen? Het lidmaatschap van groepen vervalt en de apparaten verliezen hun eigenaar.',
    userAdded: 'Gebruiker "{name}" toegevoegd', userSaved: 'Gebruiker "{name}" opgeslagen', userDeleted: 'Gebruiker "{name}" verwijderd',
    addToGroup: 'Aan groep toevoegen', group: 'Groep', groupHint: 'Groepsnaam of id', remove: 'Verwijderen', addedToGroup: 'Toegevoegd aan "{name}"', removedFromGroup: 'Verwijderd uit "{name}"',
    createGroup: 'Groep aanmaken', newGroupName: 'Naam van de nieuwe groep', groupCreated: 'Groep "{name}" aangemaakt', deleteGroup: 'Groep verwijderen', deleteGroupQuestion: 'Deze groep verwijderen? De leden blijven; alleen de groep verdwijnt.', groupDeleted: 'Groep "{name}" verwijderd',
    addMember: 'Lid toevoegen', userMemberHint: 'E-mail of gebruikers-id', deviceMemberHint: 'Serienummer of apparaat-id', memberAdded: 'Lid toegevoegd', memberRemoved: 'Lid verwijderd', wouldJoin: '{member} zou lid worden van {group}.', wouldLeave: '{member} zou {group} verlaten.', noConsequences: 'Verder verandert er niets: niets hangt van dit lidmaatschap af.',
    unenroll: 'Uitschrijven', unenrollQuestion: 'MDM-beheer van dit apparaat verwijderen? Beheerde apps en boeken gaan mee.', wipe: 'Wissen',
    wipeQuestion: 'Dit apparaat selectief wissen? Beheerde apps, boeken en gegevens worden verwijderd.', deviceUnenrolled: 'Apparaat uitgeschreven', deviceWiped: 'Apparaat gewist',
    backToUsers: 'Alle gebruikers', backToDevices: 'Alle apparaten', backToGroups: 'Alle groepen',
    noUser: 'Er is geen gebruiker "{id}".', noDevice: 'Er is geen apparaat "{id}".', noGroup: 'Er is geen groep "{id}".', noSuchGroup: 'Er is geen groep met de naam "{name}".',
    noSuchUser: 'Er is geen gebruiker met e-mail of id "{name}".', noSuchDevice: 'Er is geen apparaat met serienummer of id "{name}".', unknownAction: 'Onbekende actie "{name}".',
  },
  fr: {
    name: 'Nom', email: 'E-mail', language: 'Langue', managedAppleId: 'Identifiant Apple géré', groups: 'Groupes', devices: 'Appareils',
    members: 'Membres', created: 'Créé', joined: 'Membre depuis', details: 'Détails', serialNumber: 'Numéro de série', platform: 'Plateforme',
    osVersion: 'Version du système', owner: 'Propriétaire', state: 'État', enrolledAt: 'Inscrit', enrolled: 'inscrit', unenrolled: 'désinscrit', wiped: 'effacé',
    searchUsers: 'Nom, e-mail ou identifiant Apple géré', searchDevices: 'Nom ou numéro de série', searchGroups: 'Nom du groupe',
    noUsers: "Aucun utilisateur pour l'instant. Ajoutez-en un, ou importez-les avec `vpp-host inventory import`.", noDevices: "Aucun appareil pour l'instant.", noGroups: "Aucun groupe pour l'instant.",
    noMatches: 'Rien ne correspond à votre recherche.', noMembers: "Ce groupe n'a pas encore de membres.", noGroupsOfMember: "Dans aucun groupe.", noDevicesOfUser: 'Aucun appareil.',
    addUser: 'Ajouter un utilisateur', saveUser: 'Enregistrer', editUser: 'Modifier', deleteUser: "Supprimer l'utilisateur", deleteUserQuestion: "Supprimer cet utilisateur ? Ses appartenances aux groupes prennent fin et ses appareils perdent leur propriétaire.",
    userAdded: 'Utilisateur « {name} » ajouté', userSaved: 'Utilisateur « {name} » enregistré', userDeleted: 'Utilisateur « {name} » supprimé',
    addToGroup: 'Ajouter au groupe', group: 'Groupe', groupHint: 'Nom ou id du groupe', remove: 'Retirer', addedToGroup: 'Ajouté à « {name} »', removedFromGroup: 'Retiré de « {name} »',
    createGroup: 'Créer un groupe', newGroupName: 'Nom du nouveau groupe', groupCreated: 'Groupe « {name} » créé', deleteGroup: 'Supprimer le groupe', deleteGroupQuestion: 'Supprimer ce groupe ? Les membres restent ; seul le groupe disparaît.', groupDeleted: 'Groupe « {name} » supprimé',
    addMember: 'Ajouter un membre', userMemberHint: "E-mail ou id de l'utilisateur", deviceMemberHint: "Numéro de série ou id de l'appareil", memberAdded: 'Membre ajouté', memberRemoved: 'Membre retiré', wouldJoin: '{member} rejoindrait {group}.', wouldLeave: '{member} quitterait {group}.', noConsequences: 'Rien d’autre ne change : rien ne dépend de cette appartenance.',
    unenroll: 'Désinscrire', unenrollQuestion: 'Retirer la gestion MDM de cet appareil ? Les apps et livres gérés partent avec elle.', wipe: 'Effacer',
    wipeQuestion: 'Effacer sélectivement cet appareil ? Les apps, livres et données gérés sont supprimés.', deviceUnenrolled: 'Appareil désinscrit', deviceWiped: 'Appareil effacé',
    backToUsers: 'Tous les utilisateurs', backToDevices: 'Tous les appareils', backToGroups: 'Tous les groupes',
    noUser: "Il n'y a pas d'utilisateur « {id} ».", noDevice: "Il n'y a pas d'appareil « {id} ».", noGroup: "Il n'y a pas de groupe « {id} ».", noSuchGroup: "Il n'y a pas de groupe nommé « {name} ».",
    noSuchUser: "Il n'y a pas d'utilisateur avec l'e-mail ou l'id « {name} ».", noSuchDevice: "Il n'y a pas d'appareil avec le numéro de série ou l'id « {name} ».", unknownAction: 'Action inconnue « {name} ».',
  },
});
