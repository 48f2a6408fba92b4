// Reclaiming unused licenses in the real plugin: the preview lists app licenses whose devices have not checked in,
// the reclaim revokes exactly those and serves the queue, books never; and the daily schedule.
import { describe, expect, it } from 'vitest';
import { Inventory, Settings } from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
import { ADMIN, useHarness, type StartedHarness } from '../../test/harness.js';
import type { LicenseRecord } from './model.js';
import { VppPanelViews } from '../panel/bind-panel.js';

const DAY_MS = 86_400_000;
const startHarness = useHarness();

async function fleet(): Promise<{ h: StartedHarness; app: string; book: string; other: string }> {
  const h = await startHarness({});
  const inventory = h.container.get<Inventory>(Inventory);
  await inventory.saveUser({ id: 'u1', name: 'Uma', email: 'u1@example.com', language: 'nl' }, ADMIN);
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id, { full: true }));
  const daysAgo = (days: number) => new Date(h.clock.now().getTime() - days * DAY_MS).toISOString();
  await inventory.import(
    {
      devices: [
        { id: 'd1', serialNumber: 'C02D1', platform: 'iPadOS', osVersion: '17.2', lastCheckInAt: daysAgo(60) },
        { id: 'd2', serialNumber: 'C02D2', platform: 'iPadOS', osVersion: '17.2', lastCheckInAt: daysAgo(5) },
        { id: 'd3', serialNumber: 'C02D3', platform: 'iPadOS', osVersion: '17.2' },
        { id: 'd4', serialNumber: 'C02D4', platform: 'iPadOS', osVersion: '17.2', lastCheckInAt: daysAgo(90), ownerUserId: 'u1' },
      ],
      deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['d1', 'd2', 'd3'] }],
    },
    ADMIN,
  );
  return { h, app: `vpp:${token.id}:200:STDQ`, book: `vpp:${token.id}:900:STDQ`, other: `vpp:${token.id}:100:STDQ` };
}

async function holders(h: StartedHarness, item: string): Promise<string[]> {
  const ledger = (await h.route('GET', '/licenses', { query: { item } })).body as { items: LicenseRecord[] };
  return ledger.items.filter((l) => l.state === 'requested' || l.state === 'confirmed').map((l) => l.holderId).sort();
}

