import { describe, expect, it } from 'vitest';
import type { Actor } from '../api/actor.js';
import { BadInputError } from '../api/errors.js';
import { importInventoryFile, parseInventoryFile } from './import-file.js';
import { useInventory } from './test-fixtures/open-inventory.js';

const ADMIN: Actor = { kind: 'admin', id: 'alice' };
const openInventory = useInventory();

async function refusal(promise: Promise<unknown>): Promise<BadInputError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadInputError);
  return error as BadInputError;
}

const USERS_CSV = [
  'Name,E-mail,Language,Managed Apple ID,Groups',
  'Jan de Vries,jan@example.com,nl,,Sales;All staff',
  '"Dubois, Marie",marie@example.com,fr,marie@appleid.example.com,Sales',
  'Alex Smith,alex@example.com,,,',
].join('\n');

describe('inventory files', () => {
  it('imports a users CSV with a groups column: rows join the groups they name, and nobody is taken out', async () => {
    const { inventory } = await openInventory();
    const summary = await importInventoryFile(inventory, USERS_CSV, ADMIN);
    expect(summary).toEqual({ format: 'csv', users: 3, userGroups: 2, devices: 0, deviceGroups: 0, memberships: 3 });
    expect(inventory.getUser('marie')).toMatchObject({ name: 'Dubois, Marie', language: 'fr', managedAppleId: 'marie@appleid.example.com' });
    expect(inventory.getUser('alex')?.language).toBeUndefined();
    expect(inventory.members('user-group', 'sales').map((m) => m.memberId)).toEqual(['jan', 'marie']);
    expect(inventory.members('user-group', 'all-staff').map((m) => m.memberId)).toEqual(['jan']);

    // A later file naming Sales for one more person adds them; the others stay, "All staff" is untouched.
    const later = await importInventoryFile(inventory, 'email,name,groups\nalex@example.com,Alex Smith,sales\njan@example.com,Jan de Vries,SALES\n', ADMIN);
    expect(later.memberships).toBe(1);
    expect(inventory.members('user-group', 'sales').map((m) => m.memberId)).toEqual(['jan', 'marie', 'alex']);
    expect(inventory.members('user-group', 'all-staff').map((m) => m.memberId)).toEqual(['jan']);
  });

  it('imports a devices CSV, with the owner given by email and the header in any spelling', async () => {
    const { inventory } = await openInventory();
    await importInventoryFile(inventory, USERS_CSV, ADMIN);
    const csv = 'serial_number,Platform,OS Version,Owner,name,groups\nc02lab0001,macOS,10.10.5,,Lab Mac 1,Lab Macs\nDMP0000002,iPadOS,17.4,marie@example.com,,Sales iPads\n';
    expect(await importInventoryFile(inventory, csv, ADMIN)).toMatchObject({ format: 'csv', devices: 2, deviceGroups: 2 });
    expect(inventory.getDevice('C02LAB0001')).toMatchObject({ platform: 'macOS', osVersion: '10.10.5', name: 'Lab Mac 1' });
    expect(inventory.devicesOf('marie').map((d) => d.serialNumber)).toEqual(['DMP0000002']);
    expect(inventory.members('device-group', 'lab-macs').map((m) => m.memberId)).toEqual(['C02LAB0001']);
  });

  it('names the line and field of every bad CSV record and imports nothing', async () => {
    const { inventory } = await openInventory();
    const csv = 'name,email,language\nGood One,good@example.com,en\nBad Mail,bad-mail,nl\nNo Language,nolang@example.com,Dutch\n';
    const error = await refusal(importInventoryFile(inventory, csv, ADMIN));
    expect(error.message).toBe(
      'Nothing was imported: 2 problems: line 3, email: must look like name@example.com, got "bad-mail"; ' +
        'line 4, language: must be a language code such as "en", "nl" or "fr", got "Dutch"',
    );
    expect(error.details).toMatchObject({ problems: [{ where: 'line 3', record: 'users[1]', field: 'email' }, { where: 'line 4', field: 'language' }] });
    expect(inventory.listUsers().total).toBe(0);
  });

  it('refuses unknown columns, a missing column, broken quoting and mixed kinds with the line', async () => {
    const { inventory } = await openInventory();
    expect((await refusal(importInventoryFile(inventory, 'name,email,phone\nJan,jan@example.com,123\n', ADMIN))).message).toBe(
      'Line 1: unknown column "phone" in a users CSV (expected id, name, email, language, managedAppleId, groups)',
    );
    expect((await refusal(importInventoryFile(inventory, 'email,language\njan@example.com,nl\n', ADMIN))).message).toBe('Line 1: a users CSV needs the column(s) name');
    expect((await refusal(importInventoryFile(inventory, 'name,email\nJan,"jan@example.com\n', ADMIN))).message).toMatch(/^The CSV file cannot be read: .*line 2/);
    expect((await refusal(importInventoryFile(inventory, 'name,email\nJan,jan@example.com,extra\n', ADMIN))).message).toMatch(/^The CSV file cannot be read: .*on line 2/);
    expect((await refusal(importInventoryFile(inventory, 'name,owner\nJan,x\n', ADMIN))).message).toMatch(/^Line 1: a users CSV needs the columns name and email; a devices CSV needs/);
    expect((await refusal(importInventoryFile(inventory, 'name,email,serialNumber\nJan,jan@example.com,X\n', ADMIN))).message).toMatch(/^Line 1: unknown column "serialNumber" in a users CSV/);
    expect(inventory.listUsers().total).toBe(0);
  });

  it('reads JSON snapshots and names the line of a syntax error and every unknown field', async () => {
    const { inventory } = await openInventory();
    const good = JSON.stringify({ users: [{ name: 'Jan', email: 'jan@example.com' }], userGroups: [{ name: 'Sales', members: ['jan'] }] });
    expect(await importInventoryFile(inventory, good, ADMIN)).toMatchObject({ format: 'json', users: 1, userGroups: 1, memberships: 1 });

    const broken = '{\n  "users": [\n    { "name": "Ann", "email": "ann@example.com" }\n    { "name": "Bob" }\n  ]\n}';
    expect((await refusal(importInventoryFile(inventory, broken, ADMIN))).message).toMatch(/^The inventory file is not valid JSON: .* at line 4, column 5$/);

    const unknown = JSON.stringify({ users: [{ name: 'Ann', emial: 'ann@example.com' }], groups: [] });
    expect((await refusal(importInventoryFile(inventory, unknown, ADMIN))).message).toBe(
      'Nothing was imported: users[0]: unknown field "emial" (expected id, name, email, language, managedAppleId); unknown key "groups" (expected users, devices, userGroups, deviceGroups)',
    );
    const bad = JSON.stringify({ users: [{ name: 'Ann', email: 'ann@example.com' }, { name: 'Bob', email: 'bob' }] });
    expect((await refusal(importInventoryFile(inventory, bad, ADMIN))).message).toMatch(/^1 problem, nothing was changed: users\[1\]\.email: must look like name@example\.com/);
    expect(inventory.listUsers().items.map((u) => u.id)).toEqual(['jan']);
  });

  it('detects the format from the content and refuses an empty file', () => {
    expect(parseInventoryFile('  {"users": []}').format).toBe('json');
    expect(parseInventoryFile('\uFEFFname,email\n').format).toBe('csv');
    expect(() => parseInventoryFile(' \n')).toThrow('The inventory file is empty');
  });
});
