/** vpp-apple's contract: Apple's notifications as events. */
import type { Event } from '@vpp-host/api';

export type AppleNotificationKind = 'ASSET_COUNT' | 'ASSET_MANAGEMENT' | 'USER_MANAGEMENT' | 'USER_ASSOCIATED' | 'TEST_NOTIFICATION';

export interface AppliedNotification {
  readonly tokenId: string;
  readonly notificationId: string;
  readonly kind: AppleNotificationKind;
}

export interface UserAssociation {
  readonly tokenId: string;
  readonly clientUserId: string;
  readonly email?: string;
  readonly inviteCode?: string;
  readonly idHash?: string;
  /** When the product learned it (ISO): drives first-come-first-served. */
  readonly at: string;
}

export interface AppleEventCompletion {
  readonly tokenId: string;
  readonly eventId: string;
  readonly type: 'ASSOCIATE' | 'DISASSOCIATE' | 'REVOKE' | 'CREATE' | 'UPDATE' | 'RETIRE';
  readonly outcome: 'SUCCESS' | 'FAILURE';
  readonly errorNumber?: number;
}

/** Apple's webhook posts, applied to the synced data and announced. */
export const AppleNotifications = Symbol.for('vpp-apple.AppleNotifications');
export interface AppleNotifications {
  readonly onDidApplyNotification: Event<AppliedNotification>;
  /** A user accepted the invitation (USER_ASSOCIATED, or a sync that shows the user Associated). */
  readonly onDidAssociateUser: Event<UserAssociation>;
  /** An ASSET_MANAGEMENT or USER_MANAGEMENT notification reported an event's outcome. */
  readonly onDidCompleteAppleEvent: Event<AppleEventCompletion>;
}
