import { panelTexts } from '@vpp-host/api';

/** The Mail page's words in English, Dutch and French. */
const EN = {
  outbox: 'Outbox', all: 'All', to: 'To', template: 'Message', language: 'Language', state: 'State', attempts: 'Attempts', nextAttempt: 'Next attempt', updated: 'Updated',
  serverWords: "The server's words", retry: 'Send again', retryFailed: 'Send every failed message again', empty: 'No messages.',
  states: { queued: 'queued', sending: 'sending', retrying: 'retrying', sent: 'sent', failed: 'failed' },
  retried: 'The message to {to} is queued again.', retriedAll: '{count:failed message|failed messages} queued again.',
  resendTitle: '{count:failed message|failed messages} would be sent again', noneFailed: 'No message has failed.',
  testHeading: 'Send a test message', testTo: 'To', testSend: 'Send test', testSent: 'Test message accepted by {host}:{port}: {response}', testFailed: 'Test message not sent: {message}',
  server: 'Mail server', settingsLink: 'SMTP and relay settings', via: 'Sending through {host}:{port} ({security}).',
  passwordHeading: 'Server password', password: 'Password', passwordFor: 'For', smtpServer: 'the SMTP server', ispServer: "the ISP's outgoing server",
  held: 'Sending is held: the server refused the account ({response}). Correct the user name or password; sending resumes at once, and no message has used up an attempt.',
  passwordSaved: 'Password stored encrypted.', passwordCleared: 'Password removed.', clearPassword: 'Remove the password', savePassword: 'Store password',
};

export type MailText = typeof EN;

export const mailText = panelTexts(EN, {
  nl: {
    outbox: 'Postvak uit', all: 'Alle', to: 'Aan', template: 'Bericht', language: 'Taal', state: 'Toestand', attempts: 'Pogingen', nextAttempt: 'Volgende poging', updated: 'Bijgewerkt',
    serverWords: 'Antwoord van de server', retry: 'Opnieuw versturen', retryFailed: 'Alle mislukte berichten opnieuw versturen', empty: 'Geen berichten.',
    states: { queued: 'in de wachtrij', sending: 'wordt verstuurd', retrying: 'nieuwe poging', sent: 'verstuurd', failed: 'mislukt' },
    retried: 'Het bericht aan {to} staat opnieuw in de wachtrij.', retriedAll: '{count:mislukt bericht|mislukte berichten} opnieuw in de wachtrij.',
    resendTitle: '{count:mislukt bericht zou|mislukte berichten zouden} opnieuw verstuurd worden', noneFailed: 'Er is geen bericht mislukt.',
    testHeading: 'Een testbericht versturen', testTo: 'Aan', testSend: 'Test versturen', testSent: 'Testbericht aanvaard door {host}:{port}: {response}', testFailed: 'Testbericht niet verstuurd: {message}',
    server: 'Mailserver', settingsLink: 'Instellingen voor SMTP en relay', via: 'Verzenden via {host}:{port} ({security}).',
    passwordHeading: 'Wachtwoord van de server', password: 'Wachtwoord', passwordFor: 'Voor', smtpServer: 'de SMTP-server', ispServer: 'de uitgaande server van de provider',
    held: 'Het verzenden is opgeschort: de server weigerde de account ({response}). Verbeter de gebruikersnaam of het wachtwoord; het verzenden gaat dan meteen verder, en geen bericht heeft een poging verbruikt.',
    passwordSaved: 'Wachtwoord versleuteld bewaard.', passwordCleared: 'Wachtwoord verwijderd.', clearPassword: 'Wachtwoord verwijderen', savePassword: 'Wachtwoord bewaren',
  },
  fr: {
    outbox: 'Boîte d’envoi', all: 'Tous', to: 'À', template: 'Message', language: 'Langue', state: 'État', attempts: 'Tentatives', nextAttempt: 'Prochaine tentative', updated: 'Mis à jour',
    serverWords: 'Réponse du serveur', retry: 'Renvoyer', retryFailed: 'Renvoyer tous les messages en échec', empty: 'Aucun message.',
    states: { queued: 'en file d’attente', sending: 'en cours d’envoi', retrying: 'nouvelle tentative', sent: 'envoyé', failed: 'échec' },
    retried: 'Le message à {to} est de nouveau en file d’attente.', retriedAll: '{count:message en échec|messages en échec} de nouveau en file d’attente.',
    resendTitle: '{count:message en échec serait renvoyé|messages en échec seraient renvoyés}', noneFailed: 'Aucun message n’a échoué.',
    testHeading: 'Envoyer un message de test', testTo: 'À', testSend: 'Envoyer le test', testSent: 'Message de test accepté par {host}:{port} : {response}', testFailed: 'Message de test non envoyé : {message}',
    server: 'Serveur de messagerie', settingsLink: 'Paramètres SMTP et relais', via: 'Envoi par {host}:{port} ({security}).',
    passwordHeading: 'Mot de passe du serveur', password: 'Mot de passe', passwordFor: 'Pour', smtpServer: 'le serveur SMTP', ispServer: 'le serveur sortant du fournisseur',
    held: 'L’envoi est suspendu : le serveur a refusé le compte ({response}). Corrigez le nom d’utilisateur ou le mot de passe ; l’envoi reprend aussitôt, et aucun message n’a consommé de tentative.',
    passwordSaved: 'Mot de passe enregistré chiffré.', passwordCleared: 'Mot de passe supprimé.', clearPassword: 'Supprimer le mot de passe', savePassword: 'Enregistrer le mot de passe',
  },
});
