import { randomUUID } from 'node:crypto';
import type { NotificationBody, NotificationType } from '../../api/apple-wire.js';
import type { LocationState } from './location-state.js';

/** Apple puts at most 100 elements in one notification. */
export const MAX_NOTIFICATION_ITEMS = 100;
const DELIVERY_ATTEMPTS = 3;

export type NotificationPayload = NotificationBody['notification'];

/** POSTs notifications to a location's URL with its bearer token; best effort, like Apple. */
export class Notifier {
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly fetchImpl: typeof fetch) {}

  /** Sends when the location subscribed to the type; never throws, delivery is best effort. */
  send(location: LocationState, type: NotificationType, notification: NotificationPayload): void {
    if (!location.notificationUrl || !location.subscribedNotificationTypes.includes(type)) return;
    const delivery = this.deliver(location, type, notification).catch(() => false);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Sends one notification now and reports whether it was accepted (any 2xx). */
  async deliver(
    location: LocationState,
    type: NotificationType,
    notification: NotificationPayload,
    target = { url: location.notificationUrl, token: location.notificationAuthToken },
  ): Promise<boolean> {
    if (!target.url) return false;
    const body = JSON.stringify({ notification, notificationId: randomUUID(), notificationType: type, uId: location.identity.uId });
    for (let attempt = 0; attempt < DELIVERY_ATTEMPTS; attempt++) {
      try {
        const response = await this.fetchImpl(target.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token ?? ''}` },
          body,
        });
        await response.body?.cancel();
        if (response.ok) return true;
      } catch {
        // Unreachable this time; Apple tries again.
      }
    }
    return false;
  }

  /** Resolves when every notification sent so far has been delivered or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }
}
