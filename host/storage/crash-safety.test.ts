import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileStorageEngine } from './index.js';
import { crashCollectionOptions, type CrashRecord } from './test-fixtures/crash-collection.js';
import { journalEntries, recordsOnDisk } from './test-fixtures/records-on-disk.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDataDir = useTempDataDirs();

/** Runs the crash writer until it has acknowledged `acks` ids, kills it with SIGKILL, and returns the acknowledged ids. */
async function writeThenKill(dataDir: string, layout: 'single' | 'sharded', acks: number, minCheckpointBytes?: number): Promise<string[]> {
  const args = ['bin/run-ts.js', 'host/storage/test-fixtures/crash-writer.ts', dataDir, layout, ...(minCheckpointBytes ? [String(minCheckpointBytes)] : [])];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (stdout.split('\n').length > acks + 1) child.kill('SIGKILL');
  });
  const signal = await exited;
  expect(signal, `writer should die by SIGKILL; stderr: ${stderr}`).toBe('SIGKILL');
  // A line cut off by the kill was never fully acknowledged.
  const lines = stdout.split('\n').slice(0, -1);
  expect(lines[0]).toBe('ready');
  return lines.slice(1);
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => path.join(entry.parentPath, entry.name));
}

describe.each([
  { layout: 'single', checkpoints: 'none before the kill', minCheckpointBytes: undefined },
  { layout: 'sharded', checkpoints: 'none before the kill', minCheckpointBytes: undefined },
  { layout: 'single', checkpoints: 'one every 16 KiB of journal', minCheckpointBytes: 16_384 },
  { layout: 'sharded', checkpoints: 'one every 16 KiB of journal', minCheckpointBytes: 16_384 },
] as const)('crash safety ($layout collection, checkpoints: $checkpoints)', ({ layout, minCheckpointBytes }) => {
  it('keeps every acknowledged put after kill -9, and the next open replays the journal into the snapshot', async () => {
    const dataDir = await tempDataDir();
    const namespaceDir = path.join(dataDir, 'crash-test');
    const acknowledged = await writeThenKill(dataDir, layout, 2000, minCheckpointBytes);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2000);

    for (const file of await jsonFilesUnder(dataDir)) {
      const text = await readFile(file, 'utf8');
      expect(() => JSON.parse(text), `${file} should be valid JSON`).not.toThrow();
    }
    const onDisk = recordsOnDisk<CrashRecord>(namespaceDir, 'devices');
    expect(acknowledged.filter((id) => onDisk.get(id)?.serialNumber !== `SN-${id}`)).toEqual([]);
    const snapshotOnly = recordsOnDisk<CrashRecord>(namespaceDir, 'devices', { journal: false });
    // Checkpoints ran while the writer was killed (or none did, as the layout asked).
    if (minCheckpointBytes) expect(snapshotOnly.size).toBeGreaterThan(0);
    else expect(snapshotOnly.size).toBe(0);

    const engine = new FileStorageEngine({ dataDir });
    const devices = await engine.namespace('crash-test').collection<CrashRecord>('devices', crashCollectionOptions(layout));
    expect(acknowledged.filter((id) => devices.get(id)?.serialNumber !== `SN-${id}`)).toEqual([]);
    expect(journalEntries(namespaceDir, 'devices')).toEqual([]);
    expect(recordsOnDisk<CrashRecord>(namespaceDir, 'devices', { journal: false }).size).toBe(devices.count());
    await engine.close();
  });
});
