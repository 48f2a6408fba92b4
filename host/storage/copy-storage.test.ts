import { describe, expect, it } from 'vitest';
import { copyStorage } from './copy-storage.js';
import { FileStorageEngine } from './index.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

const tempDataDir = useTempDataDirs();

async function engineWith(records: { id: string; n: number }[]): Promise<FileStorageEngine> {
  const engine = new FileStorageEngine({ dataDir: await tempDataDir() });
  if (records.length > 0) await (await engine.namespace('plugin').collection('items')).putMany(records);
  return engine;
}

describe('copyStorage verification', () => {
  it('fails when the copy read back misses a record or holds one that differs', async () => {
    const source = await engineWith([{ id: 'a', n: 1 }, { id: 'b', n: 2 }]);
    const missing = copyStorage(source, await engineWith([]), () => engineWith([{ id: 'a', n: 1 }]));
    await expect(missing).rejects.toThrow('Verifying the copy: plugin/items holds 1 records, the source 2');
    const differing = copyStorage(source, await engineWith([]), () => engineWith([{ id: 'a', n: 1 }, { id: 'b', n: 3 }]));
    await expect(differing).rejects.toThrow('Verifying the copy: record "b" of plugin/items differs from the source');
    await source.close();
  });
});
