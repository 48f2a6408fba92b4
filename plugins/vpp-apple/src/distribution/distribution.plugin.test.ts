// Distribution inside the real plugin and host: token, sync, inventory, then the CLI commands and REST routes.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Inventory, ViewContribution, type PanelView } from '@vpp-host/api';
import { ADMIN, SMALL_LOCATION, startHarness, type Harness } from '../../test/harness.js';
import type { LicenseRecord } from './model.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
  server.resetHandlers();
});

describe('distribution in the vpp-apple plugin', () => {
  it('assigns, queues, revokes and shows the ledger through commands and REST', async () => {
    const h = (harness = await startHarness({ server }));
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const inventory = h.container.get<Inventory>(Inventory);
    for (const id of ['d1', 'd2', 'd3']) {
      await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
      await h.clock.advance(1000);
    }
    await inventory.saveGroup('device-group', { id: 'ipads', name: 'iPads', members: ['d1', 'd2', 'd3'] }, ADMIN);

    const catalog = await h.command('catalog', {}, { kind: 'vpp-app' });
    const app = (catalog.data as Array<{ id: string; vpp: { adamId: string }; counts: { total: number; available: number } }>).find((i) => i.vpp.adamId === '200')!;
    expect(app.counts).toMatchObject({ total: 2, available: 2 });

    const assigned = await h.command('assign', { item: '200', target: 'ipads' }, { to: 'device-group', reason: 'pilot' });
    expect(assigned.text).toContain('2 license(s) requested, 1 waiting in the queue');
    const queue = await h.command('queue', { item: app.id });
    expect((queue.data as { waiting: Array<{ holder: string }> }).waiting.map((w) => w.holder)).toEqual(['device:d3']);

    const confirmed = async () => ((await h.command('ledger', { item: '200' }, { state: 'confirmed' })).data as { total: number }).total === 2;
    await h.until(confirmed);
    const location = h.simulator.location(SMALL_LOCATION.uId);
    expect(location.findAsset('200')!.assignedCount).toBe(2);

    const revoked = await h.route('POST', '/revocations', { body: { item: app.id, target: { kind: 'device', id: 'd1' }, reason: 'returned' } });
    expect(revoked.body).toMatchObject({ revoked: 1 });
    await h.until(async () => location.holds({ adamId: '200', pricingParam: 'STDQ' }, { serialNumber: 'C02D3' }));
    expect(location.holds({ adamId: '200', pricingParam: 'STDQ' }, { serialNumber: 'C02D1' })).toBe(false);
    const ledger = (await h.route('GET', '/licenses', { query: { item: app.id } })).body as { items: LicenseRecord[] };
    expect(ledger.items.find((l) => l.holderId === 'd1')).toMatchObject({ state: 'released', releaseCause: 'revoked' });

    const book = await h.route('POST', '/assignments', { body: { item: '900', target: { kind: 'device', id: 'd2' } } });
    expect(book).toMatchObject({ status: 400, body: { error: 'bad_input', message: 'VPP books can only be assigned to users or user groups' } });
    const listed = await h.command('assignment.list');
    expect((listed.data as unknown[]).length).toBe(1);

    // The catalog page shows the counts, and the item's page its holders and queue with places.
    const panel = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'catalog')!;
    const request = { principal: ADMIN, language: 'en', query: {}, csrfToken: 'token', url: '/views/vpp-apple/catalog' };
    const catalogPage = (await panel.render(request)).body.value;
    expect(catalogPage).toContain('App 200');
    const itemPage = (await panel.render({ ...request, query: { id: app.id } })).body.value;
    expect(itemPage).toContain('0 of 2 available');
    expect(itemPage).toContain('C02D3');
  });

  it('assigns to all devices less an excluded group, changes and uninstalls through the CLI and REST', async () => {
    const h = (harness = await startHarness({ server }));
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const inventory = h.container.get<Inventory>(Inventory);
    for (const id of ['d1', 'd2', 'd3']) {
      await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
      await h.clock.advance(1000);
    }
    await inventory.saveGroup('device-group', { id: 'spares', name: 'Spares', members: ['d3'] }, ADMIN);
    const held = async () =>
      ((await h.route('GET', '/licenses', { query: { item: '100' } })).body as { items: LicenseRecord[] }).items
        .filter((l) => l.state === 'requested' || l.state === 'confirmed')
        .map((l) => l.holderId)
        .sort();

    const options = { to: 'all-devices', exclude: ['device-group:spares'] } as unknown as Record<string, string>;
    const assigned = await h.command('assign', { item: '100' }, options);
    expect(assigned.text).toContain('2 license(s) requested');
    const listed = await h.command('assignment.list');
    expect(listed.table!.rows[0]).toEqual(expect.arrayContaining(['all-devices all', 'device-group spares']));
    expect(await held()).toEqual(['d1', 'd2']);
    const id = (assigned.data as { assignment: { id: string } }).assignment.id;

    await expect(h.command('assign', { item: '100' }, { to: 'all-devices', exclude: 'spares' })).rejects.toThrow('--exclude takes user-group:ID or device-group:ID, got "spares"');
    const wrongKind = await h.route('PATCH', '/assignments/:id', { params: { id }, body: { exclusions: [{ kind: 'user-group', id: 'spares' }] } });
    expect(wrongKind).toMatchObject({ status: 400, body: { details: { rule: 'exclusion-kind' } } });
    const cleared = await h.command('assignment.update', { id }, { exclude: 'none' });
    expect(cleared.text).toBe(`Assignment ${id} changed; 0 holder(s) no longer covered (0 license(s) released); 1 newly covered (1 license(s) requested, 0 waiting).`);
    expect(await held()).toEqual(['d1', 'd2', 'd3']);

    // A quota over REST and the CLI: lowered below what the group holds, it takes nothing back; the queue shows who is over it.
    const quota = await h.route('PATCH', '/assignments/:id', { params: { id }, body: { quota: 1 } });
    expect(quota).toMatchObject({ status: 200, body: { assignment: { quota: 1 } } });
    expect(await held()).toEqual(['d1', 'd2', 'd3']);
    expect((await h.command('assignment.update', { id }, { quota: 'none' })).data).toMatchObject({ assignment: { id } });
    await expect(h.command('assignment.update', { id }, { quota: 'lots' })).rejects.toThrow('--quota takes a whole number of licenses or none, got "lots"');

    const uninstall = await h.route('POST', '/assignments', { body: { item: '100', target: { kind: 'device', id: 'd2' }, installMode: 'uninstall' } });
    expect(uninstall).toMatchObject({ status: 201, body: { removed: 1, released: 1 } });
    expect(await held()).toEqual(['d1', 'd3']);
  });
});
