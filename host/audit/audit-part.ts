import { z } from 'zod';
import type { Actor } from '../api/actor.js';
import type { AuditEntry, AuditLog, AuditQuery } from '../api/audit.js';
import { CommandContribution, type CommandHandler } from '../api/commands.js';
import { route, RouteContribution } from '../api/http.js';
import { CommandDeclarationSchema } from '../api/manifest.js';
import { phrase, saidAsText } from '../api/messages.js';
import type { Page } from '../api/storage.js';
import { parseInput } from '../http/validation.js';
import type { HostPart } from '../runtime/host-part.js';
import { COLUMN } from '../commands/command-columns.js';

const ACTOR_KINDS = ['admin', 'api-token', 'plugin', 'schedule', 'system', 'apple'] as const satisfies readonly Actor['kind'][];

/** Any date or date-time, compared as an ISO string like the entries' `at`. */
const isoTime = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date such as 2026-03-01 or 2026-03-01T09:00:00Z')
  .transform((value) => new Date(value).toISOString());

const AuditQuerySchema = z.strictObject({
  actorKind: z.enum(ACTOR_KINDS).optional(),
  actorId: z.string().optional(),
  action: z.string().optional(),
  targetId: z.string().optional(),
  text: z.string().max(200).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const AuditCommandOptions = z.object({
  action: z.string().optional(),
  'actor-kind': z.enum(ACTOR_KINDS).optional(),
  target: z.string().optional(),
  text: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});

const AUDIT_COMMAND = CommandDeclarationSchema.parse({
  id: 'audit',
  description: 'Shows the audit log, newest first: who changed what, when and why', descriptions: { nl: 'Toont het auditlogboek, nieuwste eerst: wie wat wijzigde, wanneer en waarom', fr: 'Affiche le journal d’audit, les plus récentes d’abord : qui a modifié quoi, quand et pourquoi' },
  access: 'read',
  options: [
    { name: 'action', description: 'Only this action or the actions under it, e.g. "inventory" or "inventory.user.create"', descriptions: { nl: 'Alleen deze actie of de acties eronder, bv. "inventory" of "inventory.user.create"', fr: 'Seulement cette action ou les actions qui en relèvent, p. ex. « inventory » ou « inventory.user.create »' } },
    { name: 'actor-kind', description: 'Only changes by this kind of actor', descriptions: { nl: 'Alleen wijzigingen door dit soort actor', fr: 'Seulement les modifications faites par ce type d’acteur' }, choices: [...ACTOR_KINDS] },
    { name: 'target', description: 'Only changes to the record with this id', descriptions: { nl: 'Alleen wijzigingen aan het record met deze id', fr: 'Seulement les modifications de l’enregistrement ayant cet identifiant' } },
    { name: 'text', description: 'Only entries that mention this text', descriptions: { nl: 'Alleen regels die deze tekst noemen', fr: 'Seulement les entrées qui mentionnent ce texte' } },
    { name: 'limit', type: 'integer', description: 'How many entries to show (default 20, at most 500)', descriptions: { nl: 'Hoeveel regels er getoond worden (standaard 20, hoogstens 500)', fr: 'Combien d’entrées afficher (20 par défaut, au plus 500)' } },
  ],
});

function auditTable(page: Page<AuditEntry>) {
  return {
    columns: [COLUMN.at, COLUMN.actor, COLUMN.action, COLUMN.target, COLUMN.reason],
    rows: page.items.map((e) => [e.at, `${e.actor.kind}:${e.actor.name ?? e.actor.id}`, e.action, e.target ? `${e.target.type}:${e.target.id}` : '', e.reason ?? '']),
  };
}

class AuditCommand implements CommandHandler {
  readonly id = AUDIT_COMMAND.id;

  constructor(private readonly audit: AuditLog) {}

  async run(input: Parameters<CommandHandler['run']>[0]) {
    const options = parseInput(AuditCommandOptions, input.options, 'options');
    const query: AuditQuery = {
      limit: options.limit,
      ...(options.action ? { action: options.action } : {}),
      ...(options['actor-kind'] ? { actorKind: options['actor-kind'] } : {}),
      ...(options.target ? { targetId: options.target } : {}),
      ...(options.text ? { text: options.text } : {}),
    };
    const page = this.audit.query(query);
    const said = phrase(`${page.items.length} of ${page.total} entries`, 'host.audit.shown', { shown: page.items.length, total: page.total });
    return { data: page, table: auditTable(page), ...saidAsText(said) };
  }
}

/** The audit log's REST API and `vpp-host audit`; the log itself is opened by the host before any part. */
export const auditPart: HostPart = {
  name: 'audit',
  contributes: { commands: [AUDIT_COMMAND] },

  async open({ container, audit }) {
    const log = audit.forSource('host');
    container.bind<RouteContribution>(RouteContribution).toConstantValue({
      routes: [
        route({
          method: 'GET',
          path: '/audit',
          summary: 'Audit entries, newest first, filtered by actor kind, action (and the actions under it), target, text and time',
          access: 'read',
          query: AuditQuerySchema,
          handle: async ({ query }) => log.query(query),
        }),
      ],
    });
    container.bind<CommandContribution>(CommandContribution).toConstantValue({ commands: [new AuditCommand(log)] });
    return {};
  },
};
