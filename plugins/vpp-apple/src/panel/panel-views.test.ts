// The panel views inside the real plugin and host: token refusals as flashes, deleting a token through its preview,
// escaping, no secret, the facet.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Inventory, ViewContribution, type Principal } from '@vpp-host/api';
import { OTHER_MDM } from '../../test/apple-world.js';
import { ADMIN, SCHOOL_LOCATION, SMALL_LOCATION, startHarness, type Harness, type StartedHarness } from '../../test/harness.js';
import { licenseFacet, panelPages } from '../../test/panel-pages.js';
import { VppPanelViews } from './bind-panel.js';
import { typedAssignment } from './assign-form.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  server.resetHandlers();
});

const READER: Principal = { kind: 'admin', id: 'reader-1', name: 'Rita', role: 'read-only' };

/** Head office's token, synced, and the device group "iPads" of three iPads (d1 to d3). */
async function officeWithIpads(h: StartedHarness) {
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  const inventory = h.container.get<Inventory>(Inventory);
  for (const id of ['d1', 'd2', 'd3']) await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, name: `iPad ${id}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
  await inventory.saveGroup('device-group', { id: 'ipads', name: 'iPads', members: ['d1', 'd2', 'd3'] }, ADMIN);
  return { token, inventory };
}

describe('vpp-apple panel views', () => {
  it('refuses a bad file, a second token of a location and another MDM\'s location without consent, as error flashes that change nothing', async () => {
    const h = (harness = await startHarness({ server, locations: [SMALL_LOCATION, SCHOOL_LOCATION] }));
    const { act } = panelPages(h);
    await expect(act('tokens', 'add', { name: 'Broken' }, { file: 'not a token' })).resolves.toEqual({
      flash: { kind: 'error', message: expect.stringMatching(/^This is not a usable \.vpptoken file: The token file is not Base64 text/) },
    });
    const added = await h.settle(act('tokens', 'add', { name: 'Head office' }, { file: h.handles[0]!.sToken }));
    expect(added.flash).toEqual({ kind: 'success', message: 'Location "Head Office" added as token "Head office"' });
    await expect(h.settle(act('tokens', 'add', { name: 'Again' }, { file: h.handles[0]!.sToken }))).resolves.toEqual({
      flash: { kind: 'error', message: 'This location is already added as token "Head office": renew that token instead.' },
    });

    h.simulator.setMdmInfo(SCHOOL_LOCATION.uId, OTHER_MDM);
    await expect(h.settle(act('tokens', 'add', { name: 'School' }, { file: h.handles[1]!.sToken }))).resolves.toEqual({
      flash: { kind: 'error', message: 'This location is managed by another MDM ("Jamf Pro"). Tick the box to take it over; that MDM then stops managing it.' },
    });
    expect(h.tokens.list().map((t) => t.name)).toEqual(['Head office']);
    const consented = await h.settle(act('tokens', 'add', { name: 'School', takeOver: 'yes' }, { file: h.handles[1]!.sToken }));
    expect(consented.flash?.kind).toBe('success');
    expect(h.tokens.list().map((t) => t.name).sort()).toEqual(['Head office', 'School']);
  });

  it('takes a claimed location over only with the box ticked, and shows the other MDM by name', async () => {
    const h = (harness = await startHarness({ server }));
    const { render, act } = panelPages(h);
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    h.simulator.setMdmInfo(SMALL_LOCATION.uId, OTHER_MDM);
    await h.settle(h.sync.sync(token.id)).catch(() => undefined);
    const page = await render('tokens', { query: { id: token.id } });
    expect(page).toContain('I understand this takes the location from Jamf Pro');
    await expect(act('tokens', 'take-over', {}, {}, { id: token.id })).resolves.toEqual({
      flash: { kind: 'error', message: 'Tick the box to confirm that the location is taken from the other MDM.' },
      query: { id: token.id },
    });
    expect(h.tokens.get(token.id)!.health.state).toBe('claimed-elsewhere');
    await h.settle(act('tokens', 'take-over', { takeOver: 'yes' }, {}, { id: token.id }));
    expect(h.tokens.get(token.id)!.health.state).toBe('valid');
  });

  it('escapes every value, never renders a token secret, and shows read-only admins no forms', async () => {
    const h = (harness = await startHarness({ server }));
    const { render, act } = panelPages(h);
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    await act('tokens', 'rename', { name: '<img src=x onerror=alert(1)>' }, {}, { id: token.id });
    const all = [
      await render('dashboard'),
      await render('tokens'),
      await render('tokens', { query: { id: token.id } }),
      await render('catalog'),
      await render('assignments'),
    ].join('\n');
    expect(all).not.toContain('<img src=x');
    expect(all).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(all).not.toContain(h.handles[0]!.sToken);
    for (const id of ['dashboard', 'tokens', 'catalog', 'assignments']) {
      expect(await render(id, { principal: READER })).not.toContain('method="post"');
    }
    expect(await render('tokens', { principal: READER, query: { id: token.id } })).not.toContain('method="post"');
  });

  it('shows licenses and assignments on the inventory pages through the facet', async () => {
    const h = (harness = await startHarness({ server }));
    const { inventory } = await officeWithIpads(h);
    const { act } = panelPages(h);
    const form = { item: '200', targetKind: 'device-group', target: 'iPads', installMode: 'automatic', licenseType: '' };
    // Assigning shows its preview first: who gets a license and who waits; the page's Confirm posts the form again, confirmed.
    const previewed = await h.settle(act('assignments', 'assign', form));
    expect(previewed).toEqual({ query: { ...typedAssignment(form), preview: 'assign' } });
    const preview = await panelPages(h).render('assignments', { query: previewed.query });
    expect(preview).toContain('Get a license (2)');
    expect(preview).toContain('Wait in the queue (1)');
    expect(preview).toContain('<input type="hidden" name="confirmed" value="yes">');
    expect(inventory.getDevice('d1') && (await licenseFacet(h).cells!('device', [inventory.getDevice('d1')!], 'en'))).toEqual([undefined]);
    const assigned = await h.settle(act('assignments', 'assign', { ...form, confirmed: 'yes' }));
    expect(assigned.flash).toEqual({ kind: 'success', message: 'Assigned: 2 licenses requested, 1 waiting, 0 waiting to enrol, 0 delivered without a license' });

    const licenses = licenseFacet(h);
    const devices = ['d1', 'd2', 'd3'].map((id) => inventory.getDevice(id)!);
    expect(await licenses.cells!('device', devices, 'en')).toEqual(['1 lic. · 0 asg.', '1 lic. · 0 asg.', undefined]);
    expect(await licenses.cells!('device-group', [inventory.getDeviceGroup('ipads')!], 'nl')).toEqual(['2 lic. · 1 toew.']);
    const section = (await licenses.section!('device', 'd1', { principal: ADMIN, language: 'en', query: {}, csrfToken: 'c', url: '/views/host/devices' }))!.value;
    expect(section).toContain('App 200');
    // Assigning to the device, or inviting its user, starts from its page with it filled in.
    expect(section).toContain('href="/views/vpp-apple/assignments?targetKind=device&#38;target=d1">Assign an app or book</a>');
    expect(section).toContain('href="/views/vpp-apple/invitations?kind=device&#38;id=d1">Invite to managed distribution</a>');
    const prefilled = await panelPages(h).render('assignments', { query: { targetKind: 'device', target: 'd1' } });
    expect(prefilled).toMatch(/<option value="device" selected>/);
    // The field names the device as the list offers it, never by its id.
    expect(prefilled).toContain('name="target" type="text" value="iPad d1 · C02D1"');
    const invitations = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v) => v.id === 'invitations')!;
    const invite = (await invitations.render({ principal: ADMIN, language: 'en', query: { kind: 'device', id: 'd1' }, csrfToken: 'c', url: '/views/vpp-apple/invitations' })).body.value;
    expect(invite).toContain('name="id" type="text" value="iPad d1 · C02D1"');
    expect(section).toContain('requested');

    const assignment = assigned.query!.id!;
    const page = await panelPages(h).render('assignments', { query: { id: assignment } });
    expect(page).toContain('#1');
    expect(page).toContain('iPad d3');
  });
});

describe('deleting a token in the panel', () => {
  it('shows what deleting stops and what stays at Apple, deletes only on a confirmation of what was shown, and says what happened', async () => {
    const h = (harness = await startHarness({ server }));
    const { token, inventory } = await officeWithIpads(h);
    const { render, act } = panelPages(h);
    await h.settle(act('assignments', 'assign', { item: '200', targetKind: 'device-group', target: 'iPads', installMode: 'automatic', licenseType: '', confirmed: 'yes' }));

    // Delete leads to the preview; nothing is deleted yet.
    const previewed = await act('tokens', 'delete', {}, {}, { id: token.id });
    expect(previewed).toEqual({ query: { id: token.id, preview: 'delete' } });
    const page = await render('tokens', { query: previewed.query! });
    const heading = (title: string) => `<h4>${title}</h4>`;
    expect(page).toContain('Before you confirm');
    expect(page).toContain(heading('Assignments that stop: nobody gets these apps or books from them any more (1)'));
    expect(page).toContain('<td>Device group · iPads</td><td>App 200</td>');
    expect(page).toContain(heading('Waiting for a license, never served (1)'));
    expect(page).toContain('<td>Device · iPad d3 (C02D3)</td><td>App 200</td>');
    // What stays at Apple comes after what stops, under its own heading.
    expect(page.indexOf('<h3>Stays at Apple, no longer managed here</h3>')).toBeGreaterThan(page.indexOf('<h3>Deleting &#34;Head office&#34; stops</h3>'));
    expect(page).toContain(heading('Licenses that stay assigned at Apple (2)'));
    expect(page).toContain('<td>Device · iPad d1 (C02D1)</td><td>App 200</td></tr><tr><td>Device · iPad d2 (C02D2)</td><td>App 200</td>');
    expect(h.tokens.get(token.id)).toBeDefined();
    // A read-only admin is shown neither the preview nor a button that deletes.
    expect(await render('tokens', { principal: READER, query: previewed.query! })).not.toMatch(/Before you confirm|method="post"/);
    // In Dutch and French, the preview is in the admin's words.
    expect(await render('tokens', { language: 'nl', query: previewed.query! })).toContain(heading('Licenties die bij Apple toegewezen blijven (2)'));
    expect(await render('tokens', { language: 'fr', query: previewed.query! })).toContain(heading('En attente d’une licence, jamais servis (1)'));

    // A confirmation of other consequences than there are now (one more device waits) shows the preview again instead.
    const seen = /name="seen" value="([^"]+)"/.exec(page)![1]!;
    await inventory.saveDevice({ id: 'd4', serialNumber: 'C02D4', platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
    await h.settle(inventory.addMember('device-group', 'ipads', 'd4', ADMIN));
    await expect(act('tokens', 'delete', { confirmed: 'yes', seen }, {}, { id: token.id })).resolves.toEqual({
      flash: { kind: 'error', message: 'What deleting "Head office" does has changed since you looked: check it again, then confirm.' },
      query: { id: token.id, preview: 'delete' },
    });
    expect(h.tokens.get(token.id)).toBeDefined();
    const again = /name="seen" value="([^"]+)"/.exec(await render('tokens', { query: previewed.query! }))![1]!;
    expect(again).toContain('queue-dropped:2');

    const deleted = await h.settle(act('tokens', 'delete', { confirmed: 'yes', seen: again }, {}, { id: token.id }));
    expect(deleted).toEqual({
      flash: { kind: 'success', message: 'Token "Head office" deleted: 3 apps and books left the catalog; 1 assignment stopped; 2 licenses stay assigned at Apple; 2 waiting holders will not be served.' },
    });
    expect(h.tokens.get(token.id)).toBeUndefined();
    // Confirming once more (a second tab) is refused by name on the list.
    await expect(act('tokens', 'delete', { confirmed: 'yes', seen: again }, {}, { id: token.id })).resolves.toEqual({ flash: { kind: 'error', message: `There is no token "${token.id}".` } });
  });
});

describe('distribution policy in the panel', () => {
  it('offers the location defaults on a new assignment, shows the policy on its page, and changes it through a preview', async () => {
    const h = (harness = await startHarness({ server }));
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    await h.settle(h.command('location.set', { token: token.id }, { 'default-policy': '{"preventBackup":true,"onLeftTarget":{"releaseLicense":false}}' }));
    const inventory = h.container.get<Inventory>(Inventory);
    for (const id of ['d1', 'd2']) await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
    await inventory.saveGroup('device-group', { id: 'ipads', name: 'iPads', members: ['d1', 'd2'] }, ADMIN);
    const { act, render } = panelPages(h);
    const form = await render('assignments');
    expect(form).toContain('Ticked as the default policy of Head office says.');
    expect(form).toMatch(/name="policy-preventBackup" type="checkbox" value="yes" checked/);
    expect(form).toMatch(/name="policy-onLeftTarget-releaseLicense" type="checkbox" value="yes">/);
    expect(form).toMatch(/name="policy-onLeftTarget-removeApp" type="checkbox" value="yes" checked/);

    // The admin leaves the defaults, and asks for approval too: the assignment waits for it.
    const fields = { item: '200', targetKind: 'device-group', target: 'iPads', installMode: 'automatic', licenseType: '', policy: 'yes', 'policy-preventBackup': 'yes', 'policy-onLeftTarget-removeApp': 'yes', 'policy-requiresApproval': 'yes', 'policy-groups': '' };
    const assigned = await h.settle(act('assignments', 'assign', { ...fields, confirmed: 'yes' }));
    const id = assigned.query!.id!;
    const assignment = h.container.get(DistributionRuntime).service.getAssignment(id);
    expect(assignment.state).toBe('awaiting-approval');
    expect(assignment.policy).toMatchObject({ preventBackup: true, requiresApproval: true, onLeftTarget: { removeApp: true, releaseLicense: false }, onDeviceUnenrolled: { removeApp: false, releaseLicense: false } });

    const page = await render('assignments', { query: { id } });
    expect(page).toContain('<li>When a member leaves the target: remove the app</li>');
    expect(page).toContain("<li>Prevent backup of the app&#39;s data</li>");
    expect(page).toContain('value="update-policy"');

    // Changing it shows its preview first; nothing changes until Confirm.
    const change = { policy: 'yes', 'policy-onLeftTarget-removeApp': 'yes', 'policy-onLeftTarget-releaseLicense': 'yes', 'policy-groups': '' };
    const previewed = await h.settle(act('assignments', 'update-policy', change, {}, { id }));
    expect(previewed.query).toMatchObject({ id, preview: 'update-policy', 'policy-onLeftTarget-releaseLicense': 'yes' });
    expect(await render('assignments', { query: previewed.query! })).toContain('Before you confirm');
    expect(h.container.get(DistributionRuntime).service.getAssignment(id).policy.preventBackup).toBe(true);
    const done = await h.settle(act('assignments', 'update-policy', { ...change, confirmed: 'yes' }, {}, { id }));
    expect(done.flash).toEqual({ kind: 'success', message: 'No license moved.' });
    expect(h.container.get(DistributionRuntime).service.getAssignment(id).policy).toMatchObject({ preventBackup: false, requiresApproval: false, onLeftTarget: { removeApp: true, releaseLicense: true } });
    // A restriction to a group that does not exist is refused by name, and changes nothing.
    const refused = await h.settle(act('assignments', 'update-policy', { ...change, 'policy-groups': 'Nobody', confirmed: 'yes' }, {}, { id }));
    expect(refused.flash?.kind).toBe('error');
    expect(refused.flash?.message).toContain('"Nobody"');
  });
});

describe('sortable tables', () => {
  it('sorts the catalog by a column either way from its header, and a bad sort keeps the given order', async () => {
    const h = (harness = await startHarness({ server }));
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const { render } = panelPages(h);
    const names = (page: string) => [...page.matchAll(/<tr><td><a href="\/views\/vpp-apple\/catalog\?id=[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    // Column 2 is the total: 10, 2 and 5 licenses.
    expect(names(await render('catalog', { query: { sort: '2', dir: 'asc' } }))).toEqual(['App 200', 'Book 900', 'App 100']);
    const descending = await render('catalog', { query: { sort: '2', dir: 'desc' } });
    expect(names(descending)).toEqual(['App 100', 'Book 900', 'App 200']);
    expect(descending).toContain('aria-sort="descending"');
    expect(descending).toContain('href="/views/vpp-apple/catalog?sort=2&#38;dir=asc"');
    expect(names(await render('catalog', { query: { sort: 'x' } }))).toEqual(names(await render('catalog')));
  });
});

describe('sortable holder tables', () => {
  it("sorts an item's license holders, its queue and the users waiting to enrol before paging, each table by its own parameters", async () => {
    const assets = [{ adamId: '300', productType: 'App' as const, totalCount: 60 }, { adamId: '400', productType: 'App' as const, totalCount: 5 }];
    const h = (harness = await startHarness({ server, locations: [{ ...SMALL_LOCATION, assets: [...SMALL_LOCATION.assets!, ...assets] }] }));
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const two = (i: number) => String(i).padStart(2, '0');
    const devices = Array.from({ length: 70 }, (_, i) => ({ id: `d${two(i)}`, serialNumber: `C02D${two(i)}00`, name: `iPad ${two(i)}`, platform: 'iPadOS' as const, osVersion: '17.2' }));
    const users = ['Ada', 'Cleo', 'Bob'].map((name) => ({ id: name.toLowerCase(), name, email: `${name.toLowerCase()}@example.org` }));
    await h.container.get<Inventory>(Inventory).import({ devices, users, deviceGroups: [{ id: 'ipads', name: 'iPads', members: devices.map((d) => d.id) }], userGroups: [{ id: 'staff', name: 'Staff', members: users.map((u) => u.id) }] }, ADMIN);
    const { act, render } = panelPages(h);
    const assign = (item: string, targetKind: string, target: string) => h.settle(act('assignments', 'assign', { item, targetKind, target, installMode: 'automatic', licenseType: '', confirmed: 'yes' }));
    const toDevices = await assign('300', 'device-group', 'iPads');
    await assign('400', 'user-group', 'Staff');
    const service = h.container.get(DistributionRuntime).service;
    const itemOf = (adamId: string) => `vpp:${token.id}:${adamId}:STDQ`;
    expect(service.getAssignment(toDevices.query!.id!).itemId).toBe(itemOf('300'));

    const between = (page: string, from: string, to: string) => page.slice(page.indexOf(from), to ? page.indexOf(to) : undefined);
    const holders = (page: string) => [...between(page, '<h2>License holders', '<h2>Waiting in line').matchAll(/<tr><td><span class="muted">Device<\/span> · <a [^>]*>([^<]*)<\/a>/g)].map((m) => m[1]);
    const firstPage = await render('catalog', { query: { id: itemOf('300'), 'holders-sort': '0', 'holders-dir': 'desc' } });
    expect(holders(firstPage).slice(0, 3)).toEqual(['iPad 59', 'iPad 58', 'iPad 57']);
    expect(firstPage).toContain('<th scope="col" aria-sort="descending"><a class="sort" href="/views/vpp-apple/catalog?id=' + encodeURIComponent(itemOf('300')) + '&#38;holders-sort=0&#38;holders-dir=asc">Holder ▼</a></th>');
    expect(firstPage).toContain('holders-sort=0&#38;holders-dir=desc&#38;holders=2');
    const secondPage = await render('catalog', { query: { id: itemOf('300'), 'holders-sort': '0', 'holders-dir': 'desc', holders: '2' } });
    expect(holders(secondPage)).toEqual(Array.from({ length: 10 }, (_, i) => `iPad ${two(9 - i)}`));

    // The queue keeps its places: sorted by holder, the last in line comes first with place 10.
    const queue = between(await render('catalog', { query: { id: itemOf('300'), 'queue-sort': '1', 'queue-dir': 'desc' } }), '<h2>Waiting in line', '');
    expect(queue).toMatch(/<tr><td><span class="badge badge-info">#10<\/span><\/td><td><span class="muted">Device<\/span> · <a [^>]*>iPad 69<\/a>/);
    expect(queue.indexOf('iPad 69')).toBeLessThan(queue.indexOf('iPad 60'));

    const waiting = (query: Record<string, string>) => render('catalog', { query: { id: itemOf('400'), ...query } }).then((page) => [...page.matchAll(/<tr><td>(\w+)<\/td><td>\w+@example\.org<\/td>/g)].map((m) => m[1]));
    expect(await waiting({})).toEqual(['Ada', 'Cleo', 'Bob']);
    expect(await waiting({ 'enrolling-sort': '0', 'enrolling-dir': 'asc' })).toEqual(['Ada', 'Bob', 'Cleo']);
    expect(await waiting({ 'enrolling-sort': '1', 'enrolling-dir': 'desc' })).toEqual(['Cleo', 'Bob', 'Ada']);
  });
});

describe('sortable invitations and tokens', () => {
  it('sorts every user of the invitations list by a column before paging, and the tokens list by name', async () => {
    const h = (harness = await startHarness({ server, locations: [SMALL_LOCATION, SCHOOL_LOCATION] }));
    for (const [index, name] of ['Head office', 'School'].entries()) await h.settle(h.tokens.add({ name, file: h.handles[index]!.sToken }, ADMIN));
    const two = (i: number) => String(i).padStart(2, '0');
    // Emails run the other way round from names.
    await h.container.get<Inventory>(Inventory).import({ users: Array.from({ length: 55 }, (_, i) => ({ id: `u${two(i)}`, name: `User ${two(i)}`, email: `m${two(54 - i)}@example.org` })) }, ADMIN);
    const invitations = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v) => v.id === 'invitations')!;
    const render = async (query: Record<string, string>) => (await invitations.render({ principal: ADMIN, language: 'en', query, csrfToken: 'c', url: '/views/vpp-apple/invitations' })).body.value;
    const names = (page: string) => [...page.matchAll(/<tr><td>(User \d\d) <span class="muted">/g)].map((m) => m[1]);
    expect(names(await render({})).slice(0, 2)).toEqual(['User 00', 'User 01']);
    const first = await render({ sort: '3', dir: 'asc' });
    expect(names(first).slice(0, 2)).toEqual(['User 54', 'User 53']);
    expect(first).toContain('aria-sort="ascending"');
    expect(first).toMatch(/<input type="hidden" name="sort" value="3">\s*<input type="hidden" name="dir" value="asc">/);
    expect(names(await render({ sort: '3', dir: 'asc', page: '2' }))).toEqual(['User 04', 'User 03', 'User 02', 'User 01', 'User 00']);

    const tokenNames = (page: string) => [...page.matchAll(/<tr><td><a href="\/views\/vpp-apple\/tokens\?id=[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(tokenNames(await panelPages(h).render('tokens'))).toEqual(['Head office', 'School']);
    expect(tokenNames(await panelPages(h).render('tokens', { query: { sort: '0', dir: 'desc' } }))).toEqual(['School', 'Head office']);
  });
});

describe('picking an item', () => {
  it('offers each item by name and location, refuses a name at several locations by listing them, and takes the one picked', async () => {
    const clips = { adamId: '1212699939', productType: 'App' as const, totalCount: 5, name: 'Clips' };
    const h = (harness = await startHarness({ server, locations: [{ ...SMALL_LOCATION, assets: [...SMALL_LOCATION.assets!, clips] }, { ...SCHOOL_LOCATION, assets: [clips] }] }));
    for (const [index, name] of ['Head office', 'School'].entries()) {
      const token = await h.settle(h.tokens.add({ name, file: h.handles[index]!.sToken }, ADMIN));
      await h.settle(h.sync.sync(token.id));
    }
    const inventory = h.container.get<Inventory>(Inventory);
    await inventory.saveDevice({ id: 'd1', serialNumber: 'C02D1', platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
    const { render, act } = panelPages(h);
    const form = await render('assignments');
    expect(form).toContain('<option value="Clips · Head office">');
    expect(form).toContain('<option value="Clips · School">');
    expect(form).not.toMatch(/<option value="vpp:/);

    const typed = { item: 'Clips', targetKind: 'device', target: 'd1', installMode: 'automatic', licenseType: '' };
    const refused = await h.settle(act('assignments', 'assign', typed));
    expect(refused.flash).toEqual({ kind: 'error', message: 'Refused: "Clips" is at several locations: "Clips · Head office", "Clips · School". Pick one from the list.', field: 'item' });

    const picked = await h.settle(act('assignments', 'assign', { ...typed, item: 'Clips · School', confirmed: 'yes' }));
    // Assigning it again is refused in the admin's language.
    const views = h.container.get(VppPanelViews).views;
    const again = await h.settle(
      views.find((v) => v.id === 'assignments')!.handleAction!({ principal: ADMIN, language: 'nl', query: {}, csrfToken: 'c', url: '/views/vpp-apple/assignments', action: 'assign', form: { ...typed, item: 'Clips · School' }, files: {} }),
    );
    expect(again.flash).toEqual({ kind: 'error', message: 'Geweigerd: Clips is al aan dit doel toegewezen' });
    const assignment = h.container.get(DistributionRuntime).service.getAssignment(picked.query!.id!);
    expect(assignment.itemId).toBe(`vpp:${h.tokens.list().find((t) => t.name === 'School')!.id}:1212699939:STDQ`);
  });
});


describe('picking a target', () => {
  it('lists the chosen kind by name with its kind, refuses a name two devices share with their serial numbers, and takes the one picked', async () => {
    const h = (harness = await startHarness({ server }));
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const inventory = h.container.get<Inventory>(Inventory);
    await inventory.import(
      {
        devices: [
          { id: 'cart-1', serialNumber: 'SNCART1', name: 'Cart iPad', platform: 'iPadOS', osVersion: '17.2' },
          { id: 'cart-2', serialNumber: 'SNCART2', name: 'Cart iPad', platform: 'iPadOS', osVersion: '17.2' },
        ],
        deviceGroups: [{ id: 'grp-carts', name: 'Carts', members: ['cart-1', 'cart-2'] }],
        userGroups: [{ id: 'grp-staff', name: 'Staff', members: [] }],
      },
      ADMIN,
    );
    const { render, act } = panelPages(h);
    // The list the target field offers: the chosen kind's (each kind's list is drawn for the page's script to switch to).
    const list = (page: string, id = /id="field-target" [^>]*list="([^"]+)"/.exec(page)?.[1]) => new RegExp(`<datalist id="${id}">(.*?)</datalist>`, 's').exec(page)?.[1] ?? '';
    const datalist = (page: string) => list(page);

    // Device groups by default: their names with the kind beside them; the user group is not offered.
    const groups = datalist(await render('assignments'));
    expect(groups).toContain('<option value="Carts" label="Device group">Device group</option>');
    expect(groups).not.toContain('Staff');
    expect(groups).not.toContain('grp-');
    expect(list(await render('assignments'), 'field-target-list-user-group')).toContain('<option value="Staff" label="User group">User group</option>');
    const devices = datalist(await render('assignments', { language: 'nl', query: { targetKind: 'device' } }));
    expect(devices).toContain('<option value="Cart iPad · SNCART1" label="Apparaat">Apparaat</option>');
    expect(devices).toContain('<option value="Cart iPad · SNCART2" label="Apparaat">Apparaat</option>');
    expect(devices).not.toContain('cart-');

    const item = (await render('assignments')).match(/<option value="([^"]+ · Head office)">/)![1]!;
    const typed = { item, targetKind: 'device', target: 'Cart iPad', installMode: 'automatic', licenseType: '' };
    const refused = await h.settle(act('assignments', 'assign', typed));
    expect(refused.flash).toEqual({
      kind: 'error',
      message: 'Refused: More than one device is called "Cart iPad": "Cart iPad · SNCART1", "Cart iPad · SNCART2". Pick one from the list.',
      field: 'target',
    });
    expect(refused.flash!.message).not.toMatch(/cart-\d/);

    const picked = await h.settle(act('assignments', 'assign', { ...typed, target: 'Cart iPad · SNCART2', confirmed: 'yes' }));
    expect(picked.flash?.kind).toBe('success');
    expect(h.container.get(DistributionRuntime).service.getAssignment(picked.query!.id!).target).toEqual({ kind: 'device', id: 'cart-2' });
    const group = await h.settle(act('assignments', 'assign', { ...typed, targetKind: 'device-group', target: 'Carts', confirmed: 'yes' }));
    expect(h.container.get(DistributionRuntime).service.getAssignment(group.query!.id!).target).toEqual({ kind: 'device-group', id: 'grp-carts' });
  });
});
