// Locations in priority order with fallback, in the real plugin: one app bought at three locations, its licenses
// taken from the first location that has one and admits the holder, the queue spanning them first come first served.
import { describe, expect, it } from 'vitest';
import { Inventory, Messages, type HostError, type InventorySnapshot, type ViewActionRequest, type ViewRequest } from '@vpp-host/api';
import type { LocationSpec } from '../simulator/index.js';
import type { AssignmentRecord, DistributionSummary, LicenseAccount } from '../../api/index.js';
import { ADMIN, SMALL_LOCATION, useHarness, type StartedHarness } from '../../test/harness.js';
import { VppPanelViews } from '../panel/bind-panel.js';
import { DistributionRuntime } from './distribution-runtime.js';

const place = (uId: string, locationName: string, assets: LocationSpec['assets']): LocationSpec => ({ ...SMALL_LOCATION, uId, locationName, assets, users: [], assignments: [] });
const APP = { adamId: '100', productType: 'App' as const, totalCount: 2, name: 'Pages' };
const LOCATIONS = [
  place('3001', 'Amsterdam', [APP]),
  place('3002', 'Brussels', [APP]),
  place('3003', 'Calais', [APP]),
  place('3004', 'Dover', [{ adamId: '300', productType: 'App', totalCount: 2, name: 'Keynote' }]),
];
const DEVICES = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7'];

/** Devices d1…d7 of users u1…u7 in one device group, in that order; u3 and u6 are in the north group. */
const INVENTORY: InventorySnapshot = {
  users: DEVICES.map((_, i) => ({ id: `u${i + 1}`, name: `User ${i + 1}`, email: `u${i + 1}@example.com` })),
  userGroups: [{ id: 'north', name: 'North', members: ['u3', 'u6'] }],
  devices: DEVICES.map((id, i) => ({ id, serialNumber: `SER${i + 1}`, platform: 'iPadOS' as const, osVersion: '17.2', ownerUserId: `u${i + 1}` })),
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: DEVICES }],
};

const startHarness = useHarness();

interface World {
  readonly h: StartedHarness;
  /** Token ids by location name. */
  readonly token: Record<string, string>;
  readonly item: (location: string) => string;
}

