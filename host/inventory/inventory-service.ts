import type { Actor } from '../api/actor.js';
import type { AuditLog, AuditTarget } from '../api/audit.js';
import type { Clock } from '../api/clock.js';
import type { Disposable } from '../api/disposable.js';
import { BadInputError, ConflictError, listProblems, NotFoundError, saying } from '../api/errors.js';
import { phrase } from '../api/messages.js';
import { kindPhrase } from '../api/inventory.js';
import { noRecord } from './record-kinds.js';
import { Emitter } from '../api/event.js';
import type {
  Device,
  DeviceChange,
  DeviceGroup,
  DeviceInput,
  GroupChange,
  GroupInput,
  GroupKind,
  ImportSummary,
  Inventory,
  InventorySnapshot,
  DeviceSortKey,
  GroupSortKey,
  ListQuery,
  Membership,
  MembershipChange,
  User,
  UserChange,
  UserGroup,
  UserInput,
  UserSortKey,
} from '../api/inventory.js';
import type { MembershipEdit } from '../api/inventory-previews.js';
import type { Index, Page, Storage } from '../api/storage.js';
import { emailKey, saidProblems, serialKey, withoutEmpty, type InventoryProblem } from './inventory-validation.js';
import { ListedCollection } from './listed-collection.js';
import { deviceSortKeys, groupSortKeys, userSortKeys, type OrderLookup } from './list-orders.js';
import type { SortKeys } from './sorted-view.js';
import { MembershipStore, type StoredMembership } from './membership-store.js';
import { resolveSnapshot, type InventoryLookup, type ResolvedSnapshot, type ResolveOptions } from './snapshot-resolver.js';
import { foldText } from './sorted-view.js';

type Group = UserGroup | DeviceGroup;

interface GroupStore {
  readonly collection: ListedCollection<Group>;
  readonly sortKeys: SortKeys<Group, GroupSortKey>;
  readonly byName: Index<Group>;
  /** "user group", for messages. */
  readonly label: string;
  readonly memberLabel: 'user' | 'device';
}

/** Everything one operation changes; written together, then announced. */
interface ChangeSet {
  readonly users: UserChange[];
  readonly devices: DeviceChange[];
  readonly groups: GroupChange[];
  readonly joins: { readonly groupKind: GroupKind; readonly groupId: string; readonly memberIds: readonly string[] }[];
  readonly leaves: Membership[];
}

const emptyChanges = (): ChangeSet => ({ users: [], devices: [], groups: [], joins: [], leaves: [] });

function sameRecord(a: object, b: object): boolean {
  const left = Object.entries(a);
  return left.length === Object.keys(b).length && left.every(([key, value]) => (b as Record<string, unknown>)[key] === value);
}

/**
 * The framework's own records of people and devices, persisted in the host's storage. Every change is validated
 * whole before anything is written, announced as a typed event once it is durable, and audited with its actor.
 */
export class InventoryService implements Inventory, Disposable {
  private readonly userChanges = new Emitter<UserChange>();
  private readonly deviceChanges = new Emitter<DeviceChange>();
  private readonly groupChanges = new Emitter<GroupChange>();
  private readonly membershipChanges = new Emitter<MembershipChange>();
  readonly onDidChangeUser = this.userChanges.event;
  readonly onDidChangeDevice = this.deviceChanges.event;
  readonly onDidChangeGroup = this.groupChanges.event;
  readonly onDidChangeMembership = this.membershipChanges.event;

  private readonly usersByEmail: Index<User>;
  private readonly devicesBySerial: Index<Device>;
  private readonly devicesByOwner: Index<Device>;
  private readonly groups: Readonly<Record<GroupKind, GroupStore>>;
  private readonly lookup: InventoryLookup;
  private readonly userSortKeys: SortKeys<User, UserSortKey>;
  private readonly deviceSortKeys: SortKeys<Device, DeviceSortKey>;

