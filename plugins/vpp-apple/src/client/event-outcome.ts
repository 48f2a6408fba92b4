import { appleErrorKind } from './errors.js';
import type { EventStatus, EventType, PricingParam, StatusResponse } from '../../api/apple-wire.js';
import type { AppleErrorKind, EventOutcome } from '../../api/client.js';

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
