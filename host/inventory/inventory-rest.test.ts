import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import type { CommandResult } from '../api/commands.js';
import { Inventory } from '../api/inventory.js';
import type { CommandStreamLine } from '../commands/command-protocol.js';
import { startTestHost, type TestHost } from '../http/http-test-kit.js';
import { ManualClock } from '../runtime/clock.js';

const TEST_PLUGINS = fileURLToPath(new URL('./test-fixtures/plugins/', import.meta.url));

let t: TestHost | undefined;
afterEach(async () => {
  await t?.stop();
  t = undefined;
});

interface Client {
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  command(id: string, args?: Record<string, string>, options?: Record<string, unknown>): Promise<CommandResult>;
}

async function start(options: { pluginDirs?: string[] } = {}): Promise<{ admin: Client; reader: Client; host: TestHost }> {
  t = await startTestHost({ ...options, clock: new ManualClock('2026-03-01T09:00:00.000Z') });
  const host = t;
  const token = async (role: 'admin' | 'read-only') => (await host.accounts.createApiToken({ name: `${role} script`, role }, SYSTEM_ACTOR)).token;
  const client = (secret: string): Client => {
    const call: Client['call'] = async (method, path, body) => {
      const response = await fetch(`${host.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${secret}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : (JSON.parse(text.trim().split('\n').at(-1)!) as unknown) };
    };
    return {
      call,
      command: async (id, args = {}, options = {}) => {
        const { body } = await call('POST', `/api/commands/${id}`, { args, options });
        const last = body as CommandStreamLine;
        if (last.type !== 'result') throw new Error(`Command ${id} failed: ${JSON.stringify(last)}`);
        return last.result;
      },
    };
  };
  return { admin: client(await token('admin')), reader: client(await token('read-only')), host };
}

describe('inventory REST API', () => {
  it('creates, lists with paging and search, reads, replaces and removes users', async () => {
    const { admin, reader } = await start();
    for (const [name, email] of [['Zoe Zeeman', 'zoe@example.com'], ['Anna Bakker', 'anna@example.com'], ['Bram Visser', 'bram@example.org']]) {
      expect((await admin.call('POST', '/api/inventory/users', { name, email })).status).toBe(201);
    }
    const created = await admin.call('POST', '/api/inventory/users', { id: 'lea', name: 'Léa Martin', email: 'lea@example.fr', language: 'fr' });
    expect(created).toMatchObject({ status: 201, body: { id: 'lea', language: 'fr', createdAt: '2026-03-01T09:00:00.000Z' } });

    expect((await reader.call('GET', '/api/inventory/users?offset=1&limit=2')).body).toEqual({
      items: [expect.objectContaining({ name: 'Bram Visser' }), expect.objectContaining({ name: 'Léa Martin' })],
      total: 4,
    });
    expect((await reader.call('GET', '/api/inventory/users?search=example.org')).body).toMatchObject({ items: [{ id: 'bram' }], total: 1 });
    expect((await reader.call('GET', '/api/inventory/users/lea')).body.name).toBe('Léa Martin');

    const replaced = await admin.call('PUT', '/api/inventory/users/lea', { name: 'Léa Martin-Petit', email: 'lea@example.fr' });
    expect(replaced.body).toEqual({ id: 'lea', name: 'Léa Martin-Petit', email: 'lea@example.fr', createdAt: '2026-03-01T09:00:00.000Z' });
    expect((await admin.call('DELETE', '/api/inventory/users/lea')).status).toBe(204);
    expect(await reader.call('GET', '/api/inventory/users/lea')).toMatchObject({ status: 404, body: { error: 'not_found', message: 'No user "lea"' } });
  });

  it('refuses bad bodies, duplicates, unknown ids and read-only tokens, and changes nothing', async () => {
    const { admin, reader } = await start();
    await admin.call('POST', '/api/inventory/users', { id: 'jan', name: 'Jan', email: 'jan@example.com' });
    const refusals = [
      [await admin.call('POST', '/api/inventory/users', { name: 'X', email: 'x' }), 400, /^Invalid user: email: must look like name@example\.com/],
      [await admin.call('POST', '/api/inventory/users', { name: 'X', email: 'x@example.com', phone: '1' }), 400, /unknown field phone; expected the fields id, name, email, language, managedAppleId$/],
      [await admin.call('POST', '/api/inventory/users', { id: 'jan', name: 'X', email: 'x@example.com' }), 409, /A user "jan" exists already/],
      [await admin.call('POST', '/api/inventory/users', { name: 'X', email: 'JAN@example.com' }), 400, /already belongs to user "jan"/],
      [await admin.call('PUT', '/api/inventory/users/nobody', { name: 'X', email: 'x@example.com' }), 404, /No user "nobody"/],
      [await admin.call('PUT', '/api/inventory/users/jan', { id: 'other', name: 'X', email: 'x@example.com' }), 400, /the body names "other"/],
      [await admin.call('POST', '/api/inventory/devices', { serialNumber: 'ABC12345', platform: 'Android', osVersion: '14' }), 400, /platform/],
      [await reader.call('POST', '/api/inventory/users', { name: 'X', email: 'x@example.com' }), 403, /role/],
      [await admin.call('GET', '/api/inventory/users?limit=100000'), 400, /limit/],
    ] as const;
    for (const [response, status, message] of refusals) {
      expect(response.status).toBe(status);
      expect(response.body.message).toMatch(message);
    }
    expect((await reader.call('GET', '/api/inventory/users')).body).toEqual({ items: [expect.objectContaining({ id: 'jan', name: 'Jan' })], total: 1 });
    expect((await reader.call('GET', '/api/inventory/devices')).body.total).toBe(0);
  });

  it('manages devices, their lifecycle and device group members in join order', async () => {
    const { admin, reader, host } = await start();
    const clock = host.host.container.get<ManualClock>(Symbol.for('host.Clock'));
    await admin.call('POST', '/api/inventory/users', { id: 'jan', name: 'Jan', email: 'jan@example.com' });
    for (const serialNumber of ['IPAD000001', 'IPAD000002']) {
      await admin.call('POST', '/api/inventory/devices', { serialNumber, platform: 'iPadOS', osVersion: '17.4', ownerUserId: 'jan' });
    }
    expect((await admin.call('POST', '/api/inventory/device-groups', { name: 'Sales iPads' })).body.id).toBe('sales-ipads');
    await admin.call('PUT', '/api/inventory/device-groups/sales-ipads/members/IPAD000002');
    await clock.advance(1_000);
    const added = await admin.call('PUT', '/api/inventory/device-groups/sales-ipads/members/IPAD000001');
    expect(added.body).toEqual({
      id: 'device-group:sales-ipads:IPAD000001',
      groupKind: 'device-group',
      groupId: 'sales-ipads',
      memberId: 'IPAD000001',
      joinedAt: '2026-03-01T09:00:01.000Z',
      consequences: [],
    });

    const members = await reader.call('GET', '/api/inventory/device-groups/sales-ipads/members');
    expect(members.body.total).toBe(2);
    expect(members.body.items.map((m: { memberId: string; member: { serialNumber: string } }) => [m.memberId, m.member.serialNumber])).toEqual([
      ['IPAD000002', 'IPAD000002'],
      ['IPAD000001', 'IPAD000001'],
    ]);
    expect((await admin.call('PUT', '/api/inventory/device-groups/sales-ipads/members/jan')).body.message).toBe('A device group holds devices; "jan" is a user');

    expect((await admin.call('POST', '/api/inventory/devices/IPAD000001/unenroll')).body.state).toBe('unenrolled');
    expect((await admin.call('POST', '/api/inventory/devices/IPAD000002/wipe')).body.state).toBe('wiped');
    expect((await admin.call('POST', '/api/inventory/devices/IPAD000002/wipe')).status).toBe(409);
    // A preview checks the edit as the edit would be checked, and changes nothing.
    const edit = { groupKind: 'device-group', groupId: 'sales-ipads', memberId: 'IPAD000002', change: 'left' };
    expect((await admin.call('DELETE', '/api/inventory/device-groups/sales-ipads/members/IPAD000002?dryRun=true')).body).toEqual({ preview: true, edit, unchanged: false, consequences: [] });
    expect((await admin.call('DELETE', '/api/inventory/device-groups/sales-ipads/members/jan?dryRun=true')).body.message).toBe('"jan" is not a member of device group "sales-ipads"');
    expect((await admin.call('PUT', '/api/inventory/device-groups/sales-ipads/members/IPAD000001?dryRun=true')).body).toMatchObject({ preview: true, unchanged: true });
    expect((await admin.call('PUT', '/api/inventory/device-groups/sales-ipads/members/IPAD000001?dryRun=yes')).status).toBe(400);
    expect((await reader.call('GET', '/api/inventory/device-groups/sales-ipads/members')).body.total).toBe(2);
    const removed = await admin.call('DELETE', '/api/inventory/device-groups/sales-ipads/members/IPAD000002');
    expect(removed).toMatchObject({ status: 200, body: { preview: false, edit, unchanged: false, consequences: [] } });
    expect((await reader.call('GET', '/api/inventory/device-groups/sales-ipads/members')).body.total).toBe(1);
    expect((await admin.call('DELETE', '/api/inventory/users/jan')).status).toBe(204);
    expect((await reader.call('GET', '/api/inventory/devices/IPAD000001')).body.ownerUserId).toBeUndefined();
  });

  it('imports JSON and CSV all or nothing, with the line of a bad record', async () => {
    const { admin, reader } = await start();
    const snapshot = { users: [{ name: 'Jan', email: 'jan@example.com' }], userGroups: [{ name: 'Teachers', members: ['jan@example.com'] }] };
    expect((await admin.call('POST', '/api/inventory/import', snapshot)).body).toEqual({ format: 'json', users: 1, userGroups: 1, devices: 0, deviceGroups: 0, memberships: 1 });

    const csv = 'name,email,groups\nAnn,ann@example.com,Teachers\nBob,bob,Teachers\n';
    const bad = await admin.call('POST', '/api/inventory/import', { format: 'csv', content: csv });
    expect(bad).toMatchObject({ status: 400, body: { error: 'bad_input', message: 'Nothing was imported: 1 problem: line 3, email: must look like name@example.com, got "bob"' } });
    expect((await admin.call('POST', '/api/inventory/import', { format: 'csv', content: 'name,email,phone\n' })).body.message).toMatch(/^Line 1: unknown column "phone"/);
    expect((await admin.call('POST', '/api/inventory/import', { format: 'json', content: '{"users": [}' })).body.message).toMatch(/not valid JSON: .* line 1, column 12/);
    expect((await reader.call('GET', '/api/inventory/users')).body.total).toBe(1);

    const good = await admin.call('POST', '/api/inventory/import', { format: 'csv', content: csv.replace(',bob,', ',bob@example.com,') });
    expect(good.body).toMatchObject({ format: 'csv', users: 2, memberships: 2 });
    expect((await reader.call('GET', '/api/inventory/user-groups/teachers/members')).body.items.map((m: { memberId: string }) => m.memberId)).toEqual(['jan', 'ann', 'bob']);
  });

  it('answers a CSV with 150,000 bad rows in a few kilobytes: the first 20 problems and how many more', async () => {
    const { admin, reader } = await start();
    const csv = `name,email\n${Array.from({ length: 150_000 }, (_, i) => `Ux,${i % 100}\n`).join('')}`;
    expect(csv.length).toBeGreaterThan(850_000);
    const { status, body } = await admin.call('POST', '/api/inventory/import', { format: 'csv', content: csv });
    expect(status).toBe(400);
    expect(JSON.stringify(body).length).toBeLessThan(10_000);
    expect(body.message).toMatch(/^Nothing was imported: 150,000 problems: line 2, email: must look like name@example\.com, got "0"; /);
    expect(body.message).toMatch(/line 21, email: .*; … and 149,980 more problems$/);
    expect(body.details.problems).toHaveLength(21);
    expect(body.details.problems.at(-1)).toEqual({ more: 149_980 });
    expect((await reader.call('GET', '/api/inventory/users')).body.total).toBe(0);
  });

  it('tells a body of an unknown shape what the import takes, and names a list of the wrong type', async () => {
    const { admin } = await start();
    const xml = await admin.call('POST', '/api/inventory/import', { format: 'xml', content: '<users/>' });
    expect(xml).toMatchObject({ status: 400, body: { error: 'bad_input' } });
    expect(xml.body.message).toMatch(/^Invalid request body: format: must be one of csv, json; expected /);
    const everyone = await admin.call('POST', '/api/inventory/import', { users: 'everyone' });
    expect(everyone.body.message).toMatch(/^Invalid request body: users: must be a list of users, got a string; expected /);
    const stranger = await admin.call('POST', '/api/inventory/import', { people: [] });
    expect(stranger.body.message).toMatch(/^Invalid request body: unknown field people; expected /);
    const both = await admin.call('POST', '/api/inventory/import', { format: 'csv', content: 'name,email\n', users: [] });
    expect(both.body.message).toMatch(/^Invalid request body: send a file \(format, content\) or lists \(users\), not both; expected /);
    for (const { body } of [xml, everyone, stranger, both]) {
      expect(body.message).toContain('expected JSON {"users":[…],"userGroups":[…],"devices":[…],"deviceGroups":[…]} (any of these lists)');
      expect(body.message).toContain('or {"format":"csv"|"json","content":"…"} with the text of a CSV or JSON file');
      expect(body.message).toContain('a users CSV has the columns name, email (optionally id, language, managedAppleId, groups)');
      expect(body.message).not.toMatch(/\(root\)|Unrecognized keys|Invalid input/);
    }
  });

  it('syncs every directory provider a plugin binds, audited with the provider, one failure not stopping the rest', async () => {
    const { admin, reader, host } = await start({ pluginDirs: [TEST_PLUGINS] });
    expect(host.host.plugins.statuses().find((s) => s.id === 'test-directory')?.state).toBe('started');
    const { body } = await admin.call('POST', '/api/inventory/sync');
    expect(body).toEqual([
      { provider: 'hr-feed', pluginId: 'test-directory', displayName: 'HR feed', summary: { users: 2, userGroups: 1, devices: 1, deviceGroups: 0, memberships: 2 } },
      { provider: 'ldap', pluginId: 'test-directory', displayName: 'Company LDAP', error: 'ldap.example.com did not answer' },
    ]);
    const inventory = host.host.container.get<Inventory>(Inventory);
    expect(inventory.members('user-group', 'hr-team').map((m) => m.memberId)).toEqual(['hr-ines', 'hr-bram']);
    expect(inventory.getDeviceBySerial('HRMAC00001')?.ownerUserId).toBe('hr-ines');

    const imports = await reader.call('GET', '/api/audit?action=inventory.import');
    expect(imports.body.items).toEqual([expect.objectContaining({ actor: { kind: 'plugin', id: 'test-directory', name: 'HR feed (hr-feed)' } })]);
    const syncs = await reader.call('GET', '/api/audit?action=inventory.sync&actorKind=api-token');
    expect(syncs.body.items.map((e: { target: { id: string }; details: object }) => [e.target.id, e.details])).toEqual([
      ['ldap', { pluginId: 'test-directory', error: 'ldap.example.com did not answer' }],
      ['hr-feed', { pluginId: 'test-directory', users: 2, userGroups: 1, devices: 1, deviceGroups: 0, memberships: 2 }],
    ]);
    const again = await admin.command('inventory.sync');
    expect(again.text).toBe('1 of 2 directories synced');
    expect((again.data as { summary?: { memberships: number } }[])[0]?.summary?.memberships).toBe(0);
  });
});

describe('audit REST API', () => {
  it('filters by actor kind, action, target, text and time, newest first, and refuses bad filters', async () => {
    const { admin, reader, host } = await start();
    const clock = host.host.container.get<ManualClock>(Symbol.for('host.Clock'));
    await admin.call('POST', '/api/inventory/users', { id: 'jan', name: 'Jan', email: 'jan@example.com' });
    await clock.advance(60_000);
    await admin.call('POST', '/api/inventory/user-groups', { name: 'Sales', members: ['jan'] });
    const inventory = host.host.container.get<Inventory>(Inventory);
    await inventory.saveUser({ id: 'jan', name: 'Jan de Vries', email: 'jan@example.com' }, { kind: 'schedule', id: 'nightly' });

    const byScript = await reader.call('GET', '/api/audit?actorKind=api-token&action=inventory');
    expect(byScript.body.items.map((e: { action: string }) => e.action)).toEqual(['inventory.user-group.create', 'inventory.user.create']);
    expect(byScript.body.items[1]).toMatchObject({ source: 'host', actor: { kind: 'api-token', name: 'admin script' }, target: { type: 'user', id: 'jan' } });
    expect((await reader.call('GET', '/api/audit?actorKind=schedule')).body.items.map((e: { action: string }) => e.action)).toEqual(['inventory.user.update']);
    expect((await reader.call('GET', '/api/audit?targetId=sales')).body.total).toBe(1);
    expect((await reader.call('GET', '/api/audit?text=nightly')).body.total).toBe(1);
    expect((await reader.call('GET', '/api/audit?action=inventory&since=2026-03-01T09:00:30Z')).body.total).toBe(2);
    expect((await reader.call('GET', '/api/audit?action=inventory&until=2026-03-01T09:00:30Z&limit=1')).body).toMatchObject({ total: 1, items: [{ action: 'inventory.user.create' }] });
    expect((await reader.call('GET', '/api/audit?actorKind=robot')).status).toBe(400);
    expect((await reader.call('GET', '/api/audit?since=yesterday')).body.message).toMatch(/since: must be a date/);

    const table = await reader.command('audit', {}, { 'actor-kind': 'schedule' });
    expect(table.table?.rows).toEqual([['2026-03-01T09:01:00.000Z', 'schedule:nightly', 'inventory.user.update', 'user:jan', '']]);
  });
});

describe('inventory commands', () => {
  it('imports a file and lists each kind with search and paging', async () => {
    const { admin, reader } = await start();
    const csv = 'name,email,groups\nAnn Archer,ann@example.com,Staff\nBob Baker,bob@example.com,Staff\nCy Cole,cy@example.com,\n';
    const imported = await admin.command('inventory.import', { file: csv });
    expect(imported.text).toBe('Imported 3 users, 1 user groups, 0 devices and 0 device groups (2 membership changes)');

    const users = await reader.command('inventory.list', { kind: 'users' }, { search: 'er', limit: 1, offset: 1 });
    expect(users.data).toMatchObject({ total: 2, items: [{ id: 'bob' }] });
    expect(users.table?.rows).toEqual([['bob', 'Bob Baker', 'bob@example.com', '', '']]);
    expect(users.text).toBe('2-2 of 2');
    expect((await reader.command('inventory.list', { kind: 'groups' })).table?.rows).toEqual([['staff', 'Staff', 2]]);
    expect((await reader.command('inventory.list', { kind: 'devices' })).text).toBe('None of 0');
    const { body } = await reader.call('POST', '/api/commands/inventory.import', { args: { file: csv }, options: {} });
    expect(body).toMatchObject({ error: 'forbidden' });
  });
});
