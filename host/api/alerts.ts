import type { Event } from './event.js';
import type { MessageParam, Said } from './messages.js';
import type { Page } from './storage.js';

/** `warning`: look at it soon (a token expiring, licenses running low); `critical`: something has stopped (nothing is sent to Apple, people wait). */
export type AlertSeverity = 'warning' | 'critical';
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['warning', 'critical'];

export type AlertState = 'open' | 'resolved';
export const ALERT_STATES: readonly AlertState[] = ['open', 'resolved'];

/** The record an alert is about (a token, an app or book, the outbox), for links and filters. */
export interface AlertSubject {
  readonly type: string;
  readonly id: string;
  readonly name?: string;
}

/** What a plugin says when a condition it watches holds. */
export interface AlertInput {
  /**
   * The condition, stable for as long as it holds and unique within your plugin: `licenses-out:<item id>`,
   * `token-expiring:<token id>`. 1-200 characters, no control characters.
   */
  readonly key: string;
  readonly severity: AlertSeverity;
  /**
   * What the admin reads, in every language: `phrase(english, id, params)` with the id declared in your manifest's
   * `contributes.messages` (an ISO timestamp param is written as the reader's language writes dates).
   */
  readonly said: Said;
  readonly subject?: AlertSubject;
  /** The panel page where the admin acts on it, a path such as `/views/vpp-apple/tokens?id=…`. */
  readonly href?: string;
}

/**
 * One occurrence of a condition: raised once, resolved once. Its words are a `Said` (`message` in English, and
 * `messageId`/`params` for the other languages): say them with `Messages.say(alert, language)`.
 */
export interface Alert extends Said {
  readonly id: string;
  /** The plugin that raised it. */
  readonly source: string;
  readonly key: string;
  readonly severity: AlertSeverity;
  readonly message: string;
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
  readonly subject?: AlertSubject;
  readonly href?: string;
  readonly state: AlertState;
  readonly raisedAt: string;
  /** When its words or severity last changed (the number waiting, the days left), or when it was raised. */
  readonly updatedAt: string;
  readonly resolvedAt?: string;
}

export interface AlertQuery {
  readonly state?: AlertState;
  /** Only the alerts this plugin raised. */
  readonly source?: string;
  readonly severity?: AlertSeverity;
  readonly offset?: number;
  readonly limit?: number;
}

/** An admin who asked for alert mail, at this address, in the admin's panel language (English when none). */
export interface AlertRecipient {
  readonly adminId: string;
  readonly name: string;
  readonly address: string;
  readonly language?: string;
}

/**
 * The host's alerts: plugins raise and resolve them by a stable key for the conditions they know (a queue growing, a
 * token expiring, mail failing); the host stores them, so an alert is raised once and resolved once across restarts,
 * shows them on the Alerts page, `GET /api/alerts` and `vpp-host alerts`, and announces each raise and resolution to
 * every plugin (the mail plugin mails them to the admins who asked for it). Each plugin gets its own view: it raises
 * and resolves only its own alerts, and reads everyone's.
 */
export const Alerts = Symbol.for('host.Alerts');
export interface Alerts {
  /**
   * Raises your alert `key` and announces it, once the alert is stored. Raising a key that is open already changes its
   * words, severity, subject and link in place (the number waiting, the days left) and announces nothing. A bad key
   * or words are refused (BadInputError) and nothing changes.
   */
  raise(input: AlertInput): Promise<Alert>;
  /** Resolves your open alert `key` and announces it, once stored; undefined, and nothing happens, when none is open. */
  resolve(key: string): Promise<Alert | undefined>;
  /** Your open alert with this key. */
  get(key: string): Alert | undefined;
  /** Your open alerts, oldest first: compare them with what holds now and resolve what no longer does. */
  openAlerts(): Alert[];
  /** Every plugin's alerts: open ones first (critical before warning), then by time, newest first. */
  list(query?: AlertQuery): Page<Alert>;
  /** The admins who asked for alert mail. */
  recipients(): AlertRecipient[];
  /** An alert was raised (not when an open one changed its words). */
  readonly onDidRaiseAlert: Event<Alert>;
  /** An open alert was resolved: its condition ended. */
  readonly onDidResolveAlert: Event<Alert>;
}
