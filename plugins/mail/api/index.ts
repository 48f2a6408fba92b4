import type { Actor, Event, Page, Said } from '@vpp-host/api';

/** The version of this contract; the manifest's `apiVersion` says the same, and dependants' ranges are checked against it. */
export const MAIL_API_VERSION = '1.2.0';

/** The languages every template is written in; a recipient without one (or with another) gets English. */
export const MAIL_LANGUAGES = ['en', 'nl', 'fr'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

/** The language a recipient's mail is written in: "nl-BE" reads as "nl"; an unknown or missing language gets English. */
export function mailLanguageOf(tag: string | undefined): MailLanguage {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return (MAIL_LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as MailLanguage) : 'en';
}

export interface LocalizedMail {
  /** Handlebars source. The subject and text are plain text; the HTML escapes every `{{value}}`. */
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export interface MailTemplate {
  /** Unique over all plugins, e.g. "vpp-invitation". */
  readonly id: string;
  /** Values an enqueue must supply (not undefined, null or empty); a missing one is refused by name. */
  readonly requiredValues: readonly string[];
  readonly languages: Readonly<Record<MailLanguage, LocalizedMail>>;
}

/**
 * The point other plugins fill with their templates. Bind it in your own container; the mail plugin finds every
 * contribution through the host's ContributionProvider when a message is enqueued.
 */
export const MailTemplateContribution = Symbol.for('mail.MailTemplateContribution');
export interface MailTemplateContribution {
  readonly templates: readonly MailTemplate[];
}

export interface MailRecipient {
  readonly address: string;
  readonly name?: string;
  /** "en", "nl", "fr" or a tag such as "nl-BE"; anything else gets English. */
  readonly language?: string;
}

export interface MailRequest {
  readonly templateId: string;
  readonly to: MailRecipient;
  readonly values: Readonly<Record<string, unknown>>;
  /** The same key (per plugin) enqueued again returns the message already in the outbox: it is never sent twice. */
  readonly idempotencyKey: string;
  /**
   * The sending plugin; scopes the idempotency key. The host fills it in for the plugin that calls: leave it out (a
   * request naming another plugin is refused).
   */
  readonly pluginId?: string;
}

export const OUTBOX_STATES = ['queued', 'sending', 'retrying', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** What went wrong with a delivery attempt, in the server's words when it answered. */
export type DeliveryErrorKind = 'dns' | 'connect' | 'tls' | 'auth' | 'timeout' | 'rejected-recipient' | 'rejected-message' | 'protocol' | 'other';

/** Said: when the message is the product's words (not the server's), its id says it in the reader's language. */
export interface DeliveryError extends Said {
  readonly kind: DeliveryErrorKind;
  readonly message: string;
  /** The SMTP reply code, e.g. 550. */
  readonly responseCode?: number;
  /** The server's reply line. */
  readonly response?: string;
  readonly at: string;
}

export interface OutboxMessage {
  readonly id: string;
  readonly idempotencyKey: string;
  readonly pluginId?: string;
  /** The admin or API token on whose behalf the message was enqueued, stamped by the host; absent for a plugin's own work. */
  readonly requestedBy?: Actor;
  readonly templateId: string;
  readonly language: MailLanguage;
  readonly to: { readonly address: string; readonly name?: string };
  /** Stable over every attempt, derived from the idempotency key, so receivers can recognise a resend. */
  readonly messageId: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Set while `retrying`. */
  readonly nextAttemptAt?: string;
  readonly sentAt?: string;
  /** The server's acceptance line once sent. */
  readonly serverResponse?: string;
  readonly lastError?: DeliveryError;
}

export interface OutboxQuery {
  readonly state?: OutboxState;
  readonly templateId?: string;
  readonly pluginId?: string;
  readonly offset?: number;
  readonly limit?: number;
}

/** A message the demo SMTP sink received (headers only): `GET /api/plugins/mail/sink`. */
export interface SinkMessage {
  readonly receivedAt: string;
  readonly envelopeFrom: string;
  readonly envelopeTo: readonly string[];
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly size: number;
}

/**
 * The only way to send mail: messages are rendered and stored at once, then delivered by the outbox. Each depending
 * plugin gets its own instance, which stamps its id on what it sends and shows it only its own messages.
 */
export const MailApi = Symbol.for('mail.MailApi');
export interface MailApi {
  /** Validates the address, renders the template (BadInputError naming what is wrong; nothing stored), stores it. */
  enqueue(request: MailRequest): Promise<OutboxMessage>;
  /** All or nothing: one bad request refuses the whole batch, naming its position. */
  enqueueMany(requests: readonly MailRequest[]): Promise<OutboxMessage[]>;
  get(id: string): OutboxMessage | undefined;
  /** Newest first. */
  list(query?: OutboxQuery): Page<OutboxMessage>;
  /** Sends a failed or retrying message again now; refuses a sent one. */
  retry(id: string, actor: Actor): Promise<OutboxMessage>;
  readonly onDidChangeMessage: Event<OutboxMessage>;
}
