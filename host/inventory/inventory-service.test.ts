import { describe, expect, it } from 'vitest';
import type { Actor } from '../api/actor.js';
import { BadInputError, ConflictError, NotFoundError } from '../api/errors.js';
import { listen } from '../api/event.js';
import type { DeviceChange, GroupChange, InventorySnapshot, MembershipChange, UserChange } from '../api/inventory.js';
import type { InventoryService } from './inventory-service.js';
import { useInventory } from './test-fixtures/open-inventory.js';
import { MessageCatalog } from '../runtime/message-catalog.js';
import { buildHostManifest } from '../runtime/host-manifest.js';
import { HOST_PARTS } from '../runtime/host-parts.js';

const ADMIN: Actor = { kind: 'admin', id: 'alice', name: 'Alice' };
const SCRIPT: Actor = { kind: 'api-token', id: 'tok-1', name: 'migration' };
const openInventory = useInventory();

function recordEvents(inventory: InventoryService) {
  const events = { users: [] as UserChange[], devices: [] as DeviceChange[], groups: [] as GroupChange[], memberships: [] as MembershipChange[] };
  listen(inventory.onDidChangeUser, (e) => events.users.push(e));
  listen(inventory.onDidChangeDevice, (e) => events.devices.push(e));
  listen(inventory.onDidChangeGroup, (e) => events.groups.push(e));
  listen(inventory.onDidChangeMembership, (e) => events.memberships.push(e));
  return events;
}

/** Everything the inventory holds, to prove a refused change changed nothing. */
function everything(inventory: InventoryService) {
  const groups = [...inventory.listUserGroups().items, ...inventory.listDeviceGroups().items];
  return {
    users: inventory.listUsers().items,
    devices: inventory.listDevices().items,
    userGroups: inventory.listUserGroups().items,
    deviceGroups: inventory.listDeviceGroups().items,
    members: groups.map((g) => [...inventory.members('user-group', g.id), ...inventory.members('device-group', g.id)]),
  };
}

const ORG: InventorySnapshot = {
  users: [
    { name: 'Jan de Vries', email: 'jan@example.com', language: 'nl' },
    { id: 'marie', name: 'Marie Dubois', email: 'marie@example.org', language: 'fr', managedAppleId: 'marie@appleid.example.org' },
    { name: 'Alex Smith', email: 'alex@example.com' },
  ],
  devices: [
    { serialNumber: 'c02abc0001', name: 'Jan iPad', platform: 'iPadOS', osVersion: '17.4', ownerUserId: 'jan@example.com' },
    { id: 'mac-1', serialNumber: 'C02ABC0002', platform: 'macOS', osVersion: '14.2.1', ownerUserId: 'marie' },
  ],
  userGroups: [{ name: 'Sales', members: ['jan', 'marie@example.org'] }],
  deviceGroups: [{ name: 'Sales iPads', members: ['C02ABC0001'] }],
};

