import { afterEach, describe, expect, it } from 'vitest';
import type { Alert, AlertInput } from '../api/alerts.js';
import { BadInputError } from '../api/errors.js';
import { listen } from '../api/event.js';
import { phrase } from '../api/messages.js';
import { ManualClock } from '../runtime/clock.js';
import type { StorageEngine } from '../storage/index.js';
import { storageEngineKinds, type EngineLocation } from '../storage/test-fixtures/storage-engines.js';
import { AlertCenter, RESOLVED_KEPT_DAYS } from './alert-center.js';

const kinds = storageEngineKinds();
const engines: StorageEngine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((engine) => engine.close()));
});

const DAY_MS = 86_400_000;

async function openCenter(location: EngineLocation, clock: ManualClock): Promise<{ center: AlertCenter; engine: StorageEngine }> {
  const { engine } = await location.open();
  engines.push(engine);
  return { center: await AlertCenter.open(engine.namespace('host'), clock), engine };
}

function recorder(center: AlertCenter): { raised: Alert[]; resolved: Alert[] } {
  const seen = { raised: [] as Alert[], resolved: [] as Alert[] };
  listen(center.onDidRaiseAlert, (alert) => seen.raised.push(alert));
  listen(center.onDidResolveAlert, (alert) => seen.resolved.push(alert));
  return seen;
}

const outOfLicenses = (waiting: number): AlertInput => ({
  key: 'licenses-out:vpp:t1:100:STDQ',
  severity: 'critical',
  said: phrase(`Keynote has no licenses left; ${waiting} waiting`, 'test.out', { item: 'Keynote', waiting }),
  subject: { type: 'vpp-item', id: 'vpp:t1:100:STDQ', name: 'Keynote' },
  href: '/views/vpp-apple/catalog?id=vpp%3At1%3A100%3ASTDQ',
});