  private constructor(
    private readonly users: ListedCollection<User>,
    private readonly devices: ListedCollection<Device>,
    userGroups: ListedCollection<Group>,
    deviceGroups: ListedCollection<Group>,
    private readonly memberships: MembershipStore,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.usersByEmail = users.repository.index('email', (u) => emailKey(u.email));
    this.devicesBySerial = devices.repository.index('serial', (d) => serialKey(d.serialNumber));
    this.devicesByOwner = devices.repository.index('owner', (d) => d.ownerUserId);
    const orders: OrderLookup = {
      groupCount: (kind, memberId) => memberships.groupCount(kind, memberId),
      memberCount: (kind, groupId) => memberships.memberCount(kind, groupId),
      userName: (id) => users.get(id)?.name,
    };
    this.userSortKeys = userSortKeys(orders);
    this.deviceSortKeys = deviceSortKeys(orders);
    const groupStore = (collection: ListedCollection<Group>, label: string, memberLabel: 'user' | 'device'): GroupStore => ({
      collection,
      sortKeys: groupSortKeys(memberLabel === 'user' ? 'user-group' : 'device-group', orders),
      byName: collection.repository.index('name', (g) => foldText(g.name)),
      label,
      memberLabel,
    });
    this.groups = { 'user-group': groupStore(userGroups, 'user group', 'user'), 'device-group': groupStore(deviceGroups, 'device group', 'device') };
    this.lookup = {
      user: (id) => this.users.get(id),
      userByEmail: (email) => this.userByEmail(email),
      device: (id) => this.devices.get(id),
      deviceBySerial: (serial) => this.getDeviceBySerial(serial),
      group: (kind, id) => this.groups[kind].collection.get(id),
      groupByName: (kind, foldedName) => this.groups[kind].byName.get(foldedName)[0],
    };
  }

  static async open(storage: Storage, clock: Clock, audit: AuditLog): Promise<InventoryService> {
    const [users, userGroups, devices, deviceGroups, memberships] = await Promise.all([
      storage.collection<User>('users', { expectedSize: 100_000 }),
      storage.collection<Group>('user-groups'),
      storage.collection<Device>('devices', { expectedSize: 100_000 }),
      storage.collection<Group>('device-groups'),
      storage.collection<StoredMembership>('memberships', { expectedSize: 200_000 }),
    ]);
    const byName = (group: Group): string => group.name;
    const groupText = (group: Group): string[] => [group.name, group.id];
    return new InventoryService(
      new ListedCollection(users, (u) => u.name, (u) => [u.name, u.email, u.id, u.managedAppleId]),
      new ListedCollection(devices, (d) => d.name ?? d.serialNumber, (d) => [d.name, d.serialNumber, d.id]),
      new ListedCollection(userGroups, byName, groupText),
      new ListedCollection(deviceGroups, byName, groupText),
      new MembershipStore(memberships),
      clock,
      audit,
    );
  }

  getUser(id: string): User | undefined {
    return this.users.get(id);
  }

  getDevice(id: string): Device | undefined {
    return this.devices.get(id);
  }

  getDeviceBySerial(serialNumber: string): Device | undefined {
    return this.devicesBySerial.get(serialKey(serialNumber))[0];
  }

  getUserGroup(id: string): UserGroup | undefined {
    return this.groups['user-group'].collection.get(id);
  }

  getDeviceGroup(id: string): DeviceGroup | undefined {
    return this.groups['device-group'].collection.get(id);
  }

  listUsers(query?: ListQuery<UserSortKey>): Page<User> {
    return this.users.list(query, this.userSortKeys);
  }

  listDevices(query?: ListQuery<DeviceSortKey>): Page<Device> {
    return this.devices.list(query, this.deviceSortKeys);
  }

  listUserGroups(query?: ListQuery<GroupSortKey>): Page<UserGroup> {
    const { collection, sortKeys } = this.groups['user-group'];
    return collection.list(query, sortKeys);
  }

