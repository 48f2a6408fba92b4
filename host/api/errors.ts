import type { MessageParam } from './messages.js';

/**
 * Errors a plugin throws to tell the host how a request failed. The HTTP server maps them to status codes and
 * the JSON shape `{error, message, details}`; the CLI maps them to exit codes (bad input: 2, anything else: 1).
 */
export class HostError extends Error {
  /** The message's id in a manifest's `messages`, so it can be said in the reader's language (see `saying`). */
  messageId?: string;
  /** The values the message's holes are filled with. */
  params?: Readonly<Record<string, MessageParam>>;
  /** The form field the error concerns (see `atField`), so the panel shows it there. */
  field?: string;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * Marks an error's message as the manifest message `id` with these values, so REST (by `Accept-Language`), the panel
 * and the CLI (`--lang`) say it in the reader's language; its English `message` stays as it is.
 * @example throw saying(new ConflictError(`${name} is already assigned`), 'vpp.already-assigned', { item: name });
 */
export function saying<E extends HostError>(error: E, id: string, params: Readonly<Record<string, MessageParam>> = {}): E {
  error.messageId = id;
  error.params = params;
  return error;
}

/**
 * Runs `read` (reading one field of a posted form, at once or as a promise); a HostError it throws is marked as
 * concerning `field`, so the panel shows the refusal at that field. The innermost field wins.
 * @example const target = atField('target', () => findTarget(inventory, kind, form.target));
 */
export function atField<T>(field: string, read: () => T): T {
  const marked = (error: unknown) => {
    if (error instanceof HostError) error.field ??= field;
    return error;
  };
  try {
    const value = read();
    return (value instanceof Promise ? value.catch((error: unknown) => Promise.reject(marked(error))) : value) as T;
  } catch (error) {
    throw marked(error);
  }
}

/** The caller sent something wrong; nothing was changed. */
export class BadInputError extends HostError {
  constructor(message: string, details?: unknown) {
    super('bad_input', 400, message, details);
  }
}

export class NotFoundError extends HostError {
  constructor(message: string, details?: unknown) {
    super('not_found', 404, message, details);
  }
}

/** The request is valid but conflicts with the current state (a duplicate, a busy resource, a refused rule). */
export class ConflictError extends HostError {
  constructor(message: string, details?: unknown) {
    super('conflict', 409, message, details);
  }
}

export class UnauthorizedError extends HostError {
  constructor(message?: string) {
    super('unauthorized', 401, message ?? 'Sign in or send a valid API token');
    if (message === undefined) saying(this, 'host.unauthorized');
  }
}

export class ForbiddenError extends HostError {
  constructor(message?: string) {
    super('forbidden', 403, message ?? 'Your role does not allow this change');
    if (message === undefined) saying(this, 'host.forbidden');
  }
}

/** A dependency outside the host (Apple, an SMTP server) failed; the change may be retried. */
export class UpstreamError extends HostError {
  constructor(message: string, details?: unknown) {
    super('upstream', 502, message, details);
  }
}

/** A panel form posted an action its view does not offer (a stale page, a hand-made request). */
export function unknownAction(action: string): BadInputError {
  const name = action.slice(0, 40);
  return saying(new BadInputError(`Unknown action "${name}"`), 'host.panel.unknown-action', { name });
}

export function isBadInput(error: unknown): boolean {
  return error instanceof HostError && error.status >= 400 && error.status < 500 && error.status !== 401;
}

/** How much of a value an error repeats: enough to recognise it, never megabytes. */
export const QUOTED_CHARACTERS = 100;
/** How many entries of a list (problems, candidates) an error repeats; the rest are counted. */
export const LISTED_PROBLEMS = 20;

/** `text` when short, else its first `max` characters, "…" and its full length: `abc… (1,048,576 characters)`. */
export function cutText(text: string, max = QUOTED_CHARACTERS): string {
  return text.length <= max ? text : `${headOf(text, max)}… ${lengthOf(text)}`;
}

/** A value the caller sent, quoted for a message: `"bob"`, or `"bobbbb…" (1,048,576 characters)` when long. */
export function quoteInput(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  const quote = (shown: string) => (typeof value === 'string' ? JSON.stringify(shown) : shown);
  return text.length <= QUOTED_CHARACTERS ? quote(text) : `${quote(`${headOf(text, QUOTED_CHARACTERS)}…`)} ${lengthOf(text)}`;
}

/** The first `max` characters, never ending on half of a surrogate pair. */
function headOf(text: string, max: number): string {
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max);
}

const lengthOf = (text: string): string => `(${text.length.toLocaleString('en-US')} characters)`;

/** The first problems joined by "; ", then `… and 149,980 more problems` when there are more. */
export function listProblems(lines: readonly string[]): string {
  const shown = lines.slice(0, LISTED_PROBLEMS);
  const more = lines.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; … and ${countProblems(more).replace(' ', ' more ')}` : shown.join('; ');
}

/** "1 problem", "150,000 problems". */
export function countProblems(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'problem' : 'problems'}`;
}
