import type { Device, DeviceGroup, DeviceSortKey, GroupKind, GroupSortKey, User, UserGroup, UserSortKey } from '../api/inventory.js';
import { timeValue } from '../api/sort-values.js';
import type { SortKeys } from './sorted-view.js';

/** What the inventory's lists sort by that the records themselves do not hold. */
export interface OrderLookup {
  groupCount(groupKind: GroupKind, memberId: string): number;
  memberCount(groupKind: GroupKind, groupId: string): number;
  userName(id: string): string | undefined;
}

/** A device's state in the order of its life: enrolled, then unenrolled, then wiped. */
const STATE_ORDER: Readonly<Record<Device['state'], number>> = { enrolled: 0, unenrolled: 1, wiped: 2 };

export function userSortKeys(lookup: OrderLookup): SortKeys<User, UserSortKey> {
  return {
    name: (u) => u.name,
    email: (u) => u.email,
    language: (u) => u.language,
    managedAppleId: (u) => u.managedAppleId,
    groups: (u) => lookup.groupCount('user-group', u.id),
    createdAt: (u) => timeValue(u.createdAt),
  };
}

/** A device's own sort values, for the devices list and for the devices on a user's page alike. */
export const DEVICE_SORT_VALUES = {
  name: (d: Device) => d.name ?? d.serialNumber,
  serialNumber: (d: Device) => d.serialNumber,
  // The platform, then its version, digits as numbers: iOS 17.2 before iOS 17.10.
  platform: (d: Device) => `${d.platform} ${d.osVersion}`,
  state: (d: Device) => STATE_ORDER[d.state],
} satisfies Partial<SortKeys<Device, DeviceSortKey>>;

export function deviceSortKeys(lookup: OrderLookup): SortKeys<Device, DeviceSortKey> {
  return {
    ...DEVICE_SORT_VALUES,
    owner: (d) => (d.ownerUserId === undefined ? undefined : (lookup.userName(d.ownerUserId) ?? d.ownerUserId)),
    groups: (d) => lookup.groupCount('device-group', d.id),
    enrolledAt: (d) => timeValue(d.enrolledAt),
  };
}

export function groupSortKeys(groupKind: GroupKind, lookup: OrderLookup): SortKeys<UserGroup | DeviceGroup, GroupSortKey> {
  return {
    name: (g) => g.name,
    members: (g) => lookup.memberCount(groupKind, g.id),
    createdAt: (g) => timeValue(g.createdAt),
  };
}
