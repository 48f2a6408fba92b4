import { formatNumber } from '@vpp-host/api';

/**
 * Every word of vpp-apple's panel pages in English, Dutch and French. Where the product's seed documents have a
 * term (Beheerde distributie, Distribution gérée, Interne app, App métier, Installatiemodus...), it is used as is.
 */
const TEXT = {
  en: {
    // navigation titles (the manifest repeats them) and page titles
    dashboard: 'Dashboard', tokens: 'Tokens', catalog: 'Catalog', assignments: 'Managed distribution',
    // shared words
    name: 'Name', organisation: 'Organisation', location: 'Location', locations: 'Locations', state: 'State', since: 'Since', reason: 'Why', expires: 'Expires', program: 'Program',
    country: 'Country', kind: 'Kind', platforms: 'Platforms', total: 'Total', assigned: 'Assigned', available: 'Available', waiting: 'Waiting',
    item: 'App or book', target: 'Target', targetKind: 'Assign to', targetId: 'Who', installMode: 'Install mode', licenseType: 'License type',
    automatic: 'Automatic', manual: 'Manual', deviceLicense: 'Device license', userLicense: 'User license', noLicense: 'None', licenseDefault: 'As the target implies',
    device: 'Device', 'device-group': 'Device group', user: 'User', 'user-group': 'User group', holder: 'Holder', position: 'Place', enrolledAt: 'Enrolled at', joinedAt: 'Joined at', enrolledOrJoinedAt: 'Enrolled or joined at',
    licenses: 'Licenses', assignmentsWord: 'Assignments', details: 'Details', all: 'All', filter: 'Filter', when: 'When', who: 'Who', what: 'What',
    unknownAction: 'Unknown action "{name}".', yes: 'Yes', no: 'No', business: 'Business', education: 'Education', optionalReason: 'Reason (for the audit log)',
    // item kinds (seed 001 / 002 table rows)
    'in-house-app': 'In-house app', 'in-house-book': 'In-house book', 'vpp-app': 'VPP app', 'vpp-book': 'VPP book',
    // token health
    valid: 'valid', expiring: 'expiring', expired: 'expired', revoked: 'revoked', invalid: 'invalid', 'claimed-elsewhere': 'claimed by another MDM',
    // sync state
    syncState: 'Sync', lastSuccess: 'Last success', none: 'never synced', 'in-progress': 'syncing', completed: 'synced', failed: 'failed',
    // license states
    requested: 'requested', confirmed: 'confirmed', releasing: 'releasing', released: 'released',
    'active': 'active', 'awaiting-approval': 'awaiting approval',
    // dashboard
    alerts: 'Alerts', noAlerts: 'All is well: no token needs attention and every asset has licenses left.',
    alertExpiring: 'Token "{name}" expires on {date}: renew it with a new file from Apple.',
    alertExpired: 'Token "{name}" has expired: nothing is sent to Apple for "{location}" until it is renewed.',
    alertRevoked: 'Token "{name}" was revoked at Apple: upload a new token for "{location}".',
    alertInvalid: 'Apple does not accept token "{name}": {reason}',
    alertClaimed: 'The location "{location}" of token "{name}" is managed by another MDM ({other}): take it over to manage it here.',
    alertOutOfLicenses: '{item} at "{location}" has no licenses left; {queued} waiting.',
    alertSyncFailed: 'The last sync of "{name}" failed: {reason}',
    tokenHealth: 'Tokens', licenseTotals: 'Licenses per location', queueLengths: 'Longest queues', recentActivity: 'Recent activity',
    noTokens: 'No location yet: add the .vpptoken file of a location from Apple Business or School Manager.', noQueues: 'Nobody is waiting for a license.',
    noActivity: 'Nothing has happened yet.', outOfLicenses: 'no licenses left', otherMdm: 'another MDM', queued: 'waiting',
    // tokens
    addToken: 'Add a location', tokenFile: '.vpptoken file', tokenName: 'Token name', tokenNameNeeded: 'Give the token a name.', add: 'Add', tokenAdded: 'Location "{location}" added as token "{name}"',
    takeOverConsent: 'If another MDM manages this location, take it over (that MDM stops managing it)',
    takeOverConsentNamed: 'I understand this takes the location from {other}',
    rename: 'Rename', newName: 'New name', renamed: 'Token renamed to "{name}"',
    renew: 'Renew', renewHint: 'A new file of the same location; every assignment stays.', renewed: 'Token "{name}" renewed; it now expires on {date}',
    takeOver: 'Take over', takenOver: 'Location "{location}" taken over', consentNeeded: 'Tick the box to confirm that the location is taken from the other MDM.',
    deleteToken: 'Delete', deleteQuestion: 'Delete token "{name}" and everything synced for its location? Assignments of its apps and books stop working.',
    deleted: 'Token "{name}" deleted', syncNow: 'Sync now', synced: '"{name}" synced: {assets:app or book|apps and books}, {users:user|users}', backToTokens: 'All locations',
    noFile: 'Choose the .vpptoken file to upload.', schedule: 'Schedule', syncInterval: 'Hours between syncs', expiryWarning: 'Warn this many days before expiry',
    save: 'Save', scheduleSaved: 'Schedule saved: every {hours:hour|hours}', scheduleText: 'Every token syncs every {hours:hour|hours}; a new token syncs at once.',
    claimedBy: 'Managed by', notifications: 'Apple notifications', on: 'on', off: 'off (sync and status polls only)', created: 'Added', renewedAt: 'Renewed',
    noToken: 'There is no token "{id}".', badFile: 'This is not a usable .vpptoken file: {message}',
    claimedRefusal: 'This location is managed by another MDM ("{other}"). Tick the box to take it over; that MDM then stops managing it.',
    duplicateLocation: 'This location is already added as token "{name}": renew that token instead.',
    // catalog
    searchCatalog: 'Name, Apple id or bundle id', allKinds: 'All kinds', allLocations: 'All locations', noItems: 'The catalog is empty: add a location and sync it, or add an in-house app or book.',
    noMatches: 'Nothing matches your filter.', addInHouse: 'Add an in-house app or book', bundleId: 'Bundle id', fileRef: 'File location', inHouse: 'In-house',
    itemAdded: '"{name}" added to the catalog', platformsHint: 'Pick at least one platform', assign: 'Assign', backToCatalog: 'Catalog',
    holders: 'License holders', queue: 'Waiting in line', nobodyWaiting: 'Nobody is waiting.', noHolders: 'No licenses are held yet.', notAssigned: 'Not assigned to anyone.',
    awaitingEnrolment: 'Waiting to enrol in managed distribution: {names}', appleId: 'Apple id', noItem: 'There is no catalog item "{id}".',
    countsOf: '{available} of {total} available', inHouseNoLicense: 'In-house items need no license: they are delivered to every target.',
    // assignments
    createAssignment: 'New assignment', assignmentCreated: 'Assigned: {licensed:license|licenses} requested, {queued} waiting, {awaiting} waiting to enrol, {delivered} delivered without a license',
    refused: 'Refused: {message}', eligibility: 'Which kinds go where', mac: 'Mac computers', ios: 'iOS devices', users: 'Users',
    macMinimum: '(OS X El Capitan or later)', iosMinimum: '(iOS 9 or later)', booksIrrevocable: 'Once a VPP book is assigned to a user, the assignment cannot be undone.',
    noAssignments: 'Nothing is assigned yet.', held: 'Held', approve: 'Approve', approved: 'Assignment approved', removeAssignment: 'Remove',
    removeQuestion: 'Stop this distribution? Licenses are released or kept, and apps removed, as its policy says.', assignmentRemoved: 'Assignment removed: {released:license|licenses} released, {kept} kept by policy',
    revoke: 'Revoke', revokeHolderQuestion: 'Take this license back? The app is removed from the holder.', revokeAll: 'Revoke from everyone',
    revokeAllQuestion: 'Take every license of this app back, from every holder, and empty its queue?', revokedCount: '{count:license|licenses} revoked; {available} of {total} now available',
    noTarget: 'There is no {kind} "{name}".', ambiguousTarget: 'More than one {kind} is called "{name}": {candidates}. Type the id instead.', didYouMean: 'Did you mean {candidates}?', backToAssignments: 'All assignments', noAssignment: 'There is no assignment "{id}".', suggestionsHint: 'Name or id', searchAssignments: 'App, book or target',
    licensed: 'Licensed', createdBy: 'By', policyApproval: 'This assignment waits for an admin to approve it.',
    // facet
    facetTitle: 'Apps and Books', facetCell: '{licenses} lic. · {assignments} asg.', heldLicenses: 'Licenses held', assignedHere: 'Assigned here',
    noneHeld: 'No licenses held.', noneAssigned: 'Nothing is assigned here.',
  },
  nl: {
    dashboard: 'Overzicht', tokens: 'Tokens', catalog: 'Catalogus', assignments: 'Beheerde distributie',
    name: 'Naam', organisation: 'Organisatie', location: 'Locatie', locations: 'Locaties', state: 'Toestand', since: 'Sinds', reason: 'Waarom', expires: 'Verloopt', program: 'Programma',
    country: 'Land', kind: 'Type', platforms: "Platforms", total: 'Totaal', assigned: 'Toegewezen', available: 'Beschikbaar', waiting: 'Wachtend',
    item: 'App of boek', target: 'Doel', targetKind: 'Toewijzen aan', targetId: 'Wie', installMode: 'Installatiemodus', licenseType: 'Licentietype',
    automatic: 'Automatisch', manual: 'Handmatig', deviceLicense: 'Apparaatlicentie', userLicense: 'Gebruikerslicentie', noLicense: 'Geen', licenseDefault: 'Zoals het doel bepaalt',
    device: 'Apparaat', 'device-group': 'Apparaatgroep', user: 'Gebruiker', 'user-group': 'Gebruikersgroep', holder: 'Houder', position: 'Plaats', enrolledAt: 'Ingeschreven op', joinedAt: 'Toegevoegd op', enrolledOrJoinedAt: 'Ingeschreven of toegevoegd op',
    licenses: 'Licenties', assignmentsWord: 'Toewijzingen', details: 'Gegevens', all: 'Alle', filter: 'Filteren', when: 'Wanneer', who: 'Wie', what: 'Wat',
    unknownAction: 'Onbekende actie "{name}".', yes: 'Ja', no: 'Nee', business: 'Zakelijk', education: 'Onderwijs', optionalReason: 'Reden (voor het auditlogboek)',
    'in-house-app': 'Interne app', 'in-house-book': 'Intern boek', 'vpp-app': 'VPP-app', 'vpp-book': 'VPP-boek',
    valid: 'geldig', expiring: 'verloopt binnenkort', expired: 'verlopen', revoked: 'ingetrokken', invalid: 'ongeldig', 'claimed-elsewhere': 'beheerd door andere MDM',
    syncState: 'Synchronisatie', lastSuccess: 'Laatst gelukt', none: 'nooit gesynchroniseerd', 'in-progress': 'bezig', completed: 'gesynchroniseerd', failed: 'mislukt',
    requested: 'aangevraagd', confirmed: 'bevestigd', releasing: 'wordt vrijgegeven', released: 'vrijgegeven',
    'active': 'actief', 'awaiting-approval': 'wacht op goedkeuring',
    alerts: 'Meldingen', noAlerts: 'Alles in orde: geen token vraagt aandacht en elk onderdeel heeft nog licenties.',
    alertExpiring: 'Token "{name}" verloopt op {date}: vernieuw het met een nieuw bestand van Apple.',
    alertExpired: 'Token "{name}" is verlopen: er gaat niets naar Apple voor "{location}" tot het vernieuwd is.',
    alertRevoked: 'Token "{name}" is bij Apple ingetrokken: upload een nieuw token voor "{location}".',
    alertInvalid: 'Apple aanvaardt token "{name}" niet: {reason}',
    alertClaimed: 'De locatie "{location}" van token "{name}" wordt beheerd door een andere MDM ({other}): neem haar over om ze hier te beheren.',
    alertOutOfLicenses: '{item} bij "{location}" heeft geen licenties meer; {queued} wachtend.',
    alertSyncFailed: 'De laatste synchronisatie van "{name}" is mislukt: {reason}',
    tokenHealth: 'Tokens', licenseTotals: 'Licenties per locatie', queueLengths: 'Langste wachtrijen', recentActivity: 'Recente activiteit',
    noTokens: 'Nog geen locatie: voeg het .vpptoken-bestand van een locatie uit Apple Business of School Manager toe.', noQueues: 'Niemand wacht op een licentie.',
    noActivity: 'Er is nog niets gebeurd.', outOfLicenses: 'geen licenties meer', otherMdm: 'een andere MDM', queued: 'wachtend',
    addToken: 'Locatie toevoegen', tokenFile: '.vpptoken-bestand', tokenName: 'Naam van het token', tokenNameNeeded: 'Geef het token een naam.', add: 'Toevoegen', tokenAdded: 'Locatie "{location}" toegevoegd als token "{name}"',
    takeOverConsent: 'Als een andere MDM deze locatie beheert, neem haar over (die MDM stopt met beheren)',
    takeOverConsentNamed: 'Ik begrijp dat dit de locatie overneemt van {other}',
    rename: 'Hernoemen', newName: 'Nieuwe naam', renamed: 'Token hernoemd naar "{name}"',
    renew: 'Vernieuwen', renewHint: 'Een nieuw bestand van dezelfde locatie; alle toewijzingen blijven.', renewed: 'Token "{name}" vernieuwd; het verloopt nu op {date}',
    takeOver: 'Overnemen', takenOver: 'Locatie "{location}" overgenomen', consentNeeded: 'Vink het vakje aan om te bevestigen dat de locatie van de andere MDM wordt overgenomen.',
    deleteToken: 'Verwijderen', deleteQuestion: 'Token "{name}" verwijderen, met alles wat voor de locatie is gesynchroniseerd? Toewijzingen van de apps en boeken werken dan niet meer.',
    deleted: 'Token "{name}" verwijderd', syncNow: 'Nu synchroniseren', synced: '"{name}" gesynchroniseerd: {assets:app of boek|apps en boeken}, {users:gebruiker|gebruikers}', backToTokens: 'Alle locaties',
    noFile: 'Kies het .vpptoken-bestand om te uploaden.', schedule: 'Planning', syncInterval: 'Uren tussen synchronisaties', expiryWarning: 'Zoveel dagen voor het verlopen waarschuwen',
    save: 'Bewaar', scheduleSaved: 'Planning bewaard: elke {hours} uur', scheduleText: 'Elk token wordt elke {hours} uur gesynchroniseerd; een nieuw token meteen.',
    claimedBy: 'Beheerd door', notifications: 'Meldingen van Apple', on: 'aan', off: 'uit (alleen synchronisatie en statusopvraging)', created: 'Toegevoegd', renewedAt: 'Vernieuwd',
    noToken: 'Er is geen token "{id}".', badFile: 'Dit is geen bruikbaar .vpptoken-bestand: {message}',
    claimedRefusal: 'Deze locatie wordt beheerd door een andere MDM ("{other}"). Vink het vakje aan om haar over te nemen; die MDM stopt dan met beheren.',
    duplicateLocation: 'Deze locatie is al toegevoegd als token "{name}": vernieuw dat token.',
    searchCatalog: 'Naam, Apple-id of bundel-id', allKinds: 'Alle types', allLocations: 'Alle locaties', noItems: 'De catalogus is leeg: voeg een locatie toe en synchroniseer ze, of voeg een interne app of een intern boek toe.',
    noMatches: 'Niets komt overeen met uw filter.', addInHouse: 'Interne app of intern boek toevoegen', bundleId: 'Bundel-id', fileRef: 'Bestandslocatie', inHouse: 'Intern',
    itemAdded: '"{name}" aan de catalogus toegevoegd', platformsHint: 'Kies minstens één platform', assign: 'Toewijzen', backToCatalog: 'Catalogus',
    holders: 'Licentiehouders', queue: 'In de wachtrij', nobodyWaiting: 'Niemand wacht.', noHolders: 'Er zijn nog geen licenties in gebruik.', notAssigned: 'Aan niemand toegewezen.',
    awaitingEnrolment: 'Wacht op inschrijving voor beheerde distributie: {names}', appleId: 'Apple-id', noItem: 'Er is geen catalogusonderdeel "{id}".',
    countsOf: '{available} van {total} beschikbaar', inHouseNoLicense: 'Interne apps en boeken hebben geen licentie nodig: elk doel krijgt ze.',
    createAssignment: 'Nieuwe toewijzing', assignmentCreated: 'Toegewezen: {licensed:licentie|licenties} aangevraagd, {queued} wachtend, {awaiting} wachtend op inschrijving, {delivered} zonder licentie geleverd',
    refused: 'Geweigerd: {message}', eligibility: 'Wat kan waarheen', mac: 'Mac-computers', ios: 'iOS-apparaten', users: 'Gebruikers',
    macMinimum: '(OS X El Capitan of nieuwer)', iosMinimum: '(iOS 9 of hoger)', booksIrrevocable: 'Als boeken uit de iBooks Store eenmaal aan gebruikers zijn toegewezen, kan deze toewijzing niet meer ongedaan worden gemaakt.',
    noAssignments: 'Er is nog niets toegewezen.', held: 'In gebruik', approve: 'Goedkeuren', approved: 'Toewijzing goedgekeurd', removeAssignment: 'Verwijderen',
    removeQuestion: 'Deze distributie stoppen? Licenties worden vrijgegeven of behouden, en apps verwijderd, zoals het beleid zegt.', assignmentRemoved: 'Toewijzing verwijderd: {released:licentie|licenties} vrijgegeven, {kept} behouden volgens beleid',
    revoke: 'Intrekken', revokeHolderQuestion: 'Deze licentie intrekken? De app wordt bij de houder verwijderd.', revokeAll: 'Bij iedereen intrekken',
    revokeAllQuestion: 'Alle licenties van deze app bij iedereen intrekken en de wachtrij leegmaken?', revokedCount: '{count:licentie|licenties} ingetrokken; nu {available} van {total} beschikbaar',
    noTarget: 'Er is geen {kind} "{name}".', ambiguousTarget: 'Er is meer dan één {kind} met de naam "{name}": {candidates}. Typ de id.', didYouMean: 'Bedoelde u {candidates}?', backToAssignments: 'Alle toewijzingen', noAssignment: 'Er is geen toewijzing "{id}".', suggestionsHint: 'Naam of id', searchAssignments: 'App, boek of doel',
    licensed: 'Met licentie', createdBy: 'Door', policyApproval: 'Deze toewijzing wacht op goedkeuring door een beheerder.',
    facetTitle: 'Apps en boeken', facetCell: '{licenses} lic. · {assignments} toew.', heldLicenses: 'Licenties in gebruik', assignedHere: 'Hier toegewezen',
    noneHeld: 'Geen licenties in gebruik.', noneAssigned: 'Hier is niets toegewezen.',
  },
  fr: {
    dashboard: 'Tableau de bord', tokens: 'Jetons', catalog: 'Catalogue', assignments: 'Distribution gérée',
    name: 'Nom', organisation: 'Organisation', location: 'Site', locations: 'Sites', state: 'État', since: 'Depuis', reason: 'Pourquoi', expires: 'Expire', program: 'Programme',
    country: 'Pays', kind: 'Type', platforms: 'Plateformes', total: 'Total', assigned: 'Affectées', available: 'Disponibles', waiting: 'En attente',
    item: 'App ou livre', target: 'Cible', targetKind: 'Affecter à', targetId: 'Qui', installMode: "Mode d'installation", licenseType: 'Type de licence',
    automatic: 'Automatique', manual: 'Manuelle', deviceLicense: "Licence d'appareil", userLicense: "Licence d'utilisateur", noLicense: 'Aucune', licenseDefault: 'Selon la cible',
    device: 'Appareil', 'device-group': "Groupe d'appareils", user: 'Utilisateur', 'user-group': "Groupe d'utilisateurs", holder: 'Détenteur', position: 'Place', enrolledAt: 'Inscrit le', joinedAt: 'Ajouté le', enrolledOrJoinedAt: 'Inscrit ou ajouté le',
    licenses: 'Licences', assignmentsWord: 'Affectations', details: 'Détails', all: 'Tous', filter: 'Filtrer', when: 'Quand', who: 'Qui', what: 'Quoi',
    unknownAction: 'Action inconnue « {name} ».', yes: 'Oui', no: 'Non', business: 'Entreprise', education: 'Éducation', optionalReason: "Raison (pour le journal d'audit)",
    'in-house-app': 'App métier', 'in-house-book': 'Livre fait-maison', 'vpp-app': 'Apps VPP', 'vpp-book': 'Livre VPP',
    valid: 'valide', expiring: 'expire bientôt', expired: 'expiré', revoked: 'révoqué', invalid: 'invalide', 'claimed-elsewhere': 'géré par un autre MDM',
    syncState: 'Synchronisation', lastSuccess: 'Dernière réussite', none: 'jamais synchronisé', 'in-progress': 'en cours', completed: 'synchronisé', failed: 'échec',
    requested: 'demandée', confirmed: 'confirmée', releasing: 'en libération', released: 'libérée',
    'active': 'active', 'awaiting-approval': "en attente d'approbation",
    alerts: 'Alertes', noAlerts: "Tout va bien : aucun jeton ne demande d'attention et chaque élément a encore des licences.",
    alertExpiring: 'Le jeton « {name} » expire le {date} : renouvelez-le avec un nouveau fichier d’Apple.',
    alertExpired: 'Le jeton « {name} » a expiré : rien n’est envoyé à Apple pour « {location} » tant qu’il n’est pas renouvelé.',
    alertRevoked: 'Le jeton « {name} » a été révoqué chez Apple : téléversez un nouveau jeton pour « {location} ».',
    alertInvalid: 'Apple n’accepte pas le jeton « {name} » : {reason}',
    alertClaimed: 'Le site « {location} » du jeton « {name} » est géré par un autre MDM ({other}) : reprenez-le pour le gérer ici.',
    alertOutOfLicenses: '{item} sur « {location} » n’a plus de licences ; {queued} en attente.',
    alertSyncFailed: 'La dernière synchronisation de « {name} » a échoué : {reason}',
    tokenHealth: 'Jetons', licenseTotals: 'Licences par site', queueLengths: "Files d'attente les plus longues", recentActivity: 'Activité récente',
    noTokens: 'Aucun site pour l’instant : ajoutez le fichier .vpptoken d’un site depuis Apple Business ou School Manager.', noQueues: 'Personne n’attend de licence.',
    noActivity: 'Rien ne s’est encore passé.', outOfLicenses: 'plus de licences', otherMdm: 'un autre MDM', queued: 'en attente',
    addToken: 'Ajouter un site', tokenFile: 'Fichier .vpptoken', tokenName: 'Nom du jeton', tokenNameNeeded: 'Donnez un nom au jeton.', add: 'Ajouter', tokenAdded: 'Site « {location} » ajouté comme jeton « {name} »',
    takeOverConsent: 'Si un autre MDM gère ce site, le reprendre (cet MDM cesse de le gérer)',
    takeOverConsentNamed: 'Je comprends que cela reprend le site à {other}',
    rename: 'Renommer', newName: 'Nouveau nom', renamed: 'Jeton renommé en « {name} »',
    renew: 'Renouveler', renewHint: 'Un nouveau fichier du même site ; toutes les affectations restent.', renewed: 'Jeton « {name} » renouvelé ; il expire désormais le {date}',
    takeOver: 'Reprendre', takenOver: 'Site « {location} » repris', consentNeeded: 'Cochez la case pour confirmer que le site est repris à l’autre MDM.',
    deleteToken: 'Supprimer', deleteQuestion: 'Supprimer le jeton « {name} » et tout ce qui a été synchronisé pour son site ? Les affectations de ses apps et livres cessent de fonctionner.',
    deleted: 'Jeton « {name} » supprimé', syncNow: 'Synchroniser', synced: '« {name} » synchronisé : {assets:app ou livre|apps et livres}, {users:utilisateur|utilisateurs}', backToTokens: 'Tous les sites',
    noFile: 'Choisissez le fichier .vpptoken à téléverser.', schedule: 'Planification', syncInterval: 'Heures entre deux synchronisations', expiryWarning: "Avertir autant de jours avant l'expiration",
    save: 'Enregistrer', scheduleSaved: 'Planification enregistrée : toutes les {hours:heure|heures}', scheduleText: 'Chaque jeton se synchronise toutes les {hours:heure|heures} ; un nouveau jeton tout de suite.',
    claimedBy: 'Géré par', notifications: "Notifications d'Apple", on: 'activées', off: 'désactivées (synchronisation et interrogation du statut seulement)', created: 'Ajouté', renewedAt: 'Renouvelé',
    noToken: "Il n'y a pas de jeton « {id} ».", badFile: "Ce n'est pas un fichier .vpptoken utilisable : {message}",
    claimedRefusal: 'Ce site est géré par un autre MDM (« {other} »). Cochez la case pour le reprendre ; cet MDM cesse alors de le gérer.',
    duplicateLocation: 'Ce site est déjà ajouté comme jeton « {name} » : renouvelez plutôt ce jeton.',
    searchCatalog: 'Nom, identifiant Apple ou de paquet', allKinds: 'Tous les types', allLocations: 'Tous les sites', noItems: 'Le catalogue est vide : ajoutez un site et synchronisez-le, ou ajoutez une app métier ou un livre fait-maison.',
    noMatches: 'Rien ne correspond à votre filtre.', addInHouse: 'Ajouter une app métier ou un livre fait-maison', bundleId: 'Identifiant de paquet', fileRef: 'Emplacement du fichier', inHouse: 'Interne',
    itemAdded: '« {name} » ajouté au catalogue', platformsHint: 'Choisissez au moins une plateforme', assign: 'Affecter', backToCatalog: 'Catalogue',
    holders: 'Détenteurs de licence', queue: "File d'attente", nobodyWaiting: 'Personne n’attend.', noHolders: 'Aucune licence attribuée pour l’instant.', notAssigned: 'Affecté à personne.',
    awaitingEnrolment: 'En attente d’inscription à la distribution gérée : {names}', appleId: 'Identifiant Apple', noItem: "Il n'y a pas d'élément « {id} » au catalogue.",
    countsOf: '{available} sur {total} disponibles', inHouseNoLicense: 'Les apps et livres internes n’ont pas besoin de licence : chaque cible les reçoit.',
    createAssignment: 'Nouvelle affectation', assignmentCreated: 'Affecté : {licensed:licence demandée|licences demandées}, {queued} en attente, {awaiting} en attente d’inscription, {delivered:livré|livrés} sans licence',
    refused: 'Refusé : {message}', eligibility: 'Quel type va où', mac: 'Ordinateurs Mac', ios: 'Appareils iOS', users: 'Utilisateurs',
    macMinimum: '(OS X El Capitan ou ultérieur)', iosMinimum: '(iOS 9 ou ultérieur)', booksIrrevocable: 'Après avoir affecté les livres de l’iBooks Store aux utilisateurs, ils ne peuvent plus être révoqués.',
    noAssignments: 'Rien n’est encore affecté.', held: 'Attribuées', approve: 'Approuver', approved: 'Affectation approuvée', removeAssignment: 'Supprimer',
    removeQuestion: 'Arrêter cette distribution ? Les licences sont libérées ou conservées, et les apps retirées, selon sa règle.', assignmentRemoved: 'Affectation supprimée : {released:licence libérée|licences libérées}, {kept:conservée|conservées} selon la règle',
    revoke: 'Révoquer', revokeHolderQuestion: 'Reprendre cette licence ? L’app est retirée au détenteur.', revokeAll: 'Révoquer pour tous',
    revokeAllQuestion: 'Reprendre toutes les licences de cette app, à tous les détenteurs, et vider sa file d’attente ?', revokedCount: '{count:licence révoquée|licences révoquées} ; {available} sur {total} désormais disponibles',
    noTarget: "Aucun élément « {name} » de type {kind}.", ambiguousTarget: 'Plusieurs éléments de type {kind} s’appellent « {name} » : {candidates}. Saisissez plutôt l’identifiant.', didYouMean: 'Vouliez-vous dire {candidates} ?', backToAssignments: 'Toutes les affectations', noAssignment: "Il n'y a pas d'affectation « {id} ».", suggestionsHint: 'Nom ou id', searchAssignments: 'App, livre ou cible',
    licensed: 'Avec licence', createdBy: 'Par', policyApproval: 'Cette affectation attend l’approbation d’un administrateur.',
    facetTitle: 'Apps et livres', facetCell: '{licenses} lic. · {assignments} aff.', heldLicenses: 'Licences détenues', assignedHere: 'Affecté ici',
    noneHeld: 'Aucune licence détenue.', noneAssigned: 'Rien n’est affecté ici.',
  },
} as const;

