import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../api/actor.js';
import { Inventory } from '../../api/inventory.js';
import { manifest, writePlugins } from '../../../test/support/plugin-fixture.js';
import { signIn, startTestHost, type Signed, type TestHost } from '../../http/http-test-kit.js';

const PASSWORD = 'correct horse battery';
const FACET_PLUGIN = `
import { ContainerModule, InventoryFacetContribution, html } from '@vpp-host/api';

export const calls: string[] = [];
globalThis.facetCalls = calls;
export default new ContainerModule(({ bind }) => {
  bind(InventoryFacetContribution).toConstantValue({
    id: 'licenses',
    title: 'Licenses',
    titles: { nl: 'Licenties' },
    kinds: ['user'],
    cells: async (kind, records) => {
      calls.push(kind + ':' + records.length);
      return records.map((r) => (r.id === 'ada' ? html\`<span class="badge badge-ok">3 licenses</span>\` : '<b>none</b>'));
    },
    section: async (kind, id) => html\`<p class="licenses-of">Licenses of \${id}</p>\`,
  });
  bind(InventoryFacetContribution).toConstantValue({
    id: 'broken', title: 'Broken', kinds: ['user', 'device'],
    cells: async () => { throw new Error('facet store offline'); },
  });
});
`;

let pluginDir: string;
let t: TestHost;
let admin: Signed;

beforeAll(async () => {
  pluginDir = await mkdtemp(path.join(tmpdir(), 'vpp-facet-plugins-'));
  await writePlugins(pluginDir, [{ manifest: manifest('facets'), code: FACET_PLUGIN }]);
});

afterAll(async () => {
  await rm(pluginDir, { recursive: true, force: true });
});

beforeEach(async () => {
  t = await startTestHost({ pluginDirs: [pluginDir] });
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  await t.accounts.createAdmin({ name: 'rita', password: PASSWORD, role: 'read-only' }, SYSTEM_ACTOR);
  const inventory = t.host.container.get<Inventory>(Inventory);
  await inventory.import({ users: [{ id: 'ada', name: 'Ada', email: 'ada@example.org' }, { id: 'bob', name: 'Bob', email: 'bob@example.org' }] }, SYSTEM_ACTOR);
  admin = await signIn(t.url, 'alice', PASSWORD);
  (globalThis as { facetCalls?: string[] }).facetCalls?.splice(0);
});

afterEach(async () => {
  await t.stop();
});

const page = async (address: string, who: Signed = admin) => (await fetch(`${t.url}${address}`, { headers: { cookie: who.cookie } })).text();
const post = (address: string, fields: Record<string, string>, who: Signed = admin) =>
  fetch(`${t.url}${address}`, { method: 'POST', redirect: 'manual', headers: { cookie: who.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: who.csrfToken, ...fields }) });

describe('inventory facets', () => {
  it("adds a plugin's column with one batch call per page and its section on the record's page", async () => {
    const list = await page('/views/host/users');
    expect(list).toContain('<th scope="col">Licenses</th>');
    expect(list).toContain('<td><span class="badge badge-ok">3 licenses</span></td>');
    expect(list).toContain('<td>&#60;b&#62;none&#60;/b&#62;</td>');
    expect((globalThis as { facetCalls?: string[] }).facetCalls).toEqual(['user:2']);
    expect(list).toContain('<th scope="col">Broken</th>');
    expect(t.logs.some((l) => l.message === 'Inventory facet "broken" of "facets" failed to render its cells')).toBe(true);

    const detail = await page('/views/host/users?id=ada');
    expect(detail).toMatch(/<h2>Licenses<\/h2>[\s\S]*<p class="licenses-of">Licenses of ada<\/p>/);
    expect(await page('/views/host/devices')).not.toContain('Licenses');
  });
});