describe('InventoryService records', () => {
  it('saves users, devices and groups, derives ids deterministically and lists them sorted by name', async () => {
    const { inventory } = await openInventory();
    const zoe = await inventory.saveUser({ name: 'Zoë Zeeman', email: 'zoe@example.com' }, ADMIN);
    const anna = await inventory.saveUser({ name: 'Anna Bakker', email: 'Anna.Bakker@Example.com', language: 'nl' }, ADMIN);
    const otherAnna = await inventory.saveUser({ name: 'Anna Other', email: 'anna.bakker@example.org' }, ADMIN);
    expect([zoe.id, anna.id, otherAnna.id]).toEqual(['zoe', 'anna.bakker', 'anna.bakker-2']);
    expect(anna.createdAt).toBe('2026-03-01T09:00:00.000Z');

    const device = await inventory.saveDevice({ serialNumber: ' dmp0001xyz ', platform: 'iOS', osVersion: '8.4', ownerUserId: 'zoe' }, ADMIN);
    expect(device).toMatchObject({ id: 'DMP0001XYZ', serialNumber: 'DMP0001XYZ', state: 'enrolled', enrolledAt: '2026-03-01T09:00:00.000Z' });
    expect(inventory.getDeviceBySerial('dmp0001xyz')?.id).toBe('DMP0001XYZ');
    expect(inventory.devicesOf('zoe').map((d) => d.id)).toEqual(['DMP0001XYZ']);

    const group = await inventory.saveGroup('user-group', { name: 'Sales Team', members: ['zoe', 'anna.bakker'] }, ADMIN);
    expect(group.id).toBe('sales-team');
    expect(inventory.members('user-group', 'sales-team').map((m) => m.memberId)).toEqual(['zoe', 'anna.bakker']);
    expect(inventory.listUsers().items.map((u) => u.name)).toEqual(['Anna Bakker', 'Anna Other', 'Zoë Zeeman']);
  });

  it('updates a user in place, keeps createdAt and announces only real changes', async () => {
    const { inventory, clock } = await openInventory();
    const events = recordEvents(inventory);
    await inventory.saveUser({ id: 'jan', name: 'Jan', email: 'jan@example.com', language: 'nl' }, ADMIN);
    await clock.advance(60_000);
    const updated = await inventory.saveUser({ id: 'jan', name: 'Jan de Vries', email: 'jan@example.com' }, ADMIN);
    await inventory.saveUser({ id: 'jan', name: 'Jan de Vries', email: 'jan@example.com' }, ADMIN);
    expect(updated).toEqual({ id: 'jan', name: 'Jan de Vries', email: 'jan@example.com', createdAt: '2026-03-01T09:00:00.000Z' });
    expect(events.users.map((e) => e.change)).toEqual(['created', 'updated']);
  });

  it('refuses every kind of bad input with a clear message and changes nothing', async () => {
    const { inventory, audit } = await openInventory();
    await inventory.import(ORG, ADMIN);
    const before = everything(inventory);
    const auditBefore = audit.query({}).total;
    const events = recordEvents(inventory);

    const refusals: [Promise<unknown>, new (...args: never[]) => Error, RegExp][] = [
      [inventory.saveUser({ name: 'X', email: 'not-an-email' }, ADMIN), BadInputError, /email: must look like name@example.com, got "not-an-email"/],
      [inventory.saveUser({ name: 'Jan 2', email: 'JAN@example.com' }, ADMIN), BadInputError, /email: "JAN@example.com" already belongs to user "jan"/],
      [inventory.saveUser({ name: '', email: 'new@example.com' }, ADMIN), BadInputError, /name: must not be empty/],
      [inventory.saveUser({ name: 'New', email: 'new@example.com', language: 'Dutch' }, ADMIN), BadInputError, /language: must be a language code/],
      [inventory.saveUser({ id: 'bad id!', name: 'New', email: 'new@example.com' }, ADMIN), BadInputError, /id: must be letters/],
      [inventory.saveDevice({ serialNumber: 'c02abc0001', platform: 'iOS', osVersion: '17.0' }, ADMIN), BadInputError, /serialNumber: "C02ABC0001" already belongs to device/],
      [inventory.saveDevice({ serialNumber: 'NEW0000001', platform: 'Android' as never, osVersion: '14' }, ADMIN), BadInputError, /platform: must be one of iOS, iPadOS, macOS/],
      [inventory.saveDevice({ serialNumber: 'NEW0000001', platform: 'iOS', osVersion: 'seventeen' }, ADMIN), BadInputError, /osVersion: must be a version such as "17.4"/],
      [inventory.saveDevice({ serialNumber: 'NEW0000001', platform: 'iOS', osVersion: '17.4', ownerUserId: 'nobody' }, ADMIN), BadInputError, /ownerUserId: no user "nobody"/],
      [inventory.saveGroup('user-group', { name: 'New', members: ['jan', 'C02ABC0001'] }, ADMIN), BadInputError, /members\[1\]: no user "C02ABC0001"/],
      [inventory.saveGroup('device-group', { name: 'sales ipads' }, ADMIN), BadInputError, /name: "sales ipads" already belongs to device group "sales-ipads"/],
      [inventory.addMember('user-group', 'sales', 'C02ABC0001', ADMIN), BadInputError, /A user group holds users; "C02ABC0001" is a device/],
      [inventory.addMember('user-group', 'sales', 'nobody', ADMIN), NotFoundError, /No user "nobody"/],
      [inventory.addMember('user-group', 'nowhere', 'jan', ADMIN), NotFoundError, /No user group "nowhere"/],
      [inventory.removeMember('user-group', 'sales', 'alex', ADMIN), NotFoundError, /"alex" is not a member of user group "sales"/],
      [inventory.removeUser('nobody', ADMIN), NotFoundError, /No user "nobody"/],
      [inventory.removeDevice('nothing', ADMIN), NotFoundError, /No device "nothing"/],
      [inventory.removeGroup('device-group', 'nothing', ADMIN), NotFoundError, /No device group "nothing"/],
      [inventory.unenrollDevice('nothing', ADMIN), NotFoundError, /No device "nothing"/],
    ];
    for (const [refused, type, message] of refusals) {
      const error = await refused.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect((error as Error).message).toMatch(message);
    }
    expect(everything(inventory)).toEqual(before);
    expect(audit.query({}).total).toBe(auditBefore);
    expect(events).toEqual({ users: [], devices: [], groups: [], memberships: [] });
  });
  it('refuses the addresses mail servers and Apple refuse, one by one and in an import, naming the record and field', async () => {
    const { inventory } = await openInventory();
    await inventory.import(ORG, ADMIN);
    const before = everything(inventory);
    const refused: [string, RegExp][] = [
      ['a@example..org', /invalid domain/],
      [`${'a'.repeat(300)}@example.org`, /longer than 254 characters/],
      ['a@example.org.', /invalid domain/],
      ['a..b@example.org', /not allowed before "@"/],
      ['a..b@', /must look like name@example.com/],
      ['a@-example.org', /invalid domain/],
      ['a@[127.0.0.1]', /invalid domain/],
      ['a@127.0.0.1', /invalid domain/],
      [`${'a'.repeat(65)}@example.org`, /longer than 64 characters/],
    ];
    for (const [email, reason] of refused) {
      const one = await inventory.saveUser({ name: 'Mallory', email }, ADMIN).then(() => undefined, (e: unknown) => e);
      expect(one, email).toBeInstanceOf(BadInputError);
      expect((one as Error).message, email).toMatch(/email: /);
      expect((one as Error).message, email).toMatch(reason);
      const imported = await inventory.import({ users: [{ name: 'Mallory', email }] }, ADMIN).then(() => undefined, (e: unknown) => e);
      expect(imported, email).toBeInstanceOf(BadInputError);
      expect(JSON.stringify((imported as BadInputError).details), email).toMatch(/users\[0\]/);
    }
    const managed = await inventory.saveUser({ name: 'Mallory', email: 'mallory@example.org', managedAppleId: 'm@appleid..example.org' }, ADMIN).then(() => undefined, (e: unknown) => e);
    expect((managed as Error).message).toMatch(/managedAppleId: must be a Managed Apple ID/);
    expect(everything(inventory)).toEqual(before);

    for (const email of ['a+tag@example.org', 'first.last@mail.example.co.uk', 'x@xn--bcher-kva.example', `${'a'.repeat(64)}@example.org`]) {
      await expect(inventory.saveUser({ name: `Ok ${email.length}`, email }, ADMIN), email).resolves.toBeDefined();
    }
  });
});