  listDeviceGroups(query?: ListQuery<GroupSortKey>): Page<DeviceGroup> {
    const { collection, sortKeys } = this.groups['device-group'];
    return collection.list(query, sortKeys);
  }

  members(groupKind: GroupKind, groupId: string): Membership[] {
    return this.memberships.members(groupKind, groupId);
  }

  groupsOf(groupKind: GroupKind, memberId: string): Membership[] {
    return this.memberships.groupsOf(groupKind, memberId);
  }

  devicesOf(userId: string): Device[] {
    return this.devicesByOwner.get(userId).sort((a, b) => (a.serialNumber < b.serialNumber ? -1 : 1));
  }

  async saveUser(input: UserInput, actor: Actor): Promise<User> {
    const resolved = this.resolveOne({ users: [input] }, 'user');
    const changes = this.plan(resolved);
    const change = changes.users[0];
    if (!change) return this.users.get(resolved.users[0]!.id)!;
    await this.commit(changes, { actor, action: `inventory.user.${change.change === 'created' ? 'create' : 'update'}`, target: userTarget(change.user) });
    return change.user;
  }

  async saveDevice(input: DeviceInput, actor: Actor): Promise<Device> {
    const resolved = this.resolveOne({ devices: [input] }, 'device');
    const changes = this.plan(resolved);
    const change = changes.devices[0];
    if (!change) return this.devices.get(resolved.devices[0]!.id)!;
    await this.commit(changes, { actor, action: `inventory.device.${change.change === 'enrolled' ? 'enroll' : 'update'}`, target: deviceTarget(change.device) });
    return change.device;
  }

  async saveGroup(groupKind: GroupKind, input: GroupInput, actor: Actor): Promise<UserGroup | DeviceGroup> {
    const resolved = this.resolveOne(groupKind === 'user-group' ? { userGroups: [input] } : { deviceGroups: [input] }, groupKind);
    const group = (groupKind === 'user-group' ? resolved.userGroups : resolved.deviceGroups)[0]!;
    const changes = this.plan(resolved);
    const existing = this.groups[groupKind].collection.get(group.id);
    const saved = changes.groups[0]?.group ?? existing!;
    if (changes.groups.length + changes.joins.length + changes.leaves.length > 0) {
      await this.commit(changes, {
        actor,
        action: `inventory.${groupKind}.${existing ? 'update' : 'create'}`,
        target: groupTarget(groupKind, saved),
        details: membershipDetails(changes),
      });
    }
    return saved;
  }

  async removeUser(id: string, actor: Actor): Promise<void> {
    const user = this.mustGetUser(id);
    const changes = emptyChanges();
    changes.leaves.push(...this.groupsOf('user-group', id));
    for (const device of this.devicesByOwner.get(id)) {
      const { ownerUserId: _previousOwner, ...unowned } = device;
      changes.devices.push({ change: 'updated', device: unowned });
    }
    changes.users.push({ change: 'removed', user });
    await this.commit(changes, { actor, action: 'inventory.user.remove', target: userTarget(user), details: membershipDetails(changes) });
  }

  private async changeDeviceState(id: string, state: 'unenrolled' | 'wiped', actor: Actor): Promise<void> {
    const device = this.mustGetDevice(id);
    if (device.state !== 'enrolled') {
      const refusal = new ConflictError(`Device "${id}" is ${device.state} already; only an enrolled device can be ${state}`);
      throw saying(refusal, 'host.inventory.not-enrolled', { device: id, state: phrase(device.state, `host.device-state.${device.state}`), wanted: phrase(state, `host.device-state.${state}`) });
    }
    const changes = emptyChanges();
    changes.devices.push({ change: state, device: { ...device, state } });
    await this.commit(changes, { actor, action: `inventory.device.${state === 'unenrolled' ? 'unenroll' : 'wipe'}`, target: deviceTarget(device) });
  }

  unenrollDevice(id: string, actor: Actor): Promise<void> {
    return this.changeDeviceState(id, 'unenrolled', actor);
  }

