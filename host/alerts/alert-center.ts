import { randomUUID } from 'node:crypto';
import type { Alert, AlertInput, AlertQuery, AlertRecipient, Alerts } from '../api/alerts.js';
import { ALERT_SEVERITIES, ALERT_STATES } from '../api/alerts.js';
import type { Clock } from '../api/clock.js';
import { BadInputError, quoteInput, saying } from '../api/errors.js';
import { Emitter } from '../api/event.js';
import type { MessageParam } from '../api/messages.js';
import type { Index, Page, Repository, Storage } from '../api/storage.js';

/** Resolved alerts stay this long (the Alerts page's "recently resolved"), then go. */
export const RESOLVED_KEPT_DAYS = 30;
const DAY_MS = 86_400_000;
const MAX_KEY = 200;
const MAX_MESSAGE = 1000;
const MAX_LIMIT = 500;

/** An open alert's place in the index: its source and key. */
const openKey = (source: string, key: string): string => `${source}\u0000${key}`;

/**
 * The host's alerts, in the host's storage (collection `alerts`): each plugin raises and resolves its own by key
 * through `forSource(id)`, which stamps the plugin's id on them. A key has at most one open alert; raising it again
 * while open changes its words in place, silently; resolving it ends it. Both are announced once the change is
 * durable, so an alert survives restarts, is raised once and resolved once.
 */
export class AlertCenter {
  private readonly raised = new Emitter<Alert>();
  private readonly resolved = new Emitter<Alert>();
  readonly onDidRaiseAlert = this.raised.event;
  readonly onDidResolveAlert = this.resolved.event;
  private readonly open: Index<Alert>;
  private recipientsOf: () => AlertRecipient[] = () => [];

  private constructor(
    private readonly alerts: Repository<Alert>,
    private readonly clock: Clock,
  ) {
    this.open = alerts.index('open', (alert) => (alert.state === 'open' ? openKey(alert.source, alert.key) : undefined));
  }

  static async open(storage: Storage, clock: Clock): Promise<AlertCenter> {
    return new AlertCenter(await storage.collection<Alert>('alerts', { expectedSize: 10_000 }), clock);
  }

  /** Where `recipients()` comes from: the admins who asked for alert mail (the alerts part knows the accounts). */
  useRecipients(recipients: () => AlertRecipient[]): void {
    this.recipientsOf = recipients;
  }

  /** The alerts as plugin `source` raises them: its own to raise and resolve, everyone's to read. */
  forSource(source: string): Alerts {
    return {
      raise: (input) => this.raise(source, input),
      resolve: (key) => this.resolve(source, key),
      get: (key) => this.openAlert(source, key),
      openAlerts: () => this.openOf(source),
      list: (query) => this.list(query),
      recipients: () => this.recipients(),
      onDidRaiseAlert: this.onDidRaiseAlert,
      onDidResolveAlert: this.onDidResolveAlert,
    };
  }

  async raise(source: string, input: AlertInput): Promise<Alert> {
    const checked = checkInput(input);
    const now = this.clock.now().toISOString();
    const current = this.openAlert(source, checked.key);
    if (current) {
      const changed: Alert = { ...withoutWords(current), ...checked, updatedAt: now };
      if (sameWords(current, changed)) return current;
      await this.alerts.put(changed);
      return changed;
    }
    const alert: Alert = { id: `alert-${randomUUID()}`, source, ...checked, state: 'open', raisedAt: now, updatedAt: now };
    // The write reaches memory (and the open index) at once: a raise of the same key meanwhile finds this one.
    await this.alerts.put(alert);
    this.raised.fire(alert);
    return alert;
  }

  async resolve(source: string, key: string): Promise<Alert | undefined> {
    const current = typeof key === 'string' ? this.openAlert(source, key) : undefined;
    if (!current) return undefined;
    const now = this.clock.now().toISOString();
    const alert: Alert = { ...current, state: 'resolved', resolvedAt: now, updatedAt: now };
    await this.alerts.put(alert);
    await this.forgetOldResolved(now);
    this.resolved.fire(alert);
    return alert;
  }

  /** Every alert in `state` (resolved ones of the last RESOLVED_KEPT_DAYS), in `list`'s order: the Alerts page sorts and pages them itself. */
  all(state: Alert['state']): Alert[] {
    const cutoff = this.resolvedCutoff();
    return [...this.alerts.values()].filter((a) => a.state === state && (a.state === 'open' || (a.resolvedAt ?? '') >= cutoff)).sort(byAttention);
  }

