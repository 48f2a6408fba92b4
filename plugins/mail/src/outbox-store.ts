import { createHash } from 'node:crypto';
import { Emitter, inject, injectable, Storage, type Disposable, type Index, type Page, type Repository } from '@vpp-host/api';
import type { OutboxMessage, OutboxQuery, OutboxState } from '@vpp-host/plugins/mail/api';
import { summarize, type OutboxSummary } from './outbox-view.js';

/** The delivery state of a message: small, rewritten at every attempt. */
type MessageState = OutboxSummary;
/** The rendered bodies: written once at enqueue, so state changes never rewrite them. */
interface MessageContent {
  readonly id: string;
  readonly html: string;
  readonly text: string;
}

interface OpenOutbox {
  readonly states: Repository<MessageState>;
  readonly contents: Repository<MessageContent>;
  readonly byState: Index<MessageState>;
}

/** Bodies make up most of the outbox's bytes, so their collection is split into shards from the start. */
const EXPECTED_BODIES = 200_000;

/**
 * The outbox collections: every message is here before it is sent, and every state change is durable.
 * Opened in the plugin's onStart, since storage opens asynchronously.
 */
@injectable()
export class OutboxStore implements Disposable {
  private readonly changes = new Emitter<OutboxMessage>();
  readonly onDidChangeMessage = this.changes.event;
  private opened?: OpenOutbox;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async open(): Promise<void> {
    const states = await this.storage.collection<MessageState>('outbox');
    const contents = await this.storage.collection<MessageContent>('outbox-content', { expectedSize: EXPECTED_BODIES });
    this.opened = { states, contents, byState: states.index('state', (message) => message.state) };
  }

  /** The id is derived from the idempotency key, so a second enqueue of the same key finds the first message. */
  static idFor(pluginId: string | undefined, idempotencyKey: string): string {
    return `m-${createHash('sha256').update(`${pluginId ?? ''}\n${idempotencyKey}`).digest('base64url').slice(0, 24)}`;
  }

  has(id: string): boolean {
    return this.outbox().states.has(id);
  }

  get(id: string): OutboxMessage | undefined {
    const state = this.outbox().states.get(id);
    return state && this.withContent(state);
  }

  inState(state: OutboxState): OutboxMessage[] {
    return this.outbox().byState.get(state).map((m) => this.withContent(m));
  }

  /** How many messages are in `state`, and when the one longest in it got there. */
  tally(state: OutboxState): { readonly count: number; readonly since?: string } {
    const messages = this.outbox().byState.get(state);
    const since = messages.reduce<string | undefined>((oldest, m) => (oldest === undefined || m.updatedAt < oldest ? m.updatedAt : oldest), undefined);
    return { count: messages.length, ...(since !== undefined ? { since } : {}) };
  }

  /** Newest first. */
  list(query: OutboxQuery = {}): Page<OutboxMessage> {
    const { state, templateId, pluginId } = query;
    const page = this.outbox().states.query({
      where: (m) =>
        (state === undefined || m.state === state) &&
        (templateId === undefined || m.templateId === templateId) &&
        (pluginId === undefined || m.pluginId === pluginId),
      sort: (a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
      offset: query.offset ?? 0,
      limit: query.limit ?? 50,
    });
    return { total: page.total, items: page.items.map((m) => this.withContent(m)) };
  }

  /** Stores new messages: bodies first, so a stored state always has its content. Resolves once on disk. */
  async add(messages: readonly OutboxMessage[]): Promise<void> {
    const { contents, states } = this.outbox();
    await contents.putMany(messages.map(({ id, html, text }) => ({ id, html, text })));
    await states.putMany(messages.map(summarize));
    for (const message of messages) this.changes.fire(message);
  }

  /** Records new states of stored messages; resolves once on disk, and the event fires only then. */
  async save(message: OutboxMessage): Promise<void> {
    await this.saveMany([message]);
  }

  async saveMany(messages: readonly OutboxMessage[]): Promise<void> {
    await this.outbox().states.putMany(messages.map(summarize));
    for (const message of messages) this.changes.fire(message);
  }

  /**
   * Removes sent and failed messages whose last change is older than `before` (ISO time); messages still to be
   * delivered are never touched. State and bodies leave memory in the same tick, so an enqueue that reuses a pruned
   * idempotency key right away cannot lose its new bodies to this prune.
   */
  async prune(before: string): Promise<number> {
    const { states, contents, byState } = this.outbox();
    const ids = [...byState.get('sent'), ...byState.get('failed')].filter((m) => m.updatedAt < before).map((m) => m.id);
    if (ids.length === 0) return 0;
    await Promise.all([states.deleteMany(ids), contents.deleteMany(ids)]);
    return ids.length;
  }

  dispose(): void {
    this.changes.dispose();
  }

  private withContent(state: MessageState): OutboxMessage {
    const content = this.outbox().contents.get(state.id);
    return { ...state, html: content?.html ?? '', text: content?.text ?? '' };
  }

  private outbox(): OpenOutbox {
    if (!this.opened) throw new Error('The mail outbox is not open yet: the mail plugin has not started');
    return this.opened;
  }
}
