import { NotFoundError, type Inventory, type User } from '@vpp-host/api';
import type { InvitationTargetKind, SkippedUser } from '../../api/index.js';
import { resolveTarget, type TargetDirectory } from '../distribution/target-resolver.js';

export interface Recipients {
  /** Each user once, in the order the target lists them. */
  readonly users: User[];
  readonly skipped: SkippedUser[];
}

/**
 * The users an invitation target names: a user, a user group's members, or the users devices belong to (a device,
 * a device group's members). The target is typed by id or name, as managed distribution's (resolveTarget: unknown or
 * ambiguous is a BadInputError listing candidates); devices without a user are skipped with the reason.
 */
export function resolveRecipients(inventory: TargetDirectory & Pick<Inventory, 'members'>, kind: InvitationTargetKind, typed: string): Recipients {
  const { id } = resolveTarget(inventory, kind, typed);
  const users = new Map<string, User>();
  const skipped: SkippedUser[] = [];
  const addUser = (userId: string, via: string) => {
    const user = inventory.getUser(userId);
    if (user) users.set(user.id, user);
    else skipped.push({ userId, reason: `${via} names user "${userId}", who is not in the inventory` });
  };
  const addOwnerOf = (deviceId: string) => {
    const device = inventory.getDevice(deviceId);
    if (!device) throw new NotFoundError(`No device "${deviceId}"`);
    if (device.ownerUserId === undefined) skipped.push({ userId: '', reason: `Device ${device.serialNumber} belongs to no user` });
    else addUser(device.ownerUserId, `Device ${device.serialNumber}`);
  };
  switch (kind) {
    case 'user':
      addUser(id, 'The invitation');
      break;
    case 'user-group':
      for (const member of inventory.members('user-group', id)) addUser(member.memberId, `User group ${id}`);
      break;
    case 'device':
      addOwnerOf(id);
      break;
    case 'device-group':
      for (const member of inventory.members('device-group', id)) addOwnerOf(member.memberId);
      break;
  }
  return { users: [...users.values()], skipped };
}
