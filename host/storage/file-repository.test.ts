import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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

/** What only the file engine does; the Storage contract both engines keep is in repository-contract.test.ts. */
describe('FileStorageEngine files', () => {
  it('leaves only the remaining records in the collection file after deleting many', async () => {
    const dataDir = await tempDataDir();
    const { engine, licenses } = await openLicenses(dataDir);
    await licenses.putMany([1, 2, 3].map((n) => ({ id: `l${n}`, adamId: 'A', at: n })));
    expect(await licenses.deleteMany(['l1', 'l3', 'missing'])).toBe(2);
    await engine.close();
    const stored = JSON.parse(await readFile(path.join(dataDir, 'vpp-apple', 'licenses.json'), 'utf8'));
    expect(stored).toEqual({ records: [{ id: 'l2', adamId: 'A', at: 2 }] });
  });

  it('refuses to open a collection another engine of this process holds open', async () => {
    const dataDir = await tempDataDir();
    const engine = new FileStorageEngine({ dataDir });
    await engine.namespace('vpp-apple').collection('licenses');
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