/** Three locations holding the app (Brussels licenses only the north group), and Dover, which does not hold it. */
async function world(): Promise<World> {
  const h = await startHarness({ locations: LOCATIONS });
  await h.container.get<Inventory>(Inventory).import(INVENTORY, ADMIN);
  const token: Record<string, string> = {};
  for (const [i, spec] of LOCATIONS.entries()) {
    const added = await h.settle(h.tokens.add({ name: spec.locationName, file: h.handles[i]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(added.id, { full: true }));
    token[spec.locationName] = added.id;
  }
  await h.command('location.set', { token: 'Brussels' }, { 'restrict-to-group': 'north' });
  return { h, token, item: (location) => `vpp:${token[location]}:100:STDQ` };
}

const ORDER = ['Amsterdam', 'Brussels', 'Calais'];
const assignBody = (w: World, extra: Record<string, unknown> = {}) => ({ item: w.item('Amsterdam'), target: { kind: 'device-group', id: 'ipads' }, locations: ORDER, ...extra });

/** Who holds a license now, and at which location (by name). */
async function holders(w: World): Promise<Record<string, string>> {
  const byToken = Object.fromEntries(Object.entries(w.token).map(([name, id]) => [id, name]));
  const ledger = (await w.h.route('GET', '/licenses', { query: { limit: '1000' } })).body as { items: Array<{ holderId: string; tokenId: string; state: string }> };
  return Object.fromEntries(ledger.items.filter((l) => l.state === 'requested' || l.state === 'confirmed').map((l) => [l.holderId, byToken[l.tokenId]!]).sort());
}

const sources = (account: LicenseAccount) => [...account.granted.lines, ...account.served.lines].map((line) => [line.holder.id, line.item.location]);

describe('locations in priority order with fallback', () => {
  it('serves holders from the first location that has a license and admits them, previews where each comes from, and queues the rest', async () => {
    const w = await world();
    const preview = await w.h.route('POST', '/assignments', { body: assignBody(w), query: { dryRun: 'true' } });
    expect(preview.status).toBe(200);
    const previewed = preview.body as DistributionSummary;
    // Brussels admits only the north group (u3, u6): d4 and d5 fall through to Calais.
    const expected = [
      ['d1', 'Amsterdam'],
      ['d2', 'Amsterdam'],
      ['d3', 'Brussels'],
      ['d4', 'Calais'],
      ['d5', 'Calais'],
      ['d6', 'Brussels'],
    ];
    expect(sources(previewed.account)).toEqual(expected);
    expect(previewed.account.queued.lines.map((line) => [line.holder.id, line.position])).toEqual([['d7', 1]]);
    // The CLI's --dry-run lists the same, each license with its location.
    const cli = await w.h.command('assign', { item: w.item('Amsterdam'), target: 'ipads' }, { to: 'device-group', location: ORDER as unknown as string, 'dry-run': true });
    const rows = cli.table!.rows.map((row) => `${row[1]} ${row[2]}`);
    expect(rows).toEqual(expect.arrayContaining(['device SER3 Pages @ Brussels', 'device SER4 Pages @ Calais', 'device SER1 Pages @ Amsterdam']));
    expect(await holders(w)).toEqual({});

    const done = (await w.h.route('POST', '/assignments', { body: assignBody(w) })).body as DistributionSummary;
    expect(done).toMatchObject({ licensed: 6, queued: 1, assignment: { locations: [w.token.Amsterdam, w.token.Brussels, w.token.Calais] } });
    expect(sources(done.account)).toEqual(expected);
    expect(await holders(w)).toEqual(Object.fromEntries(expected));

    // Each license was associated at its own location, with that location's token: Apple counts two at each.
    await w.h.until(async () => LOCATIONS.slice(0, 3).every((spec) => w.h.simulator.location(spec.uId).findAsset('100')!.assignedCount === 2));
    const serialsAt = (uId: string) => w.h.simulator.location(uId).assignments.all().map((a) => a.serialNumber).sort();
    expect([serialsAt('3001'), serialsAt('3002'), serialsAt('3003')]).toEqual([['SER1', 'SER2'], ['SER3', 'SER6'], ['SER4', 'SER5']]);
    const queue = (await w.h.route('GET', '/queue/:item', { params: { item: w.item('Amsterdam') } })).body as { waiting: Array<{ holder: string }> };
    expect(queue.waiting.map((entry) => entry.holder)).toEqual(['device:d7']);
  });

  it('changing the order moves no license; a license freed anywhere serves the queue by the new order; a holder leaving gives back its location\'s license', async () => {
    const w = await world();
    const { assignment } = (await w.h.route('POST', '/assignments', { body: assignBody(w) })).body as DistributionSummary;
    const before = await holders(w);

    const reordered = await w.h.route('PATCH', '/assignments/:id', { params: { id: assignment.id }, body: { locations: ['Calais', 'Brussels', 'Amsterdam'] } });
    expect(reordered.status).toBe(200);
    expect((reordered.body as { assignment: AssignmentRecord }).assignment.locations).toEqual([w.token.Calais, w.token.Brussels, w.token.Amsterdam]);
    expect(await holders(w)).toEqual(before);
    // A migration bundle of Amsterdam carries the order by Apple's library ids, which name the locations in any product.
    const exported = await w.h.route('POST', '/migration/export', { body: { token: 'Amsterdam' } });
    const bundle = JSON.parse(Buffer.from(exported.body as Uint8Array).toString('utf8')) as { assignments: Array<{ locations?: string[] }> };
    expect(bundle.assignments.map((entry) => entry.locations)).toEqual([['3003', '3002', '3001']]);

    // d1's Amsterdam license is revoked: d7, first in the queue, takes it (Calais and Brussels have none left).
    const revoked = await w.h.route('POST', '/revocations', { body: { item: w.item('Amsterdam'), target: { kind: 'device', id: 'd1' } } });
    expect(revoked.status).toBe(200);
    expect(await holders(w)).toMatchObject({ d7: 'Amsterdam' });
    expect(await holders(w)).not.toHaveProperty('d1');

    // d6 leaves the group: the Brussels license it took through the order goes back.
    await w.h.container.get<Inventory>(Inventory).removeMember('device-group', 'ipads', 'd6', ADMIN);
    await w.h.until(async () => !('d6' in (await holders(w))));
    const ledger = (await w.h.route('GET', '/licenses', { query: { holder: 'd6' } })).body as { items: Array<{ tokenId: string; state: string; releaseCause?: string }> };
    expect(ledger.items[0]).toMatchObject({ tokenId: w.token.Brussels, releaseCause: 'left-target' });
  });

  it('keeps a holder waiting while one of its locations admits it, and lets it go once none does', async () => {
    const w = await world();
    await w.h.route('POST', '/assignments', { body: assignBody(w) });
    const waiting = async () => ((await w.h.route('GET', '/queue/:item', { params: { item: w.item('Amsterdam') } })).body as { waiting: Array<{ holder: string }> }).waiting.map((entry) => entry.holder);
    expect(await waiting()).toEqual(['device:d7']);
    // d7's user is not in the north group: Calais still admits anyone.
    await w.h.command('location.set', { token: 'Amsterdam' }, { 'restrict-to-group': 'north' });
    expect(await waiting()).toEqual(['device:d7']);
    await w.h.command('location.set', { token: 'Calais' }, { 'restrict-to-group': 'north' });
    expect(await waiting()).toEqual([]);
    // Licenses already held stay.
    expect(await holders(w)).toMatchObject({ d4: 'Calais', d5: 'Calais' });
  });

  it('refuses an unknown location, one that does not hold the item, a duplicate, an empty order or one without the item\'s own location, naming the field; nothing changes', async () => {
    const w = await world();
    const refusals: Array<[unknown, RegExp]> = [
      [['Amsterdam', 'Nowhere'], /^locations: no location "Nowhere"/],
      [['Amsterdam', 'Dover'], /^locations: Dover does not hold Pages/],
      [['Amsterdam', 'Brussels', w.token.Amsterdam], /^locations: Amsterdam is listed twice/],
      [[], /^locations: give at least one location/],
      [['Brussels', 'Calais'], /^locations: the order must include Amsterdam/],
    ];
    for (const [locations, message] of refusals) {
      const answer = await w.h.route('POST', '/assignments', { body: assignBody(w, { tokenId: 'Amsterdam', locations }) });
      expect(answer.status).toBe(400);
      expect((answer.body as { message: string }).message).toMatch(message);
    }
    expect((await w.h.route('GET', '/assignments')).body).toMatchObject({ items: [] });
    expect(await holders(w)).toEqual({});

    // Changing an order is checked the same way, and a refused change leaves the assignment as it was.
    const { assignment } = (await w.h.route('POST', '/assignments', { body: assignBody(w) })).body as DistributionSummary;
    const duplicate = await w.h.route('PATCH', '/assignments/:id', { params: { id: assignment.id }, body: { locations: ['Calais', 'Calais'] } });
    expect(duplicate.status).toBe(400);
    expect((await w.h.route('GET', '/assignments')).body).toMatchObject({ items: [{ id: assignment.id, locations: assignment.locations }] });

    // The CLI says it in the admin's language.
    const refused = (await w.h
      .command('assign', { item: w.item('Amsterdam'), target: 'ipads' }, { to: 'device-group', location: ['Amsterdam', 'Dover'] as unknown as string, 'dry-run': true })
      .catch((error: unknown) => error)) as HostError;
    const messages = w.h.container.get<Messages>(Messages);
    expect([messages.say(refused, 'nl'), messages.say(refused, 'fr')]).toEqual(['locations: Dover heeft Pages niet', 'locations : Dover ne détient pas Pages']);
  });

  it('the panel sets the order on the assign form, previews where each holder\'s license comes from, and shows and changes the order on the assignment\'s page', async () => {
    const w = await world();
    const view = w.h.container.get(VppPanelViews).views.find((v) => v.id === 'assignments')!;
    const request = (query: Record<string, string>): ViewRequest => ({ principal: ADMIN, language: 'en', query, csrfToken: 'csrf-1', url: '/views/vpp-apple/assignments' });
    const render = async (query: Record<string, string>) => (await view.render(request(query))).body.value;
    const act = (action: string, form: Record<string, string>, query: Record<string, string> = {}) => view.handleAction!({ ...request(query), action, form, files: {} } satisfies ViewActionRequest);
    expect(await render({})).toContain('Licenses from (locations in priority order, names comma-separated)');

    const typed = { item: w.item('Amsterdam'), targetKind: 'device-group', target: 'iPads', installMode: 'automatic', locations: 'Amsterdam, Brussels, Calais' };
    const previewed = await act('assign', typed);
    const preview = await render(previewed.query as Record<string, string>);
    for (const location of ['Amsterdam', 'Brussels', 'Calais']) expect(preview).toContain(`Pages · ${location}`);
    expect(await holders(w)).toEqual({});

    const made = await act('assign', { ...typed, confirmed: 'yes' });
    const id = (made.query as { id: string }).id;
    expect(await holders(w)).toMatchObject({ d3: 'Brussels', d4: 'Calais' });
    const page = await render({ id });
    expect(page).toContain('Amsterdam → Brussels → Calais');
    // Each holder's row names the location its license comes from.
    expect(page).toMatch(/SER3<\/a><\/td><td>Brussels<\/td>/);
    expect(page).toMatch(/SER4<\/a><\/td><td>Calais<\/td>/);

    // Reordering: first its preview (nothing changes), then the change; no license moves.
    const before = await holders(w);
    const reorder = await act('update-locations', { locations: 'Calais, Amsterdam, Brussels' }, { id });
    expect(reorder.query).toMatchObject({ id, preview: 'update-locations', locations: 'Calais, Amsterdam, Brussels' });
    expect(w.h.container.get(DistributionRuntime).service.getAssignment(id).locations).toEqual([w.token.Amsterdam, w.token.Brussels, w.token.Calais]);
    await act('update-locations', { locations: 'Calais, Amsterdam, Brussels', confirmed: 'yes' }, { id });
    expect(await render({ id })).toContain('Calais → Amsterdam → Brussels');
    expect(await holders(w)).toEqual(before);
  });
});
