// The conditions vpp-apple raises on the host's Alerts: out of licenses, low on licenses (per item and per location),
// token expiring / revoked / claimed, syncs failing in a row; each raised once and resolved once, kept across a
// restart; and the thresholds refused when they make no sense, changing nothing.
import { describe, expect, it } from 'vitest';
import { Alerts, Inventory, listen, Messages, Settings, ViewContribution, type Alert, type PanelView, type ViewActionRequest } from '@vpp-host/api';
import { OTHER_MDM } from '../../test/apple-world.js';
import { ADMIN, SMALL_LOCATION, useHarness, type Harness } from '../../test/harness.js';
import { tempDir } from '../../../../test/support/plugin-fixture.js';
import { AlertThresholds } from './alert-thresholds.js';
import { alertKeys, LicenseAlerts } from './license-alerts.js';

const startHarness = useHarness();

const APP_200 = (tokenId: string) => `vpp:${tokenId}:200:STDQ`;
const APP_100 = (tokenId: string) => `vpp:${tokenId}:100:STDQ`;

interface Watched {
  readonly h: Harness;
  readonly alerts: Alerts;
  readonly raised: Alert[];
  readonly resolved: Alert[];
  /** Waits until what the last change touched has been looked at. */
  settled(): Promise<void>;
}

function watch(h: Harness): Watched {
  const alerts = h.container.get<Alerts>(Alerts);
  const raised: Alert[] = [];
  const resolved: Alert[] = [];
  listen(alerts.onDidRaiseAlert, (alert) => raised.push(alert));
  listen(alerts.onDidResolveAlert, (alert) => resolved.push(alert));
  const looker = h.container.get(LicenseAlerts);
  return { h, alerts, raised, resolved, settled: () => h.settle(looker.settled()) };
}

async function withToken(options: Parameters<typeof startHarness>[0] = {}): Promise<{ w: Watched; tokenId: string }> {
  const h = await startHarness(options);
  const w = watch(h);
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  await w.settled();
  return { w, tokenId: token.id };
}

async function devices(h: Harness, ids: readonly string[], group = 'ipads'): Promise<void> {
  const inventory = h.container.get<Inventory>(Inventory);
  for (const id of ids) {
    await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
    await h.clock.advance(1000);
  }
  await inventory.saveGroup('device-group', { id: group, name: 'iPads', members: [...ids] }, ADMIN);
}

