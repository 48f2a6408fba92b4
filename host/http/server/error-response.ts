import { ZodError } from 'zod';
import { HostError } from '../../api/errors.js';
import type { Logger } from '../../api/logger.js';
import { formatZodError } from '../../runtime/zod-format.js';
import { TooManySignInsError } from '../auth/sign-in-throttle.js';

/** The JSON every failed REST request answers with. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly details?: unknown;
}

/**
 * HostErrors carry their own status and a message meant for the caller. Anything else is a bug or an outage:
 * the caller gets a generic 500 and the real message goes to the log (where the redactor scrubs secrets).
 */
export function describeError(error: unknown, logger: Logger): { status: number; body: ErrorBody } {
  if (error instanceof HostError) {
    return { status: error.status, body: { error: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } };
  }
  if (error instanceof ZodError) {
    return { status: 400, body: { error: 'bad_input', message: `Invalid input: ${formatZodError(error)}`, details: error.issues } };
  }
  logger.error('Request failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  return { status: 500, body: { error: 'internal', message: 'The server failed to handle this request; the cause was logged' } };
}

export function errorResponse(error: unknown, logger: Logger): Response {
  const { status, body } = describeError(error, logger);
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
