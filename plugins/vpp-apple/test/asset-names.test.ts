// Names of VPP apps and books: looked up at the store during sync, shown by the catalog, CLI and panel, and
// accepted (with the adamId) wherever an item is named, within a chosen location.
import { describe, expect, it } from 'vitest';
import { HostError, Inventory, ViewContribution, type PanelView } from '@vpp-host/api';
import type { LocationSpec } from '../src/simulator/index.js';
import { ADMIN, SCHOOL_LOCATION, SMALL_LOCATION, useHarness, type StartedHarness } from './harness.js';

const HEAD: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 10, name: 'Pages', bundleId: 'com.example.pages', artistName: 'Example Inc.' },
    { adamId: '200', productType: 'App', totalCount: 2, name: 'Keynote', bundleId: 'com.example.keynote' },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Hamlet', artistName: 'William Shakespeare' },
    // Licensed, but unknown to the store.
    { adamId: '150', productType: 'App', totalCount: 3 },
  ],
};

const SCHOOL: LocationSpec = {
  ...SCHOOL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 4, name: 'Pages', bundleId: 'com.example.pages' },
    // Another app that happens to carry the same name as 200.
    { adamId: '300', productType: 'App', totalCount: 4, name: 'Keynote', bundleId: 'org.example.keynote' },
  ],
};

const startHarness = useHarness();

async function withHeadOffice(): Promise<{ h: StartedHarness; tokenId: string }> {
  const h = await startHarness({ locations: [HEAD] });
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  return { h, tokenId: token.id };
}

const lookups = (h: StartedHarness) => h.simulator.requests.filter((r) => r.path === 'contentMetadataLookup');
const asset = (h: StartedHarness, tokenId: string, adamId: string) => h.catalog.asset(tokenId, { adamId, pricingParam: 'STDQ' });

function catalogPanel(h: StartedHarness): PanelView {
  return h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'catalog')!;
}

describe('names of apps and books', () => {
  it('sync stores the names and bundle ids the store gives on the asset records', async () => {
    const { h, tokenId } = await withHeadOffice();
    expect(asset(h, tokenId, '100')).toMatchObject({ name: 'Pages', bundleId: 'com.example.pages', totalCount: 10 });
    expect(asset(h, tokenId, '900')).toMatchObject({ name: 'Hamlet', productType: 'Book' });
    expect(asset(h, tokenId, '900')).not.toHaveProperty('bundleId');
    expect(asset(h, tokenId, '150')).not.toHaveProperty('name');
    expect(lookups(h).map((r) => r.httpStatus)).toEqual([200]);
  });

  it('the catalog, its CLI table and the panel show the names with the adamId beside them', async () => {
    const { h } = await withHeadOffice();
    const catalog = await h.command('catalog', {}, { kind: 'vpp-app' });
    const items = catalog.data as Array<{ name: string; bundleId?: string; vpp: { adamId: string } }>;
    expect(items.map((i) => [i.vpp.adamId, i.name, i.bundleId]).sort()).toEqual([
      ['100', 'Pages', 'com.example.pages'],
      ['150', 'App 150', undefined],
      ['200', 'Keynote', 'com.example.keynote'],
    ]);
    const { rows } = catalog.table!;
    // The headers as the CLI prints them.
    const columns = catalog.table!.columns.map((column) => String(column).toUpperCase());
    const row = rows.find((r) => r[columns.indexOf('NAME')] === 'Pages')!;
    expect(row[columns.indexOf('ADAM ID')]).toBe('100');

    const request = { principal: ADMIN, language: 'en', query: {}, csrfToken: 'token', url: '/views/vpp-apple/catalog' };
    const page = (await catalogPanel(h).render(request)).body.value;
    expect(page).toMatch(/>Pages<\/a> <span class="muted nowrap">100<\/span>/);
    expect(page).toMatch(/>Hamlet<\/a> <span class="muted nowrap">900<\/span>/);
    const id = items.find((i) => i.name === 'Pages')!;
    const itemPage = await catalogPanel(h).render({ ...request, query: { id: (id as unknown as { id: string }).id } });
    expect(itemPage.title).toBe('Pages');
    expect(itemPage.body.value).toContain('<code>com.example.pages</code>');
  });

  it('incremental syncs look up only assets without a name; a full sync refreshes every name', async () => {
    const { h, tokenId } = await withHeadOffice();
    h.simulator.renameInStore('100', 'Pages for Teams');
    const summary = await h.settle(h.sync.sync(tokenId));
    expect(summary.kind).toBe('incremental');
    // 150 still has no name, so it is asked for again; 100 has one and keeps it.
    expect(lookups(h)).toHaveLength(2);
    expect(asset(h, tokenId, '100')?.name).toBe('Pages');

    await h.settle(h.sync.sync(tokenId, { full: true }));
    expect(asset(h, tokenId, '100')?.name).toBe('Pages for Teams');
    expect(asset(h, tokenId, '200')?.name).toBe('Keynote');
  });

  it('a failed lookup does not fail the sync: the stored names stay and a warning says why', async () => {
    const { h, tokenId } = await withHeadOffice();
    h.simulator.renameInStore('100', 'Pages for Teams');
    h.simulator.injectFault({ kind: 'internal-error' }, { path: 'contentMetadataLookup', times: 5 });
    const summary = await h.settle(h.sync.sync(tokenId, { full: true }));
    expect(summary).toMatchObject({ kind: 'full', assets: 4 });
    expect(h.sync.state(tokenId)).toMatchObject({ status: 'completed' });
    expect(asset(h, tokenId, '100')).toMatchObject({ name: 'Pages', bundleId: 'com.example.pages' });
    expect(h.logs.some((line) => line.level === 'warn' && line.message.startsWith('Could not look up the names of apps and books'))).toBe(true);
  });

  it('a first sync whose lookup fails still stores the assets, shown as "App <adamId>" until a later sync names them', async () => {
    const h = await startHarness({ locations: [HEAD] });
    // Before the token is added: its first sync starts with the add, and every lookup fails until the fault is cleared.
    h.simulator.injectFault({ kind: 'unavailable' }, { path: 'contentMetadataLookup', times: 1000 });
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    expect(asset(h, token.id, '100')).toMatchObject({ totalCount: 10 });
    expect(asset(h, token.id, '100')).not.toHaveProperty('name');
    const names = async () => ((await h.command('catalog', {}, { kind: 'vpp-app' })).data as Array<{ name: string }>).map((i) => i.name).sort();
    expect(await names()).toEqual(['App 100', 'App 150', 'App 200']);
    h.simulator.clearFaults();
    await h.settle(h.sync.sync(token.id));
    expect(await names()).toEqual(['App 150', 'Keynote', 'Pages']);
  });
});

