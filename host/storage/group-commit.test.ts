import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../api/storage.js';
import { GroupCommit } from './group-commit.js';
import { FileStorageEngine } from './index.js';
import { recordsOnDisk } from './test-fixtures/records-on-disk.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

interface Device extends Entity {
  readonly serialNumber: string;
}

const tempDataDir = useTempDataDirs();

function idsOnDisk(dataDir: string): Set<string> {
  return new Set(recordsOnDisk<Device>(path.join(dataDir, 'devices-plugin'), 'devices').keys());
}

describe('group commit', () => {
  it('shares few journal appends among 500 concurrent puts, each resolving only once its record is on disk', async () => {
    const dataDir = await tempDataDir();
    const writes: string[] = [];
    const engine = new FileStorageEngine({ dataDir, onWrite: (file) => writes.push(file) });
    const devices = await engine.namespace('devices-plugin').collection<Device>('devices');

    const missingAtResolve: string[] = [];
    await Promise.all(
      Array.from({ length: 500 }, (_, n) => {
        const id = `d${n}`;
        return devices.put({ id, serialNumber: `SN${n}` }).then(() => {
          if (!idsOnDisk(dataDir).has(id)) missingAtResolve.push(id);
        });
      }),
    );

    expect(missingAtResolve).toEqual([]);
    expect(writes.length).toBeGreaterThanOrEqual(1);
    expect(writes.length).toBeLessThanOrEqual(3);
    expect(new Set(writes)).toEqual(new Set([path.join(dataDir, 'devices-plugin', 'devices.1.journal')]));
    expect(idsOnDisk(dataDir).size).toBe(500);
    await engine.close();
  });

  it('puts arriving while an append is in flight are acknowledged by a later append that holds them', async () => {
    const dataDir = await tempDataDir();
    let writes = 0;
    const engine = new FileStorageEngine({ dataDir, onWrite: () => writes++ });
    const devices = await engine.namespace('devices-plugin').collection<Device>('devices');

    const acknowledged: Promise<void>[] = [];
    const missingAtResolve: string[] = [];
    for (let n = 0; n < 300; n++) {
      const id = `d${n}`;
      acknowledged.push(
        devices.put({ id, serialNumber: `SN${n}` }).then(() => {
          if (!idsOnDisk(dataDir).has(id)) missingAtResolve.push(id);
        }),
      );
      // Spread the puts over many macrotasks so most of them land while an append is in flight.
      if (n % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(acknowledged);

    expect(missingAtResolve).toEqual([]);
    expect(writes).toBeLessThan(300);
    expect(idsOnDisk(dataDir).size).toBe(300);
    await engine.close();
  });

  it('flush waits for accepted changes; close leaves them all in the snapshot and refuses later writes', async () => {
    const dataDir = await tempDataDir();
    const engine = new FileStorageEngine({ dataDir });
    const storage = engine.namespace('devices-plugin');
    const devices = await storage.collection<Device>('devices');
    void devices.put({ id: 'a', serialNumber: 'SN-A' });
    await storage.flush();
    expect(idsOnDisk(dataDir)).toEqual(new Set(['a']));

    void devices.put({ id: 'b', serialNumber: 'SN-B' });
    await engine.close();
    expect(await readdir(path.join(dataDir, 'devices-plugin'))).toEqual(['devices.json']);
    expect(idsOnDisk(dataDir)).toEqual(new Set(['a', 'b']));
    await expect(devices.put({ id: 'c', serialNumber: 'SN-C' })).rejects.toThrow(/closed/);
    expect(devices.has('c')).toBe(false);
  });
});

describe('GroupCommit', () => {
  /** A write function whose writes the test finishes by hand, to see exactly when each one starts. */
  function controlledWrites() {
    const started: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
    const writeFile = () =>
      new Promise<void>((resolve, reject) => started.push({ finish: resolve, fail: reject }));
    return { started, writeFile };
  }
  const nextMacrotask = () => new Promise((resolve) => setImmediate(resolve));

  it('keeps one write in flight and folds every change made meanwhile into the single next write', async () => {
    const { started, writeFile } = controlledWrites();
    const commits = new GroupCommit(writeFile);
    const settled: string[] = [];
    void commits.commit().then(() => settled.push('first'));
    await nextMacrotask();
    expect(started).toHaveLength(1);

    const later = [1, 2, 3].map((n) => commits.commit().then(() => settled.push(`later${n}`)));
    await nextMacrotask();
    expect(started).toHaveLength(1);

    started[0]!.finish();
    await nextMacrotask();
    expect(settled).toEqual(['first']);
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await Promise.all(later);
    expect(settled).toEqual(['first', 'later1', 'later2', 'later3']);
    expect(started).toHaveLength(2);
  });

  it('rejects the callers of a failed write, and flush retries it', async () => {
    const { started, writeFile } = controlledWrites();
    const commits = new GroupCommit(writeFile);
    const failed = commits.commit();
    await nextMacrotask();
    started[0]!.fail(new Error('disk full'));
    await expect(failed).rejects.toThrow('disk full');

    const flushed = commits.flush();
    await nextMacrotask();
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await expect(flushed).resolves.toBeUndefined();
    await expect(commits.flush()).resolves.toBeUndefined();
    expect(started).toHaveLength(2);
  });
});
