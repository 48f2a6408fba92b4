import { APPLE_ERRORS, type AppleErrorNumber } from '../client/error-numbers.js';
import type { ErrorInfo, ErrorResponse } from '../../api/apple-wire.js';

/** An error the simulated Apple service answers with, carrying Apple's number, message and HTTP status. */
export class SimulatedAppleError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly errorNumber: AppleErrorNumber,
    readonly errorInfo?: ErrorInfo,
    httpStatus?: number,
  ) {
    super(APPLE_ERRORS[errorNumber].message);
    this.httpStatus = httpStatus ?? APPLE_ERRORS[errorNumber].httpStatus;
  }

  toResponse(): ErrorResponse {
    return errorResponse(this.errorNumber, this.errorInfo);
  }
}

export function errorResponse(errorNumber: AppleErrorNumber, errorInfo?: ErrorInfo): ErrorResponse {
  return { errorNumber, errorMessage: APPLE_ERRORS[errorNumber].message, ...(errorInfo ? { errorInfo } : {}) };
}