describe('reclaiming unused licenses', () => {
  it('previews the app licenses unused for N days, reclaims exactly those and serves the queue; books never', async () => {
    const { h, app, book, other } = await fleet();
    await h.route('POST', '/assignments', { body: { item: app, target: { kind: 'device-group', id: 'ipads' } } });
    await h.route('POST', '/assignments', { body: { item: other, target: { kind: 'user', id: 'u1' } } });
    await h.route('POST', '/assignments', { body: { item: book, target: { kind: 'user', id: 'u1' } } });
    expect(await holders(h, app)).toEqual(['d1', 'd2']);

    // d1 and Uma's only device have not checked in for 30 days; d2 has; d3's check-in is unknown. Uma's book stays.
    const preview = (await h.route('GET', '/reclaimable', { query: { days: '30' } })).body as { items: Array<{ itemId: string; holder: { id: string } }> };
    expect(preview.items.map((c) => [c.itemId, c.holder.id])).toEqual([
      [other, 'u1'],
      [app, 'd1'],
    ]);
    const dryRun = await h.command('reclaim', {}, { days: 30, 'dry-run': true } as unknown as Record<string, string>);
    expect(dryRun.text).toBe('2 license(s) unused for 30 days would be reclaimed.');
    expect(await holders(h, app)).toEqual(['d1', 'd2']);

    const reclaimed = await h.route('POST', '/reclaims', { body: { days: 30, reason: 'summer clean-up', notifyUsers: true } });
    expect(reclaimed.body).toMatchObject({ servedOthers: 1, reclaimed: preview.items, mailed: 1 });
    // Uma lost hers and is told in Dutch; d1 has no owner to tell.
    const outbox = h.container.get<MailApi>(MailApi).list({ templateId: 'vpp-license-reclaimed' }).items;
    expect(outbox.map((m) => [m.to.address, m.language, m.subject])).toEqual([['u1@example.com', 'nl', 'Uw licentie voor App 100 is teruggenomen']]);
    expect(await holders(h, app)).toEqual(['d2', 'd3']);
    expect(await holders(h, other)).toEqual([]);
    expect(await holders(h, book)).toEqual(['u1']);
    expect(((await h.route('GET', '/reclaimable', { query: { days: '30' } })).body as { items: unknown[] }).items).toEqual([]);
  });

  it('shows the preview on the Unused licenses page in the admin\'s language and reclaims after a confirmation', async () => {
    const { h, app } = await fleet();
    await h.route('POST', '/assignments', { body: { item: app, target: { kind: 'device-group', id: 'ipads' } } });
    const view = h.container.get(VppPanelViews).views.find((v) => v.id === 'reclaim')!;
    const request = (language: string) => ({ principal: ADMIN, language, query: { days: '30' }, csrfToken: 'csrf', url: '/views/vpp-apple/reclaim' });
    const english = (await view.render(request('en'))).body.value;
    expect(english).toContain('1 unused');
    expect(english).toContain('C02D1');
    expect(english).not.toContain('C02D2');
    expect((await view.render(request('nl'))).body.value).toContain('Deze licenties terugnemen');
    const done = await view.handleAction!({ ...request('fr'), action: 'reclaim', form: { days: '30' }, files: {} });
    expect(done).toEqual({ flash: { kind: 'success', message: '1 licence récupérée ; 1 pour des détenteurs en attente.' }, query: { days: '30' } });
    expect(await holders(h, app)).toEqual(['d2', 'd3']);
  });

  it('sorts the unused licenses by any column across the whole list, oldest check-in first or last', async () => {
    const { h, app } = await fleet();
    await h.route('POST', '/assignments', { body: { item: app, target: { kind: 'device-group', id: 'ipads' } } });
    const view = h.container.get(VppPanelViews).views.find((v) => v.id === 'reclaim')!;
    // Unused for 3 days: d1 (60 days) and d2 (5 days).
    const order = async (dir: string) => {
      const body = (await view.render({ principal: ADMIN, language: 'en', query: { days: '3', sort: '2', dir }, csrfToken: 'csrf', url: '/views/vpp-apple/reclaim' })).body.value;
      return ['C02D1', 'C02D2'].filter((serial) => body.includes(serial)).sort((a, b) => body.indexOf(a) - body.indexOf(b));
    };
    expect(await order('asc')).toEqual(['C02D1', 'C02D2']);
    expect(await order('desc')).toEqual(['C02D2', 'C02D1']);
    // Another number of days keeps the order.
    const page = (await view.render({ principal: ADMIN, language: 'en', query: { days: '3', sort: '2', dir: 'desc' }, csrfToken: 'csrf', url: '/views/vpp-apple/reclaim' })).body.value;
    expect(page).toMatch(/<form method="get" action="\/views\/vpp-apple\/reclaim" class="toolbar"><input type="hidden" name="sort" value="2"><input type="hidden" name="dir" value="desc">/);
  });

  it('reclaims once a day on its own when reclaimAfterDays is set, and refuses days out of range', async () => {
    const { h, app } = await fleet();
    await h.route('POST', '/assignments', { body: { item: app, target: { kind: 'device-group', id: 'ipads' } } });
    await h.container.get<Settings>(Settings).update('reclaimAfterDays', 30, ADMIN);
    await h.clock.advance(DAY_MS);
    await h.until(async () => (await holders(h, app)).join() === 'd2,d3');
    await expect(h.command('reclaim', {}, { days: 0 } as unknown as Record<string, string>)).rejects.toThrow('Give the days as a whole number from 1 to 3650, got 0');
    expect((await h.route('GET', '/reclaimable', { query: { days: '99999' } })).status).toBe(400);
  });
});
