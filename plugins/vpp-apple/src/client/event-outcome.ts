import { appleErrorKind, type AppleErrorKind } from './errors.js';
import type { EventStatus, EventType, PricingParam, StatusResponse } from './wire.js';

/** One asset-target pair (or one user) that an async event could not process. */
export interface ItemFailure {
  readonly errorNumber: number;
  readonly errorMessage: string;
  readonly kind: AppleErrorKind;
  readonly adamId?: string;
  readonly pricingParam?: PricingParam;
  readonly clientUserId?: string;
  readonly serialNumber?: string;
}

export interface EventOutcome {
  readonly eventId: string;
  readonly eventType: EventType;
  readonly eventStatus: Exclude<EventStatus, 'PENDING'>;
  readonly numRequested: number;
  readonly numCompleted: number;
  /** Empty when every item succeeded; a FAILED event may still have completed some items. */
  readonly failures: ItemFailure[];
}

export function toEventOutcome(eventId: string, status: StatusResponse): EventOutcome {
  return {
    eventId,
    eventType: status.eventType,
    eventStatus: status.eventStatus === 'FAILED' ? 'FAILED' : 'COMPLETE',
    numRequested: status.numRequested,
    numCompleted: status.numCompleted,
    failures: (status.failures ?? []).flatMap((failure) => {
      const base = {
        errorNumber: failure.errorNumber,
        errorMessage: failure.errorMessage,
        kind: appleErrorKind(failure.errorNumber, 400),
      };
      const assets = failure.errorInfo?.assets ?? [undefined];
      const targets: Array<{ clientUserId?: string; serialNumber?: string }> = [
        ...(failure.errorInfo?.clientUserIds ?? []).map((clientUserId) => ({ clientUserId })),
        ...(failure.errorInfo?.serialNumbers ?? []).map((serialNumber) => ({ serialNumber })),
      ];
      if (targets.length === 0) targets.push({});
      return assets.flatMap((asset) => targets.map((target) => ({ ...base, ...asset, ...target })));
    }),
  };
}
