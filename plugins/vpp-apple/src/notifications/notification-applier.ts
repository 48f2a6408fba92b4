import { AuditLog, Emitter, inject, injectable, type Disposable, type Event } from '@vpp-host/api';
import {
  SyncService,
  TokenService,
  type AppleEventCompletion,
  type AppleNotifications,
  type AppliedNotification,
  type SyncedAssignment,
  type UserAssociation,
} from '../../api/index.js';
import type { AssetCountPayload, AssetManagementPayload, NotificationBody, NotifiedOutcome, UserAssociatedPayload, UserManagementPayload } from '../client/index.js';
import { SyncedData } from '../sync/synced-data.js';

/** Applies Apple's notifications to the synced data and tells the rest of the product. */
@injectable()
export class NotificationApplier implements AppleNotifications, Disposable {
  private readonly applied = new Emitter<AppliedNotification>();
  private readonly completions = new Emitter<AppleEventCompletion>();
  readonly onDidApplyNotification = this.applied.event;
  readonly onDidCompleteAppleEvent = this.completions.event;
  readonly onDidAssociateUser: Event<UserAssociation>;

  constructor(
    @inject(SyncedData) private readonly data: SyncedData,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(AuditLog) private readonly audit: AuditLog,
  ) {
    this.onDidAssociateUser = data.onDidAssociateUser;
  }

  async apply(tokenId: string, body: NotificationBody): Promise<void> {
    switch (body.notificationType) {
      case 'ASSET_COUNT':
        await this.assetCount(tokenId, body.notification);
        break;
      case 'ASSET_MANAGEMENT':
        await this.assetManagement(tokenId, body.notification);
        break;
      case 'USER_MANAGEMENT':
        await this.userManagement(tokenId, body.notification);
        break;
      case 'USER_ASSOCIATED':
        await this.userAssociated(tokenId, body.notification);
        break;
      case 'TEST_NOTIFICATION':
        break;
    }
    this.applied.fire({ tokenId, notificationId: body.notificationId, kind: body.notificationType });
  }

  dispose(): void {
    this.applied.dispose();
    this.completions.dispose();
  }

  private async assetCount(tokenId: string, payload: AssetCountPayload): Promise<void> {
    const token = this.tokens.get(tokenId);
    if (!this.data.asset(tokenId, payload)) {
      // Content the last sync did not see (a new purchase): read the location again.
      void this.sync.sync(tokenId).catch(() => undefined);
    } else {
      await this.data.adjustCounts(tokenId, payload, { total: payload.countDelta });
    }
    await this.audit.record({
      actor: { kind: 'apple', id: token?.uId ?? tokenId, name: 'Apple' },
      action: 'vpp.asset.count',
      target: { type: 'vpp-asset', id: `${payload.adamId}|${payload.pricingParam}`, ...(token ? { name: token.name } : {}) },
      reason: payload.countDelta >= 0 ? 'Licenses purchased or transferred in' : 'Licenses refunded or transferred out',
      details: { tokenId, countDelta: payload.countDelta },
    });
  }

  private async assetManagement(tokenId: string, payload: AssetManagementPayload): Promise<void> {
    if (payload.result === 'SUCCESS') {
      if (payload.type === 'ASSOCIATE') await this.moveCounts(tokenId, await this.data.putAssignments(tokenId, payload.assignments), +1);
      else await this.moveCounts(tokenId, await this.data.removeAssignments(tokenId, payload.assignments), -1);
    }
    this.complete(tokenId, payload);
  }

  private async userManagement(tokenId: string, payload: UserManagementPayload): Promise<void> {
    if (payload.result === 'SUCCESS') await this.data.putUsers(tokenId, payload.users);
    const uId = this.tokens.get(tokenId)?.uId;
    this.complete(tokenId, payload, uId === undefined ? undefined : { eventType: payload.type, succeeded: payload.result === 'SUCCESS', items: payload.users.length, uId });
  }

  private async userAssociated(tokenId: string, payload: UserAssociatedPayload): Promise<void> {
    await this.data.putUsers(tokenId, payload.associatedUsers.map((user) => ({ ...user, status: 'Associated' as const })));
  }

  /** Wakes whoever waits for the event (the client polls less) and announces its outcome. */
  private complete(tokenId: string, payload: AssetManagementPayload | UserManagementPayload, outcome?: NotifiedOutcome): void {
    if (this.tokens.get(tokenId)) this.tokens.clientFor(tokenId).notifyEvent(payload.eventId, outcome);
    this.completions.fire({
      tokenId,
      eventId: payload.eventId,
      type: payload.type,
      outcome: payload.result,
      ...(payload.error ? { errorNumber: payload.error.errorNumber } : {}),
    });
  }

  private async moveCounts(tokenId: string, moved: readonly SyncedAssignment[], direction: 1 | -1): Promise<void> {
    const perAsset = new Map<string, { key: SyncedAssignment; count: number }>();
    for (const assignment of moved) {
      const key = `${assignment.adamId}|${assignment.pricingParam}`;
      const entry = perAsset.get(key) ?? { key: assignment, count: 0 };
      entry.count++;
      perAsset.set(key, entry);
    }
    for (const { key, count } of perAsset.values()) await this.data.adjustCounts(tokenId, key, { assigned: direction * count });
  }
}
