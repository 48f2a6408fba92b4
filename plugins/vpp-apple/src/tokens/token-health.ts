import { ConflictError, formatTime, saying, type MessageParam } from '@vpp-host/api';
import type { OtherMdm, TokenHealth, TokenRecord, TokenState } from '../../api/index.js';
import { UNHEALTHY_TOKEN_STATES } from '../../api/index.js';
import { AppleApiError, MdmConflictError } from '../client/index.js';

const DAY_MS = 24 * 3600_000;

export interface HealthObservation {
  readonly state: TokenState;
  readonly reason: string;
  /** The reason as a vpp-apple manifest message, for the panel's other languages. */
  readonly messageId?: string;
  readonly params?: Readonly<Record<string, MessageParam>>;
  readonly claimedBy?: OtherMdm;
}

/** What an Apple failure says about the token, or undefined when it says nothing about it. */
export function observeFailure(error: unknown): HealthObservation | undefined {
  if (error instanceof MdmConflictError) {
    const other = error.actualMdmInfo;
    return {
      state: 'claimed-elsewhere',
      reason: other ? `Another MDM ("${other.name}") manages this location` : 'This location is no longer claimed by this host',
      ...(other ? { messageId: 'vpp.token.claimed', params: { other: other.name } } : { messageId: 'vpp.token.unclaimed' }),
      ...(other ? { claimedBy: { id: other.id, name: other.name, metadata: other.metadata } } : {}),
    };
  }
  if (!(error instanceof AppleApiError)) return undefined;
  const number = error.errorNumber !== undefined ? ` (Apple error ${error.errorNumber})` : '';
  switch (error.kind) {
    case 'token-expired':
      return { state: 'expired', reason: `Apple says the token expired${number}`, messageId: 'vpp.token.apple-expired' };
    case 'token-revoked':
      return { state: 'revoked', reason: `Apple says the token was revoked${number}`, messageId: 'vpp.token.apple-revoked' };
    case 'token-invalid':
      return { state: 'invalid', reason: `Apple does not accept the token${number}`, messageId: 'vpp.token.apple-invalid' };
    default:
      return undefined;
  }
}

/** valid, expiring or expired, from the token file's date alone. */
export function expiryHealth(expiresAt: string, now: Date, warningDays: number): HealthObservation {
  const left = new Date(expiresAt).getTime() - now.getTime();
  const date = formatTime(expiresAt, 'en');
  if (left <= 0) return { state: 'expired', reason: `The token expired on ${date}`, messageId: 'vpp.token.expired-on', params: { date: expiresAt } };
  const days = Math.ceil(left / DAY_MS);
  if (days <= warningDays) return { state: 'expiring', reason: `The token expires in ${days} day${days === 1 ? '' : 's'}, on ${date}`, messageId: 'vpp.token.expiring', params: { days, date: expiresAt } };
  return { state: 'valid', reason: `The token is valid until ${date}`, messageId: 'vpp.token.valid', params: { date: expiresAt } };
}

/** States the clock may move a token between; Apple's verdicts (revoked, invalid, claimed) wait for Apple. */
export function isDateDriven(state: TokenState): boolean {
  return state === 'valid' || state === 'expiring' || state === 'expired';
}

export function isUnhealthy(state: TokenState): boolean {
  return UNHEALTHY_TOKEN_STATES.includes(state);
}

export function sameHealth(a: TokenHealth, b: HealthObservation): boolean {
  return a.state === b.state && a.reason === b.reason;
}

/** Refused before anything is sent: the token is expired, revoked, invalid or claimed by another MDM. */
export class TokenUnhealthyError extends ConflictError {
  constructor(token: TokenRecord, health: HealthObservation) {
    super(`Nothing is sent to Apple for token "${token.name}": it is ${health.state} (${health.reason})`, {
      tokenId: token.id,
      state: health.state,
    });
    saying(this, 'vpp.token.unhealthy', { token: token.name });
  }
}