describe('InventoryService membership and lifecycle events', () => {
  it('fires joined and left with the clock time and serves members in the order they joined', async () => {
    const { inventory, clock } = await openInventory();
    await inventory.import({ users: ORG.users, userGroups: [{ id: 'sales', name: 'Sales' }] }, ADMIN);
    const events = recordEvents(inventory);
    await inventory.addMember('user-group', 'sales', 'marie', ADMIN);
    await clock.advance(1_000);
    await inventory.addMember('user-group', 'sales', 'alex', ADMIN);
    await inventory.addMember('user-group', 'sales', 'alex', ADMIN);
    await clock.advance(1_000);
    await inventory.addMember('user-group', 'sales', 'jan', ADMIN);
    await inventory.removeMember('user-group', 'sales', 'alex', ADMIN);

    expect(events.memberships).toEqual([
      { groupKind: 'user-group', groupId: 'sales', memberId: 'marie', change: 'joined', at: '2026-03-01T09:00:00.000Z' },
      { groupKind: 'user-group', groupId: 'sales', memberId: 'alex', change: 'joined', at: '2026-03-01T09:00:01.000Z' },
      { groupKind: 'user-group', groupId: 'sales', memberId: 'jan', change: 'joined', at: '2026-03-01T09:00:02.000Z' },
      { groupKind: 'user-group', groupId: 'sales', memberId: 'alex', change: 'left', at: '2026-03-01T09:00:02.000Z' },
    ]);
    expect(inventory.members('user-group', 'sales').map((m) => [m.memberId, m.joinedAt])).toEqual([
      ['marie', '2026-03-01T09:00:00.000Z'],
      ['jan', '2026-03-01T09:00:02.000Z'],
    ]);
    expect(inventory.groupsOf('user-group', 'jan')).toEqual([
      { id: 'user-group:sales:jan', groupKind: 'user-group', groupId: 'sales', memberId: 'jan', joinedAt: '2026-03-01T09:00:02.000Z' },
    ]);
  });

  it('keeps the listed order of members who join in the same millisecond, also after a restart', async () => {
    const opened = await openInventory();
    const serials = ['SER0000005', 'SER0000001', 'SER0000004', 'SER0000002', 'SER0000003'];
    await opened.inventory.import(
      {
        devices: serials.map((serialNumber) => ({ serialNumber, platform: 'iPadOS' as const, osVersion: '16.1' })),
        deviceGroups: [{ id: 'lab', name: 'Lab iPads', members: serials }],
      },
      ADMIN,
    );
    expect(opened.inventory.members('device-group', 'lab').map((m) => m.memberId)).toEqual(serials);
    const { inventory } = await opened.reopen();
    expect(inventory.members('device-group', 'lab').map((m) => m.memberId)).toEqual(serials);
    expect(inventory.listDevices().total).toBe(5);
  });

  it('unenrolls and wipes devices with events and refuses to do it twice', async () => {
    const { inventory } = await openInventory();
    await inventory.import(ORG, ADMIN);
    const events = recordEvents(inventory);
    await inventory.unenrollDevice('C02ABC0001', ADMIN);
    await inventory.wipeDevice('mac-1', ADMIN);
    expect(events.devices.map((e) => [e.change, e.device.id, e.device.state])).toEqual([
      ['unenrolled', 'C02ABC0001', 'unenrolled'],
      ['wiped', 'mac-1', 'wiped'],
    ]);
    await expect(inventory.wipeDevice('C02ABC0001', ADMIN)).rejects.toThrow(ConflictError);
    expect(inventory.getDevice('C02ABC0001')?.state).toBe('unenrolled');
    // A later update of the record keeps its lifecycle state.
    await inventory.saveDevice({ id: 'mac-1', serialNumber: 'C02ABC0002', platform: 'macOS', osVersion: '14.3' }, ADMIN);
    expect(inventory.getDevice('mac-1')).toMatchObject({ state: 'wiped', osVersion: '14.3' });
  });

  it('removing a user, device or group removes its memberships, fires left first, and clears device owners', async () => {
    const { inventory } = await openInventory();
    await inventory.import(ORG, ADMIN);
    const events = recordEvents(inventory);

    await inventory.removeUser('jan', ADMIN);
    expect(inventory.groupsOf('user-group', 'jan')).toEqual([]);
    expect(inventory.members('user-group', 'sales').map((m) => m.memberId)).toEqual(['marie']);
    expect(inventory.getDevice('C02ABC0001')?.ownerUserId).toBeUndefined();
    expect(inventory.devicesOf('jan')).toEqual([]);
    expect(events.memberships.map((e) => [e.change, e.groupId, e.memberId])).toEqual([['left', 'sales', 'jan']]);
    expect(events.devices.map((e) => [e.change, e.device.id])).toEqual([['updated', 'C02ABC0001']]);
    expect(events.users.map((e) => [e.change, e.user.id])).toEqual([['removed', 'jan']]);

    await inventory.removeDevice('C02ABC0001', ADMIN);
    expect(inventory.members('device-group', 'sales-ipads')).toEqual([]);
    await inventory.removeGroup('user-group', 'sales', ADMIN);
    expect(inventory.groupsOf('user-group', 'marie')).toEqual([]);
    expect(inventory.getUserGroup('sales')).toBeUndefined();
    expect(events.memberships.map((e) => [e.change, e.groupId, e.memberId])).toEqual([
      ['left', 'sales', 'jan'],
      ['left', 'sales-ipads', 'C02ABC0001'],
      ['left', 'sales', 'marie'],
    ]);
    expect(events.groups.map((e) => [e.change, e.groupKind, e.group.id])).toEqual([['removed', 'user-group', 'sales']]);
  });
});

