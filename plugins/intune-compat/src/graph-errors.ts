import { respond, type Clock, type RouteResponse } from '@vpp-host/api';
import { randomUUID } from 'node:crypto';

/** Graph's error codes for the statuses this surface answers with. */
const CODES: Readonly<Record<number, string>> = { 400: 'BadRequest', 404: 'ResourceNotFound' };

/** A refusal in Graph's shape; a route throws it and the surface answers it with its status. */
export class GraphError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** `{"error":{"code","message","innerError":{"request-id","date"}}}`, as Graph answers. */
export function graphErrorResponse(error: GraphError, clock: Clock): RouteResponse {
  const date = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return respond({
    status: error.status,
    body: { error: { code: CODES[error.status], message: error.message, innerError: { 'request-id': randomUUID(), date } } },
  });
}