describe('naming an item by adamId or name', () => {
  async function twoLocations() {
    const h = await startHarness({ locations: [HEAD, SCHOOL] });
    const head = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    const school = await h.settle(h.tokens.add({ name: 'School', file: h.handles[1]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(head.id));
    await h.settle(h.sync.sync(school.id));
    const inventory = h.container.get<Inventory>(Inventory);
    for (const id of ['d1', 'd2']) await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
    await inventory.saveGroup('device-group', { id: 'ipads', name: 'iPads', members: ['d1', 'd2'] }, ADMIN);
    return { h, head, school };
  }

  const refusal = (h: StartedHarness, promise: Promise<unknown>) => h.settle(promise.then(() => undefined, (error: unknown) => error as HostError));

  it('refuses a name or adamId found at several locations, listing the candidates, and changes nothing', async () => {
    const { h, head, school } = await twoLocations();
    const byName = await refusal(h, h.command('assign', { item: 'Keynote', target: 'ipads' }, { to: 'device-group' }));
    expect(byName).toMatchObject({ status: 400, code: 'bad_input' });
    expect(byName!.message).toContain('"Keynote" names 2 catalog items');
    expect(byName!.message).toContain('Keynote (200, Head office)');
    expect(byName!.message).toContain('Keynote (300, School)');
    expect((byName!.details as { candidates: Array<{ id: string; location: string }> }).candidates).toEqual([
      expect.objectContaining({ id: `vpp:${head.id}:200:STDQ`, adamId: '200', location: 'Head office', bundleId: 'com.example.keynote' }),
      expect.objectContaining({ id: `vpp:${school.id}:300:STDQ`, adamId: '300', location: 'School' }),
    ]);
    const byAdamId = await h.route('POST', '/assignments', { body: { item: '100', target: { kind: 'device-group', id: 'ipads' } } });
    expect(byAdamId).toMatchObject({ status: 400, body: { error: 'bad_input', message: expect.stringContaining('"100" names 2 catalog items') } });
    expect((await h.command('assignment.list')).data).toEqual([]);
  });

  it('takes the name or adamId within the location given by token id or name, in the CLI and over REST', async () => {
    const { h, head, school } = await twoLocations();
    const cli = await h.command('assign', { item: 'Keynote', target: 'ipads' }, { to: 'device-group', token: 'Head office' });
    expect((cli.data as { assignment: { itemId: string } }).assignment.itemId).toBe(`vpp:${head.id}:200:STDQ`);
    const rest = await h.route('POST', '/assignments', { body: { item: '100', tokenId: school.id, target: { kind: 'device-group', id: 'ipads' } } });
    expect(rest).toMatchObject({ status: 201, body: { assignment: { itemId: `vpp:${school.id}:100:STDQ` } } });
    const byBundleId = await h.command('queue', { item: 'org.example.keynote' });
    expect((byBundleId.data as { item: { name: string; vpp: { tokenId: string } } }).item).toMatchObject({ name: 'Keynote', vpp: { tokenId: school.id } });
    const queue = await h.command('queue', { item: 'Keynote' }, { token: school.id });
    expect(queue.text).toMatch(/^Keynote \(300\): /);
    const queued = await h.route('GET', '/queue/:item', { params: { item: 'Pages' }, query: { tokenId: 'Head office' } });
    expect(queued).toMatchObject({ status: 200, body: { item: { name: 'Pages', vpp: { tokenId: head.id, adamId: '100' } } } });
  });

  it('refuses an unknown item with similar names as candidates, an unknown token, and an id from another location', async () => {
    const { h, head, school } = await twoLocations();
    const unknown = await refusal(h, h.command('queue', { item: 'Page' }, { token: school.id }));
    expect(unknown).toMatchObject({ status: 400, message: expect.stringMatching(/^No catalog item "Page" at School; did you mean Pages \(100, School\)/) });
    expect((unknown!.details as { candidates: unknown[] }).candidates).toHaveLength(1);
    const noToken = await h.route('POST', '/revocations', { body: { item: 'Pages', tokenId: 'Nowhere' } });
    expect(noToken).toMatchObject({ status: 400, body: { message: 'No token "Nowhere": give a token\'s id or name' } });
    const elsewhere = await refusal(h, h.command('revoke', { item: `vpp:${head.id}:100:STDQ` }, { token: 'School' }));
    expect(elsewhere).toMatchObject({ status: 400, message: `vpp:${head.id}:100:STDQ (Pages) is at Head office, not at School` });
  });
});
