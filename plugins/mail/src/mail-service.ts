import { ActingPrincipal, AuditLog, BadInputError, Clock, ConflictError, cutText, inject, injectable, NotFoundError, saying, type Actor, type Page } from '@vpp-host/api';
import { mailLanguageOf, type MailApi, type MailRequest, type OutboxMessage, type OutboxQuery } from '@vpp-host/plugins/mail/api';
import { checkAddress, cleanDisplayName } from './address.js';
import { DeliveryWorker } from './delivery-worker.js';
import { MailConfig } from './mail-config.js';
import { OutboxStore } from './outbox-store.js';
import { TemplateCatalog } from './template-catalog.js';
import { TemplateRenderer } from './template-renderer.js';

/** The MailApi other plugins call: validate and render at once, store, and hand over to the delivery worker. */
@injectable()
export class MailService implements MailApi {
  constructor(
    @inject(OutboxStore) private readonly outbox: OutboxStore,
    @inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @inject(TemplateCatalog) private readonly templates: TemplateCatalog,
    @inject(TemplateRenderer) private readonly renderer: TemplateRenderer,
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(Clock) private readonly clock: Clock,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(ActingPrincipal) private readonly acting: ActingPrincipal,
  ) {}

  /**
   * The MailApi a depending plugin gets: its messages carry its id (a request naming another plugin is refused), and
   * it sees and retries only its own messages.
   */
  forPlugin(pluginId: string): MailApi {
    const stamp = (request: MailRequest): MailRequest => {
      if (typeof request !== 'object' || request === null) return request;
      if (request.pluginId !== undefined && request.pluginId !== pluginId) {
        const given = String(request.pluginId).slice(0, 100);
        throw saying(new BadInputError(`pluginId "${given}" is not the sending plugin "${pluginId}"; leave it out, the host fills it in`), 'mail.message.plugin-id', { given, plugin: pluginId });
      }
      return { ...request, pluginId };
    };
    const own = (id: string): OutboxMessage | undefined => {
      const message = this.get(id);
      return message?.pluginId === pluginId ? message : undefined;
    };
    return {
      enqueue: (request) => this.enqueue(stamp(request)),
      enqueueMany: (requests) => this.enqueueMany(Array.isArray(requests) ? requests.map(stamp) : requests),
      get: own,
      list: (query = {}) => this.list({ ...query, pluginId }),
      retry: (id, actor) => (own(id) ? this.retry(id, actor) : Promise.reject(unknownMessage(id))),
      onDidChangeMessage: this.onDidChangeMessage,
    };
  }

  get onDidChangeMessage() {
    return this.outbox.onDidChangeMessage;
  }

  async enqueue(request: MailRequest): Promise<OutboxMessage> {
    const [message] = await this.enqueueMany([request]);
    return message!;
  }

  async enqueueMany(requests: readonly MailRequest[]): Promise<OutboxMessage[]> {
    if (!Array.isArray(requests)) throw saying(new BadInputError('Expected a list of messages'), 'mail.message.list');
    // Everything is checked and rendered before anything is stored, so one bad message leaves the outbox untouched.
    const prepared = requests.map((request, index) => {
      try {
        return this.prepare(request);
      } catch (error) {
        if (requests.length === 1 || !(error instanceof BadInputError)) throw error;
        const refusal = new BadInputError(`Message ${index + 1} of ${requests.length}: ${error.message}`, { index, ...(error.details as object) });
        throw saying(refusal, 'mail.message.nth', { number: index + 1, total: requests.length, problem: error });
      }
    });
    // Reads and the in-memory half of a write are synchronous, so no other enqueue can slip in between.
    const results: OutboxMessage[] = [];
    const fresh = new Map<string, OutboxMessage>();
    for (const message of prepared) {
      const existing = this.outbox.get(message.id) ?? fresh.get(message.id);
      if (existing) results.push(existing);
      else {
        fresh.set(message.id, message);
        results.push(message);
      }
    }
    if (fresh.size > 0) {
      await this.outbox.add([...fresh.values()]);
      for (const message of fresh.values()) this.worker.schedule(message);
    }
    return results;
  }

  get(id: string): OutboxMessage | undefined {
    return this.outbox.get(id);
  }

  list(query: OutboxQuery = {}): Page<OutboxMessage> {
    return this.outbox.list(query);
  }

  async retry(id: string, actor: Actor): Promise<OutboxMessage> {
    const message = this.outbox.get(id);
    if (!message) throw unknownMessage(id);
    if (message.state === 'sent') {
      const refusal = new ConflictError(`Message "${id}" was already accepted by the server on ${message.sentAt}; sending it again would deliver it twice`);
      throw saying(refusal, 'mail.retry.sent', { id, date: message.sentAt ?? '' });
    }
    if (message.state === 'sending' || message.state === 'queued') throw saying(new ConflictError(`Message "${id}" is already ${message.state}`), `mail.retry.${message.state}`, { id });
    const now = this.clock.now().toISOString();
    const queued: OutboxMessage = { ...message, state: 'queued', nextAttemptAt: undefined, updatedAt: now };
    await this.outbox.save(queued);
    await this.audit.record({ actor, action: 'mail.message.retry', target: { type: 'mail-message', id, name: message.to.address }, details: { previousState: message.state } });
    this.worker.schedule(queued);
    return queued;
  }

  private prepare(request: MailRequest): OutboxMessage {
    if (typeof request !== 'object' || request === null) throw saying(new BadInputError('A message must be an object with templateId, to, values and idempotencyKey'), 'mail.message.object');
    const { templateId, to, values, idempotencyKey, pluginId } = request;
    if (typeof idempotencyKey !== 'string' || idempotencyKey.trim() === '') throw emptyField('idempotencyKey');
    if (typeof templateId !== 'string' || templateId === '') throw emptyField('templateId');
    if (typeof to !== 'object' || to === null) throw saying(new BadInputError('to must be an object with an address'), 'mail.message.to');
    if (typeof values !== 'object' || values === null) throw saying(new BadInputError('values must be an object'), 'mail.message.values');
    const address = checkAddress(to.address);
    const name = cleanDisplayName(to.name);
    const language = mailLanguageOf(to.language);
    const rendered = this.renderer.render(this.templates.find(templateId), language, values);
    const id = OutboxStore.idFor(pluginId, idempotencyKey);
    const now = this.clock.now().toISOString();
    const principal = this.acting.current();
    return {
      id,
      idempotencyKey,
      ...(pluginId ? { pluginId } : {}),
      ...(principal ? { requestedBy: { kind: principal.kind, id: principal.id, ...(principal.name !== undefined ? { name: principal.name } : {}) } } : {}),
      templateId,
      language,
      to: name ? { address, name } : { address },
      messageId: `<${id}@${this.config.senderDomain()}>`,
      ...rendered,
      state: 'queued',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    };
  }
}

/** An outbox message that does not exist, or (for a plugin) is not its own: the same answer, so nothing leaks. */
export function unknownMessage(id: string): NotFoundError {
  return saying(new NotFoundError(`No outbox message "${id}"`), 'mail.outbox.unknown', { id: cutText(id) });
}

function emptyField(field: string): BadInputError {
  return saying(new BadInputError(`${field} must be a non-empty string`), 'mail.message.empty-field', { field });
}
