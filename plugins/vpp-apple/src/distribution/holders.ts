import type { Device } from '@vpp-host/api';
import type { DistributionDirectory } from './ports.js';
import { holderKeyOf, holderKindOf, type AssignmentRecord, type HolderKind, type Target } from './model.js';

/** One device or user a target covers, with what orders it in the queue. */
export interface Holder {
  readonly key: string;
  readonly kind: HolderKind;
  readonly id: string;
  /** When it became covered by the assignment (the later of the assignment and joining the group). */
  readonly coveredSince: string;
  /** When it joined the target (devices) or the assignment was made (direct targets). */
  readonly joinedAt: string;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** Its holders count as covered from its creation, or from when an admin assigned it again after a revocation. */
export function coveredFrom(assignment: AssignmentRecord): string {
  return assignment.reassignedAt ?? assignment.createdAt;
}

/** The holders an assignment's target covers now, in the order they joined it (one at a time: groups are large). */
export function* holdersOf(directory: DistributionDirectory, assignment: AssignmentRecord): IterableIterator<Holder> {
  const { target } = assignment;
  const from = coveredFrom(assignment);
  if (target.kind === 'device' || target.kind === 'user') {
    yield { key: holderKeyOf(target.kind, target.id), kind: target.kind, id: target.id, coveredSince: from, joinedAt: from };
    return;
  }
  const kind: HolderKind = target.kind === 'device-group' ? 'device' : 'user';
  for (const m of directory.members(target.kind, target.id)) {
    yield { key: holderKeyOf(kind, m.memberId), kind, id: m.memberId, coveredSince: later(from, m.joinedAt), joinedAt: m.joinedAt };
  }
}

/** The holder an assignment covers, if it does. */
export function holderIn(directory: DistributionDirectory, assignment: AssignmentRecord, kind: HolderKind, id: string): Holder | undefined {
  const { target } = assignment;
  const from = coveredFrom(assignment);
  if (target.kind === kind) {
    return target.id === id ? { key: holderKeyOf(kind, id), kind, id, coveredSince: from, joinedAt: from } : undefined;
  }
  const groupKind = kind === 'device' ? 'device-group' : 'user-group';
  if (target.kind !== groupKind) return undefined;
  const membership = directory.groupsOf(groupKind, id).find((m) => m.groupId === target.id);
  return membership
    ? { key: holderKeyOf(kind, id), kind, id, coveredSince: later(from, membership.joinedAt), joinedAt: membership.joinedAt }
    : undefined;
}

/** The keys of the holders a target covers: the device or user itself, or a group's members (those in it by `asOf`, when given). */
export function holderKeysOfTarget(directory: DistributionDirectory, target: Target, asOf?: string): string[] {
  const kind = holderKindOf(target.kind);
  if (target.kind === 'device' || target.kind === 'user') return [holderKeyOf(kind, target.id)];
  return directory
    .members(target.kind, target.id)
    .filter((m) => asOf === undefined || m.joinedAt <= asOf)
    .map((m) => holderKeyOf(kind, m.memberId));
}

export function targetExists(directory: DistributionDirectory, target: Target): boolean {
  switch (target.kind) {
    case 'device':
      return directory.getDevice(target.id) !== undefined;
    case 'user':
      return directory.getUser(target.id) !== undefined;
    case 'device-group':
      return directory.getDeviceGroup(target.id) !== undefined;
    case 'user-group':
      return directory.getUserGroup(target.id) !== undefined;
  }
}

/** Who may receive content: devices under management. */
export function isManaged(device: Device | undefined): device is Device {
  return device !== undefined && device.state === 'enrolled';
}

/** The user's user groups, for license restrictions. */
export function userGroupIdsOf(directory: DistributionDirectory, userId: string | undefined): string[] | undefined {
  return userId === undefined ? undefined : directory.groupsOf('user-group', userId).map((m) => m.groupId);
}

