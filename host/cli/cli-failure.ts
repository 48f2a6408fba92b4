import { phrase } from '../api/messages.js';
import type { ErrorBody } from '../commands/command-protocol.js';
import { sayLocally } from './cli-messages.js';

/** Exit codes: 0 success, 1 failure, 2 bad usage or bad input (nothing was changed). */
export type ExitCode = 0 | 1 | 2;

/** Errors the host reports for input the user can fix: the request was refused and nothing changed. */
const BAD_INPUT_CODES = new Set(['bad_input', 'not_found', 'conflict']);

/** Ends the CLI with a one-line reason on stderr and the given exit code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export function usageError(message: string): CliFailure {
  return new CliFailure(message, 2);
}

/** The host's refusal, which it said in the reader's language already; the CLI's words around it in the same. */
export function failureFromHost(body: ErrorBody, language: string | undefined): CliFailure {
  const { message } = body;
  if (BAD_INPUT_CODES.has(body.error)) return new CliFailure(message, 2);
  if (body.error === 'unauthorized') return new CliFailure(sayLocally(phrase(`The host refused the API token: ${message}`, 'host.cli.token-refused', { message }), language), 1);
  if (body.error === 'forbidden') return new CliFailure(sayLocally(phrase(`Not allowed: ${message}`, 'host.cli.not-allowed', { message }), language), 1);
  return new CliFailure(message, 1);
}