export type VppText = { readonly [K in keyof (typeof TEXT)['en']]: string };

export function vppText(language: string): VppText {
  return TEXT[language as keyof typeof TEXT] ?? TEXT.en;
}

/**
 * Fills `{name}`-style holes. A counted hole, `{count:license|licenses}`, becomes the number and the word in the
 * form the language's grammar takes for it (see `counted`).
 */
export function fill(template: string, values: Readonly<Record<string, string | number>>, language = 'en'): string {
  return template.replace(/\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}/g, (hole, key: string, one: string | undefined, other: string | undefined) => {
    const value = values[key];
    if (value === undefined) return hole;
    return one === undefined || other === undefined ? String(value) : counted(language, Number(value), one, other);
  });
}

/**
 * A count and its word in the singular or plural the language asks for: "1 license", "2 licenses"; French takes
 * the singular for 0 as well ("0 licence"). The one place the panel decides between them.
 */
export function counted(language: string, count: number, one: string, other: string): string {
  const rules = new Intl.PluralRules(Intl.PluralRules.supportedLocalesOf(language).length > 0 ? language : 'en');
  return `${formatNumber(count, language)} ${rules.select(count) === 'one' ? one : other}`;
}

/**
 * The eligibility rules (seed 001's table and Apple's license rules) in the admin's language. English uses the
 * service's own message, which names the device and versions; the others explain the rule.
 */
