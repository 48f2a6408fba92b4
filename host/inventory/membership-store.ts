import type { GroupKind, Membership } from '../api/inventory.js';
import type { Index, Repository } from '../api/storage.js';

/** The stored form keeps a sequence number: members who joined in the same millisecond keep their order. */
export interface StoredMembership extends Membership {
  readonly sequence: number;
}

export function membershipId(groupKind: GroupKind, groupId: string, memberId: string): string {
  return `${groupKind}:${groupId}:${memberId}`;
}

function byJoinOrder(a: StoredMembership, b: StoredMembership): number {
  if (a.joinedAt !== b.joinedAt) return a.joinedAt < b.joinedAt ? -1 : 1;
  return a.sequence - b.sequence;
}

function published({ sequence: _sequence, ...membership }: StoredMembership): Membership {
  return membership;
}

/** Who is in which group, found both ways through indexes. Writes change memory at once and resolve when durable. */
export class MembershipStore {
  private readonly byGroup: Index<StoredMembership>;
  private readonly byMember: Index<StoredMembership>;
  private sequence = 0;

  constructor(private readonly repository: Repository<StoredMembership>) {
    this.byGroup = repository.index('group', (m) => `${m.groupKind}:${m.groupId}`);
    this.byMember = repository.index('member', (m) => `${m.groupKind}:${m.memberId}`);
    for (const membership of repository.values()) this.sequence = Math.max(this.sequence, membership.sequence);
  }

  /** In the order they joined. */
  members(groupKind: GroupKind, groupId: string): Membership[] {
    return this.byGroup.get(`${groupKind}:${groupId}`).sort(byJoinOrder).map(published);
  }

  groupsOf(groupKind: GroupKind, memberId: string): Membership[] {
    return this.byMember.get(`${groupKind}:${memberId}`).sort(byJoinOrder).map(published);
  }

  memberCount(groupKind: GroupKind, groupId: string): number {
    return this.byGroup.get(`${groupKind}:${groupId}`).length;
  }

  groupCount(groupKind: GroupKind, memberId: string): number {
    return this.byMember.get(`${groupKind}:${memberId}`).length;
  }

  has(groupKind: GroupKind, groupId: string, memberId: string): boolean {
    return this.repository.has(membershipId(groupKind, groupId, memberId));
  }

  /** Adds the members in the given order, all joining at `at`. */
  join(groupKind: GroupKind, groupId: string, memberIds: readonly string[], at: string): { joined: Membership[]; written: Promise<void> } {
    const records = memberIds.map((memberId) => ({
      id: membershipId(groupKind, groupId, memberId),
      groupKind,
      groupId,
      memberId,
      joinedAt: at,
      sequence: ++this.sequence,
    }));
    return { joined: records.map(published), written: records.length > 0 ? this.repository.putMany(records) : Promise.resolve() };
  }

  leave(memberships: readonly Membership[]): Promise<void> {
    if (memberships.length === 0) return Promise.resolve();
    return this.repository.deleteMany(memberships.map((m) => m.id)).then(() => undefined);
  }
}
