import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../api/storage.js';
import { FileStorageEngine } from './index.js';
import { SHARD_MAX_SIZE, shardIndexOf } from './sharding.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

interface Asset extends Entity {
  readonly adamId: string;
  readonly state: string;
}

const tempDataDir = useTempDataDirs();

function assets(count: number, from = 0): Asset[] {
  return Array.from({ length: count }, (_, n) => ({ id: `a${from + n}`, adamId: `${300000 + ((from + n) % 97)}`, state: 'free' }));
}

function byId(records: Iterable<Asset>): Asset[] {
  return [...records].sort((a, b) => a.id.localeCompare(b.id));
}

/** Opens `assets` in namespace `vpp` with a fresh engine that records its writes. */
async function open(dataDir: string, expectedSize?: number) {
  const writes: string[] = [];
  const engine = new FileStorageEngine({ dataDir, onWrite: (file) => writes.push(path.relative(dataDir, file)) });
  const repository = await engine.namespace('vpp').collection<Asset>('assets', expectedSize ? { expectedSize } : {});
  return { engine, repository, writes };
}

async function readMeta(dataDir: string): Promise<{ generation: number; shards: number; written: number[] }> {
  return JSON.parse(await readFile(path.join(dataDir, 'vpp', 'assets', 'meta.json'), 'utf8'));
}