  wipeDevice(id: string, actor: Actor): Promise<void> {
    return this.changeDeviceState(id, 'wiped', actor);
  }

  async removeDevice(id: string, actor: Actor): Promise<void> {
    const device = this.mustGetDevice(id);
    const changes = emptyChanges();
    changes.leaves.push(...this.groupsOf('device-group', id));
    changes.devices.push({ change: 'removed', device });
    await this.commit(changes, { actor, action: 'inventory.device.remove', target: deviceTarget(device), details: membershipDetails(changes) });
  }

  async removeGroup(groupKind: GroupKind, id: string, actor: Actor): Promise<void> {
    const group = this.mustGetGroup(groupKind, id);
    const changes = emptyChanges();
    changes.leaves.push(...this.members(groupKind, id));
    changes.groups.push({ groupKind, change: 'removed', group });
    await this.commit(changes, { actor, action: `inventory.${groupKind}.remove`, target: groupTarget(groupKind, group), details: membershipDetails(changes) });
  }

  /**
   * Refuses a membership edit as adding or removing the member would: an unknown group, a member of the wrong kind,
   * leaving a group one is not in. True when it would change nothing (joining a group one is in).
   */
  checkMembership(edit: MembershipEdit): boolean {
    this.mustGetGroup(edit.groupKind, edit.groupId);
    if (edit.change === 'joined') {
      this.mustBeMemberKind(edit.groupKind, edit.memberId);
      return this.memberships.has(edit.groupKind, edit.groupId, edit.memberId);
    }
    if (!this.memberships.has(edit.groupKind, edit.groupId, edit.memberId)) {
      const refusal = new NotFoundError(`"${edit.memberId}" is not a member of ${this.groups[edit.groupKind].label} "${edit.groupId}"`);
      throw saying(refusal, 'host.inventory.not-member', { member: edit.memberId, kind: kindPhrase(edit.groupKind), group: edit.groupId });
    }
    return false;
  }

  async addMember(groupKind: GroupKind, groupId: string, memberId: string, actor: Actor): Promise<void> {
    if (this.checkMembership({ groupKind, groupId, memberId, change: 'joined' })) return;
    const group = this.mustGetGroup(groupKind, groupId);
    const changes = emptyChanges();
    changes.joins.push({ groupKind, groupId, memberIds: [memberId] });
    await this.commit(changes, { actor, action: `inventory.${groupKind}.member.add`, target: groupTarget(groupKind, group), details: { memberId } });
  }

  async removeMember(groupKind: GroupKind, groupId: string, memberId: string, actor: Actor): Promise<void> {
    this.checkMembership({ groupKind, groupId, memberId, change: 'left' });
    const group = this.mustGetGroup(groupKind, groupId);
    const changes = emptyChanges();
    changes.leaves.push(this.members(groupKind, groupId).find((m) => m.memberId === memberId)!);
    await this.commit(changes, { actor, action: `inventory.${groupKind}.member.remove`, target: groupTarget(groupKind, group), details: { memberId } });
  }

  async import(snapshot: InventorySnapshot, actor: Actor): Promise<ImportSummary> {
    const resolved = resolveSnapshot(snapshot, this.lookup, { recordsWithoutId: 'match' });
    const changes = this.plan(resolved);
    const summary: ImportSummary = {
      users: resolved.users.length,
      userGroups: resolved.userGroups.length,
      devices: resolved.devices.length,
      deviceGroups: resolved.deviceGroups.length,
      memberships: changes.leaves.length + changes.joins.reduce((sum, join) => sum + join.memberIds.length, 0),
    };
    await this.commit(changes, { actor, action: 'inventory.import', details: { ...summary, changed: countChanges(changes) } });
    return summary;
  }

  dispose(): void {
    for (const emitter of [this.userChanges, this.deviceChanges, this.groupChanges, this.membershipChanges]) emitter.dispose();
  }

