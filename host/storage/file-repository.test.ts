import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError } from '../api/errors.js';
import type { Entity } from '../api/storage.js';
import { CorruptFileError, FileStorageEngine } from './index.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

interface License extends Entity {
  readonly userId?: string;
  readonly adamId: string;
  readonly at: number;
}

const tempDataDir = useTempDataDirs();

async function openLicenses(dataDir: string) {
  const engine = new FileStorageEngine({ dataDir });
  const licenses = await engine.namespace('vpp-apple').collection<License>('licenses');
  return { engine, licenses };
}

describe('FileRepository', () => {
  it('keeps an index current through put, replace and delete, and rebuilds it after reload', async () => {
    const dataDir = await tempDataDir();
    const { engine, licenses } = await openLicenses(dataDir);
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

    const reopened = await openLicenses(dataDir);
    const rebuilt = reopened.licenses.index('by-user', (license) => license.userId);
    expect(rebuilt.get('u2').map((l) => l.id).sort()).toEqual(['l2', 'l4']);
    expect(reopened.licenses.get('l3')).toEqual({ id: 'l3', adamId: 'C', at: 3 });
    expect(reopened.licenses.has('l1')).toBe(false);
    expect(reopened.licenses.count()).toBe(3);
    await reopened.engine.close();
  });

  it('queries with filter, sort and paging and reports the total of all matches', async () => {
    const dataDir = await tempDataDir();
    const { engine, licenses } = await openLicenses(dataDir);
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

  it('removes many records at once and counts only those that existed', async () => {
    const dataDir = await tempDataDir();
    const { engine, licenses } = await openLicenses(dataDir);
    await licenses.putMany([1, 2, 3].map((n) => ({ id: `l${n}`, adamId: 'A', at: n })));
    expect(await licenses.deleteMany(['l1', 'l3', 'missing'])).toBe(2);
    await engine.close();
    const stored = JSON.parse(await readFile(path.join(dataDir, 'vpp-apple', 'licenses.json'), 'utf8'));
    expect(stored).toEqual({ records: [{ id: 'l2', adamId: 'A', at: 2 }] });
  });

  it('refuses unsafe namespace and collection names and records without an id, changing nothing', async () => {
    const dataDir = await tempDataDir();
    const engine = new FileStorageEngine({ dataDir });
    for (const name of ['../escape', 'UPPER', 'a/b', '', '.hidden', 'trailing-', 'x'.repeat(65)]) {
      expect(() => engine.namespace(name), name).toThrow(BadInputError);
      await expect(engine.namespace('ok').collection(name), name).rejects.toThrow(BadInputError);
    }
    const licenses = await engine.namespace('ok').collection<License>('licenses');
    const noId = { adamId: 'A', at: 1 } as unknown as License;
    await expect(licenses.putMany([{ id: 'fine', adamId: 'A', at: 1 }, noId])).rejects.toThrow(/non-empty string "id"/);
    expect(licenses.count()).toBe(0);
    await expect(engine.namespace('ok').collection('big', { expectedSize: -5 })).rejects.toThrow(BadInputError);
    await engine.close();
  });

  it('returns the same Storage for a namespace and the same repository for a collection', async () => {
    const dataDir = await tempDataDir();
    const engine = new FileStorageEngine({ dataDir });
    expect(engine.namespace('vpp-apple')).toBe(engine.namespace('vpp-apple'));
    const [a, b] = await Promise.all([
      engine.namespace('vpp-apple').collection('licenses'),
      engine.namespace('vpp-apple').collection('licenses'),
    ]);
    expect(a).toBe(b);
    await expect(new FileStorageEngine({ dataDir }).namespace('vpp-apple').collection('licenses')).rejects.toThrow(
      /already open/,
    );
    await engine.close();
  });

  it('fails loudly, naming the file, when a collection file is corrupt, and leaves the file untouched', async () => {
    const dataDir = await tempDataDir();
    const file = path.join(dataDir, 'vpp-apple', 'licenses.json');
    await mkdir(path.dirname(file), { recursive: true });
    for (const content of ['{"records":[{"id":"l1"', '{"items":[]}', '{"records":[{"id":"l1"},{"id":"l1"}]}']) {
      await writeFile(file, content);
      const engine = new FileStorageEngine({ dataDir });
      const opening = engine.namespace('vpp-apple').collection('licenses');
      await expect(opening).rejects.toThrow(CorruptFileError);
      await expect(opening).rejects.toThrow(file);
      expect(await readFile(file, 'utf8')).toBe(content);
      await engine.close();
    }
  });
});
