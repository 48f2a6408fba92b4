import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../api/storage.js';
import { CorruptFileError, FileStorageEngine } from './index.js';
import { Journal } from './journal.js';
import { journalEntries, recordsOnDisk } from './test-fixtures/records-on-disk.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

interface Device extends Entity {
  readonly serialNumber: string;
}

const tempDataDir = useTempDataDirs();

/** Writes journal lines the way a host that then crashed would have left them. */
async function journalOf(namespaceDir: string, seq: number, entries: { put?: Device[]; delete?: string[] }[]): Promise<string> {
  await mkdir(namespaceDir, { recursive: true });
  const journal = new Journal<Device>(namespaceDir, 'devices', seq);
  for (const entry of entries) await journal.record(entry.put ?? [], entry.delete ?? []);
  await journal.close();
  return path.join(namespaceDir, `devices.${seq}.journal`);
}

/** The `fleet` namespace's devices; `writes` names each file written, and a checkpoint is due at 4 KiB of journal. */
async function openDevices(dataDir: string) {
  const writes: string[] = [];
  const engine = new FileStorageEngine({ dataDir, minCheckpointBytes: 4096, onWrite: (file) => writes.push(path.basename(file)) });
  const devices = await engine.namespace('fleet').collection<Device>('devices');
  return { engine, devices, writes };
}

const device = (id: string, serialNumber = `SN-${id}`): Device => ({ id, serialNumber });

describe('journal', () => {
  it('replays what a crash left, ignoring a line the crash cut short, and checkpoints it at open', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const file = await journalOf(namespaceDir, 1, [{ put: [device('a'), device('b')] }, { put: [device('a', 'SN-A2')], delete: ['b'] }]);
    await appendFile(file, '0badc0de {"put":[{"id":"torn"');

    const { engine, devices } = await openDevices(dataDir);
    expect([...devices.values()]).toEqual([device('a', 'SN-A2')]);
    expect(journalEntries(namespaceDir, 'devices')).toEqual([]);
    expect(recordsOnDisk<Device>(namespaceDir, 'devices', { journal: false })).toEqual(new Map([['a', device('a', 'SN-A2')]]));
    await engine.close();
  });

  it('refuses to open, naming the file and touching nothing, when a line before valid ones is damaged', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const file = await journalOf(namespaceDir, 1, [{ put: [device('a')] }, { put: [device('b')] }, { put: [device('c')] }]);
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"SN-b"', '"SN-x"');
    const damaged = lines.join('\n');
    await writeFile(file, damaged);

    const engine = new FileStorageEngine({ dataDir });
    const opening = engine.namespace('fleet').collection<Device>('devices');
    await expect(opening).rejects.toThrow(CorruptFileError);
    await expect(opening).rejects.toThrow(/devices\.1\.journal.*line 2 is damaged/);
    expect(await readFile(file, 'utf8')).toBe(damaged);
    expect(await readdir(namespaceDir)).toEqual(['devices.1.journal']);
    await engine.close();
  });

  it('replays every kept file in order over a snapshot that a cut-short checkpoint left newer than them', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    // The checkpoint wrote the snapshot (a at its last state, b still there), then the crash came before the journal
    // files were removed; a later file holds changes made during the checkpoint.
    await journalOf(namespaceDir, 3, [{ put: [device('a', 'SN-A1'), device('b')] }, { put: [device('a', 'SN-A2')] }]);
    await journalOf(namespaceDir, 4, [{ delete: ['b'], put: [device('c')] }]);
    await writeFile(path.join(namespaceDir, 'devices.json'), JSON.stringify({ records: [device('a', 'SN-A2'), device('b'), device('old')] }));

    const { engine, devices } = await openDevices(dataDir);
    expect(new Map([...devices.values()].map((d) => [d.id, d.serialNumber]))).toEqual(
      new Map([
        ['a', 'SN-A2'],
        ['old', 'SN-old'],
        ['c', 'SN-c'],
      ]),
    );
    expect(journalEntries(namespaceDir, 'devices')).toEqual([]);
    await engine.close();
  });

  it('checkpoints while running once the journal outgrows its threshold, removing the journal files it covered', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const { engine, devices, writes } = await openDevices(dataDir);
    for (let n = 0; n < 200; n++) await devices.put(device(`d${n}`, `SN-${'x'.repeat(100)}-${n}`));
    await engine.flush();

    expect(writes).toContain('devices.json');
    const journals = (await readdir(namespaceDir)).filter((name) => name.endsWith('.journal'));
    expect(journals.length).toBeLessThanOrEqual(2);
    expect(journals.every((name) => name !== 'devices.1.journal')).toBe(true);
    expect(recordsOnDisk<Device>(namespaceDir, 'devices', { journal: false }).size).toBeGreaterThan(0);
    expect(recordsOnDisk<Device>(namespaceDir, 'devices').size).toBe(200);
    await engine.close();
  });

  it('lets a due checkpoint wait for the collection to rest, so it does not slow down the changes of a burst', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const { engine, devices, writes } = await openDevices(dataDir);
    // Past the 4 KiB that make a checkpoint due, short of the 8 KiB that start one at once.
    await devices.putMany(Array.from({ length: 40 }, (_, n) => device(`d${n}`, `SN-${'x'.repeat(100)}-${n}`)));
    await devices.put(device('one-more'));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes).not.toContain('devices.json');

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(writes).toContain('devices.json');
    expect(recordsOnDisk<Device>(namespaceDir, 'devices', { journal: false }).size).toBe(41);
    await engine.close();
  });

  it('keeps the journal when a checkpoint fails, and the next checkpoint writes what the failed one did not', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const first = await openDevices(dataDir);
    await first.devices.putMany([device('a'), device('b')]);
    // The snapshot cannot be renamed into place while a directory holds its name.
    const blocker = path.join(namespaceDir, 'devices.json');
    await mkdir(blocker);
    await expect(first.engine.close()).rejects.toThrow();
    await rm(blocker, { recursive: true });
    expect(recordsOnDisk<Device>(namespaceDir, 'devices').size).toBe(2);
    // The files stay the failed engine's until it closes.
    await expect(openDevices(dataDir)).rejects.toThrow(/already open/);

    await first.engine.close();
    expect(await readdir(namespaceDir)).toEqual(['devices.json']);
    const second = await openDevices(dataDir);
    expect([...second.devices.values()].map((d) => d.id).sort()).toEqual(['a', 'b']);
    await second.engine.close();
    await second.engine.close();
    expect(await readdir(namespaceDir)).toEqual(['devices.json']);
  });

  it('does nothing when closed again, even once another engine has the files', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const first = await openDevices(dataDir);
    await first.devices.put(device('a'));
    await first.engine.close();
    const second = await openDevices(dataDir);
    await second.devices.put(device('b'));

    await first.engine.close();
    expect(recordsOnDisk<Device>(namespaceDir, 'devices').size).toBe(2);
    await second.engine.close();
    const third = await openDevices(dataDir);
    expect([...third.devices.values()].map((d) => d.id).sort()).toEqual(['a', 'b']);
    await third.engine.close();
  });

  it('retries an append that failed in a new file, so a half-written line stays the last of its own', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'fleet');
    const journal = new Journal<Device>(namespaceDir, 'devices', 1);
    await expect(journal.record([device('a')], [])).rejects.toThrow(/ENOENT/);
    await mkdir(namespaceDir);
    await journal.record([device('b')], []);
    await journal.close();

    expect(await readdir(namespaceDir)).toEqual(['devices.2.journal']);
    expect([...recordsOnDisk<Device>(namespaceDir, 'devices').keys()].sort()).toEqual(['a', 'b']);
  });
});
