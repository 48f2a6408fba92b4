import { HostError, respond, type Clock, type RouteResponse } from '@vpp-host/api';
import { randomUUID } from 'node:crypto';

/** Graph's error codes for the statuses this surface answers with. */
const CODES: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'InvalidAuthenticationToken',
  403: 'Forbidden',
  404: 'ResourceNotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

/**
 * A refusal in Graph's own words; the surface answers it, like every HostError, in Graph's shape. `rule` names an
 * Intune rule for the panel to say in the admin's language.
 */
export class GraphError extends HostError {
  constructor(status: 400 | 404 | 409, message: string, rule?: IntuneRule) {
    super(CODES[status]!, status, message, rule ? { rule } : undefined);
  }
}

/** Intune's rules this surface holds, by a stable name. */
export const INTUNE_RULES = [
  'duplicate-target',
  'exclusion-unused',
  'intent-not-supported',
  'book-not-uninstallable',
  'filters-not-supported',
  'book-user-groups-only',
  'available-not-for-devices',
  'book-no-settings',
  'settings-platform',
  'ambiguous-group',
  'unknown-group',
] as const;
export type IntuneRule = (typeof INTUNE_RULES)[number];

export function isIntuneRule(rule: string): rule is IntuneRule {
  return (INTUNE_RULES as readonly string[]).includes(rule);
}

/** `{"error":{"code","message","innerError":{"request-id","date"}}}`, as Graph answers, for any refusal. */
export function graphErrorResponse(error: HostError, clock: Clock): RouteResponse {
  const date = clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const code = CODES[error.status] ?? (error.status >= 500 ? 'InternalServerError' : 'BadRequest');
  return respond({ status: error.status, body: { error: { code, message: error.message, innerError: { 'request-id': randomUUID(), date } } } });
}
