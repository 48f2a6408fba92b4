import { BadInputError, countProblems, saying } from '../api/errors.js';
import { phrase } from '../api/messages.js';
import type { Device, DeviceGroup, DeviceInput, GroupInput, GroupKind, InventorySnapshot, User, UserGroup, UserInput } from '../api/inventory.js';
import { foldText } from './sorted-view.js';
import {
  checkDeviceInput,
  checkGroupInput,
  checkUserInput,
  describeProblems,
  saidProblems,
  emailKey,
  normalizeDevice,
  normalizeGroup,
  normalizeUser,
  serialKey,
  slug,
  uniqueId,
  type InventoryProblem,
} from './inventory-validation.js';

/** What the resolver needs to know about the records already stored. */
export interface InventoryLookup {
  user(id: string): User | undefined;
  userByEmail(email: string): User | undefined;
  device(id: string): Device | undefined;
  deviceBySerial(serial: string): Device | undefined;
  group(kind: GroupKind, id: string): UserGroup | DeviceGroup | undefined;
  /** By the name folded with `foldText`. */
  groupByName(kind: GroupKind, foldedName: string): UserGroup | DeviceGroup | undefined;
}

export interface ResolveOptions {
  /**
   * A record without an id is matched to the stored one with its email / serial number / group name (an import),
   * or gets a new id and must not repeat a stored one's key (a create).
   */
  readonly recordsWithoutId: 'match' | 'create';
}

type WithId<T> = T & { readonly id: string };

/** A snapshot whose every record is valid and has its final id; owners and members are resolved to ids. */
export interface ResolvedSnapshot {
  readonly users: readonly WithId<UserInput>[];
  readonly devices: readonly WithId<DeviceInput>[];
  readonly userGroups: readonly WithId<GroupInput>[];
  readonly deviceGroups: readonly WithId<GroupInput>[];
}

type ListName = keyof InventorySnapshot;
const LISTS: readonly ListName[] = ['users', 'devices', 'userGroups', 'deviceGroups'];

/**
 * Checks a whole snapshot against itself and the stored records and gives every record its id: the given one,
 * else the stored record with the same email / serial number / group name, else one made from the email's local
 * part, the serial number or the group name. Owners and members may be given as ids, emails or serial numbers.
 * Throws one BadInputError listing every problem (`details.problems`), so nothing is imported when any record is bad.
 */
export function resolveSnapshot(snapshot: unknown, lookup: InventoryLookup, options: ResolveOptions): ResolvedSnapshot {
  const problems: InventoryProblem[] = [];
  const lists = readLists(snapshot, problems);
  const match = options.recordsWithoutId === 'match';
  const users = resolveUsers(lists.users, lookup, match, problems);
  const devices = resolveDevices(lists.devices, lookup, match, users, problems);
  const userGroups = resolveGroups('user-group', lists.userGroups, lookup, match, users, problems);
  const deviceGroups = resolveGroups('device-group', lists.deviceGroups, lookup, match, devices, problems);
  if (problems.length > 0) {
    const error = new BadInputError(`${countProblems(problems.length)}, nothing was changed: ${describeProblems(problems)}`, { problems });
    throw saying(error, 'host.inventory.invalid-snapshot', { count: problems.length, problems: saidProblems(problems) });
  }
  return { users: users.placed.map((p) => p.input), devices: devices.placed.map((p) => p.input), userGroups, deviceGroups };
}

function readLists(snapshot: unknown, problems: InventoryProblem[]): Record<ListName, readonly unknown[]> {
  const empty = { users: [], devices: [], userGroups: [], deviceGroups: [] };
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) {
    problems.push({ field: '(snapshot)', ...phrase('must be an object with users, devices, userGroups and/or deviceGroups', 'host.inventory.snapshot') });
    return empty;
  }
  const lists: Record<ListName, readonly unknown[]> = empty;
  for (const name of LISTS) {
    const list = (snapshot as Record<string, unknown>)[name];
    if (list === undefined) continue;
    if (Array.isArray(list)) lists[name] = list;
    else problems.push({ field: name, ...phrase('must be a list', 'host.check.list') });
  }
  return lists;
}

