import { HostError, UpstreamError } from '@vpp-host/api';
import { AppleErrorNumber } from './error-numbers.js';
import type { ErrorInfo, MdmInfo } from '../../api/apple-wire.js';
import type { AppleErrorKind } from '../../api/client.js';

const N = AppleErrorNumber;
const KIND_BY_NUMBER: ReadonlyMap<number, AppleErrorKind> = new Map<number, AppleErrorKind>([
  [N.TokenExpired, 'token-expired'],
  [N.TokenRevoked, 'token-revoked'],
  [N.LoginRequired, 'token-invalid'],
  [N.InvalidAuthenticationToken, 'token-invalid'],
  [N.BadAuthorizationHeader, 'token-invalid'],
  [N.TooManyRequests, 'rate-limited'],
  [N.InternalError, 'unavailable'],
  [N.TemporarilyUnavailable, 'unavailable'],
  [N.MaintenanceMode, 'unavailable'],
  [N.TooManyAssets, 'limit-exceeded'],
  [N.TooManyClientUserIds, 'limit-exceeded'],
  [N.TooManySerialNumbers, 'limit-exceeded'],
  [N.TooManyUsers, 'limit-exceeded'],
  [N.NotificationValueTooLong, 'limit-exceeded'],
  [N.MdmMetadataTooLong, 'limit-exceeded'],
  [N.MdmIdTooLong, 'limit-exceeded'],
  [N.MdmNameTooLong, 'limit-exceeded'],
  [N.NotAllowedForFacilitator, 'not-permitted'],
  [N.NotSupportedForLegacyTokens, 'not-permitted'],
  [N.RegisteredUserNotFound, 'user-not-found'],
  [N.NotEnoughLicenses, 'not-enough-licenses'],
  [N.EventNotFound, 'event-not-found'],
  [N.BadVersionId, 'bad-version'],
]);

export function appleErrorKind(errorNumber: number | undefined, httpStatus?: number): AppleErrorKind {
  const known = errorNumber === undefined ? undefined : KIND_BY_NUMBER.get(errorNumber);
  if (known) return known;
  if (httpStatus === 429) return 'rate-limited';
  if (httpStatus === 401) return 'token-invalid';
  if (httpStatus === undefined || httpStatus >= 500) return 'unavailable';
  if (httpStatus >= 400) return 'bad-request';
  return 'unknown';
}

/** Apple answered with an error (or could not be reached); `kind` says what the product can do about it. */
export class AppleApiError extends UpstreamError {
  readonly kind: AppleErrorKind;

  constructor(
    message: string,
    readonly errorNumber: number | undefined,
    readonly httpStatus: number | undefined,
    readonly errorInfo?: ErrorInfo,
    options?: { cause?: unknown },
  ) {
    super(message, { errorNumber, httpStatus, errorInfo });
    this.kind = appleErrorKind(errorNumber, httpStatus);
    if (options?.cause !== undefined) this.cause = options.cause;
  }

  /** Worth sending again later: the request itself was fine. */
  get isTransient(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable';
  }

  /** The token can no longer be used; an admin must act. */
  get isTokenProblem(): boolean {
    return this.kind === 'token-expired' || this.kind === 'token-revoked' || this.kind === 'token-invalid';
  }
}

/** Another MDM has set its `mdmInfo` on this location: stop writing and ask an admin before taking over. */
export class MdmConflictError extends HostError {
  constructor(
    readonly expectedMdmId: string,
    readonly actualMdmInfo: MdmInfo,
  ) {
    super('mdm_conflict', 409, `The location is managed by another MDM ("${actualMdmInfo.name}")`, {
      expectedMdmId,
      actualMdmInfo,
    });
  }
}

/** A page walk saw `versionId` change more often than allowed; try again later. */
export class WalkUnstableError extends UpstreamError {
  constructor(readonly restarts: number) {
    super(`Apple's data kept changing during the page walk (${restarts} restarts)`);
  }
}

/** An async event was still PENDING when the wait ended; Apple advises sending the request again. */
export class EventTimeoutError extends UpstreamError {
  constructor(readonly eventId: string) {
    super(`Apple's event ${eventId} was still pending when the wait ended`);
  }
}
