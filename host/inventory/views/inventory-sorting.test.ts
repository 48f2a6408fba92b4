import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../api/actor.js';
import { Inventory } from '../../api/inventory.js';
import { signIn, startTestHost, type Signed, type TestHost } from '../../http/http-test-kit.js';

const PASSWORD = 'correct horse battery';
let t: TestHost;
let admin: Signed;
let inventory: Inventory;

beforeEach(async () => {
  t = await startTestHost();
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  admin = await signIn(t.url, 'alice', PASSWORD);
  inventory = t.host.container.get<Inventory>(Inventory);
});

afterEach(async () => {
  await t.stop();
});

const page = async (address: string, language = 'en') => (await fetch(`${t.url}${address}`, { headers: { cookie: admin.cookie, 'accept-language': language } })).text();
/** The text of each row's first cell, in the order shown. */
const firstCells = (body: string) => [...body.matchAll(/<tr><td>(?:<a [^>]*>)?([^<]*)/g)].map((m) => m[1]!);
const padded = (i: number) => String(i).padStart(3, '0');

describe('sorting the inventory lists', () => {
  beforeEach(async () => {
    // 120 users, 50 a page: three pages in name order.
    await inventory.import({ users: Array.from({ length: 120 }, (_, i) => ({ id: `u${padded(i)}`, name: `User ${padded(i)}`, email: `u${padded(119 - i)}@example.org` })) }, SYSTEM_ACTOR);
  });

  it('sorts every user before paging: by name descending, page 1 shows the last names and the pager keeps the order', async () => {
    const first = await page('/views/host/users?sort=0&dir=desc');
    expect(firstCells(first).slice(0, 3)).toEqual(['User 119', 'User 118', 'User 117']);
    expect(first).toContain('<th scope="col" aria-sort="descending"><a class="sort" href="/views/host/users?sort=0&#38;dir=asc">Name ▼</a></th>');
    expect(first).toContain('href="/views/host/users?sort=0&#38;dir=desc&#38;page=2"');

    const third = await page('/views/host/users?sort=0&dir=desc&page=3');
    expect(firstCells(third)).toEqual(Array.from({ length: 20 }, (_, i) => `User ${padded(19 - i)}`));
    // Without an order, the list is by name as before, and no header claims an order.
    const plain = await page('/views/host/users');
    expect(firstCells(plain)[0]).toBe('User 000');
    expect(plain).not.toContain('aria-sort');
  });

  it('sorts by another column as its values compare, and keeps the search when the order changes and the order when searching', async () => {
    // Emails run the other way round from names.
    const byEmail = await page('/views/host/users?sort=1&dir=asc');
    expect(firstCells(byEmail)[0]).toBe('User 119');
    const searched = await page('/views/host/users?search=User%2011&sort=1&dir=asc');
    expect(firstCells(searched)).toEqual(['User 119', 'User 118', 'User 117', 'User 116', 'User 115', 'User 114', 'User 113', 'User 112', 'User 111', 'User 110']);
    expect(searched).toContain('aria-sort="ascending"><a class="sort" href="/views/host/users?search=User+11&#38;sort=1&#38;dir=desc">Email ▲</a>');
    expect(searched).toContain('href="/views/host/users?search=User+11&#38;sort=0&#38;dir=asc">Name</a>');
    expect(searched).toMatch(/<input type="hidden" name="sort" value="1">\s*<input type="hidden" name="dir" value="asc">/);
  });

  it('sorts counts as numbers and follows a change of membership; sorts a group\'s members before paging', async () => {
    const ids = (from: number, count: number) => Array.from({ length: count }, (_, i) => `u${padded(from + i)}`);
    await inventory.import({ userGroups: [{ id: 'ten', name: 'Ten', members: ids(0, 10) }, { id: 'nine', name: 'Nine', members: ids(10, 9) }, { id: 'two', name: 'Two', members: ids(19, 2) }] }, SYSTEM_ACTOR);
    expect(firstCells(await page('/views/host/user-groups?sort=1&dir=desc'))).toEqual(['Ten', 'Nine', 'Two']);
    await inventory.import({ userGroups: [{ id: 'two', name: 'Two', members: ids(19, 11) }] }, SYSTEM_ACTOR);
    expect(firstCells(await page('/views/host/user-groups?sort=1&dir=desc'))).toEqual(['Two', 'Ten', 'Nine']);

    await inventory.import({ userGroups: [{ id: 'all', name: 'All', members: ids(0, 120) }] }, SYSTEM_ACTOR);
    const members = await page('/views/host/user-groups?id=all&sort=0&dir=desc');
    expect(firstCells(members).slice(0, 2)).toEqual(['User 119', 'User 118']);
    expect(members).toContain('aria-sort="descending"');
    expect(firstCells(await page('/views/host/user-groups?id=all&sort=0&dir=desc&page=3')).at(-1)).toBe('User 000');
  });

  it("orders names the language's way, accents aside", async () => {
    await inventory.import({ users: [{ id: 'emile', name: 'Émile', email: 'emile@example.org' }, { id: 'eddy', name: 'Eddy', email: 'eddy@example.org' }, { id: 'frank', name: 'Frank', email: 'frank@example.org' }] }, SYSTEM_ACTOR);
    const names = firstCells(await page('/views/host/users?search=example.org&sort=0&dir=asc', 'fr')).filter((name) => !name.startsWith('User'));
    expect(names).toEqual(['Eddy', 'Émile', 'Frank']);
  });

  it("sorts a device list by state in the order of a device's life, and a user's devices on their page", async () => {
    await inventory.import({ devices: [{ id: 'd1', serialNumber: 'SER0002', name: 'Alpha', platform: 'iOS', osVersion: '17.2', ownerUserId: 'u000' }, { id: 'd2', serialNumber: 'SER0001', name: 'Bravo', platform: 'iOS', osVersion: '17.10', ownerUserId: 'u000' }] }, SYSTEM_ACTOR);
    await inventory.wipeDevice('d1', SYSTEM_ACTOR);
    expect(firstCells(await page('/views/host/devices?sort=4&dir=asc'))).toEqual(['Bravo', 'Alpha']);
    // Versions compare as numbers: 17.2 before 17.10.
    const user = await page('/views/host/users?id=u000&devices-sort=2&devices-dir=asc');
    expect(firstCells(user.slice(user.indexOf('<h2>Devices</h2>')))).toEqual(['Alpha', 'Bravo']);
    expect(user).toContain('href="/views/host/users?id=u000&#38;devices-sort=2&#38;devices-dir=desc">Platform ▲</a>');
  });
});
