import { BadInputError, cutText, saying } from '@vpp-host/api';
import type { MigrationBundle } from '@vpp-host/plugins/vpp-apple/api';
import type { GroupDirectory } from '../assignment-translation.js';
import type { AssignedLicense, DumpDevice, IntuneDump } from './intune-dump.js';

type Person = MigrationBundle['people'][number];
type Device = MigrationBundle['devices'][number];
type Group = MigrationBundle['groups'][number];

/** Apple's platforms by the operatingSystem Intune reports; a device of another system holds no VPP content. */
const PLATFORMS: Readonly<Record<string, Device['platform']>> = { ios: 'iOS', ipados: 'iPadOS', macos: 'macOS', macosx: 'macOS', tvos: 'tvOS', watchos: 'watchOS', visionos: 'visionOS' };

/**
 * The dump's people, devices and groups as the bundle holds them. A person's id is the Azure AD object id and their
 * email the mail (else the UPN): Intune knows no Apple clientUserId. A device is a managed device by its Intune id;
 * a group's device members are Azure AD devices, found among the managed devices by azureADDeviceId. Group members
 * join at the export time: Graph does not say when they joined.
 */
export class DumpDirectory implements GroupDirectory {
  private readonly people = new Map<string, Person>();
  private readonly devices = new Map<string, Device>();
  private readonly groupsById = new Map<string, Group>();
  private readonly memberIds = new Map<string, ReadonlySet<string>>();

  constructor(dump: IntuneDump, exportedAt: string) {
    const byAzureId = new Map<string, Device>();
    for (const managed of dump.managedDevices) {
      const device = this.addDevice(managed);
      if (device && managed.azureADDeviceId) byAzureId.set(managed.azureADDeviceId, device);
    }
    dump.groups.forEach((group, index) => {
      const users = group.members.filter((member) => member['@odata.type'] === '#microsoft.graph.user');
      if (users.length > 0 && users.length < group.members.length) {
        const name = cutText(group.displayName, 80);
        const refusal = new BadInputError(`groups.${index} (${name}) holds both users and devices; a group of the bundle holds one kind: split it in Azure AD, or leave it out of the dump`);
        throw saying(refusal, 'intune.dump.mixed-group', { index, name });
      }
      for (const user of users) this.addPerson({ id: user.id, name: user.displayName, email: user.mail ?? user.userPrincipalName });
      const members = group.members.flatMap((member) => {
        if (member['@odata.type'] === '#microsoft.graph.user') return [member.id];
        // An Azure AD device Intune does not manage cannot take VPP content: it is left out.
        const device = byAzureId.get(member.deviceId);
        return device ? [device.id] : [];
      });
      const kind = users.length === 0 && group.members.length > 0 ? 'device-group' : 'user-group';
      const ids = new Set(members);
      this.memberIds.set(group.id, ids);
      this.groupsById.set(group.id, { kind, id: group.id, name: group.displayName, members: [...ids].map((member) => ({ id: member, joinedAt: exportedAt })) });
    });
  }

  /** A licence's holder as a person of the bundle (its user fields name them). */
  addLicenceHolder(licence: AssignedLicense): void {
    if (licence.userId) this.addPerson({ id: licence.userId, name: licence.userName, email: licence.userEmailAddress ?? licence.userPrincipalName });
  }

  getUser(id: string): Person | undefined {
    return this.people.get(id);
  }

  getDevice(id: string): Device | undefined {
    return this.devices.get(id);
  }

  getUserGroup(id: string): Group | undefined {
    const group = this.groupsById.get(id);
    return group?.kind === 'user-group' ? group : undefined;
  }

  getDeviceGroup(id: string): Group | undefined {
    const group = this.groupsById.get(id);
    return group?.kind === 'device-group' ? group : undefined;
  }

  /** Whether the group (of either kind) lists the member. */
  hasMember(groupId: string, memberId: string): boolean {
    return this.memberIds.get(groupId)?.has(memberId) ?? false;
  }

  entries(): Pick<MigrationBundle, 'people' | 'devices' | 'groups'> {
    const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);
    return { people: [...this.people.values()].sort(byId), devices: [...this.devices.values()].sort(byId), groups: [...this.groupsById.values()] };
  }

  private addDevice(managed: DumpDevice): Device | undefined {
    const platform = PLATFORMS[managed.operatingSystem.trim().toLowerCase().replace(/\s+/g, '')];
    if (!platform) return undefined;
    if (managed.userId) this.addPerson({ id: managed.userId, name: managed.userDisplayName, email: managed.emailAddress ?? managed.userPrincipalName });
    const device: Device = {
      id: managed.id,
      serialNumber: managed.serialNumber,
      ...(managed.deviceName ? { name: managed.deviceName } : {}),
      platform,
      ...(managed.userId ? { ownerUserId: managed.userId } : {}),
      state: 'enrolled',
    };
    this.devices.set(device.id, device);
    return device;
  }

  /** The first mention of a person names them; later ones fill only what was missing. */
  private addPerson(given: { id: string; name: string | null | undefined; email: string | null | undefined }): void {
    const known = this.people.get(given.id);
    this.people.set(given.id, { id: given.id, name: known?.name || given.name || '', email: known?.email || given.email || '' });
  }
}