describe.each(kinds)('AlertCenter on the $name engine', (kind) => {
  it('raises an alert once and resolves it once, however often the plugin says so, and announces each after it is stored', async () => {
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const { center } = await openCenter(await kind.location(), clock);
    const seen = recorder(center);
    const apple = center.forSource('vpp-apple');

    const [first, second] = await Promise.all([apple.raise(outOfLicenses(3)), apple.raise(outOfLicenses(3))]);
    expect(second.id).toBe(first.id);
    await clock.advance(60_000);
    // Open already: new words (more waiting) change it in place, announced to nobody.
    const grown = await apple.raise(outOfLicenses(5));
    expect(grown).toMatchObject({ id: first.id, state: 'open', raisedAt: '2026-03-01T09:00:00.000Z', updatedAt: '2026-03-01T09:01:00.000Z', params: { waiting: 5 } });
    expect(seen.raised.map((a) => a.id)).toEqual([first.id]);
    expect(apple.get(outOfLicenses(0).key)?.message).toBe('Keynote has no licenses left; 5 waiting');

    // Another plugin's key of the same name is another alert; a plugin never resolves another's.
    const other = await center.forSource('mail').raise({ ...outOfLicenses(1), severity: 'warning' });
    expect(other.id).not.toBe(first.id);
    expect(await center.forSource('mail').resolve('nothing-open')).toBeUndefined();

    const [resolved, again] = await Promise.all([apple.resolve(first.key), apple.resolve(first.key)]);
    expect(resolved).toMatchObject({ id: first.id, state: 'resolved', resolvedAt: '2026-03-01T09:01:00.000Z' });
    expect(again).toBeUndefined();
    expect(seen.resolved.map((a) => a.id)).toEqual([first.id]);
    expect(apple.get(first.key)).toBeUndefined();
    expect(center.forSource('mail').get(first.key)?.id).toBe(other.id);

    // The condition again: a new alert, raised again.
    const reraised = await apple.raise(outOfLicenses(1));
    expect(reraised.id).not.toBe(first.id);
    expect(seen.raised.map((a) => a.id)).toEqual([first.id, other.id, reraised.id]);
    expect(apple.openAlerts().map((a) => a.id)).toEqual([reraised.id]);
  });

  it('keeps open and resolved alerts across a restart: what is open stays raised, no second announcement', async () => {
    const location = await kind.location();
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const { center, engine } = await openCenter(location, clock);
    const apple = center.forSource('vpp-apple');
    const open = await apple.raise(outOfLicenses(2));
    await apple.raise({ key: 'token-expiring:t1', severity: 'warning', said: phrase('Token "Head office" expires on 1 April', 'test.expiring') });
    await clock.advance(1000);
    await apple.resolve('token-expiring:t1');
    await engine.close();

    const { center: reopened } = await openCenter(location, clock);
    const seen = recorder(reopened);
    const again = reopened.forSource('vpp-apple');
    expect((await again.raise(outOfLicenses(2))).id).toBe(open.id);
    expect(seen.raised).toEqual([]);
    expect(reopened.list({ state: 'resolved' }).items.map((a) => a.key)).toEqual(['token-expiring:t1']);
    expect((await again.resolve(open.key))?.id).toBe(open.id);
    expect(await again.resolve(open.key)).toBeUndefined();
    expect(seen.resolved).toHaveLength(1);
  });

  it('lists open alerts first, critical before warning, and forgets resolved ones after the days it keeps them', async () => {
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const { center } = await openCenter(await kind.location(), clock);
    const apple = center.forSource('vpp-apple');
    await apple.raise({ key: 'old', severity: 'warning', said: phrase('old', 'test.old') });
    await apple.resolve('old');
    await clock.advance(1000);
    await apple.raise({ key: 'low', severity: 'warning', said: phrase('low', 'test.low') });
    await clock.advance(1000);
    await apple.raise({ key: 'out', severity: 'critical', said: phrase('out', 'test.out') });
    await clock.advance(1000);
    await apple.raise({ key: 'expiring', severity: 'warning', said: phrase('expiring', 'test.expiring') });
    expect(center.list().items.map((a) => a.key)).toEqual(['out', 'expiring', 'low', 'old']);
    expect(center.list({ state: 'open', severity: 'warning', limit: 1, offset: 1 })).toMatchObject({ total: 2, items: [{ key: 'low' }] });
    expect(center.list({ source: 'mail' }).total).toBe(0);

    await clock.advance((RESOLVED_KEPT_DAYS + 1) * DAY_MS);
    expect(center.list({ state: 'resolved' }).total).toBe(0);
    await apple.resolve('low');
    expect(center.list({ state: 'resolved' }).items.map((a) => a.key)).toEqual(['low']);
    expect(() => center.list({ limit: 0 })).toThrow(BadInputError);
    expect(() => center.list({ offset: -1 })).toThrow(BadInputError);
  });

  it('refuses a bad key, severity, message or link and stores nothing', async () => {
    const clock = new ManualClock('2026-03-01T09:00:00.000Z');
    const { center } = await openCenter(await kind.location(), clock);
    const seen = recorder(center);
    const apple = center.forSource('vpp-apple');
    const good = outOfLicenses(1);
    const bad: unknown[] = [
      { ...good, key: '' },
      { ...good, key: 'x'.repeat(201) },
      { ...good, key: 'line\nbreak' },
      { ...good, severity: 'fatal' },
      { ...good, said: { message: '  ' } },
      { ...good, said: undefined },
      { ...good, href: 'https://evil.example.com/' },
      { ...good, href: '//evil.example.com/' },
      { ...good, subject: { type: 'vpp-item' } },
      null,
    ];
    for (const input of bad) await expect(apple.raise(input as AlertInput)).rejects.toBeInstanceOf(BadInputError);
    await expect(apple.raise({ ...good, key: '' })).rejects.toMatchObject({ messageId: 'host.alerts.bad-key' });
    expect(center.list().total).toBe(0);
    expect(seen.raised).toEqual([]);
  });
});
