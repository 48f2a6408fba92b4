import type { Device, GroupKind } from '@vpp-host/api';
import { ALL_TARGET_ID } from '../../api/index.js';
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

/** Everyone, for an `all-users` or `all-devices` target. */
const EVERYONE = { limit: Number.MAX_SAFE_INTEGER } as const;

/**
 * The holders an assignment's target names now, in the order they joined it (one at a time: groups are large).
 * Exclusions and uninstall assignments are the Coverage's to apply.
 */
export function* targetHolders(directory: DistributionDirectory, assignment: AssignmentRecord): IterableIterator<Holder> {
  const { target } = assignment;
  const from = coveredFrom(assignment);
  if (target.kind === 'device' || target.kind === 'user') {
    yield { key: holderKeyOf(target.kind, target.id), kind: target.kind, id: target.id, coveredSince: from, joinedAt: from };
    return;
  }
  if (target.kind === 'all-users') {
    for (const user of directory.listUsers(EVERYONE).items) yield joined('user', user.id, from, user.createdAt);
    return;
  }
  if (target.kind === 'all-devices') {
    for (const device of directory.listDevices(EVERYONE).items) yield joined('device', device.id, from, device.enrolledAt);
    return;
  }
  const kind: HolderKind = target.kind === 'device-group' ? 'device' : 'user';
  for (const m of directory.members(target.kind, target.id)) yield joined(kind, m.memberId, from, m.joinedAt);
}

/** The holder an assignment's target names, if it does. */
export function targetHolder(directory: DistributionDirectory, assignment: AssignmentRecord, kind: HolderKind, id: string): Holder | undefined {
  const { target } = assignment;
  const from = coveredFrom(assignment);
  if (holderKindOf(target.kind) !== kind) return undefined;
  if (target.kind === kind) return target.id === id ? joined(kind, id, from, from) : undefined;
  if (target.kind === 'all-users') {
    const user = directory.getUser(id);
    return user ? joined(kind, id, from, user.createdAt) : undefined;
  }
  if (target.kind === 'all-devices') {
    const device = directory.getDevice(id);
    return device ? joined(kind, id, from, device.enrolledAt) : undefined;
  }
  const membership = directory.groupsOf(target.kind as GroupKind, id).find((m) => m.groupId === target.id);
  return membership ? joined(kind, id, from, membership.joinedAt) : undefined;
}

function joined(kind: HolderKind, id: string, from: string, joinedAt: string): Holder {
  return { key: holderKeyOf(kind, id), kind, id, coveredSince: later(from, joinedAt), joinedAt };
}

/** The keys of the holders a target names: the device or user itself, a group's members, or everyone of a kind (those in it by `asOf`, when given). */
export function holderKeysOfTarget(directory: DistributionDirectory, target: Target, asOf?: string): string[] {
  const kind = holderKindOf(target.kind);
  if (target.kind === 'device' || target.kind === 'user') return [holderKeyOf(kind, target.id)];
  if (target.kind === 'all-users') {
    return directory.listUsers(EVERYONE).items.filter((u) => asOf === undefined || u.createdAt <= asOf).map((u) => holderKeyOf(kind, u.id));
  }
  if (target.kind === 'all-devices') {
    return directory.listDevices(EVERYONE).items.filter((d) => asOf === undefined || d.enrolledAt <= asOf).map((d) => holderKeyOf(kind, d.id));
  }
  return directory
    .members(target.kind, target.id)
    .filter((m) => asOf === undefined || m.joinedAt <= asOf)
    .map((m) => holderKeyOf(kind, m.memberId));
}

/** How the audit log names an assignment: the item, then the target as the inventory names it ("Keynote → Klas 3B"). */
export function assignmentName(itemName: string, target: Target, directory: DistributionDirectory): string {
  const named = (() => {
    switch (target.kind) {
      case 'device':
        return directory.getDevice(target.id)?.name;
      case 'user':
        return directory.getUser(target.id)?.name;
      case 'device-group':
        return directory.getDeviceGroup(target.id)?.name;
      case 'user-group':
        return directory.getUserGroup(target.id)?.name;
      default:
        return target.kind;
    }
  })();
  return `${itemName} → ${named ?? target.id}`;
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
    case 'all-users':
    case 'all-devices':
      return target.id === ALL_TARGET_ID;
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