  private userByEmail(email: string): User | undefined {
    return this.usersByEmail.get(emailKey(email))[0];
  }

  /** A single save: a record without an id is created, and the problems name fields, not snapshot positions. */
  private resolveOne(snapshot: InventorySnapshot, kind: 'user' | 'device' | GroupKind): ResolvedSnapshot {
    const subject = kind.replace('-', ' ');
    const options: ResolveOptions = { recordsWithoutId: 'create' };
    try {
      return resolveSnapshot(snapshot, this.lookup, options);
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      const problems = ((error.details as { problems: InventoryProblem[] }).problems ?? []).map(({ record: _record, ...problem }) => problem);
      const refusal = new BadInputError(`Invalid ${subject}: ${listProblems(problems.map((p) => `${p.field}: ${p.message}`))}`, { problems });
      throw saying(refusal, `host.inventory.invalid-${kind}`, { problems: saidProblems(problems) });
    }
  }

  /** What a resolved snapshot changes: records that differ from the stored ones, and members joining and leaving. */
  private plan(resolved: ResolvedSnapshot): ChangeSet {
    const now = this.now();
    const changes = emptyChanges();
    for (const input of resolved.users) {
      const existing = this.users.get(input.id);
      const user = withoutEmpty({ ...input, createdAt: existing?.createdAt ?? now }) as User;
      if (!existing || !sameRecord(existing, user)) changes.users.push({ change: existing ? 'updated' : 'created', user });
    }
    for (const input of resolved.devices) {
      const existing = this.devices.get(input.id);
      const device = withoutEmpty({ ...input, enrolledAt: input.enrolledAt ?? existing?.enrolledAt ?? now, state: existing?.state ?? 'enrolled' }) as Device;
      if (!existing || !sameRecord(existing, device)) changes.devices.push({ change: existing ? 'updated' : 'enrolled', device });
    }
    for (const [groupKind, groups] of [['user-group', resolved.userGroups], ['device-group', resolved.deviceGroups]] as const) {
      for (const { members, ...input } of groups) {
        const existing = this.groups[groupKind].collection.get(input.id);
        const group = { ...input, createdAt: existing?.createdAt ?? now };
        if (!existing || !sameRecord(existing, group)) changes.groups.push({ groupKind, change: existing ? 'updated' : 'created', group });
        if (members === undefined) continue;
        const current = this.members(groupKind, input.id);
        const wanted = new Set(members);
        const present = new Set(current.map((m) => m.memberId));
        changes.leaves.push(...current.filter((m) => !wanted.has(m.memberId)));
        const joining = members.filter((m) => !present.has(m));
        if (joining.length > 0) changes.joins.push({ groupKind, groupId: input.id, memberIds: joining });
      }
    }
    return changes;
  }

