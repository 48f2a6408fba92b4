/**
 * Errors a plugin throws to tell the host how a request failed. The HTTP server maps them to status codes and
 * the JSON shape `{error, message, details}`; the CLI maps them to exit codes (bad input: 2, anything else: 1).
 */
export class HostError extends Error {
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
  constructor(message = 'Sign in or send a valid API token') {
    super('unauthorized', 401, message);
  }
}

export class ForbiddenError extends HostError {
  constructor(message = 'Your role does not allow this change') {
    super('forbidden', 403, message);
  }
}

/** A dependency outside the host (Apple, an SMTP server) failed; the change may be retried. */
export class UpstreamError extends HostError {
  constructor(message: string, details?: unknown) {
    super('upstream', 502, message, details);
  }
}

export function isBadInput(error: unknown): boolean {
  return error instanceof HostError && error.status >= 400 && error.status < 500 && error.status !== 401;
}
