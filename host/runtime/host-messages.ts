import type { MessageDeclaration } from '../api/manifest.js';

/** What the host's own refusals say in each language, as [id, English, Dutch, French]; `saying(error, id, params)` names one. */
const MESSAGES: readonly (readonly [string, string, string, string])[] = [
  ['host.setting.unknown', 'Plugin "{plugin}" has no setting "{setting}"', 'Plugin "{plugin}" heeft geen instelling "{setting}"', 'Le plugin « {plugin} » n’a pas de réglage « {setting} »'],
  ['host.setting.number', '{setting} must be a number, got {got}', '{setting} moet een getal zijn, niet {got}', '{setting} doit être un nombre, pas {got}'],
  ['host.setting.whole', '{setting} must be a whole number, got {got}', '{setting} moet een geheel getal zijn, niet {got}', '{setting} doit être un nombre entier, pas {got}'],
  ['host.setting.minimum', '{setting} must be at least {minimum}, got {got}', '{setting} moet minstens {minimum} zijn, niet {got}', '{setting} doit valoir au moins {minimum}, pas {got}'],
  ['host.setting.maximum', '{setting} must be at most {maximum}, got {got}', '{setting} mag hoogstens {maximum} zijn, niet {got}', '{setting} doit valoir au plus {maximum}, pas {got}'],
  ['host.setting.boolean', '{setting} must be true or false, got {got}', '{setting} moet waar of onwaar zijn, niet {got}', '{setting} doit être vrai ou faux, pas {got}'],
  ['host.setting.list', '{setting} must be a list of strings', '{setting} moet een lijst van teksten zijn', '{setting} doit être une liste de textes'],
  ['host.setting.text', '{setting} must be text, got {got}', '{setting} moet tekst zijn, niet {got}', '{setting} doit être du texte, pas {got}'],
  ['host.setting.choice', '{setting} must be one of {choices}, got {got}', '{setting} moet een van {choices} zijn, niet {got}', '{setting} doit être l’un de {choices}, pas {got}'],
  ['host.setting.url', '{setting} must be an http(s) URL, got {got}', '{setting} moet een http(s)-URL zijn, niet {got}', '{setting} doit être une URL http(s), pas {got}'],
  ['host.setting.hostname', '{setting} must be a host name, got {got}', '{setting} moet een hostnaam zijn, niet {got}', '{setting} doit être un nom d’hôte, pas {got}'],
  ['host.setting.email', '{setting} {problem}', '{setting} {problem}', '{setting} {problem}'],
  ['host.email.missing', 'must be an email address', 'moet een e-mailadres zijn', 'doit être une adresse électronique'],
  ['host.email.empty', 'must be an email address, got an empty value', 'moet een e-mailadres zijn, maar is leeg', 'doit être une adresse électronique, mais est vide'],
  ['host.email.too-long', 'is longer than {max} characters', 'is langer dan {max} tekens', 'dépasse {max} caractères'],
  ['host.email.shape', 'must look like name@example.com', 'moet eruitzien als naam@example.com', 'doit ressembler à nom@example.com'],
  ['host.email.local-too-long', 'has a part before "@" longer than {max} characters', 'heeft een deel vóór "@" dat langer is dan {max} tekens', 'a une partie avant « @ » de plus de {max} caractères'],
  ['host.email.local-characters', 'has characters or dots that are not allowed before "@"', 'heeft tekens of punten die vóór "@" niet zijn toegestaan', 'contient avant « @ » des caractères ou des points non autorisés'],
  ['host.email.domain', 'has an invalid domain after "@" (expected something like example.com)', 'heeft een ongeldig domein na "@" (verwacht: iets als example.com)', 'a un domaine non valide après « @ » (attendu : quelque chose comme example.com)'],
  ['host.check.text', 'must be text, got {got}', 'moet tekst zijn, niet {got}', 'doit être du texte, pas {got}'],
  ['host.check.empty', 'must not be empty', 'mag niet leeg zijn', 'ne doit pas être vide'],
  ['host.check.too-long', 'must be at most {max} characters', 'mag hoogstens {max} tekens lang zijn', 'doit faire au plus {max} caractères'],
  ['host.check.id', 'must be letters, digits and . _ ~ @ - (at most 128, starting with a letter or digit), got {got}', 'moet bestaan uit letters, cijfers en . _ ~ @ - (hoogstens 128, beginnend met een letter of cijfer), niet {got}', 'doit être fait de lettres, de chiffres et de . _ ~ @ - (au plus 128, en commençant par une lettre ou un chiffre), pas {got}'],
  ['host.check.language', 'must be a language code such as "en", "nl" or "fr", got {got}', 'moet een taalcode zijn zoals "en", "nl" of "fr", niet {got}', 'doit être un code de langue comme « en », « nl » ou « fr », pas {got}'],
  ['host.check.serial', 'must be a serial number of 4 to 32 letters and digits, got {got}', 'moet een serienummer van 4 tot 32 letters en cijfers zijn, niet {got}', 'doit être un numéro de série de 4 à 32 lettres et chiffres, pas {got}'],
  ['host.check.os-version', 'must be a version such as "17.4" or "10.15.7", got {got}', 'moet een versie zijn zoals "17.4" of "10.15.7", niet {got}', 'doit être une version comme « 17.4 » ou « 10.15.7 », pas {got}'],
  ['host.check.email', '{problem}, got {got}', '{problem}, niet {got}', '{problem}, pas {got}'],
  ['host.check.managed-apple-id', 'must be a Managed Apple ID, an address such as jan@appleid.example.com', 'moet een beheerde Apple ID zijn, een adres zoals jan@appleid.example.com', 'doit être un identifiant Apple géré, une adresse comme jan@appleid.example.com'],
  ['host.check.choice', 'must be one of {choices}, got {got}', 'moet een van {choices} zijn, niet {got}', 'doit être l’un de {choices}, pas {got}'],
  ['host.check.date', 'must be an ISO date such as 2026-01-31T09:00:00Z, got {got}', 'moet een ISO-datum zijn zoals 2026-01-31T09:00:00Z, niet {got}', 'doit être une date ISO comme 2026-01-31T09:00:00Z, pas {got}'],
  ['host.check.members', 'must be a list of ids', 'moet een lijst van ids zijn', 'doit être une liste d’identifiants'],
  ['host.check.required', 'is required', 'is verplicht', 'est obligatoire'],
  ['host.check.object', 'must be an object', 'moet een object zijn', 'doit être un objet'],
  ['host.check.list', 'must be a list', 'moet een lijst zijn', 'doit être une liste'],
  ['host.inventory.snapshot', 'must be an object with users, devices, userGroups and/or deviceGroups', 'moet een object zijn met users, devices, userGroups en/of deviceGroups', 'doit être un objet avec users, devices, userGroups et/ou deviceGroups'],
  ['host.inventory.no-user', 'no user "{ref}" (give a user id or email)', 'geen gebruiker "{ref}" (geef een gebruikers-id of e-mailadres)', 'aucun utilisateur « {ref} » (donnez l’identifiant ou l’e-mail d’un utilisateur)'],
  ['host.inventory.no-device', 'no device "{ref}" (give a device id or serial number)', 'geen apparaat "{ref}" (geef een apparaat-id of serienummer)', 'aucun appareil « {ref} » (donnez l’identifiant ou le numéro de série d’un appareil)'],
  ['host.inventory.duplicate', '"{value}" is also {other}', '"{value}" staat ook in {other}', '« {value} » figure aussi en {other}'],
  ['host.inventory.taken-user', '"{value}" already belongs to user "{holder}"', '"{value}" hoort al bij gebruiker "{holder}"', '« {value} » appartient déjà à l’utilisateur « {holder} »'],
  ['host.inventory.taken-device', '"{value}" already belongs to device "{holder}"', '"{value}" hoort al bij apparaat "{holder}"', '« {value} » appartient déjà à l’appareil « {holder} »'],
  ['host.inventory.taken-user-group', '"{value}" already belongs to user group "{holder}"', '"{value}" hoort al bij gebruikersgroep "{holder}"', '« {value} » appartient déjà au groupe d’utilisateurs « {holder} »'],
  ['host.inventory.taken-device-group', '"{value}" already belongs to device group "{holder}"', '"{value}" hoort al bij apparaatgroep "{holder}"', '« {value} » appartient déjà au groupe d’appareils « {holder} »'],
  ['host.inventory.invalid-user', 'Invalid user: {problems}', 'Ongeldige gebruiker: {problems}', 'Utilisateur non valide : {problems}'],
  ['host.inventory.invalid-device', 'Invalid device: {problems}', 'Ongeldig apparaat: {problems}', 'Appareil non valide : {problems}'],
  ['host.inventory.invalid-user-group', 'Invalid user group: {problems}', 'Ongeldige gebruikersgroep: {problems}', 'Groupe d’utilisateurs non valide : {problems}'],
  ['host.inventory.invalid-device-group', 'Invalid device group: {problems}', 'Ongeldige apparaatgroep: {problems}', 'Groupe d’appareils non valide : {problems}'],
  ['host.inventory.invalid-snapshot', '{count:problem|problems}, nothing was changed: {problems}', '{count:probleem|problemen}, er is niets gewijzigd: {problems}', '{count:problème|problèmes}, rien n’a été modifié : {problems}'],
  ['host.inventory.not-imported', 'Nothing was imported: {count:problem|problems}: {problems}', 'Er is niets geïmporteerd: {count:probleem|problemen}: {problems}', 'Rien n’a été importé : {count:problème|problèmes} : {problems}'],
  ['host.kind.user', 'user', 'gebruiker', 'utilisateur'],
  ['host.kind.device', 'device', 'apparaat', 'appareil'],
  ['host.kind.user-group', 'user group', 'gebruikersgroep', 'groupe d’utilisateurs'],
  ['host.kind.device-group', 'device group', 'apparaatgroep', 'groupe d’appareils'],
  ['host.device-state.enrolled', 'enrolled', 'ingeschreven', 'inscrit'],
  ['host.device-state.unenrolled', 'unenrolled', 'uitgeschreven', 'désinscrit'],
  ['host.device-state.wiped', 'wiped', 'gewist', 'effacé'],
  ['host.inventory.no-record', 'No {kind} "{id}"', 'Geen {kind} "{id}"', 'Aucun {kind} « {id} »'],
  ['host.inventory.exists', 'A {kind} "{id}" exists already; PUT it to change it', 'Er bestaat al een {kind} "{id}"; wijzig het met PUT', 'Un {kind} « {id} » existe déjà ; modifiez-le avec PUT'],
  ['host.inventory.id-mismatch', 'id: the body names "{body}" but the address names "{id}"', 'id: de inhoud noemt "{body}" maar het adres noemt "{id}"', 'id : le corps nomme « {body} » mais l’adresse nomme « {id} »'],
  ['host.inventory.not-enrolled', 'Device "{device}" is {state} already; only an enrolled device can be {wanted}', 'Apparaat "{device}" is al {state}; alleen een ingeschreven apparaat kan {wanted} worden', 'L’appareil « {device} » est déjà {state} ; seul un appareil inscrit peut être {wanted}'],
  ['host.inventory.not-member', '"{member}" is not a member of {kind} "{group}"', '"{member}" is geen lid van {kind} "{group}"', '« {member} » n’est pas membre du {kind} « {group} »'],
  ['host.inventory.holds-users', 'A user group holds users; "{member}" is a device', 'Een gebruikersgroep bevat gebruikers; "{member}" is een apparaat', 'Un groupe d’utilisateurs contient des utilisateurs ; « {member} » est un appareil'],
  ['host.inventory.holds-devices', 'A device group holds devices; "{member}" is a user', 'Een apparaatgroep bevat apparaten; "{member}" is een gebruiker', 'Un groupe d’appareils contient des appareils ; « {member} » est un utilisateur'],
  ['host.inventory.imported', 'Imported {users} users, {userGroups} user groups, {devices} devices and {deviceGroups} device groups ({memberships} membership changes)', '{users} gebruikers, {userGroups} gebruikersgroepen, {devices} apparaten en {deviceGroups} apparaatgroepen geïmporteerd ({memberships} wijzigingen van lidmaatschap)', '{users} utilisateurs, {userGroups} groupes d’utilisateurs, {devices} appareils et {deviceGroups} groupes d’appareils importés ({memberships} changements d’appartenance)'],
  ['host.list.range', '{from}-{to} of {total}', '{from}-{to} van {total}', '{from}-{to} sur {total}'],
  ['host.list.none-of', 'None of {total}', 'Geen van {total}', 'Aucun sur {total}'],
  ['host.directory.none', 'No directory provider is installed', 'Er is geen directorybron geïnstalleerd', 'Aucune source d’annuaire n’est installée'],
  ['host.directory.synced', '{synced} of {total} directories synced', '{synced} van {total} directory’s gesynchroniseerd', '{synced} annuaires sur {total} synchronisés'],
  ['host.membership.would-join', 'Preview, nothing was changed: {member} would join {kind} {group}.', 'Voorbeeld, er is niets gewijzigd: {member} zou lid worden van {kind} {group}.', 'Aperçu, rien n’a changé : {member} rejoindrait le {kind} {group}.'],
  ['host.membership.would-leave', 'Preview, nothing was changed: {member} would leave {kind} {group}.', 'Voorbeeld, er is niets gewijzigd: {member} zou {kind} {group} verlaten.', 'Aperçu, rien n’a changé : {member} quitterait le {kind} {group}.'],
  ['host.membership.joined', '{member} joined {kind} {group}.', '{member} is lid geworden van {kind} {group}.', '{member} a rejoint le {kind} {group}.'],
  ['host.membership.left', '{member} left {kind} {group}.', '{member} heeft {kind} {group} verlaten.', '{member} a quitté le {kind} {group}.'],
  ['host.membership.unchanged', ' It is a member already: nothing changes.', ' Het is al lid: er verandert niets.', ' Il est déjà membre : rien ne change.'],
  ['host.membership.result', '{head}{rest}', '{head}{rest}', '{head}{rest}'],
  ['host.csv.no-header', 'The CSV file has no header line', 'Het CSV-bestand heeft geen kopregel', 'Le fichier CSV n’a pas de ligne d’en-tête'],
  ['host.csv.no-kind', 'Line 1: a users CSV needs the columns name and email; a devices CSV needs serialNumber, platform and osVersion', 'Regel 1: een CSV met gebruikers heeft de kolommen name en email nodig; een CSV met apparaten serialNumber, platform en osVersion', 'Ligne 1 : un CSV d’utilisateurs demande les colonnes name et email ; un CSV d’appareils serialNumber, platform et osVersion'],
  ['host.csv.unknown-column', 'Line 1: unknown column {column} in a {list} CSV (expected {expected})', 'Regel 1: onbekende kolom {column} in een {list}-CSV (verwacht: {expected})', 'Ligne 1 : colonne {column} inconnue dans un CSV {list} (attendu : {expected})'],
  ['host.csv.twice', 'Line 1: column {column} appears twice', 'Regel 1: kolom {column} staat er twee keer in', 'Ligne 1 : la colonne {column} apparaît deux fois'],
  ['host.csv.missing', 'Line 1: a {list} CSV needs the column(s) {columns}', 'Regel 1: een {list}-CSV heeft de kolom(men) {columns} nodig', 'Ligne 1 : un CSV {list} demande la ou les colonnes {columns}'],
  ['host.csv.unreadable', 'The CSV file cannot be read: {reason}', 'Het CSV-bestand kan niet worden gelezen: {reason}', 'Le fichier CSV ne peut pas être lu : {reason}'],
  ['host.import.empty', 'The inventory file is empty', 'Het inventarisbestand is leeg', 'Le fichier d’inventaire est vide'],
  ['host.import.not-json', 'The inventory file is not valid JSON: {reason}', 'Het inventarisbestand is geen geldige JSON: {reason}', 'Le fichier d’inventaire n’est pas du JSON valide : {reason}'],
  ['host.import.not-object', 'An inventory JSON file must hold one object with "users", "devices", "userGroups" and/or "deviceGroups"', 'Een JSON-inventarisbestand moet één object bevatten met "users", "devices", "userGroups" en/of "deviceGroups"', 'Un fichier d’inventaire JSON doit contenir un objet avec « users », « devices », « userGroups » et/ou « deviceGroups »'],
  ['host.import.unknown-key', 'unknown key {key} (expected {expected})', 'onbekende sleutel {key} (verwacht: {expected})', 'clé {key} inconnue (attendu : {expected})'],
  ['host.import.unknown-field', '{record}: unknown field {field} (expected {expected})', '{record}: onbekend veld {field} (verwacht: {expected})', '{record} : champ {field} inconnu (attendu : {expected})'],
  ['host.import.unknown-fields', 'Nothing was imported: {problems}', 'Er is niets geïmporteerd: {problems}', 'Rien n’a été importé : {problems}'],
  ['host.admin.created', 'Admin "{name}" created ({role}).', 'Beheerder "{name}" aangemaakt ({role}).', 'Administrateur « {name} » créé ({role}).'],
  ['host.admin.created-with-password', 'Admin "{name}" created ({role}). Password: {password}', 'Beheerder "{name}" aangemaakt ({role}). Wachtwoord: {password}', 'Administrateur « {name} » créé ({role}). Mot de passe : {password}'],
  ['host.api-token.created', 'API token "{name}" created ({role}). It is shown only now:\n{token}', 'API-token "{name}" aangemaakt ({role}). Hij wordt alleen nu getoond:\n{token}', 'Jeton d’API « {name} » créé ({role}). Il n’est affiché que maintenant :\n{token}'],
  ['host.option.text', '{option} must be text', '{option} moet tekst zijn', '{option} doit être du texte'],
  ['host.option.role', '--role must be admin or read-only, got "{got}"', '--role moet admin of read-only zijn, niet "{got}"', '--role doit valoir admin ou read-only, pas « {got} »'],
  ['host.setting.value', '{key} = {value} ({source})', '{key} = {value} ({source})', '{key} = {value} ({source})'],
  ['host.setting.source.environment', 'environment', 'omgevingsvariabele', 'variable d’environnement'],
  ['host.setting.source.stored', 'stored', 'opgeslagen', 'enregistré'],
  ['host.setting.source.default', 'default', 'standaard', 'par défaut'],
  ['host.audit.shown', '{shown} of {total} entries', '{shown} van {total} regels', '{shown} entrées sur {total}'],
  ['host.plugin-state.discovered', 'discovered', 'gevonden', 'découvert'],
  ['host.plugin-state.loaded', 'loaded', 'geladen', 'chargé'],
  ['host.plugin-state.started', 'started', 'gestart', 'démarré'],
  ['host.plugin-state.failed', 'failed', 'mislukt', 'en échec'],
  ['host.plugin-state.refused', 'refused', 'geweigerd', 'refusé'],
  ['host.plugin-state.skipped', 'skipped', 'overgeslagen', 'ignoré'],
  ['host.plugin-state.disabled', 'disabled', 'uitgeschakeld', 'désactivé'],
  ['host.plugin-state.stopped', 'stopped', 'gestopt', 'arrêté'],
  ['host.plugins.none', 'No plugins', 'Geen plugins', 'Aucun plugin'],
  ['host.plugins.count', '{count} {state}', '{count} {state}', '{count} {state}'],
  ['host.plugins.summary', '{parts}', '{parts}', '{parts}'],
  ['host.plugins.restarted', 'Restarted {ids}: {summary}', '{ids} herstart: {summary}', '{ids} redémarré : {summary}'],
  ['host.command.no-such-argument', '"{command}" takes no argument <{name}>', '"{command}" neemt geen argument <{name}>', '« {command} » ne prend pas d’argument <{name}>'],
  ['host.command.needs-argument', '"{command}" needs the argument <{name}>', '"{command}" heeft het argument <{name}> nodig', '« {command} » demande l’argument <{name}>'],
  ['host.command.no-such-option', '"{command}" has no option --{name}', '"{command}" heeft geen optie --{name}', '« {command} » n’a pas d’option --{name}'],
  ['host.command.needs-option', '"{command}" needs the option --{name}', '"{command}" heeft de optie --{name} nodig', '« {command} » demande l’option --{name}'],
  ['host.command.switch', '{flag} is a switch and takes no value', '{flag} is een schakelaar en neemt geen waarde', '{flag} est un interrupteur et ne prend pas de valeur'],
  ['host.command.once', '{flag} may be given only once', '{flag} mag maar één keer gegeven worden', '{flag} ne peut être donné qu’une fois'],
  ['host.command.whole', '{flag} must be a whole number, got "{got}"', '{flag} moet een geheel getal zijn, niet "{got}"', '{flag} doit être un nombre entier, pas « {got} »'],
  ['host.command.text', '{flag} needs a text value', '{flag} heeft een tekst als waarde nodig', '{flag} demande une valeur texte'],
  ['host.command.choice', '{label} must be one of {choices}; got "{got}"', '{label} moet een van {choices} zijn; niet "{got}"', '{label} doit être l’un de {choices} ; pas « {got} »'],
  ['host.command.unknown-option', '"{command}" has no option {flag} (see `vpp-host {command} --help`)', '"{command}" heeft geen optie {flag} (zie `vpp-host {command} --help`)', '« {command} » n’a pas d’option {flag} (voir `vpp-host {command} --help`)'],
  ['host.command.needs-value', '{flag} needs a value', '{flag} heeft een waarde nodig', '{flag} demande une valeur'],
  ['host.command.ambiguous-value', '{flag} needs a value; write {flag}=VALUE for a value that starts with "-"', '{flag} heeft een waarde nodig; schrijf {flag}=WAARDE voor een waarde die met "-" begint', '{flag} demande une valeur ; écrivez {flag}=VALEUR pour une valeur qui commence par « - »'],
  ['host.command.give', 'Give the {name}', 'Geef de {name}', 'Donnez le {name}'],
  ['host.command.unknown', 'There is no command "{command}"', 'Er is geen opdracht "{command}"', 'Il n’y a pas de commande « {command} »'],
  ['host.command.admin-only', '"{command}" changes things and needs the admin role; this API token is read-only', '"{command}" wijzigt gegevens en vraagt de rol admin; dit API-token is alleen-lezen', '« {command} » modifie des données et demande le rôle admin ; ce jeton d’API est en lecture seule'],
  ['host.query.count', '{name} must be a whole number of 0 or more, got {got}', '{name} moet een geheel getal van 0 of meer zijn, niet {got}', '{name} doit être un nombre entier de 0 ou plus, pas {got}'],
  ['host.unauthorized', 'Sign in or send a valid API token', 'Meld u aan of stuur een geldig API-token', 'Connectez-vous ou envoyez un jeton d’API valide'],
  ['host.forbidden', 'Your role does not allow this change', 'Uw rol staat deze wijziging niet toe', 'Votre rôle ne permet pas cette modification'],
  ['host.csrf', 'The CSRF token is missing or wrong: send the X-CSRF-Token header (or the _csrf form field) given at sign-in', 'Het CSRF-token ontbreekt of is fout: stuur de header X-CSRF-Token (of het formulierveld _csrf) die u bij het aanmelden kreeg', 'Le jeton CSRF manque ou est erroné : envoyez l’en-tête X-CSRF-Token (ou le champ de formulaire _csrf) reçu à la connexion'],
  ['host.cross-origin', "A change made with the session cookie must come from this host's own pages: send an Origin header naming this host", 'Een wijziging met de sessiecookie moet van de eigen pagina’s van deze host komen: stuur een Origin-header die deze host noemt', 'Une modification faite avec le cookie de session doit venir des pages de cet hôte : envoyez un en-tête Origin qui nomme cet hôte'],
  ['host.sign-in.wrong', 'Wrong name or password', 'Verkeerde naam of wachtwoord', 'Nom ou mot de passe incorrect'],
  ['host.sign-in.too-many', 'Too many failed sign-ins for this name or from this address; try again in {count:second|seconds}', 'Te veel mislukte aanmeldingen voor deze naam of vanaf dit adres; probeer het opnieuw over {count:seconde|seconden}', 'Trop de connexions échouées pour ce nom ou depuis cette adresse ; réessayez dans {count:seconde|secondes}'],
  ['host.body.too-large', 'The request body is larger than the limit of {limit} bytes', 'De inhoud van het verzoek is groter dan de limiet van {limit} bytes', 'Le corps de la requête dépasse la limite de {limit} octets'],
  ['host.body.type', 'Send the body as {expected} (Content-Type was "{got}")', 'Stuur de inhoud als {expected} (Content-Type was "{got}")', 'Envoyez le corps en {expected} (le Content-Type était « {got} »)'],
  ['host.body.type-missing', 'Send the body as {expected} (Content-Type was missing)', 'Stuur de inhoud als {expected} (Content-Type ontbrak)', 'Envoyez le corps en {expected} (le Content-Type manquait)'],
  ['host.body.not-json', 'The request body is not valid JSON', 'De inhoud van het verzoek is geen geldige JSON', 'Le corps de la requête n’est pas du JSON valide'],
  ['host.body.not-json-at', 'The request body is not valid JSON (syntax error at character {position})', 'De inhoud van het verzoek is geen geldige JSON (syntaxfout bij teken {position})', 'Le corps de la requête n’est pas du JSON valide (erreur de syntaxe au caractère {position})'],
  ['host.standby', 'This host is a standby and accepts no changes; send them to the active host at {host}', 'Deze host is een stand-by en aanvaardt geen wijzigingen; stuur ze naar de actieve host op {host}', 'Cet hôte est en attente et n’accepte aucune modification ; envoyez-les à l’hôte actif à {host}'],
  ['host.standby-unknown', 'This host is a standby and accepts no changes; which host is active is not known at the moment: try again shortly', 'Deze host is een stand-by en aanvaardt geen wijzigingen; welke host actief is, is nu niet bekend: probeer het zo opnieuw', 'Cet hôte est en attente et n’accepte aucune modification ; l’hôte actif n’est pas connu pour le moment : réessayez sous peu'],
  ['host.admin.taken', 'An admin named "{name}" already exists', 'Er bestaat al een beheerder met de naam "{name}"', 'Un administrateur nommé « {name} » existe déjà'],
  ['host.admin.unknown', 'No admin with id "{id}"', 'Geen beheerder met id "{id}"', 'Aucun administrateur avec l’identifiant « {id} »'],
  ['host.api-token.taken', 'An API token named "{name}" already exists', 'Er bestaat al een API-token met de naam "{name}"', 'Un jeton d’API nommé « {name} » existe déjà'],
  ['host.api-token.unknown', 'No API token with id "{id}"', 'Geen API-token met id "{id}"', 'Aucun jeton d’API avec l’identifiant « {id} »'],
  ['host.plugin.unknown', 'No plugin "{id}"', 'Geen plugin "{id}"', 'Aucun plugin « {id} »'],
  ['host.plugin.not-running', 'No running plugin "{id}"', 'Geen actieve plugin "{id}"', 'Aucun plugin « {id} » en cours d’exécution'],
  ['host.plugin.not-loaded', 'No loaded plugin "{id}"; `vpp-host plugins` lists them', 'Geen geladen plugin "{id}"; `vpp-host plugins` toont ze', 'Aucun plugin chargé « {id} » ; `vpp-host plugins` les liste'],
  ['host.panel.unknown-action', 'Unknown action "{name}"', 'Onbekende actie "{name}"', 'Action « {name} » inconnue'],
  ['host.cli.token-refused', 'The host refused the API token: {message}', 'De host weigerde het API-token: {message}', 'L’hôte a refusé le jeton d’API : {message}'],
  ['host.cli.not-allowed', 'Not allowed: {message}', 'Niet toegestaan: {message}', 'Non autorisé : {message}'],
  ['host.cli.unknown-command', 'Unknown command "{command}" (run `vpp-host help` for the list)', 'Onbekende opdracht "{command}" (`vpp-host help` toont de lijst)', 'Commande « {command} » inconnue (`vpp-host help` en donne la liste)'],
  ['host.cli.unreachable', 'Cannot reach a vpp-host at {url}', 'Geen vpp-host bereikbaar op {url}', 'Aucun vpp-host joignable à {url}'],
  ['host.cli.not-running', 'No vpp-host is running for data dir {dir} (start it with `vpp-host start`)', 'Er draait geen vpp-host voor de gegevensmap {dir} (start er een met `vpp-host start`)', 'Aucun vpp-host ne tourne pour le dossier de données {dir} (démarrez-en un avec `vpp-host start`)'],
  ['host.cli.give-token', 'Give the API token for {url} with --api-token or VPP_HOST_TOKEN', 'Geef het API-token voor {url} met --api-token of VPP_HOST_TOKEN', 'Donnez le jeton d’API de {url} avec --api-token ou VPP_HOST_TOKEN'],
  ['host.cli.url', '--url must be an http(s) address, got "{got}"', '--url moet een http(s)-adres zijn, niet "{got}"', '--url doit être une adresse http(s), pas « {got} »'],
  ['host.cli.no-arguments', '"{command}" takes no arguments; unexpected "{unexpected}"', '"{command}" neemt geen argumenten; onverwacht: "{unexpected}"', '« {command} » ne prend pas d’arguments ; inattendu : « {unexpected} »'],
  ['host.cli.too-many-arguments', '"{command}" takes at most {max} argument(s); unexpected "{unexpected}"', '"{command}" neemt hoogstens {max} argument(en); onverwacht: "{unexpected}"', '« {command} » prend au plus {max} argument(s) ; inattendu : « {unexpected} »'],
  ['host.cli.unexpected', 'Unexpected error: {reason}', 'Onverwachte fout: {reason}', 'Erreur inattendue : {reason}'],
  ['host.cli.run-help', 'Run `vpp-host help` for every command of the running host.', '`vpp-host help` toont elke opdracht van de draaiende host.', '`vpp-host help` donne toutes les commandes de l’hôte en cours d’exécution.'],
  ['host.cli.port', '--port must be a number from 0 to 65535, got "{got}"', '--port moet een getal van 0 tot 65535 zijn, niet "{got}"', '--port doit être un nombre de 0 à 65535, pas « {got} »'],
  ['host.cli.storage-url', '--storage (or {env}) takes a postgres:// URL; leave it out to keep the data in files under the data dir', '--storage (of {env}) neemt een postgres://-URL; laat het weg om de gegevens in bestanden in de gegevensmap te houden', '--storage (ou {env}) prend une URL postgres:// ; omettez-le pour garder les données dans des fichiers du dossier de données'],
  ['host.cli.start.failed', 'The host could not start: {reason} (see {log})', 'De host kon niet starten: {reason} (zie {log})', 'L’hôte n’a pas pu démarrer : {reason} (voir {log})'],
  ['host.cli.start.running', 'vpp-host is running: {url}', 'vpp-host draait: {url}', 'vpp-host est en cours d’exécution : {url}'],
  ['host.cli.start.running-demo', 'vpp-host is running in demo mode: {url}', 'vpp-host draait in demomodus: {url}', 'vpp-host est en cours d’exécution en mode démo : {url}'],
  ['host.cli.start.data-dir', 'data dir', 'gegevensmap', 'données'],
  ['host.cli.start.log', 'log', 'logboek', 'journal'],
  ['host.cli.start.storage', 'storage', 'opslag', 'stockage'],
  ['host.cli.start.plugins', 'plugins', 'plug-ins', 'extensions'],
  ['host.cli.start.slow', '{id} slow start: {warning}', '{id} start traag: {warning}', '{id} démarre lentement : {warning}'],
  ['host.cli.start.first-admin', 'First admin account created. Its password is shown only this once:', 'Eerste beheerdersaccount aangemaakt. Het wachtwoord wordt alleen nu getoond:', 'Premier compte administrateur créé. Son mot de passe n’est affiché que cette fois :'],
  ['host.cli.start.name', 'name', 'naam', 'nom'],
  ['host.cli.start.password', 'password', 'wachtwoord', 'mot de passe'],
  ['host.cli.start.through', 'Other `vpp-host` commands use this host through {file}. Stop with Ctrl+C.', 'Andere `vpp-host`-opdrachten gebruiken deze host via {file}. Stoppen met Ctrl+C.', 'Les autres commandes `vpp-host` utilisent cet hôte via {file}. Arrêt avec Ctrl+C.'],
  ['host.cli.start.stopping', 'Stopping vpp-host...', 'vpp-host stopt...', 'Arrêt de vpp-host...'],
  ['host.cli.status.needs-storage', 'vpp-host status needs --storage postgres://… (or {env}): hosts share a PostgreSQL database', 'vpp-host status heeft --storage postgres://… nodig (of {env}): hosts delen een PostgreSQL-database', 'vpp-host status demande --storage postgres://… (ou {env}) : les hôtes partagent une base PostgreSQL'],
  ['host.cli.status.unreadable', 'Could not read the status: {reason}', 'Kon de status niet lezen: {reason}', 'Impossible de lire l’état : {reason}'],
  ['host.cli.status.active', 'Active: {address} (host {host}, epoch {epoch}, heartbeat {age} ago)', 'Actief: {address} (host {host}, epoch {epoch}, hartslag {age} geleden)', 'Actif : {address} (hôte {host}, époque {epoch}, battement il y a {age})'],
  ['host.cli.status.address-unknown', '(address not known yet)', '(adres nog niet bekend)', '(adresse pas encore connue)'],
  ['host.cli.status.none-active', 'Active: none (epoch {epoch}); a standby takes over at its next check', 'Actief: geen (epoch {epoch}); een stand-by neemt het over bij zijn volgende controle', 'Actif : aucun (époque {epoch}) ; un hôte en attente prend le relais à sa prochaine vérification'],
  ['host.cli.status.standbys', 'Standbys:', 'Stand-by’s:', 'Hôtes en attente :'],
  ['host.cli.status.no-standbys', 'Standbys: none', 'Stand-by’s: geen', 'Hôtes en attente : aucun'],
  ['host.cli.status.column.address', 'address', 'adres', 'adresse'],
  ['host.cli.status.column.host', 'host', 'host', 'hôte'],
  ['host.cli.status.column.behind', 'changes behind', 'wijzigingen achter', 'modifications en retard'],
  ['host.cli.status.column.applied', 'last applied', 'laatst toegepast', 'dernière appliquée'],
  ['host.cli.status.column.seen', 'last seen', 'laatst gezien', 'dernier signe'],
  ['host.cli.storage.unknown', 'Unknown storage command "{command}": use `vpp-host storage copy --help`', 'Onbekende opslagopdracht "{command}": zie `vpp-host storage copy --help`', 'Commande de stockage « {command} » inconnue : voir `vpp-host storage copy --help`'],
  ['host.cli.storage.needs', 'vpp-host storage copy needs --from DIR|URL and --to DIR|URL', 'vpp-host storage copy heeft --from MAP|URL en --to MAP|URL nodig', 'vpp-host storage copy demande --from DOSSIER|URL et --to DOSSIER|URL'],
  ['host.cli.storage.same', '--from and --to name the same storage', '--from en --to noemen dezelfde opslag', '--from et --to désignent le même stockage'],
  ['host.cli.storage.no-dir', '--from {dir}: no such directory', '--from {dir}: die map bestaat niet', '--from {dir} : ce dossier n’existe pas'],
  ['host.cli.storage.stop-first', 'Stop the host first: {reason}', 'Stop eerst de host: {reason}', 'Arrêtez d’abord l’hôte : {reason}'],
  ['host.cli.storage.failed', 'Copying the storage failed: {reason}', 'Het kopiëren van de opslag mislukte: {reason}', 'La copie du stockage a échoué : {reason}'],
  ['host.cli.storage.copied', 'Copied {records} records in {collections} collections from {from} to {to}, each one verified.', '{records} records in {collections} collecties gekopieerd van {from} naar {to}, elk gecontroleerd.', '{records} enregistrements de {collections} collections copiés de {from} vers {to}, chacun vérifié.'],
  ['host.cli.storage.sealed', 'Secrets stay sealed with the host secret key: start the host on the copy with the same key.', 'Geheimen blijven verzegeld met de geheime sleutel van de host: start de host op de kopie met dezelfde sleutel.', 'Les secrets restent scellés par la clé secrète de l’hôte : démarrez l’hôte sur la copie avec la même clé.'],
  ['host.cli.storage.column.namespace', 'namespace', 'naamruimte', 'espace de noms'],
  ['host.cli.storage.column.collection', 'collection', 'collectie', 'collection'],
  ['host.cli.storage.column.records', 'records', 'records', 'enregistrements'],
  ['host.cli.none', '(none)', '(geen)', '(aucun)'],
  ['host.column.key', 'key', 'sleutel', 'clé'],
  ['host.column.value', 'value', 'waarde', 'valeur'],
  ['host.column.source', 'source', 'bron', 'source'],
  ['host.column.description', 'description', 'beschrijving', 'description'],
  ['host.column.at', 'at', 'op', 'le'],
  ['host.column.actor', 'actor', 'door', 'auteur'],
  ['host.column.action', 'action', 'actie', 'action'],
  ['host.column.target', 'target', 'doel', 'cible'],
  ['host.column.reason', 'reason', 'reden', 'motif'],
  ['host.column.id', 'id', 'id', 'id'],
  ['host.column.name', 'name', 'naam', 'nom'],
  ['host.column.members', 'members', 'leden', 'membres'],
  ['host.column.email', 'email', 'e-mail', 'e-mail'],
  ['host.column.language', 'language', 'taal', 'langue'],
  ['host.column.managed-apple-id', 'managed Apple ID', 'beheerde Apple ID', 'identifiant Apple géré'],
  ['host.column.serial-number', 'serial number', 'serienummer', 'numéro de série'],
  ['host.column.platform', 'platform', 'platform', 'plateforme'],
  ['host.column.os', 'OS', 'OS', 'OS'],
  ['host.column.owner', 'owner', 'eigenaar', 'propriétaire'],
  ['host.column.state', 'state', 'toestand', 'état'],
  ['host.column.records', 'records', 'records', 'enregistrements'],
  ['host.column.count', 'count', 'aantal', 'nombre'],
  ['host.column.provider', 'provider', 'bron', 'fournisseur'],
  ['host.column.plugin', 'plugin', 'plug-in', 'extension'],
  ['host.column.users', 'users', 'gebruikers', 'utilisateurs'],
  ['host.column.devices', 'devices', 'apparaten', 'appareils'],
  ['host.column.groups', 'groups', 'groepen', 'groupes'],
  ['host.column.error', 'error', 'fout', 'erreur'],
  ['host.column.version', 'version', 'versie', 'version'],
  ['host.column.start-ms', 'start ms', 'start ms', 'démarrage ms'],
  ['host.column.exports', 'exports', 'exporteert', 'exporte'],
  ['host.column.owns-points', 'owns points', 'eigen punten', 'points propres'],
  ['host.column.error-or-warning', 'error or warning', 'fout of waarschuwing', 'erreur ou avertissement'],
  ["host.storage.unreachable", "Cannot reach PostgreSQL at {server}: {why}", "PostgreSQL op {server} is niet bereikbaar: {why}", "PostgreSQL à {server} est injoignable : {why}"],
  ["host.storage.why.refused", "nothing accepts connections there", "daar aanvaardt niets verbindingen", "rien n’y accepte de connexions"],
  ["host.storage.why.not-found", "the host name does not resolve", "de hostnaam wordt niet gevonden", "le nom d’hôte ne se résout pas"],
  ["host.storage.why.timeout", "the connection timed out", "de verbinding duurde te lang", "la connexion a expiré"],
  ["host.storage.why.no-route", "no route to the host", "geen route naar de host", "aucune route vers l’hôte"],
  ["host.storage.wrong-password", "PostgreSQL refused the user {user}: wrong password", "PostgreSQL weigerde de gebruiker {user}: verkeerd wachtwoord", "PostgreSQL a refusé l’utilisateur {user} : mot de passe erroné"],
  ["host.storage.not-allowed", "PostgreSQL refused the user {user}: not allowed to connect (pg_hba.conf)", "PostgreSQL weigerde de gebruiker {user}: geen verbinding toegestaan (pg_hba.conf)", "PostgreSQL a refusé l’utilisateur {user} : connexion non autorisée (pg_hba.conf)"],
  ["host.storage.no-database", "PostgreSQL at {server} has no database {database}: create it first", "PostgreSQL op {server} heeft geen database {database}: maak ze eerst aan", "PostgreSQL à {server} n’a pas de base {database} : créez-la d’abord"],
  ["host.storage.no-rights", "PostgreSQL refused the user {user} the rights vpp-host needs (create tables in {database})", "PostgreSQL weigerde de gebruiker {user} de rechten die vpp-host nodig heeft (tabellen maken in {database})", "PostgreSQL a refusé à l’utilisateur {user} les droits dont vpp-host a besoin (créer des tables dans {database})"],
  ["host.storage.needs-password", "PostgreSQL at {server} asks for a password for {user}: put it in the URL", "PostgreSQL op {server} vraagt een wachtwoord voor {user}: zet het in de URL", "PostgreSQL à {server} demande un mot de passe pour {user} : mettez-le dans l’URL"],
  ["host.storage.unusable", "PostgreSQL at {url} could not be used: {reason}", "PostgreSQL op {url} kon niet worden gebruikt: {reason}", "PostgreSQL à {url} n’a pas pu être utilisé : {reason}"],
  ["host.storage.newer-schema", "The database has schema version {current}, newer than this vpp-host's {supported}: run a vpp-host at least as new as the one that last used it", "De database heeft schemaversie {current}, nieuwer dan {supported} van deze vpp-host: gebruik een vpp-host die minstens zo nieuw is als de laatste die ze gebruikte", "La base a la version de schéma {current}, plus récente que la {supported} de ce vpp-host : utilisez un vpp-host au moins aussi récent que le dernier qui l’a utilisée"],
  ["host.storage.other-key", "The database belongs to a host with another secret key: give this host the same key (VPP_HOST_SECRET_KEY or secret.key in its data dir)", "De database hoort bij een host met een andere geheime sleutel: geef deze host dezelfde sleutel (VPP_HOST_SECRET_KEY of secret.key in zijn gegevensmap)", "La base appartient à un hôte ayant une autre clé secrète : donnez la même clé à cet hôte (VPP_HOST_SECRET_KEY ou secret.key dans son dossier de données)"],
  ["host.storage.copy-using", "A storage copy (or a vpp-host without a lease) is using this database: wait for it to finish", "Een opslagkopie (of een vpp-host zonder lease) gebruikt deze database: wacht tot ze klaar is", "Une copie du stockage (ou un vpp-host sans bail) utilise cette base : attendez qu’elle se termine"],
  ["host.storage.host-using", "Another vpp-host (or a storage copy) is using this database: stop it first", "Een andere vpp-host (of een opslagkopie) gebruikt deze database: stop die eerst", "Un autre vpp-host (ou une copie du stockage) utilise cette base : arrêtez-le d’abord"],
  ["host.storage.unused", "No vpp-host of this version has used this database yet: start one with --storage first", "Nog geen vpp-host van deze versie heeft deze database gebruikt: start er eerst een met --storage", "Aucun vpp-host de cette version n’a encore utilisé cette base : démarrez-en d’abord un avec --storage"],
  ["host.storage.lease-timeout", "{env} must be a whole number of milliseconds from 100 to 600000, got \"{got}\"", "{env} moet een geheel aantal milliseconden van 100 tot 600000 zijn, niet \"{got}\"", "{env} doit être un nombre entier de millisecondes de 100 à 600000, pas « {got} »"],
  ["host.cli.plugin-new.created", "Created the plugin \"{id}\" in {folder} ({count} files).", "Plug-in \"{id}\" aangemaakt in {folder} ({count} bestanden).", "Extension « {id} » créée dans {folder} ({count} fichiers)."],
  ["host.cli.plugin-new.registry", "npm install takes the @vpp-host/* packages from your registry; to use the tarballs of `npm run sdk` instead, pass --sdk DIR.", "npm install haalt de @vpp-host/*-pakketten uit uw registry; geef --sdk MAP om de tarballs van `npm run sdk` te gebruiken.", "npm install prend les paquets @vpp-host/* dans votre registre ; pour utiliser les archives de `npm run sdk`, passez --sdk DOSSIER."],
  ["host.cli.plugin-new.name", "Name the plugin: `vpp-host plugin new NAME` (see `vpp-host plugin new --help`)", "Geef de plug-in een naam: `vpp-host plugin new NAAM` (zie `vpp-host plugin new --help`)", "Nommez l’extension : `vpp-host plugin new NOM` (voir `vpp-host plugin new --help`)"],
  ["host.cli.plugin-new.bad-name", "\"{name}\" is not a plugin name: use lower-case words joined by hyphens, e.g. \"ticket-notes\"", "\"{name}\" is geen plug-innaam: gebruik woorden in kleine letters met koppeltekens, bv. \"ticket-notes\"", "« {name} » n’est pas un nom d’extension : utilisez des mots en minuscules reliés par des traits d’union, p. ex. « ticket-notes »"],
  ["host.cli.plugin-new.folder-taken", "{folder} already exists and is not empty; choose another --dir", "{folder} bestaat al en is niet leeg; kies een andere --dir", "{folder} existe déjà et n’est pas vide ; choisissez un autre --dir"],
  ["host.cli.plugin-new.sdk-unreadable", "--sdk {dir} cannot be read; build the tarballs with `npm run sdk`", "--sdk {dir} is niet leesbaar; maak de tarballs met `npm run sdk`", "--sdk {dir} est illisible ; construisez les archives avec `npm run sdk`"],
  ["host.cli.plugin-new.sdk-missing", "--sdk {dir} holds no {file}-<version>.tgz; build the tarballs with `npm run sdk`", "--sdk {dir} bevat geen {file}-<versie>.tgz; maak de tarballs met `npm run sdk`", "--sdk {dir} ne contient pas de {file}-<version>.tgz ; construisez les archives avec `npm run sdk`"],
  ['host.cli.file.unreadable', 'Cannot read {label} file "{file}": {reason}', 'Kan het bestand {label} "{file}" niet lezen: {reason}', 'Impossible de lire le fichier {label} « {file} » : {reason}'],
  ['host.cli.file.missing', 'no such file', 'dat bestand bestaat niet', 'ce fichier n’existe pas'],
  ['host.cli.file.directory', 'it is a directory', 'het is een map', 'c’est un dossier'],
  ['host.cli.file.denied', 'permission denied', 'geen toegang', 'accès refusé'],
  ['host.invalid', 'Invalid {what}: {problems}', 'Ongeldige invoer ({what}): {problems}', 'Entrée non valide ({what}) : {problems}'],
  ['host.invalid-expected', 'Invalid {what}: {problems}; expected {expected}', 'Ongeldige invoer ({what}): {problems}; verwacht: {expected}', 'Entrée non valide ({what}) : {problems} ; attendu : {expected}'],
  ['host.input.body', 'request body', 'inhoud van het verzoek', 'corps de la requête'],
  ['host.input.query', 'query', 'queryparameters', 'paramètres de requête'],
  ['host.input.admin', 'admin', 'beheerder', 'administrateur'],
  ['host.input.api-token', 'API token', 'API-token', 'jeton d’API'],
  ['host.input.language', 'language', 'taal', 'langue'],
  ['host.input.options', 'options', 'opties', 'options'],
  ['host.value.type', 'must be {expected}, got {got}', 'moet {expected} zijn, niet {got}', 'doit être {expected}, pas {got}'],
  ['host.value.string', 'a string', 'tekst', 'du texte'],
  ['host.value.number', 'a number', 'een getal', 'un nombre'],
  ['host.value.boolean', 'a boolean', 'true of false', 'true ou false'],
  ['host.value.list', 'a list', 'een lijst', 'une liste'],
  ['host.value.object', 'an object', 'een object', 'un objet'],
  ['host.value.null', 'null', 'null', 'null'],
  ['host.value.nothing', 'nothing', 'niets', 'rien'],
  ['host.value.unknown-field', 'unknown field {fields}', 'onbekend veld {fields}', 'champ inconnu {fields}'],
  ['host.value.unknown-fields', 'unknown fields {fields}', 'onbekende velden {fields}', 'champs inconnus {fields}'],
  ['host.value.no-shape', 'matches none of the accepted shapes', 'past bij geen van de aanvaarde vormen', 'ne correspond à aucune des formes acceptées'],
  ['host.value.must-be', 'must be {value}', 'moet {value} zijn', 'doit être {value}'],
  ['host.value.one-of', 'must be one of {values}', 'moet een van {values} zijn', 'doit être l’un de {values}'],
  ['host.plugin-refusal.directory', 'Plugin directory {directory} cannot be read: {reason}', 'De pluginmap {directory} kan niet worden gelezen: {reason}', 'Le dossier de plugins {directory} ne peut pas être lu : {reason}'],
  ['host.plugin-refusal.gone', 'Plugin folder {folder} no longer holds a plugin manifest', 'De pluginmap {folder} bevat geen pluginmanifest meer', 'Le dossier de plugin {folder} ne contient plus de manifeste de plugin'],
  ['host.plugin-refusal.folder', 'Plugin folder {folder} cannot be read: {reason}', 'De pluginmap {folder} kan niet worden gelezen: {reason}', 'Le dossier de plugin {folder} ne peut pas être lu : {reason}'],
  ['host.plugin-refusal.outside', 'Plugin folder {folder} resolves to {real}, outside {root}; refused', 'De pluginmap {folder} verwijst naar {real}, buiten {root}; geweigerd', 'Le dossier de plugin {folder} mène à {real}, hors de {root} ; refusé'],
  ['host.plugin-refusal.manifest', 'Plugin "{id}" has an invalid manifest ({file}): {problems}', 'Plugin "{id}" heeft een ongeldig manifest ({file}): {problems}', 'Le plugin « {id} » a un manifeste non valide ({file}) : {problems}'],
  ['host.plugin-refusal.main-outside', 'Plugin "{id}": "main" ({main}) points outside the plugin folder; refused', 'Plugin "{id}": "main" ({main}) wijst buiten de pluginmap; geweigerd', 'Plugin « {id} » : « main » ({main}) pointe hors du dossier du plugin ; refusé'],
  ['host.plugin-refusal.main-resolves-outside', 'Plugin "{id}": "main" ({main}) resolves outside the plugin folder; refused', 'Plugin "{id}": "main" ({main}) verwijst naar een plek buiten de pluginmap; geweigerd', 'Plugin « {id} » : « main » ({main}) mène hors du dossier du plugin ; refusé'],
  ['host.plugin-refusal.main-missing', 'Plugin "{id}": "main" file {main} does not exist', 'Plugin "{id}": het "main"-bestand {main} bestaat niet', 'Plugin « {id} » : le fichier « main » {main} n’existe pas'],
  ['host.plugin-refusal.not-json', '{file} is not valid JSON: {reason}', '{file} is geen geldige JSON: {reason}', '{file} n’est pas du JSON valide : {reason}'],
  ['host.plugin-refusal.id-taken', 'Plugin "{id}" in {folder} is refused: its id is already taken by the plugin in {first}', 'Plugin "{id}" in {folder} is geweigerd: zijn id is al in gebruik door de plugin in {first}', 'Le plugin « {id} » dans {folder} est refusé : son identifiant est déjà pris par le plugin dans {first}'],
  ['host.plugin-refusal.range', 'Plugin "{id}": engines.host "{range}" is not a semver range', 'Plugin "{id}": engines.host "{range}" is geen semver-bereik', 'Plugin « {id} » : engines.host « {range} » n’est pas une plage semver'],
  ['host.plugin-refusal.host-api', 'Plugin "{id}" needs host API {range}, but this host provides {version}', 'Plugin "{id}" vraagt host-API {range}, maar deze host biedt {version}', 'Le plugin « {id} » demande l’API hôte {range}, mais cet hôte fournit {version}'],
  ['host.plugin-refusal.not-installed', 'Plugin "{id}" depends on {deps}, which is not installed', 'Plugin "{id}" hangt af van {deps}, dat niet geïnstalleerd is', 'Le plugin « {id} » dépend de {deps}, qui n’est pas installé'],
  ['host.plugin-refusal.needs', 'Plugin "{id}" needs {needs}', 'Plugin "{id}" vraagt {needs}', 'Le plugin « {id} » demande {needs}'],
  ['host.plugin-refusal.need', '"{dep}" {range}, but "{dep}" offers contract {version}', '"{dep}" {range}, maar "{dep}" biedt contract {version}', '« {dep} » {range}, mais « {dep} » offre le contrat {version}'],
  ['host.plugin-refusal.cycle', 'Plugin "{id}" is part of a dependency cycle: {cycle}', 'Plugin "{id}" maakt deel uit van een afhankelijkheidskringloop: {cycle}', 'Le plugin « {id} » fait partie d’un cycle de dépendances : {cycle}'],
  ['host.plugin-refusal.id-changed', 'Its id changed to "{id}"; restart the host to load it under that id', 'Zijn id is gewijzigd in "{id}"; herstart de host om hem onder die id te laden', 'Son identifiant est devenu « {id} » ; redémarrez l’hôte pour le charger sous cet identifiant'],
  ['host.plugin-skip', 'Not started: it depends on {why}', 'Niet gestart: hij hangt af van {why}', 'Non démarré : il dépend de {why}'],
  ['host.plugin-skip.disabled-one', '{ids}, which is disabled', '{ids}, dat uitgeschakeld is', '{ids}, qui est désactivé'],
  ['host.plugin-skip.disabled-many', '{ids}, which are disabled', '{ids}, die uitgeschakeld zijn', '{ids}, qui sont désactivés'],
  ['host.plugin-skip.not-started-one', '{ids}, which did not start', '{ids}, dat niet gestart is', '{ids}, qui n’a pas démarré'],
  ['host.plugin-skip.not-started-many', '{ids}, which did not start', '{ids}, die niet gestart zijn', '{ids}, qui n’ont pas démarré'],
  ['host.plugin-skip.both', '{first}, and on {second}', '{first}, en van {second}', '{first}, et de {second}'],
  ['host.no-route', 'No route {method} {path}', 'Geen route {method} {path}', 'Aucune route {method} {path}'],
  // The CLI's help: the words around the commands' descriptions, and the local commands' usage (flags stay literal).
  ['host.cli.usage.usage', 'Usage: {synopsis}', 'Gebruik: {synopsis}', 'Utilisation : {synopsis}'],
  ['host.cli.usage.list-synopsis', 'vpp-host <command> [arguments] [options]', 'vpp-host <opdracht> [argumenten] [opties]', 'vpp-host <commande> [arguments] [options]'],
  ['host.cli.usage.commands', 'Commands:', 'Opdrachten:', 'Commandes :'],
  ['host.cli.usage.arguments', 'Arguments:', 'Argumenten:', 'Arguments :'],
  ['host.cli.usage.options', 'Options:', 'Opties:', 'Options :'],
  ['host.cli.usage.required', '(required)', '(verplicht)', '(obligatoire)'],
  ['host.cli.usage.repeatable', '(repeatable)', '(herhaalbaar)', '(répétable)'],
  ['host.cli.usage.file', '(a file, sent as its content)', '(een bestand, waarvan de inhoud wordt verstuurd)', '(un fichier, dont le contenu est envoyé)'],
  ['host.cli.usage.output', '(written with mode 0600; standard output without it)', '(geschreven met modus 0600; zonder deze optie naar de standaarduitvoer)', '(écrit avec le mode 0600 ; sans cette option, sur la sortie standard)'],
  ['host.cli.usage.env', '(or the environment variable {env})', '(of de omgevingsvariabele {env})', '(ou la variable d’environnement {env})'],
  ['host.cli.usage.choices', '(one of: {choices})', '(een van: {choices})', '(l’un de : {choices})'],
  ['host.cli.usage.admin', 'Needs an admin API token.', 'Vraagt een API-token met de rol admin.', 'Demande un jeton d’API avec le rôle admin.'],
  ['host.cli.usage.read', 'A read-only API token is enough.', 'Een alleen-lezen API-token volstaat.', 'Un jeton d’API en lecture seule suffit.'],
  ['host.cli.usage.command-help', 'Run `vpp-host <command> --help` for a command\'s arguments and options.', '`vpp-host <opdracht> --help` toont de argumenten en opties van een opdracht.', '`vpp-host <commande> --help` donne les arguments et les options d’une commande.'],
  ['host.cli.usage.start-line', 'Starts the host (see `vpp-host start --help`)', 'Start de host (zie `vpp-host start --help`)', 'Démarre l’hôte (voir `vpp-host start --help`)'],
  ['host.cli.usage.plugin-new-line', 'Writes a new plugin to start from (see `vpp-host plugin new --help`)', 'Schrijft een nieuwe plug-in om mee te beginnen (zie `vpp-host plugin new --help`)', 'Écrit un nouveau plugin pour commencer (voir `vpp-host plugin new --help`)'],
  ['host.cli.usage.apple-simulator-line', 'Serves the Apple simulator on its own (see `vpp-host apple-simulator --help`)', 'Draait de Apple-simulator op zichzelf (zie `vpp-host apple-simulator --help`)', 'Sert le simulateur Apple seul (voir `vpp-host apple-simulator --help`)'],
  ['host.cli.usage.status-line', 'Which host is active on a shared PostgreSQL database, and its standbys (see `vpp-host status --help`)', 'Welke host actief is op een gedeelde PostgreSQL-database, en zijn standby’s (zie `vpp-host status --help`)', 'Quel hôte est actif sur une base PostgreSQL partagée, et ses hôtes de secours (voir `vpp-host status --help`)'],
  ['host.cli.usage.storage-copy-line', 'Copies a stopped host\'s data between a data dir and PostgreSQL (see `vpp-host storage copy --help`)', 'Kopieert de gegevens van een gestopte host tussen een gegevensmap en PostgreSQL (zie `vpp-host storage copy --help`)', 'Copie les données d’un hôte arrêté entre un dossier de données et PostgreSQL (voir `vpp-host storage copy --help`)'],
  ['host.cli.usage.global', `Global options:
  --json             Print the result as JSON (for scripts)
  --help             Show help
  --data-dir DIR     Find the running host through DIR/cli.json (default ./data)
  --url URL          The host's address (or VPP_HOST_URL)
  --api-token TOKEN  An API token (or VPP_HOST_TOKEN, which keeps it out of the process list)
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`, `Globale opties:
  --json             Toon het resultaat als JSON (voor scripts)
  --help             Toon de hulp
  --data-dir DIR     Vind de draaiende host via DIR/cli.json (standaard ./data)
  --url URL          Het adres van de host (of VPP_HOST_URL)
  --api-token TOKEN  Een API-token (of VPP_HOST_TOKEN, dat het uit de proceslijst houdt)
  --lang LANGUAGE    De taal waarin hij spreekt: en, nl of fr (of LANG)`, `Options globales :
  --json             Affiche le résultat en JSON (pour les scripts)
  --help             Affiche l’aide
  --data-dir DIR     Trouve l’hôte en cours d’exécution par DIR/cli.json (par défaut ./data)
  --url URL          L’adresse de l’hôte (ou VPP_HOST_URL)
  --api-token TOKEN  Un jeton d’API (ou VPP_HOST_TOKEN, qui le garde hors de la liste des processus)
  --lang LANGUAGE    La langue dans laquelle il parle : en, nl ou fr (ou LANG)`],
  ['host.cli.usage.start', `Usage: vpp-host start [--port N] [--hostname HOST] [--data-dir DIR] [--storage URL] [--plugins-dir DIR]... [--demo]

Starts the host: the web panel, the REST API and the plugins.
  --port N           HTTP port (default 8080; 0 picks a free one)
  --hostname HOST    Address to listen on (default: the host's own default)
  --data-dir DIR     Where the data files live (default ./data)
  --storage URL      Keep the data in PostgreSQL instead (postgres://user:password@host:port/db, or
                     VPP_HOST_STORAGE); the data dir keeps the secret key, the log and cli.json
  --plugins-dir DIR  Also load the plugins in DIR (repeatable)
  --demo             Run with the Apple simulator and an SMTP sink instead of the real services
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`, `Gebruik: vpp-host start [--port N] [--hostname HOST] [--data-dir DIR] [--storage URL] [--plugins-dir DIR]... [--demo]

Start de host: het webpaneel, de REST API en de plug-ins.
  --port N           HTTP-poort (standaard 8080; 0 kiest een vrije)
  --hostname HOST    Adres om op te luisteren (standaard: de eigen standaard van de host)
  --data-dir DIR     Waar de gegevensbestanden staan (standaard ./data)
  --storage URL      Bewaar de gegevens in plaats daarvan in PostgreSQL (postgres://user:password@host:port/db, of
                     VPP_HOST_STORAGE); de gegevensmap houdt de geheime sleutel, het logboek en cli.json
  --plugins-dir DIR  Laad ook de plug-ins in DIR (herhaalbaar)
  --demo             Draai met de Apple-simulator en een SMTP-opvang in plaats van de echte diensten
  --lang LANGUAGE    De taal waarin hij spreekt: en, nl of fr (of LANG)`, `Utilisation : vpp-host start [--port N] [--hostname HOST] [--data-dir DIR] [--storage URL] [--plugins-dir DIR]... [--demo]

Démarre l’hôte : le panneau web, l’API REST et les plugins.
  --port N           Port HTTP (par défaut 8080 ; 0 en choisit un libre)
  --hostname HOST    Adresse d’écoute (par défaut : celle de l’hôte)
  --data-dir DIR     Où se trouvent les fichiers de données (par défaut ./data)
  --storage URL      Garde plutôt les données dans PostgreSQL (postgres://user:password@host:port/db, ou
                     VPP_HOST_STORAGE) ; le dossier de données garde la clé secrète, le journal et cli.json
  --plugins-dir DIR  Charge aussi les plugins de DIR (répétable)
  --demo             Tourne avec le simulateur Apple et un puits SMTP au lieu des vrais services
  --lang LANGUAGE    La langue dans laquelle il parle : en, nl ou fr (ou LANG)`],
  ['host.cli.usage.storage-copy', `Usage: vpp-host storage copy --from DIR|URL --to DIR|URL [--json]

Copies a stopped host's data (every collection of every plugin, the audit log, secrets, accounts, sessions and
outboxes) between a data dir and a PostgreSQL database (postgres://user:password@host:port/db), either way, then
reads the copy back and checks it record by record. The target must hold no data yet. Secrets stay sealed with the
host's secret key, which is not copied: start the host on the copy with the same key.
  --from DIR|URL     The data to copy
  --to DIR|URL       Where to copy it: an empty (or new) data dir, or an empty database
  --json             Print the summary as JSON
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`, `Gebruik: vpp-host storage copy --from DIR|URL --to DIR|URL [--json]

Kopieert de gegevens van een gestopte host (elke verzameling van elke plug-in, het auditlogboek, geheimen, accounts,
sessies en uitgaande wachtrijen) tussen een gegevensmap en een PostgreSQL-database (postgres://user:password@host:port/db),
in beide richtingen, leest de kopie daarna terug en controleert ze record per record. Het doel mag nog geen gegevens
bevatten. Geheimen blijven verzegeld met de geheime sleutel van de host, die niet wordt gekopieerd: start de host op
de kopie met dezelfde sleutel.
  --from DIR|URL     De gegevens die gekopieerd worden
  --to DIR|URL       Waarheen: een lege (of nieuwe) gegevensmap, of een lege database
  --json             Toon de samenvatting als JSON
  --lang LANGUAGE    De taal waarin hij spreekt: en, nl of fr (of LANG)`, `Utilisation : vpp-host storage copy --from DIR|URL --to DIR|URL [--json]

Copie les données d’un hôte arrêté (chaque collection de chaque plugin, le journal d’audit, les secrets, les comptes,
les sessions et les files d’envoi) entre un dossier de données et une base PostgreSQL (postgres://user:password@host:port/db),
dans un sens ou dans l’autre, puis relit la copie et la vérifie enregistrement par enregistrement. La cible ne doit
encore contenir aucune donnée. Les secrets restent scellés par la clé secrète de l’hôte, qui n’est pas copiée :
démarrez l’hôte sur la copie avec la même clé.
  --from DIR|URL     Les données à copier
  --to DIR|URL       Où les copier : un dossier de données vide (ou nouveau), ou une base vide
  --json             Affiche le résumé en JSON
  --lang LANGUAGE    La langue dans laquelle il parle : en, nl ou fr (ou LANG)`],
  ['host.cli.usage.status', `Usage: vpp-host status [--storage URL] [--json]

Shows which host is active on a PostgreSQL database shared by several hosts, the age of its heartbeat and the lease's
epoch, and each standby with how many changes it is behind. Reads the database only; needs no running host.
  --storage URL      The database (postgres://user:password@host:port/db, or VPP_HOST_STORAGE)
  --json             Print the status as JSON
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`, `Gebruik: vpp-host status [--storage URL] [--json]

Toont welke host actief is op een PostgreSQL-database die meerdere hosts delen, de leeftijd van zijn hartslag en de
epoch van de lease, en elke standby met het aantal wijzigingen dat hij achterloopt. Leest alleen de database; vraagt
geen draaiende host.
  --storage URL      De database (postgres://user:password@host:port/db, of VPP_HOST_STORAGE)
  --json             Toon de status als JSON
  --lang LANGUAGE    De taal waarin hij spreekt: en, nl of fr (of LANG)`, `Utilisation : vpp-host status [--storage URL] [--json]

Montre quel hôte est actif sur une base PostgreSQL partagée par plusieurs hôtes, l’âge de son battement de cœur et
l’époque du bail, et chaque hôte de secours avec le nombre de modifications de retard. Lit seulement la base ; ne
demande aucun hôte en cours d’exécution.
  --storage URL      La base (postgres://user:password@host:port/db, ou VPP_HOST_STORAGE)
  --json             Affiche le statut en JSON
  --lang LANGUAGE    La langue dans laquelle il parle : en, nl ou fr (ou LANG)`],
  ['host.cli.usage.plugin-new', `Usage: vpp-host plugin new NAME [--dir DIR] [--sdk DIR]

Writes a new plugin (a setting, a command, a REST route, a panel page and a test) into ./NAME. Needs no running host.
  NAME             The plugin id: lower-case words joined by hyphens, e.g. ticket-notes
  --dir DIR        Write it here instead (the folder must not exist or be empty)
  --sdk DIR        Install the SDK packages from the tarballs in DIR (\`npm run sdk\` in the vpp-host repository)
  --lang LANGUAGE  The language of this help: en, nl or fr (or LANG)`, `Gebruik: vpp-host plugin new NAME [--dir DIR] [--sdk DIR]

Schrijft een nieuwe plug-in (een instelling, een opdracht, een REST-route, een paneelpagina en een test) in ./NAME.
Vraagt geen draaiende host.
  NAME             De id van de plug-in: woorden in kleine letters, verbonden door koppeltekens, bv. ticket-notes
  --dir DIR        Schrijf hem in plaats daarvan hier (de map mag niet bestaan of moet leeg zijn)
  --sdk DIR        Installeer de SDK-pakketten uit de tarballs in DIR (\`npm run sdk\` in de vpp-host-repository)
  --lang LANGUAGE  De taal van deze hulp: en, nl of fr (of LANG)`, `Utilisation : vpp-host plugin new NAME [--dir DIR] [--sdk DIR]

Écrit un nouveau plugin (un réglage, une commande, une route REST, une page du panneau et un test) dans ./NAME. Ne
demande aucun hôte en cours d’exécution.
  NAME             L’identifiant du plugin : des mots en minuscules reliés par des traits d’union, p. ex. ticket-notes
  --dir DIR        L’écrit plutôt ici (le dossier ne doit pas exister ou doit être vide)
  --sdk DIR        Installe les paquets du SDK depuis les archives de DIR (\`npm run sdk\` dans le dépôt vpp-host)
  --lang LANGUAGE  La langue de cette aide : en, nl ou fr (ou LANG)`],
  // A field named, then what is wrong with it: "to must look like name@example.com", "email: must …".
  ['host.field', '{field} {problem}', '{field} {problem}', '{field} {problem}'],
  ['host.field-colon', '{field}: {problem}', '{field}: {problem}', '{field} : {problem}'],
];

export const HOST_MESSAGES: readonly MessageDeclaration[] = MESSAGES.map(([id, text, nl, fr]) => ({ id, text, texts: { nl, fr } }));
