import type { Actor } from './actor.js';
import type { Event } from './event.js';
import { phrase, type Said } from './messages.js';
import type { Page } from './storage.js';

export type Platform = 'iOS' | 'iPadOS' | 'macOS';

export interface User {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  /** A language code such as "en", "nl", "fr"; mail and the panel fall back to English. */
  readonly language?: string;
  readonly managedAppleId?: string;
  readonly createdAt: string;
}

export interface UserGroup {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface Device {
  readonly id: string;
  readonly serialNumber: string;
  readonly name?: string;
  readonly platform: Platform;
  readonly osVersion: string;
  readonly ownerUserId?: string;
  readonly enrolledAt: string;
  /** When the device last checked in with its MDM, when the directory knows it. */
  readonly lastCheckInAt?: string;
  /** `unenrolled`: MDM control removed; `wiped`: selectively wiped. */
  readonly state: 'enrolled' | 'unenrolled' | 'wiped';
}

export interface DeviceGroup {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
}

export type GroupKind = 'user-group' | 'device-group';

export interface Membership {
  readonly id: string;
  readonly groupKind: GroupKind;
  readonly groupId: string;
  readonly memberId: string;
  /** When the member joined the group: devices in a group are served in this order. */
  readonly joinedAt: string;
}

export interface MembershipChange {
  readonly groupKind: GroupKind;
  readonly groupId: string;
  readonly memberId: string;
  readonly change: 'joined' | 'left';
  readonly at: string;
}

export interface UserChange {
  readonly change: 'created' | 'updated' | 'removed';
  readonly user: User;
}

export interface DeviceChange {
  readonly change: 'enrolled' | 'updated' | 'unenrolled' | 'wiped' | 'removed';
  readonly device: Device;
}

export interface GroupChange {
  readonly groupKind: GroupKind;
  readonly change: 'created' | 'updated' | 'removed';
  readonly group: UserGroup | DeviceGroup;
}

export interface UserInput {
  readonly id?: string;
  readonly name: string;
  readonly email: string;
  readonly language?: string;
  readonly managedAppleId?: string;
}

export interface DeviceInput {
  readonly id?: string;
  readonly serialNumber: string;
  readonly name?: string;
  readonly platform: Platform;
  readonly osVersion: string;
  readonly ownerUserId?: string;
  readonly enrolledAt?: string;
  readonly lastCheckInAt?: string;
}

export interface GroupInput {
  readonly id?: string;
  readonly name: string;
  readonly members?: readonly string[];
}

/** What an import or a directory sync brings: upserted by id, groups' members set to exactly the listed ones. */
export interface InventorySnapshot {
  readonly users?: readonly UserInput[];
  readonly userGroups?: readonly GroupInput[];
  readonly devices?: readonly DeviceInput[];
  readonly deviceGroups?: readonly GroupInput[];
}

export interface ImportSummary {
  readonly users: number;
  readonly userGroups: number;
  readonly devices: number;
  readonly deviceGroups: number;
  readonly memberships: number;
}

/** What a list of users can be sorted by besides its default order (by name, as stored). */
export type UserSortKey = 'name' | 'email' | 'language' | 'managedAppleId' | 'groups' | 'createdAt';
export type DeviceSortKey = 'name' | 'serialNumber' | 'platform' | 'owner' | 'state' | 'groups' | 'enrolledAt';
export type GroupSortKey = 'name' | 'members' | 'createdAt';

export interface ListQuery<S extends string = never> {
  readonly search?: string;
  readonly offset?: number;
  readonly limit?: number;
  /**
   * Every match sorted by this before the page is cut: names the language's way, counts as numbers, times as
   * times, missing values last. Left out: by name, as stored.
   */
  readonly sort?: S;
  readonly descending?: boolean;
  /** Whose collation orders text when sorting; English when left out. */
  readonly language?: string;
}

/** The framework's own records of people and devices; every change is an event and an audit entry. */
export const Inventory = Symbol.for('host.Inventory');
export interface Inventory {
  getUser(id: string): User | undefined;
  getDevice(id: string): Device | undefined;
  getDeviceBySerial(serialNumber: string): Device | undefined;
  getUserGroup(id: string): UserGroup | undefined;
  getDeviceGroup(id: string): DeviceGroup | undefined;
  listUsers(query?: ListQuery<UserSortKey>): Page<User>;
  listDevices(query?: ListQuery<DeviceSortKey>): Page<Device>;
  listUserGroups(query?: ListQuery<GroupSortKey>): Page<UserGroup>;
  listDeviceGroups(query?: ListQuery<GroupSortKey>): Page<DeviceGroup>;
  /** Members in the order they joined. */
  members(groupKind: GroupKind, groupId: string): Membership[];
  groupsOf(groupKind: GroupKind, memberId: string): Membership[];
  devicesOf(userId: string): Device[];
  /**
   * Refuses a membership edit as making it would, in the reader's language (an unknown group or member, a member of
   * the wrong kind, leaving a group one is not in); true when it would change nothing (joining a group one is in).
   * What a plugin previewing the edit checks first.
   */
  checkMembership(edit: Omit<MembershipChange, 'at'>): boolean;

  saveUser(input: UserInput, actor: Actor): Promise<User>;
  removeUser(id: string, actor: Actor): Promise<void>;
  saveDevice(input: DeviceInput, actor: Actor): Promise<Device>;
  removeDevice(id: string, actor: Actor): Promise<void>;
  saveGroup(groupKind: GroupKind, input: GroupInput, actor: Actor): Promise<UserGroup | DeviceGroup>;
  removeGroup(groupKind: GroupKind, id: string, actor: Actor): Promise<void>;
  addMember(groupKind: GroupKind, groupId: string, memberId: string, actor: Actor): Promise<void>;
  removeMember(groupKind: GroupKind, groupId: string, memberId: string, actor: Actor): Promise<void>;
  /** MDM control removed from the device. */
  unenrollDevice(id: string, actor: Actor): Promise<void>;
  /** The device was selectively wiped. */
  wipeDevice(id: string, actor: Actor): Promise<void>;
  /** Validates the whole snapshot first and changes nothing when any record is bad. */
  import(snapshot: InventorySnapshot, actor: Actor): Promise<ImportSummary>;

  readonly onDidChangeUser: Event<UserChange>;
  readonly onDidChangeDevice: Event<DeviceChange>;
  readonly onDidChangeGroup: Event<GroupChange>;
  readonly onDidChangeMembership: Event<MembershipChange>;
}

/** Binds a directory service (LDAP, a SCIM feed, an HR export) as a source of users, devices and groups. */
export const DirectoryProvider = Symbol.for('host.DirectoryProvider');
export interface DirectoryProvider {
  readonly id: string;
  readonly displayName: string;
  /** Everything the directory holds now; the host imports it as one snapshot. */
  fetch(): Promise<InventorySnapshot>;
}

/** A kind of inventory record a message names. */
export type RecordKind = 'user' | 'device' | GroupKind;

/** How a message names a kind of record ("user group"), said in the reader's language as a message param. */
export function kindPhrase(kind: RecordKind): Said {
  return phrase(kind.replace('-', ' '), `host.kind.${kind}`);
}