describe('sharding', () => {
  it('splits a collection created with a large expectedSize; a change goes to the journal, and the checkpoint at close writes only the shards it changed', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir, 100_000);
    // A new shard set has no shard files yet, only the meta file that says so.
    expect(await readMeta(dataDir)).toEqual({ format: 1, generation: 1, shards: 20, written: [] });
    expect(first.writes).toEqual([path.join('vpp', 'assets', 'meta.json')]);
    await first.repository.putMany(assets(1000));
    await first.engine.close();
    const allShards = Array.from({ length: 20 }, (_, at) => at);
    expect(await readMeta(dataDir)).toEqual({ format: 1, generation: 1, shards: 20, written: allShards });
    expect(first.writes.slice(1).sort()).toEqual(
      [path.join('vpp', 'assets.1.journal'), ...allShards.map((at) => path.join('vpp', 'assets', `g1-${at}.json`)), path.join('vpp', 'assets', 'meta.json')].sort(),
    );

    const second = await open(dataDir, 100_000);
    expect(second.writes).toEqual([]);
    await second.repository.put({ id: 'extra', adamId: '1', state: 'free' });
    await second.repository.delete('a7');
    const journal = path.join('vpp', 'assets.1.journal');
    expect(second.writes).toEqual([journal, journal]);
    const saved = byId(second.repository.values());
    second.writes.length = 0;
    await second.engine.close();
    const changedShards = new Set(['extra', 'a7'].map((id) => path.join('vpp', 'assets', `g1-${shardIndexOf(id, 20)}.json`)));
    expect(second.writes.sort()).toEqual([...changedShards].sort());

    const third = await open(dataDir, 100_000);
    expect(third.writes).toEqual([]);
    expect(byId(third.repository.values())).toEqual(saved);
    expect(third.repository.count()).toBe(1000);
    await third.engine.close();
  });

  it('re-shards a single file that outgrew it at load, keeping every record and committing with the meta file', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir);
    await first.repository.putMany(assets(25_000));
    expect(first.writes).toEqual([path.join('vpp', 'assets.1.journal')]);
    const saved = byId(first.repository.values());
    await first.engine.close();
    expect(first.writes).toEqual([path.join('vpp', 'assets.1.journal'), path.join('vpp', 'assets.json')]);

    const second = await open(dataDir);
    expect(await readMeta(dataDir)).toEqual({ format: 1, generation: 1, shards: 5, written: [0, 1, 2, 3, 4] });
    expect(second.writes.sort()).toEqual(
      ['g1-0.json', 'g1-1.json', 'g1-2.json', 'g1-3.json', 'g1-4.json', 'meta.json'].map((file) => path.join('vpp', 'assets', file)),
    );
    expect(existsSync(path.join(dataDir, 'vpp', 'assets.json'))).toBe(false);
    expect(byId(second.repository.values())).toEqual(saved);
    for (const file of ['g1-0.json', 'g1-1.json', 'g1-2.json', 'g1-3.json', 'g1-4.json']) {
      const { records } = JSON.parse(await readFile(path.join(dataDir, 'vpp', 'assets', file), 'utf8'));
      expect(records.length).toBeGreaterThan(0);
      expect(records.length).toBeLessThanOrEqual(SHARD_MAX_SIZE);
    }
    await second.engine.close();

    const third = await open(dataDir, 100_000);
    expect(await readMeta(dataDir)).toEqual({ format: 1, generation: 2, shards: 20, written: Array.from({ length: 20 }, (_, at) => at) });
    expect(await readdir(path.join(dataDir, 'vpp', 'assets'))).not.toContain('g1-0.json');
    expect(byId(third.repository.values())).toEqual(saved);
    await third.engine.close();
  });

  it('ignores and removes the leftovers of an interrupted re-shard, trusting the meta file', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir, 50_000);
    await first.repository.putMany(assets(500));
    await first.engine.close();
    // A crash before the meta file named generation 2 leaves half-written generation-2 files and the old layout.
    await writeFile(path.join(dataDir, 'vpp', 'assets', 'g2-0.json'), '{"records":[{"id":"half');
    await writeFile(path.join(dataDir, 'vpp', 'assets.json'), '{"records":[]}');

    const second = await open(dataDir, 50_000);
    expect(second.repository.count()).toBe(500);
    expect(existsSync(path.join(dataDir, 'vpp', 'assets', 'g2-0.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'vpp', 'assets.json'))).toBe(false);
    await second.engine.close();
  });

  it('recovers from a first re-shard cut off before its meta file: the single file still rules, and is re-sharded', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir);
    await first.repository.putMany(assets(25_000));
    await first.engine.close();
    await mkdir(path.join(dataDir, 'vpp', 'assets'));
    await writeFile(path.join(dataDir, 'vpp', 'assets', 'g1-0.json'), '{"records":[{"id":"half');
    await writeFile(path.join(dataDir, 'vpp', 'assets', 'g1-7.json'), '{"records":[]}');

    const second = await open(dataDir);
    expect(second.repository.count()).toBe(25_000);
    expect((await readdir(path.join(dataDir, 'vpp', 'assets'))).sort()).toEqual([
      'g1-0.json',
      'g1-1.json',
      'g1-2.json',
      'g1-3.json',
      'g1-4.json',
      'meta.json',
    ]);
    await second.engine.close();
  });

  it('ignores a shard file the meta file does not list: a first write cut short, whose changes the journal still holds', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir, 50_000);
    await first.engine.close();
    await writeFile(path.join(dataDir, 'vpp', 'assets', 'g1-2.json'), JSON.stringify({ records: [{ id: 'ghost', adamId: '1', state: 'free' }] }));

    const second = await open(dataDir, 50_000);
    expect(second.repository.count()).toBe(0);
    expect(await readdir(path.join(dataDir, 'vpp', 'assets'))).toEqual(['meta.json']);
    await second.engine.close();
  });

  it('lists a shard in the meta file again at the next checkpoint when listing it failed, so its records are never dropped', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir, 50_000);
    await first.repository.putMany(assets(500));
    // The meta file cannot be replaced while a directory holds its name: the shards get written, their listing fails.
    const metaFile = path.join(dataDir, 'vpp', 'assets', 'meta.json');
    const meta = await readFile(metaFile, 'utf8');
    await rm(metaFile);
    await mkdir(metaFile);
    await expect(first.engine.close()).rejects.toThrow();
    await rm(metaFile, { recursive: true });
    await writeFile(metaFile, meta);
    await first.engine.close();

    const second = await open(dataDir, 50_000);
    expect(second.repository.count()).toBe(500);
    await second.engine.close();
  });

  it('refuses to load when a shard file the meta file lists is missing', async () => {
    const dataDir = await tempDataDir();
    const first = await open(dataDir, 50_000);
    await first.repository.putMany(assets(500));
    await first.engine.close();
    const shardFile = path.join(dataDir, 'vpp', 'assets', 'g1-3.json');
    await rm(shardFile);
    await expect(open(dataDir, 50_000)).rejects.toThrow(shardFile);
  });
});
