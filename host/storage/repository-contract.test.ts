import { describe, expect, it } from 'vitest';
import { BadInputError } from '../api/errors.js';
import type { Entity } from '../api/storage.js';
import { storageEngineKinds } from './test-fixtures/storage-engines.js';

interface License extends Entity {
  readonly userId?: string;
  readonly adamId: string;
  readonly at: number;
}

const kinds = storageEngineKinds();

/** The Storage contract (host/api/storage.ts), the same for every engine: plugins notice no difference. */
describe.each(kinds)('Repository on the $name engine', (kind) => {
  async function openLicenses() {
    const location = await kind.location();
    const opened = await location.open();
    const licenses = await opened.engine.namespace('vpp-apple').collection<License>('licenses');
    const reopen = async () => {
      const again = await location.open();
      return { ...again, licenses: await again.engine.namespace('vpp-apple').collection<License>('licenses') };
    };
    return { ...opened, licenses, reopen };
  }

  it('keeps an index current through put, replace and delete, and rebuilds it after reload', async () => {
    const { engine, licenses, reopen } = await openLicenses();
    await licenses.putMany([
      { id: 'l1', userId: 'u1', adamId: 'A', at: 1 },
      { id: 'l2', userId: 'u1', adamId: 'B', at: 2 },
      { id: 'l3', adamId: 'C', at: 3 },
    ]);
    const byUser = licenses.index('by-user', (license) => license.userId);
    expect(byUser.get('u1').map((l) => l.id).sort()).toEqual(['l1', 'l2']);
    expect(byUser.keys()).toEqual(['u1']);

    await licenses.put({ id: 'l2', userId: 'u2', adamId: 'B', at: 2 });
    expect(byUser.get('u1').map((l) => l.id)).toEqual(['l1']);
    expect(byUser.get('u2').map((l) => l.id)).toEqual(['l2']);
    await licenses.put({ id: 'l4', userId: 'u2', adamId: 'D', at: 4 });
    expect(await licenses.delete('l1')).toBe(true);
    expect(await licenses.delete('l1')).toBe(false);
    expect(byUser.get('u1')).toEqual([]);
    expect(byUser.keys().sort()).toEqual(['u2']);
    expect(licenses.index('by-user', () => 'ignored')).toBe(byUser);
    await engine.close();

    const reopened = await reopen();
    const rebuilt = reopened.licenses.index('by-user', (license) => license.userId);
    expect(rebuilt.get('u2').map((l) => l.id).sort()).toEqual(['l2', 'l4']);
    expect(reopened.licenses.get('l3')).toEqual({ id: 'l3', adamId: 'C', at: 3 });
    expect(reopened.licenses.has('l1')).toBe(false);
    expect(reopened.licenses.count()).toBe(3);
    await reopened.engine.close();
  });

  it('queries with filter, sort and paging and reports the total of all matches', async () => {
    const { engine, licenses } = await openLicenses();
    await licenses.putMany(Array.from({ length: 25 }, (_, n) => ({ id: `l${n}`, adamId: n % 2 ? 'odd' : 'even', at: 100 - n })));
    const page = licenses.query({ where: (l) => l.adamId === 'even', sort: (a, b) => a.at - b.at, offset: 3, limit: 4 });
    expect(page.total).toBe(13);
    expect(page.items.map((l) => l.at)).toEqual([82, 84, 86, 88]);
    expect(licenses.query({ offset: 20 }).items).toHaveLength(5);
    expect(licenses.find((l) => l.at > 98).map((l) => l.id).sort()).toEqual(['l0', 'l1']);
    expect(() => licenses.query({ limit: -1 })).toThrow(BadInputError);
    expect(() => licenses.query({ offset: 1.5 })).toThrow(/offset/);
    await engine.close();
  });

  it('removes many records at once, counts only those that existed, and keeps the removal after reload', async () => {
    const { engine, licenses, reopen } = await openLicenses();
    await licenses.putMany([1, 2, 3].map((n) => ({ id: `l${n}`, adamId: 'A', at: n })));
    expect(await licenses.deleteMany(['l1', 'l3', 'missing'])).toBe(2);
    await engine.close();
    const reopened = await reopen();
    expect([...reopened.licenses.values()]).toEqual([{ id: 'l2', adamId: 'A', at: 2 }]);
    await reopened.engine.close();
  });

  it('refuses unsafe namespace and collection names and records without an id, changing nothing', async () => {
    const { engine, licenses, reopen } = await openLicenses();
    for (const name of ['../escape', 'UPPER', 'a/b', '', '.hidden', 'trailing-', 'x'.repeat(65)]) {
      expect(() => engine.namespace(name), name).toThrow(BadInputError);
      await expect(engine.namespace('ok').collection(name), name).rejects.toThrow(BadInputError);
    }
    const noId = { adamId: 'A', at: 1 } as unknown as License;
    await expect(licenses.putMany([{ id: 'fine', adamId: 'A', at: 1 }, noId])).rejects.toThrow(/non-empty string "id"/);
    await expect(licenses.put({ id: 'nul\u0000id', adamId: 'A', at: 1 })).rejects.toThrow(/without NUL/);
    expect(licenses.count()).toBe(0);
    await expect(engine.namespace('ok').collection('big', { expectedSize: -5 })).rejects.toThrow(BadInputError);
    await engine.close();
    const reopened = await reopen();
    expect(reopened.licenses.count()).toBe(0);
    await reopened.engine.close();
  });

  it('returns the same Storage for a namespace and the same repository for a collection', async () => {
    const { engine } = await openLicenses();
    expect(engine.namespace('vpp-apple')).toBe(engine.namespace('vpp-apple'));
    const [a, b] = await Promise.all([engine.namespace('vpp-apple').collection('licenses'), engine.namespace('vpp-apple').collection('licenses')]);
    expect(a).toBe(b);
    await engine.close();
  });

  it('shares few commits among 500 concurrent puts, each resolving once durable, all there after reload', async () => {
    const { engine, licenses, commits, reopen } = await openLicenses();
    const before = commits();
    await Promise.all(Array.from({ length: 500 }, (_, n) => licenses.put({ id: `l${n}`, adamId: 'A', at: n })));
    expect(commits() - before).toBeGreaterThanOrEqual(1);
    expect(commits() - before).toBeLessThanOrEqual(3);
    await engine.close();
    const reopened = await reopen();
    expect(reopened.licenses.count()).toBe(500);
    expect(reopened.licenses.get('l499')).toEqual({ id: 'l499', adamId: 'A', at: 499 });
    await reopened.engine.close();
  });

  it('keeps the last of several changes to a record made in one tick, and the order records were added in', async () => {
    const { engine, licenses, reopen } = await openLicenses();
    await Promise.all([
      licenses.put({ id: 'b', adamId: 'first', at: 1 }),
      licenses.put({ id: 'a', adamId: 'A', at: 2 }),
      licenses.put({ id: 'b', adamId: 'second', at: 3 }),
      licenses.put({ id: 'gone', adamId: 'X', at: 4 }),
      licenses.delete('gone'),
    ]);
    await engine.close();
    const reopened = await reopen();
    expect([...reopened.licenses.values()].map((l) => l.id)).toEqual(['b', 'a']);
    expect(reopened.licenses.get('b')?.adamId).toBe('second');
    await reopened.engine.close();
  });

  it('gives back exactly the values it was given: nested objects, unicode, control characters and numbers', async () => {
    const { engine, reopen } = await openLicenses();
    const odd = await engine.namespace('vpp-apple').collection<Entity & Record<string, unknown>>('odd');
    const record = { id: 'ü-📦-"quoted"\\', text: 'zero \u0000 byte, emoji 📦, quote " and \\', list: [1, -0.5, 1e21, null, { deep: [true] }], big: Number.MAX_SAFE_INTEGER };
    await odd.put(record);
    await engine.close();
    const reopened = await reopen();
    expect(await reopened.engine.namespace('vpp-apple').collection('odd').then((c) => c.get(record.id))).toEqual(record);
    await reopened.engine.close();
  });

  it('refuses changes once closed, and lists the collections it holds', async () => {
    const { engine, licenses, reopen } = await openLicenses();
    await licenses.put({ id: 'l1', adamId: 'A', at: 1 });
    await (await engine.namespace('host').collection('audit')).put({ id: 'e1' });
    await engine.close();
    await expect(licenses.put({ id: 'l2', adamId: 'A', at: 2 })).rejects.toThrow(/closed/);
    const reopened = await reopen();
    expect(await reopened.engine.storedCollections()).toEqual([
      { namespace: 'host', collection: 'audit' },
      { namespace: 'vpp-apple', collection: 'licenses' },
    ]);
    await reopened.engine.close();
  });
});
