import { ZodError } from 'zod';
import { cutText, HostError, LISTED_PROBLEMS } from '../../api/errors.js';
import type { Logger } from '../../api/logger.js';
import { acceptedLanguage, type Messages } from '../../api/messages.js';
import { formatZodError } from '../../runtime/zod-format.js';
import { TooManySignInsError } from '../auth/sign-in-throttle.js';

/** The JSON every failed REST request answers with. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  /** The message's id and values, when it has them: scripts match on these, not on the words. */
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, string | number>>;
  readonly details?: unknown;
}

/** Says a HostError's message in the caller's language (`Accept-Language`); English without one. */
export type SayError = (error: HostError) => string;

/** How errors are said to a request, by its `Accept-Language`. */
export function sayingTo(request: Request, messages: Messages | undefined): SayError | undefined {
  const language = acceptedLanguage(request.headers.get('accept-language'));
  return messages && ((error) => messages.say(error, language));
}

/** A message past this many characters is cut: the sources quote input short, this is the last guard. */
const MESSAGE_CHARACTERS = 4000;
/** What the log keeps of an unexpected error's stack. */
const LOGGED_CHARACTERS = 8000;

/**
 * HostErrors carry their own status and a message meant for the caller. Anything else is a bug or an outage:
 * the caller gets a generic 500 and the real message goes to the log (where the redactor scrubs secrets).
 * Whatever the error holds, the answer stays small: see `boundedBody`.
 */
export function describeError(error: unknown, logger: Logger, say: SayError = (e) => e.message): { status: number; body: ErrorBody } {
  if (error instanceof HostError) {
    const body = boundedBody(error.code, say(error), error.details);
    return { status: error.status, body: error.messageId ? { ...body, messageId: error.messageId, params: bounded(plainParams(error.params)) as ErrorBody['params'] } : body };
  }
  if (error instanceof ZodError) return { status: 400, body: boundedBody('bad_input', `Invalid input: ${formatZodError(error)}`, error.issues) };
  logger.error('Request failed', { error: cutText(error instanceof Error ? (error.stack ?? error.message) : String(error), LOGGED_CHARACTERS) });
  return { status: 500, body: { error: 'internal', message: 'The server failed to handle this request; the cause was logged' } };
}

/** A message's plain values (text, numbers); what it says of its own (problems) is in `details` already. */
function plainParams(params: HostError['params'] = {}): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string | number] => typeof entry[1] === 'string' || typeof entry[1] === 'number'));
}

/**
 * An answer never grows with the input: each list in `details` keeps its first entries and ends with
 * `{more: N}`, each text is cut with its length, and the message is cut past a few kilobytes.
 */
function boundedBody(error: string, message: string, details: unknown): ErrorBody {
  return { error, message: cutText(message, MESSAGE_CHARACTERS), ...(details === undefined ? {} : { details: bounded(details) }) };
}

function bounded(value: unknown): unknown {
  if (typeof value === 'string') return cutText(value);
  if (Array.isArray(value)) {
    const kept = value.slice(0, LISTED_PROBLEMS).map(bounded);
    return value.length > LISTED_PROBLEMS ? [...kept, { more: value.length - LISTED_PROBLEMS }] : kept;
  }
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, entry]) => [cutText(key), bounded(entry)]));
  return value;
}

export function errorResponse(error: unknown, logger: Logger, say?: SayError): Response {
  const { status, body } = describeError(error, logger, say);
  return jsonResponse(body, status, retryAfterHeaders(error));
}

/** A throttled caller learns when to try again. */
export function retryAfterHeaders(error: unknown): Headers {
  return new Headers(error instanceof TooManySignInsError ? { 'retry-after': String(error.retryAfterSeconds) } : {});
}

export function jsonResponse(body: unknown, status = 200, headers?: HeadersInit): Response {
  const all = new Headers(headers);
  all.set('content-type', 'application/json; charset=utf-8');
  return new Response(JSON.stringify(body), { status, headers: apiHeaders(all) });
}

/** Answers may carry account data, so no shared cache keeps them; nosniff stops a browser reading them as a page or script. */
export function apiHeaders(headers: Headers): Headers {
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  headers.set('x-content-type-options', 'nosniff');
  return headers;
}
