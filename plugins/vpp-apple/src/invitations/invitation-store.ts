import type { Actor, Entity, Index, Repository, Storage } from '@vpp-host/api';
import type { EnrolmentStatus, InvitationTargetKind } from '../../api/index.js';
import { userIdOfClientUserId } from './client-user-id.js';

/** One user's invitation state at one location. */
export interface InvitationRecord extends Entity {
  readonly tokenId: string;
  readonly userId: string;
  readonly clientUserId: string;
  readonly status: EnrolmentStatus;
  /** Registered with Apple (users/create), with the code Apple's invitation link carries. */
  readonly registeredAt?: string;
  readonly inviteCode?: string;
  readonly managedAppleId?: boolean;
  /** The first send. */
  readonly invitedAt?: string;
  readonly lastSentAt?: string;
  readonly timesInvited: number;
  /** The outbox message of the last send. */
  readonly outboxId?: string;
  readonly acceptedAt?: string;
  readonly retiredAt?: string;
}

/** One user of a batch, with the send number that makes its mail's idempotency key. */
export interface BatchEntry {
  readonly userId: string;
  readonly sendNumber: number;
}

/**
 * An invitation run written before anything is sent, so a host that stops half-way finishes it at the next start:
 * the same users, the same send numbers, so the outbox never sends a mail twice and loses none.
 */
export interface InvitationBatch extends Entity {
  readonly tokenId: string;
  readonly target: { readonly kind: InvitationTargetKind; readonly id: string };
  readonly entries: readonly BatchEntry[];
  readonly actor: Actor;
  readonly reason?: string;
  readonly resend: boolean;
  readonly createdAt: string;
}

export const invitationId = (tokenId: string, userId: string): string => `${tokenId}|${userId}`;

/** The invitation records and the unfinished batches of the plugin. */
export class InvitationStore {
  private constructor(
    readonly records: Repository<InvitationRecord>,
    readonly batches: Repository<InvitationBatch>,
    readonly byToken: Index<InvitationRecord>,
    private readonly byClientUserId: Index<InvitationRecord>,
  ) {}

  static async open(storage: Storage): Promise<InvitationStore> {
    const records = await storage.collection<InvitationRecord>('invitations', { expectedSize: 1_000_000 });
    const batches = await storage.collection<InvitationBatch>('invitation-batches', { expectedSize: 1_000 });
    return new InvitationStore(
      records,
      batches,
      records.index('token', (r) => r.tokenId),
      records.index('clientUserId', (r) => `${r.tokenId}|${r.clientUserId}`),
    );
  }

  /** Every location with invitation records or unsent batches. */
  locations(): string[] {
    return [...this.byToken.keys(), ...[...this.batches.values()].map((batch) => batch.tokenId)];
  }

  /** Drops a location's records and unsent batches; resolves to the batches' ids and how many records went. */
  async forgetLocation(tokenId: string): Promise<{ batchIds: string[]; invitations: number }> {
    const batchIds = this.batches.find((batch) => batch.tokenId === tokenId).map((batch) => batch.id);
    await this.batches.deleteMany(batchIds);
    return { batchIds, invitations: await this.records.deleteMany(this.byToken.get(tokenId).map((record) => record.id)) };
  }

  get(tokenId: string, userId: string): InvitationRecord | undefined {
    return this.records.get(invitationId(tokenId, userId));
  }

  /**
   * The user Apple knows by this clientUserId at the location: a record's (a user adopted from another product keeps
   * that product's clientUserId), else the one the id itself names.
   */
  userIdOf(tokenId: string, clientUserId: string): string {
    return this.byClientUserId.get(`${tokenId}|${clientUserId}`)[0]?.userId ?? userIdOfClientUserId(clientUserId);
  }

  /** The stored record, or a fresh `not-invited` one. */
  recordOf(tokenId: string, userId: string, clientUserId: string): InvitationRecord {
    return this.get(tokenId, userId) ?? { id: invitationId(tokenId, userId), tokenId, userId, clientUserId, status: 'not-invited', timesInvited: 0 };
  }
}
