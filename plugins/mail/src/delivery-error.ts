import type { DeliveryError, DeliveryErrorKind } from '@vpp-host/plugins/mail/api';

/** The fields nodemailer puts on its errors. */
interface SmtpFailure {
  readonly message?: string;
  readonly code?: string;
  readonly originalCode?: string;
  readonly command?: string;
  readonly response?: string;
  readonly responseCode?: number;
}

const TLS_HINT = /(ssl|tls|certificate|cert_|self[- ]signed|wrong version number|handshake)/i;
const KIND_BY_CODE: Record<string, DeliveryErrorKind> = {
  EDNS: 'dns',
  ETLS: 'tls',
  EREQUIRETLS: 'tls',
  EAUTH: 'auth',
  ENOAUTH: 'auth',
  ETIMEDOUT: 'timeout',
  EMESSAGE: 'rejected-message',
  EPROTOCOL: 'protocol',
};

/** Names what failed (DNS, connect, TLS, auth, a rejected recipient...) in the server's words when it answered. */
export function describeDeliveryError(error: unknown, at: Date): DeliveryError {
  const failure = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpFailure;
  const message = (failure.message ?? String(error)).replace(/[\r\n]+/g, ' ').trim();
  return {
    kind: kindOf(failure, message),
    message,
    ...(failure.responseCode ? { responseCode: failure.responseCode } : {}),
    ...(failure.response ? { response: String(failure.response).trim() } : {}),
    at: at.toISOString(),
  };
}

/** Replies that refuse the account, not the message: authentication required, failed, or too weak (RFC 4954). */
const ACCOUNT_REFUSAL_CODES: readonly number[] = [530, 534, 535, 538];
const ACCOUNT_REFUSAL_STATUS = /\b5\.7\.(0|8|9|11|14)\b/;

function kindOf(failure: SmtpFailure, message: string): DeliveryErrorKind {
  const code = failure.code ?? '';
  if ((failure.responseCode !== undefined && ACCOUNT_REFUSAL_CODES.includes(failure.responseCode)) || ACCOUNT_REFUSAL_STATUS.test(failure.response ?? '')) return 'auth';
  const known = KIND_BY_CODE[code];
  if (known) return known;
  if (code === 'EENVELOPE') return (failure.command ?? 'RCPT').startsWith('MAIL') ? 'rejected-message' : 'rejected-recipient';
  if (TLS_HINT.test(`${failure.originalCode ?? ''} ${message}`)) return 'tls';
  if (code === 'ECONNECTION' || code === 'ESOCKET' || /^E(CONNREFUSED|HOSTUNREACH|NETUNREACH|CONNRESET|PIPE)$/.test(failure.originalCode ?? code)) return 'connect';
  if (/^(ENOTFOUND|EAI_AGAIN)$/.test(failure.originalCode ?? code)) return 'dns';
  return 'other';
}

/**
 * The server refused the account (a 5.7.x authentication reply): no message can pass until the user name or password
 * changes, so the outbox holds instead of spending every message's attempts.
 */
export function isAccountRefusal(error: DeliveryError): boolean {
  return error.kind === 'auth';
}

/**
 * A 5xx reply to this message's envelope or content will come again: the message fails for good. Everything else
 * (4xx, 503, a server that is down, wrong settings) may pass later and is retried.
 */
export function isPermanent(error: DeliveryError): boolean {
  if (error.kind !== 'rejected-recipient' && error.kind !== 'rejected-message') return false;
  if (error.responseCode === undefined) return true;
  return error.responseCode >= 500 && error.responseCode < 600 && error.responseCode !== 503;
}

/** The server (or the way to it) is the problem, not this message: every other message would fail the same way. */
export function isServerWide(error: DeliveryError): boolean {
  return ['dns', 'connect', 'tls', 'auth', 'timeout', 'protocol'].includes(error.kind) || error.responseCode === 421;
}