/** Valid records of one kind with their ids and their place in the snapshot, and how a reference finds one. */
interface Resolved<T> {
  readonly placed: readonly { readonly input: WithId<T>; readonly at: number }[];
  resolve(ref: string): string | undefined;
}

function resolveUsers(list: readonly unknown[], lookup: InventoryLookup, match: boolean, problems: InventoryProblem[]): Resolved<UserInput> {
  return resolveKeyed<UserInput>(list, match, problems, {
    list: 'users',
    kind: 'user',
    check: checkUserInput,
    normalize: normalizeUser,
    keyField: 'email',
    keyOf: (user) => user.email,
    normalizeKey: emailKey,
    stored: (key) => lookup.userByEmail(key),
    storedById: (id) => lookup.user(id),
    derive: (user) => slug(user.email.split('@')[0] ?? '', 'user'),
  });
}

function resolveDevices(
  list: readonly unknown[],
  lookup: InventoryLookup,
  match: boolean,
  users: Resolved<UserInput>,
  problems: InventoryProblem[],
): Resolved<DeviceInput> {
  const devices = resolveKeyed<DeviceInput>(list, match, problems, {
    list: 'devices',
    kind: 'device',
    check: checkDeviceInput,
    normalize: normalizeDevice,
    keyField: 'serialNumber',
    keyOf: (device) => device.serialNumber,
    normalizeKey: serialKey,
    stored: (key) => lookup.deviceBySerial(key),
    storedById: (id) => lookup.device(id),
    derive: (device) => device.serialNumber,
  });
  const placed = devices.placed.map(({ input, at }) => {
    if (input.ownerUserId === undefined) return { input, at };
    const owner = users.resolve(input.ownerUserId);
    if (owner === undefined) problems.push({ record: `devices[${at}]`, field: 'ownerUserId', ...noMember('user', input.ownerUserId) });
    return { input: { ...input, ownerUserId: owner ?? input.ownerUserId }, at };
  });
  return { placed, resolve: devices.resolve };
}

interface KeyedRules<T> {
  readonly list: ListName;
  readonly kind: 'user' | 'device' | GroupKind;
  readonly check: (input: unknown, record: string) => InventoryProblem[];
  readonly normalize: (input: T) => T;
  /** The natural key that must stay unique (email, serial number), as written and as compared. */
  readonly keyField: string;
  readonly keyOf: (record: T) => string;
  readonly normalizeKey: (key: string) => string;
  readonly stored: (key: string) => WithId<T> | undefined;
  readonly storedById: (id: string) => WithId<T> | undefined;
  readonly derive: (input: T) => string;
}