describe('inventory page actions', () => {
  it('adds a user from the form, and shows bad input as an error flash that changes nothing', async () => {
    const inventory = t.host.container.get<Inventory>(Inventory);
    const added = await post('/views/host/users', { _action: 'add-user', name: 'Cleo', email: 'cleo@example.org', language: 'nl', managedAppleId: '' });
    expect(added.status).toBe(303);
    const cleo = inventory.listUsers({ search: 'cleo' }).items[0]!;
    expect(cleo).toMatchObject({ name: 'Cleo', email: 'cleo@example.org', language: 'nl' });
    expect(cleo.managedAppleId).toBeUndefined();
    expect(added.headers.get('location')).toBe(`/views/host/users?id=${cleo.id}`);

    // The Activity page names the action and the kind of record in the reader's language.
    const dutch = await fetch(`${t.url}/views/host/activity`, { headers: { cookie: admin.cookie, 'accept-language': 'nl' } }).then((r) => r.text());
    expect(dutch).toContain('Gebruiker toegevoegd <code class="muted">inventory.user.create</code>');
    expect(dutch).toContain('<span class="muted">Gebruiker</span> Cleo');

    const refused = await post('/views/host/users', { _action: 'add-user', name: 'Dora', email: 'not an email' });
    expect(refused.headers.get('location')).toBe('/views/host/users');
    const again = await page('/views/host/users');
    expect(again).toContain('<p class="flash flash-error" role="alert">Email: must look like name@example.com, got &#34;not an email&#34;</p>');
    // The form comes back open, as typed, with the error at the field it concerns.
    expect(again).toContain('<details class="disclosure" open>');
    expect(again).toContain('<input id="field-name" name="name" type="text" value="Dora" required>');
    expect(again).toContain('<input id="field-email" name="email" type="email" value="not an email" required aria-invalid="true" aria-describedby="field-email-error"><p class="field-error" id="field-email-error">Email: must look like name@example.com, got &#34;not an email&#34;</p>');
    expect(inventory.listUsers({ search: 'dora' }).total).toBe(0);
  });

  it('shows a read-only admin the pages without any form that posts', async () => {
    const reader = await signIn(t.url, 'rita', PASSWORD);
    for (const address of ['/views/host/users', '/views/host/users?id=ada', '/views/host/user-groups', '/views/host/devices', '/views/host/device-groups', '/views/host/activity']) {
      const main = /<main[\s\S]*<\/main>/.exec(await page(address, reader))![0];
      expect(main, address).not.toContain('method="post"');
    }
  });

  it('answers an unknown record with 404 and an unknown action with a flash', async () => {
    expect((await fetch(`${t.url}/views/host/users?id=nobody`, { headers: { cookie: admin.cookie } })).status).toBe(404);
    await post('/views/host/users?id=ada', { _action: 'explode' });
    expect(await page('/views/host/users?id=ada')).toContain('Unknown action &#34;explode&#34;.');
  });
});

describe('paging', () => {
  it('links every nearby page number and the last page, and shows the last page when asked past it', async () => {
    const inventory = t.host.container.get<Inventory>(Inventory);
    const users = Array.from({ length: 498 }, (_, i) => ({ id: `u${String(i).padStart(3, '0')}`, name: `User ${String(i).padStart(3, '0')}`, email: `u${i}@example.org` }));
    await inventory.import({ users }, SYSTEM_ACTOR);
    // 500 users, 50 a page: 10 pages.
    const fifth = await page('/views/host/users?page=5');
    expect(fifth).toContain('<span class="pager-range">201–250 of 500</span>');
    const numbers = [...fifth.matchAll(/aria-label="Page (\d+)"/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual([1, 3, 4, 5, 6, 7, 10]);
    expect(fifth).toContain('aria-current="page" aria-label="Page 5">5</span>');
    expect(fifth).toContain('href="/views/host/users?page=10">Last</a>');

    const past = await page('/views/host/users?page=9999');
    expect(past).toContain('<span class="pager-range">451–500 of 500</span>');
    expect(past).not.toContain('No users yet');
    expect(past).toContain('aria-disabled="true">Last</span>');
  });
});