describe('license alerts', () => {
  it('raises "out of licenses" once with how many wait and since when, keeps it across a restart, and resolves it once served', async () => {
    const dataDir = await tempDir('alerts');
    const { w, tokenId } = await withToken({ dataDir });
    const { h, alerts } = w;
    await devices(h, ['d1', 'd2', 'd3']);
    await h.command('assign', { item: '200', target: 'ipads' }, { to: 'device-group' });
    await w.settled();

    const key = alertKeys.out(APP_200(tokenId));
    const out = alerts.get(key)!;
    expect(out).toMatchObject({ source: 'vpp-apple', severity: 'critical', messageId: 'vpp.alert.out-of-licenses', params: { item: 'App 200', location: 'Head Office', waiting: 1 }, href: `/views/vpp-apple/catalog?id=${encodeURIComponent(APP_200(tokenId))}` });
    expect(out.message).toBe(`No licenses left for App 200 at "Head Office": 1 holder waits since ${new Date(out.raisedAt).toLocaleString('en-US', { month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone: 'UTC' })} UTC`);
    const messages = h.container.get<Messages>(Messages);
    expect(messages.say(out, 'nl')).toMatch(/^Geen licenties meer voor App 200 bij "Head Office": 1 houder wacht sinds \d+ jun 2026/);
    expect(messages.say(out, 'fr')).toMatch(/^Plus de licences pour App 200 sur « Head Office » : 1 détenteur attend depuis le \d+ juin 2026/);

    // One more device joins the group and waits: the same alert, with two waiting, and no second announcement.
    const inventory = h.container.get<Inventory>(Inventory);
    await inventory.saveDevice({ id: 'd4', serialNumber: 'C02D4', platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
    await inventory.saveGroup('device-group', { id: 'ipads', name: 'iPads', members: ['d1', 'd2', 'd3', 'd4'] }, ADMIN);
    await w.settled();
    expect(alerts.get(key)).toMatchObject({ id: out.id, raisedAt: out.raisedAt, params: { waiting: 2, since: out.raisedAt } });
    expect(w.raised.filter((a) => a.key === key)).toHaveLength(1);
    expect(alerts.list({ state: 'open' }).items.map((a) => a.key)).toEqual([key]);

    // A restart: the alert is still the one open, with the same id and time.
    const apple = h.simulator;
    await h.host.stop();
    const again = await startHarness({ apple, dataDir, clock: h.clock });
    const w2 = watch(again);
    await w2.settled();
    expect(w2.alerts.get(key)).toMatchObject({ id: out.id, raisedAt: out.raisedAt, params: { waiting: 2 } });
    expect(w2.raised).toEqual([]);

    // Two licenses come back: both waiting holders are served, the queue is empty, the alert resolves once.
    await again.command('revoke', { item: APP_200(tokenId), target: 'd1' }, { from: 'device', reason: 'returned' });
    await again.command('revoke', { item: APP_200(tokenId), target: 'd2' }, { from: 'device', reason: 'returned' });
    await w2.settled();
    expect(w2.alerts.get(key)).toBeUndefined();
    expect(w2.resolved.map((a) => a.id)).toEqual([out.id]);
    expect(w2.alerts.list({ state: 'resolved' }).items[0]).toMatchObject({ id: out.id, key, resolvedAt: expect.any(String) });
  });

  it('raises "low on licenses" below an item’s or a location’s threshold, an item’s own winning, and resolves it when the threshold goes', async () => {
    const { w, tokenId } = await withToken();
    const { h, alerts } = w;
    const low = alertKeys.low(APP_100(tokenId));
    // App 100: 10 in all, 2 held at Apple by others: 8 free.
    const set = await h.command('alerts.thresholds.set', {}, { item: '100', below: 9 as unknown as string });
    expect(set.text).toBe('Alert when fewer than 9 licenses of App 100 are free');
    await w.settled();
    expect(alerts.get(low)).toMatchObject({ severity: 'warning', messageId: 'vpp.alert.low-licenses', params: { available: 8, total: 10, below: 9 } });
    expect(alerts.get(low)!.message).toBe('Few licenses left for App 100 at "Head Office": 8 of 10 free, below the threshold of 9');

    await h.command('alerts.thresholds.clear', {}, { item: APP_100(tokenId) });
    await w.settled();
    expect(alerts.get(low)).toBeUndefined();

    // The location's threshold watches each of its items with more licenses than it: App 100, not App 200 (2) or the book (5).
    const put = await h.route('PUT', '/alert-thresholds/locations/:id', { params: { id: 'Head office' }, body: { below: 9 } });
    expect(put).toMatchObject({ status: 200, body: { scope: 'location', targetId: tokenId, below: 9, name: 'Head office' } });
    await w.settled();
    expect(alerts.openAlerts().map((a) => a.key)).toEqual([low]);
    // An item's own threshold wins; 0 turns its alert off.
    await h.route('PUT', '/alert-thresholds/items/:id', { params: { id: APP_100(tokenId) }, body: { below: 0 } });
    await w.settled();
    expect(alerts.openAlerts()).toEqual([]);
    expect((await h.route('GET', '/alert-thresholds')).body).toMatchObject([{ scope: 'location', below: 9 }, { scope: 'item', name: 'App 100', location: 'Head office', below: 0 }]);
    expect(w.raised.filter((a) => a.key === low)).toHaveLength(2);
    expect(w.resolved.filter((a) => a.key === low)).toHaveLength(2);
  });

  it('refuses a negative threshold, one above the licenses there are, and an unknown item or location, and changes nothing', async () => {
    const { w, tokenId } = await withToken();
    const { h, alerts } = w;
    await h.command('alerts.thresholds.set', {}, { location: 'Head office', below: 3 as unknown as string });
    await w.settled();
    const thresholds = h.container.get(AlertThresholds);
    const before = JSON.stringify(thresholds.list());
    const open = alerts.openAlerts().map((a) => a.id);

    const refusals = [
      { path: '/alert-thresholds/items/:id', id: '100', below: -1, status: 400, messageId: 'vpp.alert.threshold-whole', message: 'A threshold must be a whole number of licenses, 0 or more, got -1' },
      { path: '/alert-thresholds/items/:id', id: '100', below: 2.5, status: 400, messageId: 'vpp.alert.threshold-whole' },
      { path: '/alert-thresholds/items/:id', id: '100', below: 11, status: 400, messageId: 'vpp.alert.threshold-above-item', message: 'App 100 has 10 licenses in all: a threshold of 11 is above that' },
      { path: '/alert-thresholds/locations/:id', id: 'Head office', below: 11, status: 400, messageId: 'vpp.alert.threshold-above-location', message: 'No app or book of "Head office" has more than 10 licenses: a threshold of 11 is above every one' },
      { path: '/alert-thresholds/locations/:id', id: 'Head office', below: -3, status: 400, messageId: 'vpp.alert.threshold-whole' },
      { path: '/alert-thresholds/items/:id', id: 'no-such-app', below: 1, status: 400 },
      { path: '/alert-thresholds/locations/:id', id: 'Nowhere', below: 1, status: 404 },
    ];
    for (const refusal of refusals) {
      const answer = await h.route('PUT', refusal.path, { params: { id: refusal.id }, body: { below: refusal.below } });
      expect(answer.status, JSON.stringify(answer.body)).toBe(refusal.status);
      if (refusal.message) expect((answer.body as { message: string }).message).toBe(refusal.message);
    }
    await expect(h.command('alerts.thresholds.set', {}, { item: '100', below: -1 as unknown as string })).rejects.toMatchObject({ messageId: 'vpp.alert.threshold-whole' });
    await expect(h.command('alerts.thresholds.set', {}, { item: '100', location: 'Head office', below: 1 as unknown as string })).rejects.toMatchObject({ messageId: 'vpp.alert.threshold-on' });
    await expect(h.command('alerts.thresholds.set', {}, { below: 1 as unknown as string })).rejects.toMatchObject({ messageId: 'vpp.alert.threshold-on' });
    const inHouse = await h.route('POST', '/catalog', { body: { kind: 'in-house-app', name: 'Field notes', bundleId: 'com.example.notes', platforms: ['iOS'] } });
    const inHouseId = (inHouse.body as { id: string }).id;
    await expect(h.command('alerts.thresholds.set', {}, { item: inHouseId, below: 1 as unknown as string })).rejects.toMatchObject({ messageId: 'vpp.alert.threshold-in-house' });
    // A refusal is said in the reader's language too.
    const messages = h.container.get<Messages>(Messages);
    const refused = await h.command('alerts.thresholds.set', {}, { item: '100', below: 11 as unknown as string }).catch((error: unknown) => error as Error & { messageId: string });
    expect(messages.say(refused as never, 'nl')).toBe('App 100 heeft in totaal 10 licenties: een drempel van 11 ligt daarboven');

    await w.settled();
    expect(JSON.stringify(thresholds.list())).toBe(before);
    expect(alerts.openAlerts().map((a) => a.id)).toEqual(open);
    expect(tokenId).toBeTruthy();
  });
});

describe('thresholds in the panel', () => {
  it('shows an item’s and a location’s threshold on their pages, sets and removes it, and gives a bad one back at its field', async () => {
    const { w, tokenId } = await withToken();
    const { h, alerts } = w;
    const views = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]);
    const view = (id: string) => views.find((v: PanelView) => v.id === id)!;
    const request = (viewId: string, id: string, language = 'en') => ({ principal: ADMIN, language, query: { id }, csrfToken: 'token', url: `/views/vpp-apple/${viewId}` });
    const act = (viewId: string, id: string, action: string, form: Record<string, string> = {}): ViewActionRequest => ({ ...request(viewId, id), action, form, files: {} });
    const item = APP_100(tokenId);

    expect((await view('catalog').render(request('catalog', item))).body.value).toContain('No alert when its licenses run low.');
    await expect(view('catalog').handleAction!(act('catalog', item, 'set-threshold', { below: '-2' }))).rejects.toMatchObject({ field: 'below', messageId: 'vpp.alert.threshold-whole' });
    await expect(view('catalog').handleAction!(act('catalog', item, 'set-threshold', { below: '' }))).rejects.toMatchObject({ field: 'below' });
    const saved = await view('catalog').handleAction!(act('catalog', item, 'set-threshold', { below: '9' }));
    expect(saved).toMatchObject({ flash: { kind: 'success', message: 'Threshold saved: an alert when fewer than 9 licenses are free.' }, query: { id: item } });
    await w.settled();
    expect(alerts.get(alertKeys.low(item))).toBeDefined();
    const dutch = (await view('catalog').render(request('catalog', item, 'nl'))).body.value;
    expect(dutch).toContain('Melding bij weinig licenties');
    expect(dutch).toContain('Een melding wanneer minder dan 9 licenties vrij zijn.');
    expect(await view('catalog').handleAction!(act('catalog', item, 'clear-threshold'))).toMatchObject({ flash: { message: 'Threshold removed.' } });

    await expect(view('tokens').handleAction!(act('tokens', tokenId, 'set-threshold', { below: '40' }))).rejects.toMatchObject({ field: 'below', messageId: 'vpp.alert.threshold-above-location' });
    await view('tokens').handleAction!(act('tokens', tokenId, 'set-threshold', { below: '9' }));
    const french = (await view('tokens').render(request('tokens', tokenId, 'fr'))).body.value;
    expect(french).toContain('Alerte de licences basses');
    expect(french).toContain('Une alerte quand moins de 9 licences d’une app ou d’un livre sont libres');
    // The item now follows its location.
    expect((await view('catalog').render(request('catalog', item))).body.value).toContain('An alert when fewer than 9 licenses are free, as its location says.');
    await w.settled();
    expect(alerts.openAlerts().map((a) => a.key)).toEqual([alertKeys.low(item)]);
  });
});

