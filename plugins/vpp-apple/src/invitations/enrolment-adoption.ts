import type { EnrolmentStore } from '../distribution/enrolment-store.js';
import { invitationId, type InvitationRecord, type InvitationStore } from './invitation-store.js';

/** A user's enrolment at a location as another product left it. */
export interface AdoptedEnrolment {
  readonly userId: string;
  /** The clientUserId Apple knows the user by: the other product's. */
  readonly clientUserId: string;
  readonly status: 'invited' | 'enrolled' | 'retired';
  readonly timesInvited: number;
  readonly invitedAt?: string;
  readonly acceptedAt?: string;
  readonly retiredAt?: string;
  readonly managedAppleId: boolean;
}

/**
 * Takes enrolments over as they are (Apple holds the users already): the enrolment first, then the invitation
 * record, so a run stopped between the two finishes when run again. Users this host invited itself keep their
 * record, unless this host saw them accept later than the other product did (the first acceptance wins); nobody is
 * mailed. Returns how many it adopted.
 */
export async function adoptEnrolments(store: InvitationStore, enrolments: EnrolmentStore, tokenId: string, adopted: readonly AdoptedEnrolment[]): Promise<number> {
  const fresh = adopted.filter((entry) => {
    const current = store.get(tokenId, entry.userId);
    if (!current || current.status === 'not-invited') return true;
    return current.status === 'enrolled' && entry.acceptedAt !== undefined && (current.acceptedAt ?? '') > entry.acceptedAt;
  });
  await enrolments.adopt(
    fresh.flatMap((entry) =>
      entry.status === 'enrolled'
        ? [{ tokenId, userId: entry.userId, clientUserId: entry.clientUserId, acceptedAt: entry.acceptedAt!, via: entry.managedAppleId ? ('managed-apple-id' as const) : ('invitation' as const) }]
        : [],
    ),
  );
  const records = fresh.map(
    (entry): InvitationRecord => ({
      id: invitationId(tokenId, entry.userId),
      tokenId,
      userId: entry.userId,
      clientUserId: entry.clientUserId,
      status: entry.status,
      timesInvited: entry.timesInvited,
      ...(entry.invitedAt !== undefined ? { invitedAt: entry.invitedAt, registeredAt: entry.invitedAt } : {}),
      ...(entry.acceptedAt !== undefined ? { acceptedAt: entry.acceptedAt } : {}),
      ...(entry.retiredAt !== undefined ? { retiredAt: entry.retiredAt } : {}),
      ...(entry.managedAppleId ? { managedAppleId: true } : {}),
    }),
  );
  await store.records.putMany(records);
  return records.length;
}