/** Users and devices alike: each has an id and one natural key that must stay unique. */
function resolveKeyed<T extends { readonly id?: string }>(
  list: readonly unknown[],
  match: boolean,
  problems: InventoryProblem[],
  rules: KeyedRules<T>,
): Resolved<T> {
  const key = (record: T): string => rules.normalizeKey(rules.keyOf(record));
  const valid: { input: T; at: number }[] = [];
  // A bad record's id and key still count as known, so one bad record does not also fail every reference to it.
  const knownRefs = new Set<string>();
  const given = new Set<string>();
  list.forEach((raw, at) => {
    const found = rules.check(raw, `${rules.list}[${at}]`);
    const record = raw as Record<string, unknown> | null;
    if (typeof record?.id === 'string') given.add(record.id.trim());
    if (found.length === 0) {
      valid.push({ input: rules.normalize(raw as T), at });
      return;
    }
    problems.push(...found);
    const naturalKey = record?.[rules.keyField];
    if (typeof record?.id === 'string') knownRefs.add(record.id.trim());
    if (typeof naturalKey === 'string') knownRefs.add(rules.normalizeKey(naturalKey));
  });

  const byId = new Map<string, { input: WithId<T>; at: number }>();
  const byKey = new Map<string, { input: WithId<T>; at: number }>();
  for (const { input, at } of valid) {
    const id =
      input.id ?? (match ? rules.stored(key(input))?.id : undefined) ?? uniqueId(rules.derive(input), (c) => rules.storedById(c) !== undefined || given.has(c) || byId.has(c));
    const sameId = byId.get(id);
    const sameKey = byKey.get(key(input));
    const record = `${rules.list}[${at}]`;
    const twice = (value: string, other: number) => phrase(`"${value}" is also ${rules.list}[${other}]`, 'host.inventory.duplicate', { value, other: `${rules.list}[${other}]` });
    if (sameId) problems.push({ record, field: 'id', ...twice(id, sameId.at) });
    else if (sameKey) problems.push({ record, field: rules.keyField, ...twice(rules.keyOf(input), sameKey.at) });
    else {
      const placed = { input: { ...input, id }, at };
      byId.set(id, placed);
      byKey.set(key(input), placed);
    }
  }
  // A stored record keeps its key unless this snapshot gives it another one.
  for (const { input, at } of byId.values()) {
    const holder = rules.stored(key(input));
    if (!holder || holder.id === input.id) continue;
    const holderNow = byId.get(holder.id);
    if (holderNow && key(holderNow.input) !== key(holder)) continue;
    const value = rules.keyOf(input);
    const taken = phrase(`"${value}" already belongs to ${rules.kind.replace('-', ' ')} "${holder.id}"`, `host.inventory.taken-${rules.kind}`, { value, holder: holder.id });
    problems.push({ record: `${rules.list}[${at}]`, field: rules.keyField, ...taken });
  }

  const resolve = (ref: string): string | undefined => {
    const trimmed = ref.trim();
    if (byId.has(trimmed) || knownRefs.has(trimmed)) return trimmed;
    const byNaturalKey = rules.normalizeKey(trimmed);
    if (knownRefs.has(byNaturalKey)) return byNaturalKey;
    return byKey.get(byNaturalKey)?.input.id ?? (rules.storedById(trimmed) ? trimmed : rules.stored(byNaturalKey)?.id);
  };
  return { placed: [...byId.values()], resolve };
}

function resolveGroups(
  kind: GroupKind,
  list: readonly unknown[],
  lookup: InventoryLookup,
  match: boolean,
  memberKind: Resolved<unknown>,
  problems: InventoryProblem[],
): WithId<GroupInput>[] {
  const listName: ListName = kind === 'user-group' ? 'userGroups' : 'deviceGroups';
  const groups = resolveKeyed<GroupInput>(list, match, problems, {
    list: listName,
    kind,
    check: checkGroupInput,
    normalize: normalizeGroup,
    keyField: 'name',
    keyOf: (group) => group.name,
    normalizeKey: foldText,
    stored: (key) => lookup.groupByName(kind, key),
    storedById: (id) => lookup.group(kind, id),
    derive: (group) => slug(group.name, 'group'),
  });
  return groups.placed.map(({ input, at }) => {
    if (input.members === undefined) return input;
    const members = input.members.map((ref, m) => {
      const memberId = memberKind.resolve(ref);
      if (memberId === undefined) problems.push({ record: `${listName}[${at}]`, field: `members[${m}]`, ...noMember(kind === 'user-group' ? 'user' : 'device', ref) });
      return memberId ?? ref;
    });
    return { ...input, members: [...new Set(members)] };
  });
}

/** A reference to a user or device that names none: "no user "x" (give a user id or email)". */
function noMember(kind: 'user' | 'device', ref: string) {
  return kind === 'user'
    ? phrase(`no user "${ref}" (give a user id or email)`, 'host.inventory.no-user', { ref })
    : phrase(`no device "${ref}" (give a device id or serial number)`, 'host.inventory.no-device', { ref });
}
