import { NotFoundError, phrase, saying, type Inventory, type Said, type User } from '@vpp-host/api';
import type { InvitationTargetKind, SkippedUser } from '../../api/index.js';
import { resolveTarget, type TargetDirectory } from '../distribution/target-resolver.js';
import { skippedUser } from './skipped-user.js';

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
  const addUser = (userId: string, via: Said) => {
    const user = inventory.getUser(userId);
    if (user) users.set(user.id, user);
    else skipped.push(skippedUser(userId, phrase(`${via.message} names user "${userId}", who is not in the inventory`, 'vpp.invitation.user-not-in-inventory', { via, user: userId })));
  };
  const addOwnerOf = (deviceId: string) => {
    const device = inventory.getDevice(deviceId);
    if (!device) throw saying(new NotFoundError(`No device "${deviceId}"`), 'vpp.invitation.no-device', { device: deviceId });
    const serial = device.serialNumber;
    if (device.ownerUserId === undefined) skipped.push(skippedUser('', phrase(`Device ${serial} belongs to no user`, 'vpp.invitation.device-without-user', { serial })));
    else addUser(device.ownerUserId, phrase(`Device ${serial}`, 'vpp.invitation.via-device', { serial }));
  };
  switch (kind) {
    case 'user':
      addUser(id, phrase('The invitation', 'vpp.invitation.via-invitation'));
      break;
    case 'user-group':
      for (const member of inventory.members('user-group', id)) addUser(member.memberId, phrase(`User group ${id}`, 'vpp.invitation.via-group', { group: id }));
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
