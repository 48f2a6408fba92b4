import { randomUUID } from 'node:crypto';
import type { Clock } from '@vpp-host/api';
import { chunk } from '../client/batching.js';
import { AppleErrorNumber as N } from '../client/error-numbers.js';
import type { EventType, ServiceLimits, StatusResponse } from '../../api/apple-wire.js';
import { processAssets, processUsers, type ProcessedEvent } from './event-processing.js';
import type { LocationState } from './location-state.js';
import { MAX_NOTIFICATION_ITEMS, type Notifier } from './notifier.js';
import { validateManageAssets, validateRevoke, validateUsers } from './request-validation.js';
import { SimulatedAppleError } from './simulated-error.js';

/** An async event as a snapshot keeps it: a pending one runs at restore, a finished one still answers `status`. */
export interface EventSnapshot {
  readonly eventId: string;
  readonly uId: string;
  readonly eventType: EventType;
  /** The request as the client sent it; a pending event is validated and run from it again. */
  readonly body: unknown;
  readonly status: 'PENDING' | 'COMPLETE' | 'FAILED';
  readonly result?: Pick<ProcessedEvent, 'numRequested' | 'numCompleted' | 'failures'>;
}

interface SimEvent {
  readonly eventId: string;
  readonly location: LocationState;
  readonly eventType: EventType;
  readonly body: unknown;
  readonly run: () => ProcessedEvent;
  status: 'PENDING' | 'COMPLETE' | 'FAILED';
  result?: ProcessedEvent;
}

/** Finished events a snapshot keeps, newest: enough for clients still asking about them after a restart. */
const KEPT_FINISHED_EVENTS = 1000;

export interface SimulatedEventsOptions {
  readonly clock: Clock;
  readonly limits: ServiceLimits;
  readonly notifier: Notifier;
  /** How long an event stays PENDING before it is processed on its own. */
  readonly delayMs: number;
  /** Called after an event started or finished (a snapshot keeps them). */
  readonly onChange: () => void;
}

/**
 * Apple's asynchronous requests (assets/associate, disassociate, revoke, users/create, update, retire): each is
 * validated at once, answered with an eventId, processed after a delay (or when told), and its outcome notified.
 */
export class SimulatedEvents {
  private readonly events = new Map<string, SimEvent>();
  /** When false, events stay PENDING until `processPending()`. */
  autoComplete = true;

  constructor(private readonly options: SimulatedEventsOptions) {}

  /** Validates the request (throwing Apple's error) and starts its event. */
  start(location: LocationState, eventType: EventType, body: unknown, eventId: string = randomUUID()): string {
    const event: SimEvent = { eventId, location, eventType, body, run: this.work(location, eventType, body), status: 'PENDING' };
    this.events.set(event.eventId, event);
    this.options.onChange();
    if (this.autoComplete) {
      this.options.clock.setTimeout(() => {
        if (event.status === 'PENDING') this.complete(event);
      }, this.options.delayMs);
    }
    return event.eventId;
  }

  processPending(): void {
    for (const event of this.events.values()) if (event.status === 'PENDING') this.complete(event);
  }

  status(location: LocationState, eventId: string | null): StatusResponse {
    const event = eventId === null ? undefined : this.events.get(eventId);
    if (!event || event.location !== location) throw new SimulatedAppleError(N.EventNotFound);
    const result = event.result;
    return {
      ...location.fields(),
      eventStatus: event.status,
      eventType: event.eventType,
      numCompleted: result?.numCompleted ?? 0,
      numRequested: result?.numRequested ?? 0,
      ...(result && result.failures.length > 0 ? { failures: result.failures } : {}),
    };
  }

  snapshot(): EventSnapshot[] {
    const events = [...this.events.values()];
    const finished = events.filter((event) => event.status !== 'PENDING').slice(-KEPT_FINISHED_EVENTS);
    return [...finished, ...events.filter((event) => event.status === 'PENDING')].map(({ eventId, location, eventType, body, status, result }) => ({
      eventId,
      uId: location.identity.uId,
      eventType,
      body,
      status,
      ...(result ? { result: { numRequested: result.numRequested, numCompleted: result.numCompleted, failures: result.failures } } : {}),
    }));
  }

  /** Pending events run again (one no longer valid here is dropped: Apple forgot it); finished ones answer `status`. */
  restore(snapshots: readonly EventSnapshot[], locationOf: (uId: string) => LocationState): void {
    for (const { eventId, uId, eventType, body, status, result } of snapshots) {
      const location = locationOf(uId);
      if (status !== 'PENDING') {
        const processed: ProcessedEvent = { numRequested: result?.numRequested ?? 0, numCompleted: result?.numCompleted ?? 0, failures: result?.failures ?? [], notifications: [] };
        this.events.set(eventId, { eventId, location, eventType, body, run: () => processed, status, result: processed });
        continue;
      }
      try {
        this.start(location, eventType, body, eventId);
      } catch (error) {
        if (!(error instanceof SimulatedAppleError)) throw error;
      }
    }
  }

  /** What processing the event will do, once its request is validated. */
  private work(location: LocationState, eventType: EventType, body: unknown): () => ProcessedEvent {
    const { limits } = this.options;
    switch (eventType) {
      case 'ASSOCIATE':
      case 'DISASSOCIATE': {
        const { assets, targets } = validateManageAssets(location, body, limits, eventType === 'ASSOCIATE' ? 'associate' : 'disassociate');
        return () => processAssets(location, eventType, assets, targets);
      }
      case 'REVOKE': {
        const targets = validateRevoke(body, limits);
        return () => processAssets(location, 'REVOKE', [], targets);
      }
      default: {
        const users = validateUsers(body, limits);
        return () => processUsers(location, eventType, users);
      }
    }
  }

  private complete(event: SimEvent): void {
    const result = event.run();
    event.result = result;
    event.status = result.failures.length > 0 ? 'FAILED' : 'COMPLETE';
    this.options.onChange();
    const { notifier } = this.options;
    for (const notification of result.notifications) {
      const base = {
        result: notification.result,
        eventId: event.eventId,
        ...(notification.error ? { error: notification.error } : {}),
      };
      if (notification.type === 'ASSET_MANAGEMENT') {
        for (const assignments of chunk(notification.items, MAX_NOTIFICATION_ITEMS)) {
          notifier.send(event.location, 'ASSET_MANAGEMENT', { ...base, type: notification.eventType, assignments });
        }
      } else {
        for (const users of chunk(notification.items, MAX_NOTIFICATION_ITEMS)) {
          notifier.send(event.location, 'USER_MANAGEMENT', { ...base, type: notification.eventType, users });
        }
      }
    }
  }
}