const RULES: Readonly<Record<'nl' | 'fr', Readonly<Record<string, string>>>> = {
  nl: {
    'vpp-book-users-only': 'VPP-boeken kunnen alleen aan gebruikers of gebruikersgroepen worden toegewezen.',
    'license-type-vpp-apps-only': 'Alleen VPP-apps hebben een licentietype.',
    'device-license-device-targets': 'Apparaatlicenties gaan alleen naar apparaten of apparaatgroepen; gebruik een gebruikerslicentie voor gebruikers.',
    'user-license-user-targets': 'Gebruikerslicenties gaan alleen naar gebruikers of gebruikersgroepen.',
    'not-device-assignable': 'Apple staat niet toe dat deze app aan apparaten wordt toegewezen; gebruik een gebruikerslicentie.',
    'no-mac': 'Dit type kan niet aan Mac-computers worden toegewezen.',
    'no-ios-device': 'Dit type kan niet aan iOS-apparaten worden toegewezen.',
    platform: 'Deze app of dit boek is niet gemaakt voor het platform van het apparaat.',
    'device-license-os-minimum': 'Apparaatlicenties vereisen iOS 9 of hoger, of OS X El Capitan of nieuwer.',
    'vpp-book-irrevocable': 'Als boeken uit de iBooks Store eenmaal aan gebruikers zijn toegewezen, kan deze toewijzing niet meer ongedaan worden gemaakt.',
    'no-license': 'Interne apps en boeken hebben geen licentie om in te trekken.',
  },
  fr: {
    'vpp-book-users-only': "Les livres VPP ne peuvent être affectés qu'à des utilisateurs ou des groupes d'utilisateurs.",
    'license-type-vpp-apps-only': "Seules les apps VPP ont un type de licence.",
    'device-license-device-targets': "Les licences d'appareil vont seulement aux appareils ou groupes d'appareils ; utilisez une licence d'utilisateur pour les utilisateurs.",
    'user-license-user-targets': "Les licences d'utilisateur vont seulement aux utilisateurs ou groupes d'utilisateurs.",
    'not-device-assignable': "Apple n'autorise pas l'affectation de cette app à des appareils ; utilisez une licence d'utilisateur.",
    'no-mac': 'Ce type ne peut pas être affecté à des ordinateurs Mac.',
    'no-ios-device': 'Ce type ne peut pas être affecté à des appareils iOS.',
    platform: "Cette app ou ce livre n'est pas fait pour la plateforme de l'appareil.",
    'device-license-os-minimum': "Les licences d'appareil exigent iOS 9 ou ultérieur, ou OS X El Capitan ou ultérieur.",
    'vpp-book-irrevocable': "Après avoir affecté les livres de l'iBooks Store aux utilisateurs, ils ne peuvent plus être révoqués.",
    'no-license': "Les apps et livres internes n'ont pas de licence à révoquer.",
  },
};

export function ruleExplanation(rule: string, englishMessage: string, language: string): string {
  return RULES[language as 'nl' | 'fr']?.[rule] ?? englishMessage;
}