describe('InventoryService import', () => {
  it('reports every bad record with its position and field, and imports nothing', async () => {
    const { inventory, audit } = await openInventory();
    const bad: InventorySnapshot = {
      users: [
        { name: 'Good', email: 'good@example.com' },
        { name: 'Bad mail', email: 'bad-mail' },
        { name: 'Twin', email: 'GOOD@example.com' },
      ],
      devices: [{ serialNumber: 'OK00000001', platform: 'iOS', osVersion: '17', ownerUserId: 'ghost@example.com' }],
      userGroups: [{ name: 'Staff', members: ['good', 'bad-mail', 'ghost'] }],
      deviceGroups: [{ name: '', members: [] }],
    };
    const error = await inventory.import(bad, ADMIN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    const problems = ((error as BadInputError).details as { problems: { record: string; field: string; message: string }[] }).problems;
    expect({ problems: problems.map(({ record, field, message }) => ({ record, field, message })) }).toEqual({
      problems: [
        { record: 'users[1]', field: 'email', message: 'must look like name@example.com, got "bad-mail"' },
        { record: 'users[2]', field: 'email', message: '"GOOD@example.com" is also users[0]' },
        { record: 'devices[0]', field: 'ownerUserId', message: 'no user "ghost@example.com" (give a user id or email)' },
        { record: 'userGroups[0]', field: 'members[2]', message: 'no user "ghost" (give a user id or email)' },
        { record: 'deviceGroups[0]', field: 'name', message: 'must not be empty' },
      ],
    });
    expect((error as Error).message).toMatch(/^5 problems, nothing was changed: users\[1\]\.email: must look like name@example\.com/);
    // Each problem, and the whole refusal, said in the reader's language.
    const messages = new MessageCatalog(() => [buildHostManifest(HOST_PARTS)]);
    expect(messages.say(problems[0]!, 'nl')).toBe('moet eruitzien als naam@example.com, niet "bad-mail"');
    expect(messages.say(error as BadInputError, 'fr')).toMatch(/^5 problèmes, rien n’a été modifié : users\[1\]\.email : doit ressembler à nom@example\.com, pas "bad-mail" ; users\[2\]\.email : « GOOD@example\.com » figure aussi en users\[0\]/);
    expect(everything(inventory)).toEqual({ users: [], devices: [], userGroups: [], deviceGroups: [], members: [] });
    expect(audit.query({}).total).toBe(0);
  });

  it('upserts by id or natural key and sets group members exactly, announcing only real changes', async () => {
    const { inventory, clock } = await openInventory();
    const first = await inventory.import(ORG, SCRIPT);
    expect(first).toEqual({ users: 3, userGroups: 1, devices: 2, deviceGroups: 1, memberships: 3 });
    expect(inventory.getDevice('C02ABC0001')?.ownerUserId).toBe('jan');
    expect(inventory.members('user-group', 'sales').map((m) => m.memberId)).toEqual(['jan', 'marie']);

    const events = recordEvents(inventory);
    expect(await inventory.import(ORG, SCRIPT)).toMatchObject({ memberships: 0 });
    expect(events).toEqual({ users: [], devices: [], groups: [], memberships: [] });

    await clock.advance(5_000);
    const second = await inventory.import(
      {
        users: [{ name: 'Jan de Vries', email: 'JAN@example.com', language: 'en' }],
        userGroups: [{ name: 'SALES', members: ['alex@example.com', 'marie'] }],
      },
      SCRIPT,
    );
    expect(second).toEqual({ users: 1, userGroups: 1, devices: 0, deviceGroups: 0, memberships: 2 });
    expect(inventory.getUser('jan')).toMatchObject({ language: 'en', createdAt: '2026-03-01T09:00:00.000Z' });
    expect(inventory.listUsers().total).toBe(3);
    expect(inventory.getUserGroup('sales')?.name).toBe('SALES');
    expect(inventory.members('user-group', 'sales').map((m) => m.memberId)).toEqual(['marie', 'alex']);
    expect(events.users.map((e) => [e.change, e.user.id])).toEqual([['updated', 'jan']]);
    expect(events.groups.map((e) => [e.change, e.group.name])).toEqual([['updated', 'SALES']]);
    expect(events.memberships.map((e) => [e.change, e.memberId, e.at])).toEqual([
      ['left', 'jan', '2026-03-01T09:00:05.000Z'],
      ['joined', 'alex', '2026-03-01T09:00:05.000Z'],
    ]);
  });
});

describe('InventoryService listing', () => {
  it('pages and searches over name, email, id and serial number, folding case and accents', async () => {
    const { inventory } = await openInventory();
    const users = Array.from({ length: 30 }, (_, i) => ({
      name: `${i % 2 === 0 ? 'Émile' : 'Sophie'} ${String(i).padStart(2, '0')}`,
      email: `person${i}@${i % 3 === 0 ? 'school' : 'example'}.org`,
    }));
    await inventory.import({ users, devices: [{ serialNumber: 'FINDME0001', name: 'Front desk', platform: 'iOS', osVersion: '12.5.7' }] }, ADMIN);

    const firstPage = inventory.listUsers({ offset: 0, limit: 10 });
    expect(firstPage.total).toBe(30);
    expect(firstPage.items.map((u) => u.name).slice(0, 3)).toEqual(['Émile 00', 'Émile 02', 'Émile 04']);
    expect(inventory.listUsers({ offset: 28, limit: 10 }).items.map((u) => u.name)).toEqual(['Sophie 27', 'Sophie 29']);

    const emiles = inventory.listUsers({ search: 'emile', offset: 5, limit: 5 });
    expect(emiles.total).toBe(15);
    expect(emiles.items.map((u) => u.name)).toEqual(['Émile 10', 'Émile 12', 'Émile 14', 'Émile 16', 'Émile 18']);
    expect(inventory.listUsers({ search: '@SCHOOL' }).total).toBe(10);
    expect(inventory.listUsers({ search: 'person7' }).items.map((u) => u.id)).toEqual(['person7']);
    expect(inventory.listDevices({ search: 'findme' }).items.map((d) => d.name)).toEqual(['Front desk']);
    expect(() => inventory.listUsers({ offset: -1 })).toThrow(BadInputError);
  });
});

describe('InventoryService audit', () => {
  it('audits every change with its actor, queryable by actor kind, action, target, text and time', async () => {
    const { inventory, audit, clock } = await openInventory();
    await inventory.import(ORG, SCRIPT);
    await clock.advance(60_000);
    await inventory.saveUser({ id: 'alex', name: 'Alex Smith', email: 'alex@example.com', language: 'fr' }, ADMIN);
    await inventory.addMember('user-group', 'sales', 'alex', ADMIN);
    await inventory.unenrollDevice('mac-1', ADMIN);

    const all = audit.query({});
    expect(all.items.map((e) => e.action)).toEqual(['inventory.device.unenroll', 'inventory.user-group.member.add', 'inventory.user.update', 'inventory.import']);
    expect(all.items[3]).toMatchObject({ source: 'host', actor: SCRIPT, at: '2026-03-01T09:00:00.000Z', details: { users: 3, changed: { usersCreated: 3 } } });
    expect(all.items[1]).toMatchObject({ actor: ADMIN, target: { type: 'user-group', id: 'sales', name: 'Sales' }, details: { memberId: 'alex' } });

    expect(audit.query({ actorKind: 'api-token' }).items.map((e) => e.action)).toEqual(['inventory.import']);
    expect(audit.query({ action: 'inventory.user' }).items.map((e) => e.action)).toEqual(['inventory.user.update']);
    expect(audit.query({ targetId: 'mac-1' }).items.map((e) => e.action)).toEqual(['inventory.device.unenroll']);
    expect(audit.query({ text: 'alex' }).total).toBe(2);
    expect(audit.query({ since: '2026-03-01T09:00:30.000Z' }).total).toBe(3);
    expect(audit.query({ until: '2026-03-01T09:00:30.000Z' }).total).toBe(1);
  });
});