  list(query: AlertQuery = {}): Page<Alert> {
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 50;
    if (!Number.isSafeInteger(offset) || offset < 0) throw saying(new BadInputError(`offset must be a whole number of 0 or more, got ${String(offset)}`), 'host.alerts.offset', { got: String(offset) });
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw saying(new BadInputError(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${String(limit)}`), 'host.alerts.limit', { max: MAX_LIMIT, got: String(limit) });
    if (query.state !== undefined && !ALERT_STATES.includes(query.state)) throw saying(new BadInputError(`state must be open or resolved, got ${quoteInput(query.state)}`), 'host.alerts.state', { got: quoteInput(query.state) });
    const cutoff = this.resolvedCutoff();
    const matches = [...this.alerts.values()].filter(
      (a) =>
        (query.state === undefined || a.state === query.state) &&
        (query.source === undefined || a.source === query.source) &&
        (query.severity === undefined || a.severity === query.severity) &&
        (a.state === 'open' || (a.resolvedAt ?? '') >= cutoff),
    );
    matches.sort(byAttention);
    return { items: matches.slice(offset, offset + limit), total: matches.length };
  }

  recipients(): AlertRecipient[] {
    return this.recipientsOf();
  }

  dispose(): void {
    this.raised.dispose();
    this.resolved.dispose();
  }

  private openAlert(source: string, key: string): Alert | undefined {
    return this.open.get(openKey(source, key))[0];
  }

  private openOf(source: string): Alert[] {
    return [...this.alerts.values()].filter((a) => a.state === 'open' && a.source === source).sort((a, b) => (a.raisedAt < b.raisedAt ? -1 : a.raisedAt > b.raisedAt ? 1 : 0));
  }

  private resolvedCutoff(): string {
    return new Date(this.clock.now().getTime() - RESOLVED_KEPT_DAYS * DAY_MS).toISOString();
  }

  /** Resolved alerts older than RESOLVED_KEPT_DAYS go as new ones are resolved: the collection stays small. */
  private async forgetOldResolved(now: string): Promise<void> {
    const cutoff = new Date(Date.parse(now) - RESOLVED_KEPT_DAYS * DAY_MS).toISOString();
    const old = [...this.alerts.values()].filter((a) => a.state === 'resolved' && (a.resolvedAt ?? '') < cutoff).map((a) => a.id);
    if (old.length > 0) await this.alerts.deleteMany(old);
  }
}

/** Open before resolved; open ones critical first, then newest raised; resolved ones newest resolved first. */
function byAttention(a: Alert, b: Alert): number {
  if (a.state !== b.state) return a.state === 'open' ? -1 : 1;
  if (a.state === 'open' && a.severity !== b.severity) return a.severity === 'critical' ? -1 : 1;
  const at = (alert: Alert) => (alert.state === 'open' ? alert.raisedAt : (alert.resolvedAt ?? alert.raisedAt));
  return at(a) > at(b) ? -1 : at(a) < at(b) ? 1 : a.id < b.id ? -1 : 1;
}

type CheckedInput = Pick<Alert, 'key' | 'severity' | 'message' | 'messageId' | 'params' | 'subject' | 'href'>;

function withoutWords(alert: Alert): Omit<Alert, 'messageId' | 'params' | 'subject' | 'href'> {
  const { messageId: _m, params: _p, subject: _s, href: _h, ...rest } = alert;
  return rest;
}

function sameWords(a: Alert, b: Alert): boolean {
  const words = (alert: Alert) => JSON.stringify([alert.severity, alert.message, alert.messageId, alert.params, alert.subject, alert.href]);
  return words(a) === words(b);
}

const CONTROL = /[\p{Cc}]/u;

/** What a plugin passed, checked and copied: a bad key or words are refused with nothing stored. */
function checkInput(input: AlertInput): CheckedInput {
  if (typeof input !== 'object' || input === null) throw saying(new BadInputError('An alert must be an object with key, severity and said'), 'host.alerts.bad-input');
  const { key, severity, said, subject, href } = input;
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY || CONTROL.test(key)) {
    throw saying(new BadInputError(`An alert's key must be 1 to ${MAX_KEY} characters without control characters, got ${quoteInput(key)}`), 'host.alerts.bad-key', { max: MAX_KEY, got: quoteInput(key) });
  }
  if (!ALERT_SEVERITIES.includes(severity)) throw saying(new BadInputError(`An alert's severity must be warning or critical, got ${quoteInput(severity)}`), 'host.alerts.bad-severity', { got: quoteInput(severity) });
  if (typeof said !== 'object' || said === null || typeof said.message !== 'string' || said.message.trim() === '' || said.message.length > MAX_MESSAGE) {
    throw saying(new BadInputError(`An alert must say something: said.message must be 1 to ${MAX_MESSAGE} characters`), 'host.alerts.bad-message', { max: MAX_MESSAGE });
  }
  if (said.messageId !== undefined && typeof said.messageId !== 'string') throw saying(new BadInputError('said.messageId must be a message id'), 'host.alerts.bad-message-id');
  if (href !== undefined && (typeof href !== 'string' || !href.startsWith('/') || href.startsWith('//') || href.length > 2000)) {
    throw saying(new BadInputError(`An alert's href must be a path of the panel such as /views/…, got ${quoteInput(href)}`), 'host.alerts.bad-href', { got: quoteInput(href) });
  }
  if (subject !== undefined && (typeof subject !== 'object' || subject === null || typeof subject.type !== 'string' || typeof subject.id !== 'string')) {
    throw saying(new BadInputError("An alert's subject must have a type and an id"), 'host.alerts.bad-subject');
  }
  return {
    key,
    severity,
    message: said.message,
    ...(said.messageId !== undefined ? { messageId: said.messageId } : {}),
    ...(said.params !== undefined ? { params: plainParams(said.params) } : {}),
    ...(subject !== undefined ? { subject: { type: subject.type, id: subject.id, ...(typeof subject.name === 'string' ? { name: subject.name } : {}) } } : {}),
    ...(href !== undefined ? { href } : {}),
  };
}

/** The params as stored data: a copy, so a caller changing its object later changes no stored alert. */
function plainParams(params: Readonly<Record<string, MessageParam>>): Readonly<Record<string, MessageParam>> {
  return JSON.parse(JSON.stringify(params)) as Readonly<Record<string, MessageParam>>;
}