  /**
   * Writes a change set (memory changes at once, so nothing can slip in between validation and write), audits it
   * once it is durable, then fires its events: records first, then members leaving and joining, removals last.
   */
  private async commit(changes: ChangeSet, entry: { actor: Actor; action: string; target?: AuditTarget; details?: Record<string, unknown> }): Promise<void> {
    const at = this.clock.now();
    const removed = <T extends { change: string }>(list: readonly T[]): T[] => list.filter((c) => c.change === 'removed');
    const kept = <T extends { change: string }>(list: readonly T[]): T[] => list.filter((c) => c.change !== 'removed');
    const writes: Promise<void>[] = [];
    const joined = changes.joins.flatMap((join) => {
      const { joined: memberships, written } = this.memberships.join(join.groupKind, join.groupId, join.memberIds, at.toISOString());
      writes.push(written);
      return memberships;
    });
    writes.push(
      this.users.put(kept(changes.users).map((c) => c.user)),
      this.users.delete(removed(changes.users).map((c) => c.user.id)),
      this.devices.put(kept(changes.devices).map((c) => c.device)),
      this.devices.delete(removed(changes.devices).map((c) => c.device.id)),
      this.memberships.leave(changes.leaves),
    );
    for (const kind of ['user-group', 'device-group'] as const) {
      const ofKind = changes.groups.filter((c) => c.groupKind === kind);
      writes.push(this.groups[kind].collection.put(kept(ofKind).map((c) => c.group)), this.groups[kind].collection.delete(removed(ofKind).map((c) => c.group.id)));
    }
    // Counts of groups and members, and owners' names, are sort values of other records than the changed ones.
    for (const collection of [this.users, this.devices, this.groups['user-group'].collection, this.groups['device-group'].collection]) collection.forgetOrders();
    await Promise.all(writes);
    await this.audit.record(entry);

    for (const change of kept(changes.users)) this.userChanges.fire(change);
    for (const change of kept(changes.devices)) this.deviceChanges.fire(change);
    for (const change of kept(changes.groups)) this.groupChanges.fire(change);
    for (const m of changes.leaves) this.membershipChanges.fire({ groupKind: m.groupKind, groupId: m.groupId, memberId: m.memberId, change: 'left', at: at.toISOString() });
    for (const m of joined) this.membershipChanges.fire({ groupKind: m.groupKind, groupId: m.groupId, memberId: m.memberId, change: 'joined', at: at.toISOString() });
    for (const change of removed(changes.users)) this.userChanges.fire(change);
    for (const change of removed(changes.devices)) this.deviceChanges.fire(change);
    for (const change of removed(changes.groups)) this.groupChanges.fire(change);
  }

  private mustGetUser(id: string): User {
    const user = this.users.get(id);
    if (!user) throw noRecord('user', id);
    return user;
  }

  private mustGetDevice(id: string): Device {
    const device = this.devices.get(id);
    if (!device) throw noRecord('device', id);
    return device;
  }

  private mustGetGroup(groupKind: GroupKind, id: string): Group {
    const group = this.groups[groupKind].collection.get(id);
    if (!group) throw noRecord(groupKind, id);
    return group;
  }

  private mustBeMemberKind(groupKind: GroupKind, memberId: string): void {
    const { label, memberLabel } = this.groups[groupKind];
    const found = memberLabel === 'user' ? this.users.has(memberId) : this.devices.has(memberId);
    if (found) return;
    const other = memberLabel === 'user' ? this.devices.has(memberId) : this.users.has(memberId);
    if (other) throw saying(new BadInputError(`A ${label} holds ${memberLabel}s; "${memberId}" is a ${memberLabel === 'user' ? 'device' : 'user'}`), `host.inventory.holds-${memberLabel}s`, { member: memberId });
    throw noRecord(memberLabel, memberId);
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function userTarget(user: User): AuditTarget {
  return { type: 'user', id: user.id, name: user.name };
}

function deviceTarget(device: Device): AuditTarget {
  return { type: 'device', id: device.id, name: device.name ?? device.serialNumber };
}

function groupTarget(groupKind: GroupKind, group: Group): AuditTarget {
  return { type: groupKind, id: group.id, name: group.name };
}

function membershipDetails(changes: ChangeSet): Record<string, unknown> {
  const joined = changes.joins.flatMap((j) => j.memberIds);
  const left = changes.leaves.map((m) => m.id);
  return { ...(joined.length > 0 ? { joined } : {}), ...(left.length > 0 ? { left } : {}) };
}

function countChanges(changes: ChangeSet): Record<string, number> {
  const count = (list: readonly { change: string }[], change: string): number => list.filter((c) => c.change === change).length;
  return {
    usersCreated: count(changes.users, 'created'),
    usersUpdated: count(changes.users, 'updated'),
    devicesEnrolled: count(changes.devices, 'enrolled'),
    devicesUpdated: count(changes.devices, 'updated'),
    groupsCreated: count(changes.groups, 'created'),
    groupsUpdated: count(changes.groups, 'updated'),
    membersJoined: changes.joins.reduce((sum, join) => sum + join.memberIds.length, 0),
    membersLeft: changes.leaves.length,
  };
}
