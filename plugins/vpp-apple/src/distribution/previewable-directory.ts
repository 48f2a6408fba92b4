import type { Clock, GroupKind, Membership } from '@vpp-host/api';
import type { MembershipPreviewInput } from '../../api/index.js';
import type { DistributionDirectory } from './ports.js';

/**
 * The inventory as distribution reads it, able to pretend one membership change while a preview is computed, so the
 * preview runs the very reaction the change will trigger. Outside a preview it is the inventory itself.
 */
export class PreviewableDirectory implements DistributionDirectory {
  private pretended: MembershipPreviewInput | undefined;
  readonly getUser: DistributionDirectory['getUser'];
  readonly getDevice: DistributionDirectory['getDevice'];
  readonly getUserGroup: DistributionDirectory['getUserGroup'];
  readonly getDeviceGroup: DistributionDirectory['getDeviceGroup'];
  readonly listUsers: DistributionDirectory['listUsers'];
  readonly listDevices: DistributionDirectory['listDevices'];
  readonly devicesOf: DistributionDirectory['devicesOf'];
  readonly checkMembership: DistributionDirectory['checkMembership'];
  readonly onDidChangeMembership: DistributionDirectory['onDidChangeMembership'];
  readonly onDidChangeDevice: DistributionDirectory['onDidChangeDevice'];

  constructor(
    private readonly inventory: DistributionDirectory,
    private readonly clock: Clock,
  ) {
    this.getUser = (id) => inventory.getUser(id);
    this.getDevice = (id) => inventory.getDevice(id);
    this.getUserGroup = (id) => inventory.getUserGroup(id);
    this.getDeviceGroup = (id) => inventory.getDeviceGroup(id);
    this.listUsers = (query) => inventory.listUsers(query);
    this.listDevices = (query) => inventory.listDevices(query);
    this.devicesOf = (userId) => inventory.devicesOf(userId);
    this.checkMembership = (edit) => inventory.checkMembership(edit);
    this.onDidChangeMembership = inventory.onDidChangeMembership;
    this.onDidChangeDevice = inventory.onDidChangeDevice;
  }

  /** Pretends the change until the returned function is called. */
  pretend(change: MembershipPreviewInput): () => void {
    this.pretended = change;
    return () => {
      this.pretended = undefined;
    };
  }

  members(groupKind: GroupKind, groupId: string): Membership[] {
    const real = this.inventory.members(groupKind, groupId);
    const change = this.pretended;
    if (!change || change.groupKind !== groupKind || change.groupId !== groupId) return real;
    return this.adjusted(real, change);
  }

  groupsOf(groupKind: GroupKind, memberId: string): Membership[] {
    const real = this.inventory.groupsOf(groupKind, memberId);
    const change = this.pretended;
    if (!change || change.groupKind !== groupKind || change.memberId !== memberId) return real;
    return this.adjusted(real, change);
  }

  private adjusted(real: Membership[], change: MembershipPreviewInput): Membership[] {
    const isIt = (m: Membership) => m.groupId === change.groupId && m.memberId === change.memberId;
    if (change.change === 'left') return real.filter((m) => !isIt(m));
    if (real.some(isIt)) return real;
    const joined: Membership = {
      id: `${change.groupKind}:${change.groupId}:${change.memberId}`,
      groupKind: change.groupKind,
      groupId: change.groupId,
      memberId: change.memberId,
      joinedAt: this.clock.now().toISOString(),
    };
    return [...real, joined];
  }
}
