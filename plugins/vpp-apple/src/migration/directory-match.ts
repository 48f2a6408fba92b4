import type { GroupKind, Inventory, User } from '@vpp-host/api';
import type { MigrationBundle } from '../../api/index.js';
import type { AppleLocationView, AppleUser } from './apple-location-view.js';

type Person = MigrationBundle['people'][number];
type BundleDevice = MigrationBundle['devices'][number];
type BundleGroup = MigrationBundle['groups'][number];

const PAGE = 1_000;

/**
 * Finds the bundle's people, devices and groups in this host's directory: people by directory id, then email, then
 * Managed Apple ID; devices by id when the serial number agrees, then by serial number; groups by id, then by a name
 * only one group has. Apple's users are found by clientUserId, then by email or Managed Apple ID.
 */
export class DirectoryMatch {
  private usersByEmail: Map<string, User> | undefined;
  private usersByAppleId: Map<string, User> | undefined;
  private readonly appleByEmail = new Map<string, AppleUser>();

  constructor(
    private readonly inventory: Inventory,
    private readonly apple: AppleLocationView,
  ) {
    for (const user of apple.users.values()) {
      if (user.status === 'Retired') continue;
      for (const address of [user.email, user.managedAppleId]) if (address) this.appleByEmail.set(address.toLowerCase(), user);
    }
  }

  user(person: Person): User | undefined {
    const byId = this.inventory.getUser(person.id);
    if (byId) return byId;
    this.indexUsers();
    return (person.email ? this.usersByEmail!.get(person.email.toLowerCase()) : undefined) ?? (person.managedAppleId ? this.usersByAppleId!.get(person.managedAppleId.toLowerCase()) : undefined);
  }

  deviceId(device: BundleDevice): string | undefined {
    const byId = this.inventory.getDevice(device.id);
    if (byId && byId.serialNumber === device.serialNumber) return byId.id;
    return this.inventory.getDeviceBySerial(device.serialNumber)?.id;
  }

  groupId(group: Pick<BundleGroup, 'kind' | 'id' | 'name'>): string | undefined {
    const get = (id: string) => (group.kind === 'user-group' ? this.inventory.getUserGroup(id) : this.inventory.getDeviceGroup(id));
    if (get(group.id)) return group.id;
    if (group.name === '') return undefined;
    const named = this.groupsNamed(group.kind, group.name);
    return named.length === 1 ? named[0] : undefined;
  }

  /** Apple's user for the person: the bundle's clientUserId, else the one with the person's email or Managed Apple ID. */
  appleUser(person: Person, local: User | undefined): AppleUser | undefined {
    if (person.clientUserId !== undefined) return this.apple.users.get(person.clientUserId);
    for (const address of [person.managedAppleId, person.email, local?.managedAppleId, local?.email]) {
      const found = address ? this.appleByEmail.get(address.toLowerCase()) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  private groupsNamed(kind: GroupKind, name: string): string[] {
    const ids: string[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const query = { search: name, offset, limit: PAGE };
      const page = kind === 'user-group' ? this.inventory.listUserGroups(query) : this.inventory.listDeviceGroups(query);
      for (const group of page.items) if (group.name === name) ids.push(group.id);
      if (page.items.length < PAGE) return ids;
    }
  }

  private indexUsers(): void {
    if (this.usersByEmail) return;
    this.usersByEmail = new Map();
    this.usersByAppleId = new Map();
    for (let offset = 0; ; offset += PAGE) {
      const page = this.inventory.listUsers({ offset, limit: PAGE });
      for (const user of page.items) {
        if (user.email) this.usersByEmail.set(user.email.toLowerCase(), user);
        if (user.managedAppleId) this.usersByAppleId.set(user.managedAppleId.toLowerCase(), user);
      }
      if (page.items.length < PAGE) return;
    }
  }
}