describe('token and sync alerts', () => {
  it('raises "token expiring" within the warning days and resolves it when the days change', async () => {
    const { w, tokenId } = await withToken({ locations: [{ ...SMALL_LOCATION, expiresAt: new Date('2026-07-11T09:00:00Z') }] });
    const { h, alerts } = w;
    const key = alertKeys.token('expiring', tokenId);
    expect(alerts.get(key)).toBeUndefined();
    const settings = h.container.get<Settings>(Settings);
    await settings.update('expiryWarningDays', 45, ADMIN);
    await w.settled();
    expect(alerts.get(key)).toMatchObject({ severity: 'warning', messageId: 'vpp.alert.token-expiring', params: { name: 'Head office', date: '2026-07-11T09:00:00.000Z' }, href: `/views/vpp-apple/tokens?id=${tokenId}` });
    expect(alerts.get(key)!.message).toBe('Token "Head office" expires on Jul 11, 2026, 9:00 AM UTC: renew it with a new file from Apple.');
    expect(h.container.get<Messages>(Messages).say(alerts.get(key)!, 'fr')).toBe('Le jeton « Head office » expire le 11 juil. 2026, 09:00 UTC : renouvelez-le avec un nouveau fichier d’Apple.');
    await settings.update('expiryWarningDays', 30, ADMIN);
    await w.settled();
    expect(alerts.get(key)).toBeUndefined();
    expect(w.raised.map((a) => a.key)).toEqual([key]);
    expect(w.resolved.map((a) => a.key)).toEqual([key]);
  });

  it('raises "sync failing" after the syncs the setting says fail in a row, and resolves it at the next success', async () => {
    const { w, tokenId } = await withToken();
    const { h, alerts } = w;
    const key = alertKeys.sync(tokenId);
    const fail = async () => {
      h.simulator.injectFault({ kind: 'internal-error', retryAfter: '0' }, { path: 'assets', times: 6 });
      await expect(h.settle(h.sync.sync(tokenId))).rejects.toThrow();
      await w.settled();
    };
    await fail();
    await fail();
    expect(h.sync.state(tokenId)).toMatchObject({ status: 'failed', consecutiveFailures: 2 });
    expect(alerts.get(key)).toBeUndefined();
    await fail();
    const failing = alerts.get(key)!;
    expect(failing).toMatchObject({ severity: 'critical', messageId: 'vpp.alert.sync-failing', params: { name: 'Head office', failures: 3, since: h.sync.state(tokenId).failingSince } });
    expect(failing.message).toMatch(/^Syncing "Head office" failed 3 times in a row since .+: /);
    await fail();
    expect(alerts.get(key)).toMatchObject({ id: failing.id, params: { failures: 4 } });

    await h.settle(h.sync.sync(tokenId));
    await w.settled();
    expect(h.sync.state(tokenId).consecutiveFailures).toBeUndefined();
    expect(alerts.get(key)).toBeUndefined();
    expect(w.raised.filter((a) => a.key === key)).toHaveLength(1);
    expect(w.resolved.filter((a) => a.key === key)).toHaveLength(1);
  });

  it('raises "claimed by another MDM" and "revoked" from Apple’s answers, and resolves every alert of a deleted token', async () => {
    const { w, tokenId } = await withToken();
    const { h, alerts } = w;
    h.clock.set('2026-06-01T18:00:00Z');
    h.simulator.setMdmInfo(SMALL_LOCATION.uId, OTHER_MDM);
    await expect(h.settle(h.sync.sync(tokenId))).rejects.toThrow(/Jamf Pro/);
    await w.settled();
    const claimed = alertKeys.token('claimed-elsewhere', tokenId);
    expect(alerts.get(claimed)).toMatchObject({ severity: 'critical', messageId: 'vpp.alert.token-claimed', params: { other: { message: 'Jamf Pro' } } });
    expect(alerts.get(claimed)!.message).toBe('The location "Head Office" of token "Head office" is managed by another MDM (Jamf Pro): take it over to manage it here.');
    await h.command('token.take-over', { name: 'Head office' });
    await w.settled();
    expect(alerts.get(claimed)).toBeUndefined();

    h.simulator.revokeToken(SMALL_LOCATION.uId);
    await expect(h.settle(h.sync.sync(tokenId))).rejects.toThrow(/9625/);
    await w.settled();
    const revoked = alertKeys.token('revoked', tokenId);
    expect(alerts.get(revoked)).toMatchObject({ severity: 'critical', messageId: 'vpp.alert.token-revoked' });
    // A refused token explains its failing syncs: no second alert for them.
    expect(alerts.openAlerts().map((a) => a.key)).toEqual([revoked]);

    await h.command('token.delete', { name: 'Head office' });
    await w.settled();
    expect(alerts.openAlerts()).toEqual([]);
    expect(w.resolved.map((a) => a.key).sort()).toEqual([claimed, revoked].sort());
  });
});
