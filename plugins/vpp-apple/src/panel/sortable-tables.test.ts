// The vpp-apple tables that sort by column beside others on one page, each by its own parameters: a catalog item's
// assignments (across pages), the licenses and assignments on an inventory page, and the lists of a change's preview.
import { describe, expect, it } from 'vitest';
import { Inventory, type ViewRequest } from '@vpp-host/api';
import { ADMIN, SMALL_LOCATION, useHarness, type StartedHarness } from '../../test/harness.js';
import { licenseFacet, panelPages } from '../../test/panel-pages.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';

const startHarness = useHarness();

/** Head office's token with two more apps of 60 licenses each, synced, and a device group "iPads" of `count` iPads ("iPad 000" on). */
async function officeWithIpads(count: number): Promise<StartedHarness> {
  const assets = [{ adamId: '300', productType: 'App' as const, totalCount: 60 }, { adamId: '400', productType: 'App' as const, totalCount: 60 }];
  const h = await startHarness({ locations: [{ ...SMALL_LOCATION, assets: [...SMALL_LOCATION.assets!, ...assets] }] });
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  const three = (i: number) => String(i).padStart(3, '0');
  const devices = Array.from({ length: count }, (_, i) => ({ id: `d${three(i)}`, serialNumber: `C02D${three(i)}`, name: `iPad ${three(i)}`, platform: 'iPadOS' as const, osVersion: '17.2' }));
  await h.container.get<Inventory>(Inventory).import({ devices, deviceGroups: [{ id: 'ipads', name: 'iPads', members: devices.map((d) => d.id) }] }, ADMIN);
  return h;
}

/** The part of a page from one heading to the next (or to the end). */
function between(page: string, from: string, to?: string): string {
  const start = page.indexOf(from);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = to === undefined ? -1 : page.indexOf(to, start + from.length);
  return page.slice(start, end < 0 ? undefined : end);
}

const ipadNames = (part: string) => [...part.matchAll(/<a [^>]*>(iPad \d+)<\/a>/g)].map((m) => m[1]);
const itemNames = (part: string) => [...part.matchAll(/<a href="\/views\/vpp-apple\/catalog\?id=[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);

describe("a catalog item's assignments", () => {
  it('sort by a column across every page under their own parameters, the default order kept until asked', async () => {
    const h = await officeWithIpads(55);
    const service = h.container.get(DistributionRuntime).service;
    const tool = await service.addInHouseItem({ kind: 'in-house-app', name: 'Field Tool', bundleId: 'com.example.field', platforms: ['iPadOS'] }, ADMIN);
    for (let i = 0; i < 55; i++) await h.settle(service.assign({ item: tool.id, target: { kind: 'device', id: `d${String(i).padStart(3, '0')}` } }, ADMIN));
    const { render } = panelPages(h);
    const assignments = async (query: Record<string, string>) => ipadNames(between(await render('catalog', { query: { id: tool.id, ...query } }), '<h2>Assignments'));

    expect((await assignments({})).slice(0, 2)).toEqual(['iPad 000', 'iPad 001']);
    const first = await render('catalog', { query: { id: tool.id, 'assignments-sort': '0', 'assignments-dir': 'desc' } });
    expect(ipadNames(between(first, '<h2>Assignments')).slice(0, 3)).toEqual(['iPad 054', 'iPad 053', 'iPad 052']);
    expect(first).toContain('aria-sort="descending"');
    // Its pager keeps the order; the next page goes on from where the first stopped.
    expect(first).toContain(`?id=${encodeURIComponent(tool.id)}&#38;assignments-sort=0&#38;assignments-dir=desc&#38;assignments=2`);
    expect(await assignments({ 'assignments-sort': '0', 'assignments-dir': 'desc', assignments: '2' })).toEqual(['iPad 004', 'iPad 003', 'iPad 002', 'iPad 001', 'iPad 000']);
  });
});

describe('the licenses and assignments on an inventory page', () => {
  it('sort by a column, each table by its own parameters, counts as numbers', async () => {
    const h = await officeWithIpads(12);
    const { act } = panelPages(h);
    for (const item of ['300', '400', '200']) {
      await h.settle(act('assignments', 'assign', { item, targetKind: 'device-group', target: 'iPads', installMode: 'automatic', licenseType: '', confirmed: 'yes' }));
    }
    const section = async (kind: 'device' | 'device-group', id: string, query: Record<string, string>) => {
      const request: ViewRequest = { principal: ADMIN, language: 'en', query: { id, ...query }, csrfToken: 'c', url: `/views/host/${kind}s` };
      return (await licenseFacet(h).section!(kind, id, request))!.value;
    };

    const held = async (query: Record<string, string>) => itemNames(between(await section('device', 'd000', query), '<h3>Licenses held', '<h3>'));
    expect(await held({ 'held-sort': '0', 'held-dir': 'asc' })).toEqual(['App 200', 'App 300', 'App 400']);
    expect(await held({ 'held-sort': '0', 'held-dir': 'desc' })).toEqual(['App 400', 'App 300', 'App 200']);

    const assigned = async (query: Record<string, string>) => itemNames(between(await section('device-group', 'ipads', query), '<h3>Assigned here'));
    expect(await assigned({})).toEqual(['App 300', 'App 400', 'App 200']);
    // Licensed: 2 of App 200 before 12 of the others (as text "12" would come first).
    expect(await assigned({ 'assigned-sort': '3', 'assigned-dir': 'asc' })).toEqual(['App 200', 'App 300', 'App 400']);
    const page = await section('device-group', 'ipads', { 'assigned-sort': '0', 'assigned-dir': 'desc' });
    expect(itemNames(between(page, '<h3>Assigned here'))).toEqual(['App 400', 'App 300', 'App 200']);
    expect(page).toContain('href="/views/host/device-groups?id=ipads&#38;assigned-sort=0&#38;assigned-dir=asc"');
  });
});

describe("a change's preview", () => {
  it('sorts each list among the lines it shows under its own parameters, and still says how many it leaves out', async () => {
    const h = await officeWithIpads(105);
    const { act, render } = panelPages(h);
    // App 200 has 2 licenses: 103 iPads wait, of whom the preview lists the first 100.
    const previewed = await h.settle(act('assignments', 'assign', { item: '200', targetKind: 'device-group', target: 'iPads', installMode: 'automatic', licenseType: '' }));
    const queued = async (query: Record<string, string>) => {
      const part = between(await render('assignments', { query: { ...previewed.query!, ...query } }), '<h3>Wait in the queue', '</section>');
      expect(part).toContain('The first 100 of 103 are listed.');
      return ipadNames(part);
    };
    const inLine = await queued({});
    expect(inLine).toHaveLength(100);
    expect(await queued({ 'queued-sort': '0', 'queued-dir': 'desc' })).toEqual([...inLine].sort().reverse());
    // By place, last first: the line as it stands, turned round.
    expect(await queued({ 'queued-sort': '2', 'queued-dir': 'desc' })).toEqual([...inLine].reverse());
    const page = await render('assignments', { query: { ...previewed.query!, 'queued-sort': '0', 'queued-dir': 'desc' } });
    expect(page).toMatch(/href="\/views\/vpp-apple\/assignments\?[^"]*preview=assign[^"]*&#38;queued-sort=0&#38;queued-dir=asc"/);
    // The list of those who get a license keeps its order: it sorts by its own parameters only.
    expect(ipadNames(between(page, '<h3>Get a license', '<h3>'))).toEqual(ipadNames(between(await render('assignments', { query: previewed.query! }), '<h3>Get a license', '<h3>')));
  });
});
