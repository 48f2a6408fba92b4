import { z } from 'zod';
import type { Alert, AlertQuery, AlertRecipient } from '../api/alerts.js';
import { ALERT_SEVERITIES } from '../api/alerts.js';
import { CommandContribution, type CommandHandler, type CommandInput } from '../api/commands.js';
import { BadInputError, saying } from '../api/errors.js';
import { respond, route, RouteContribution } from '../api/http.js';
import { CommandDeclarationSchema, ViewDeclarationSchema, type CommandDeclaration, type MessageDeclaration } from '../api/manifest.js';
import { acceptedLanguage, Messages, phrase, saidAsText } from '../api/messages.js';
import type { Page } from '../api/storage.js';
import { ViewContribution } from '../api/views.js';
import { AccountService } from '../http/auth/account-service.js';
import { parseInput } from '../http/validation.js';
import type { HostPart } from '../runtime/host-part.js';
import { AlertRecipients } from './alert-recipients.js';
import { ALERTS_VIEW_DECLARATION, AlertsView } from './alerts-view.js';

const STATES = ['open', 'resolved', 'all'] as const;

const AlertQuerySchema = z.strictObject({
  state: z.enum(STATES).default('all'),
  source: z.string().max(100).optional(),
  severity: z.enum(ALERT_SEVERITIES as ['warning', 'critical']).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const RecipientBodySchema = z.strictObject({ address: z.string().max(1000) });

export const ALERT_COMMANDS: CommandDeclaration[] = CommandDeclarationSchema.array().parse([
  {
    id: 'alerts',
    description: 'Lists the alerts: what needs attention now (open) and what was resolved in the last 30 days', descriptions: { nl: 'Toont de waarschuwingen: wat nu aandacht vraagt (open) en wat de afgelopen 30 dagen is opgelost', fr: 'Liste les alertes : ce qui demande de l’attention maintenant (ouvertes) et ce qui a été résolu ces 30 derniers jours' },
    access: 'read',
    options: [
      { name: 'state', description: 'Only open or only resolved alerts (default: open)', descriptions: { nl: 'Alleen open of alleen opgeloste waarschuwingen (standaard: open)', fr: 'Seulement les alertes ouvertes ou seulement les résolues (par défaut : ouvertes)' }, choices: [...STATES] },
      { name: 'source', description: 'Only the alerts of this plugin, e.g. vpp-apple', descriptions: { nl: 'Alleen de waarschuwingen van deze plug-in, bv. vpp-apple', fr: 'Seulement les alertes de ce plugin, p. ex. vpp-apple' } },
      { name: 'limit', type: 'integer', description: 'How many alerts to show (default 50, at most 500)', descriptions: { nl: 'Hoeveel waarschuwingen er getoond worden (standaard 50, hoogstens 500)', fr: 'Combien d’alertes afficher (50 par défaut, au plus 500)' } },
    ],
  },
  { id: 'alerts.recipients', description: 'Lists the admins who get alert mail, with their address and language', descriptions: { nl: 'Toont de beheerders die waarschuwingsmail krijgen, met hun adres en taal', fr: 'Liste les administrateurs qui reçoivent les courriels d’alerte, avec leur adresse et leur langue' }, access: 'read' },
  {
    id: 'alerts.recipients.add',
    description: 'Sends alert mail to an admin, in the admin’s panel language (an admin who gets it already moves to the new address)', descriptions: { nl: 'Stuurt waarschuwingsmail naar een beheerder, in de paneeltaal van die beheerder (een beheerder die ze al krijgt, gaat over naar het nieuwe adres)', fr: 'Envoie les courriels d’alerte à un administrateur, dans la langue de son panneau (un administrateur qui les reçoit déjà passe à la nouvelle adresse)' },
    options: [
      { name: 'admin', description: 'The admin’s sign-in name', descriptions: { nl: 'De aanmeldnaam van de beheerder', fr: 'Le nom de connexion de l’administrateur' }, required: true },
      { name: 'address', description: 'The address to mail alerts to', descriptions: { nl: 'Het adres waarnaar waarschuwingen worden gemaild', fr: 'L’adresse à laquelle envoyer les alertes' }, required: true },
    ],
  },
  {
    id: 'alerts.recipients.remove',
    description: 'Stops sending alert mail to an admin', descriptions: { nl: 'Stopt met het sturen van waarschuwingsmail naar een beheerder', fr: 'Cesse d’envoyer les courriels d’alerte à un administrateur' },
    options: [{ name: 'admin', description: 'The admin’s sign-in name', descriptions: { nl: 'De aanmeldnaam van de beheerder', fr: 'Le nom de connexion de l’administrateur' }, required: true }],
  },
]);

const ROWS: readonly (readonly [string, string, string, string])[] = [
  ['host.alerts.offset', 'offset must be a whole number of 0 or more, got {got}', 'offset moet een geheel getal van 0 of meer zijn, niet {got}', 'offset doit être un nombre entier de 0 ou plus, pas {got}'],
  ['host.alerts.limit', 'limit must be a whole number from 1 to {max}, got {got}', 'limit moet een geheel getal van 1 tot {max} zijn, niet {got}', 'limit doit être un nombre entier de 1 à {max}, pas {got}'],
  ['host.alerts.state', 'state must be open or resolved, got {got}', 'state moet open of resolved zijn, niet {got}', 'state doit valoir open ou resolved, pas {got}'],
  ['host.alerts.bad-input', 'An alert must be an object with key, severity and said', 'Een melding moet een object zijn met key, severity en said', 'Une alerte doit être un objet avec key, severity et said'],
  ['host.alerts.bad-key', 'An alert’s key must be 1 to {max} characters without control characters, got {got}', 'De sleutel van een melding moet 1 tot {max} tekens zonder stuurtekens zijn, niet {got}', 'La clé d’une alerte doit faire de 1 à {max} caractères sans caractère de contrôle, pas {got}'],
  ['host.alerts.bad-severity', 'An alert’s severity must be warning or critical, got {got}', 'De ernst van een melding moet warning of critical zijn, niet {got}', 'La gravité d’une alerte doit valoir warning ou critical, pas {got}'],
  ['host.alerts.bad-message', 'An alert must say something: said.message must be 1 to {max} characters', 'Een melding moet iets zeggen: said.message moet 1 tot {max} tekens zijn', 'Une alerte doit dire quelque chose : said.message doit faire de 1 à {max} caractères'],
  ['host.alerts.bad-message-id', 'said.messageId must be a message id', 'said.messageId moet een bericht-id zijn', 'said.messageId doit être un identifiant de message'],
  ['host.alerts.bad-href', 'An alert’s href must be a path of the panel such as /views/…, got {got}', 'De href van een melding moet een pad van het paneel zijn, zoals /views/…, niet {got}', 'Le href d’une alerte doit être un chemin du panneau comme /views/…, pas {got}'],
  ['host.alerts.bad-subject', 'An alert’s subject must have a type and an id', 'Het onderwerp van een melding moet een type en een id hebben', 'Le sujet d’une alerte doit avoir un type et un identifiant'],
  ['host.alerts.unknown-admin', 'There is no admin "{name}"; the admins are {admins}', 'Er is geen beheerder "{name}"; de beheerders zijn {admins}', 'Il n’y a pas d’administrateur « {name} » ; les administrateurs sont {admins}'],
  ['host.alerts.bad-address', 'The address {problem}', 'Het adres {problem}', 'L’adresse {problem}'],
  ['host.alerts.not-a-recipient', 'Admin "{name}" gets no alert mail', 'Beheerder "{name}" krijgt geen meldingen per e-mail', 'L’administrateur « {name} » ne reçoit pas les alertes par courriel'],
  ['host.alerts.shown', '{shown} of {total} alerts', '{shown} van {total} meldingen', '{shown} alertes sur {total}'],
  ['host.alerts.recipients-count', '{count:admin gets|admins get} alert mail', '{count:beheerder krijgt|beheerders krijgen} meldingen per e-mail', '{count:administrateur reçoit|administrateurs reçoivent} les alertes par courriel'],
  ['host.alerts.recipient-set', 'Admin "{name}" gets alert mail at {address}', 'Beheerder "{name}" krijgt meldingen per e-mail op {address}', 'L’administrateur « {name} » reçoit les alertes par courriel à {address}'],
  ['host.alerts.recipient-removed', 'Admin "{name}" gets no more alert mail', 'Beheerder "{name}" krijgt geen meldingen meer per e-mail', 'L’administrateur « {name} » ne reçoit plus les alertes par courriel'],
  ['host.alerts.severity.warning', 'warning', 'waarschuwing', 'avertissement'],
  ['host.alerts.severity.critical', 'critical', 'kritiek', 'critique'],
];

export const ALERT_MESSAGES: MessageDeclaration[] = ROWS.map(([id, text, nl, fr]) => ({ id, text, texts: { nl, fr } }));

/** An alert as REST answers it: its words in English (`message`, with `messageId` and `params`) and in the caller's language (`text`). */
function answered(alert: Alert, say: (alert: Alert) => string): Alert & { readonly text: string } {
  return { ...alert, text: say(alert) };
}

function optionText(input: CommandInput, name: string): string {
  const value = input.options[name];
  if (typeof value !== 'string' || value.trim() === '') throw saying(new BadInputError(`--${name} must be text`), 'host.option.text', { option: `--${name}` });
  return value;
}

function alertRows(page: Page<Alert>, say: (alert: Alert) => string, severity: (alert: Alert) => string) {
  return {
    columns: ['severity', 'alert', 'source', 'raised', 'resolved'],
    rows: page.items.map((a) => [severity(a), say(a), a.source, a.raisedAt, a.resolvedAt ?? '']),
  };
}

function recipientRows(recipients: readonly AlertRecipient[]) {
  return { columns: ['admin', 'address', 'language'], rows: recipients.map((r) => [r.name, r.address, r.language ?? 'en']) };
}

/**
 * Alerts on the host: the facility plugins raise them through (`Alerts`, opened by the host before any part), the
 * Alerts page, `GET /api/alerts`, `vpp-host alerts` and who gets them by mail.
 */
export const alertsPart: HostPart = {
    name: 'alerts',
    contributes: { commands: ALERT_COMMANDS, views: [ViewDeclarationSchema.parse(ALERTS_VIEW_DECLARATION)], messages: ALERT_MESSAGES },

    async open({ container, storage, clock, audit, plugins, hostManifest, alerts: center }) {
      const accounts = container.get<AccountService>(AccountService);
      const messages = container.get<Messages>(Messages);
      const recipients = await AlertRecipients.open(storage, accounts, audit.forSource('host'), clock);
      center.useRecipients(() => recipients.list());
      const sayIn = (language: string) => (alert: Alert) => messages.say(alert, language);
      const severityIn = (language: string) => (alert: Alert) => messages.say(phrase(alert.severity, `host.alerts.severity.${alert.severity}`), language);

      container.bind<RouteContribution>(RouteContribution).toConstantValue({
        routes: [
          route({
            method: 'GET',
            path: '/alerts',
            summary: 'Alerts of every plugin: open ones first (critical before warning), then those resolved in the last 30 days; `text` says each in the Accept-Language',
            access: 'read',
            query: AlertQuerySchema,
            handle: async ({ query, headers }) => {
              const { state, ...rest } = query;
              const page = center.list({ ...rest, ...(state === 'all' ? {} : { state }) } as AlertQuery);
              const say = sayIn(acceptedLanguage(headers.get('accept-language')));
              return { items: page.items.map((alert) => answered(alert, say)), total: page.total };
            },
          }),
          route({
            method: 'GET',
            path: '/alerts/recipients',
            summary: 'The admins who get alert mail, with their address and language',
            access: 'read',
            handle: async () => recipients.list(),
          }),
          route<{ address: string }>({
            method: 'PUT',
            path: '/alerts/recipients/:admin',
            summary: 'Sends alert mail to the admin (name or id) at this address, in the admin’s language; an unknown admin or a bad address is refused and nothing changes',
            access: 'admin',
            body: RecipientBodySchema,
            handle: async ({ params, body, principal }) => recipients.set(params.admin ?? '', body.address, principal!),
          }),
          route({
            method: 'DELETE',
            path: '/alerts/recipients/:admin',
            summary: 'Stops sending alert mail to the admin (name or id)',
            access: 'admin',
            handle: async ({ params, principal }) => {
              await recipients.remove(params.admin ?? '', principal!);
              return respond({ status: 204 });
            },
          }),
        ],
      });

      const commands: CommandHandler[] = [
        {
          id: 'alerts',
          run: async (input, { language = 'en' }) => {
            const state = input.options.state === undefined ? 'open' : String(input.options.state);
            const query = parseInput(AlertQuerySchema, { state, ...(input.options.source !== undefined ? { source: input.options.source } : {}), ...(input.options.limit !== undefined ? { limit: input.options.limit } : {}) }, 'options');
            const { state: asked, ...rest } = query;
            const page = center.list({ ...rest, ...(asked === 'all' ? {} : { state: asked }) } as AlertQuery);
            const said = phrase(`${page.items.length} of ${page.total} alerts`, 'host.alerts.shown', { shown: page.items.length, total: page.total });
            return { data: page, table: alertRows(page, sayIn(language), severityIn(language)), ...saidAsText(said) };
          },
        },
        {
          id: 'alerts.recipients',
          run: async () => {
            const list = recipients.list();
            const said = phrase(`${list.length} ${list.length === 1 ? 'admin gets' : 'admins get'} alert mail`, 'host.alerts.recipients-count', { count: list.length });
            return { data: list, table: recipientRows(list), ...saidAsText(said) };
          },
        },
        {
          id: 'alerts.recipients.add',
          run: async (input, { principal }) => {
            const recipient = await recipients.set(optionText(input, 'admin'), optionText(input, 'address'), principal);
            const said = phrase(`Admin "${recipient.name}" gets alert mail at ${recipient.address}`, 'host.alerts.recipient-set', { name: recipient.name, address: recipient.address });
            return { data: recipient, ...saidAsText(said) };
          },
        },
        {
          id: 'alerts.recipients.remove',
          run: async (input, { principal }) => {
            const ref = optionText(input, 'admin');
            const name = accounts.getAdmin(ref)?.name ?? accounts.listAdmins().find((a) => a.name.toLowerCase() === ref.trim().toLowerCase())?.name ?? ref;
            await recipients.remove(ref, principal);
            const said = phrase(`Admin "${name}" gets no more alert mail`, 'host.alerts.recipient-removed', { name });
            return { data: { admin: name }, ...saidAsText(said) };
          },
        },
      ];
      container.bind<CommandContribution>(CommandContribution).toConstantValue({ commands });

      const manifests = () => [hostManifest, ...plugins.manifests()];
      container.bind<ViewContribution>(ViewContribution).toConstantValue({ views: [new AlertsView({ center, recipients, accounts, messages, manifests })] });
      return {};
    },
};
