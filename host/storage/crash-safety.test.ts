import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileStorageEngine } from './index.js';
import { shardCountFor } from './sharding.js';
import { crashCollectionOptions, type CrashRecord } from './test-fixtures/crash-collection.js';
import { useTempDataDirs } from './test-fixtures/temp-data-dir.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tempDataDir = useTempDataDirs();

/** Runs the crash writer until it has acknowledged `acks` ids, kills it with SIGKILL, and returns the acknowledged ids. */
async function writeThenKill(dataDir: string, layout: 'single' | 'sharded', acks: number): Promise<string[]> {
  const child = spawn(
    process.execPath,
    ['bin/run-ts.js', 'host/storage/test-fixtures/crash-writer.ts', dataDir, layout],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
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
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe.each(['single', 'sharded'] as const)('crash safety (%s collection)', (layout) => {
  it('keeps every acknowledged put after kill -9, in files that are all valid JSON', async () => {
    const dataDir = await tempDataDir();
    const acknowledged = await writeThenKill(dataDir, layout, 2000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2000);

    const files = await jsonFilesUnder(dataDir);
    // The shard files plus the meta file.
    expect(files.length).toBe(layout === 'single' ? 1 : shardCountFor(crashCollectionOptions(layout).expectedSize!) + 1);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      expect(() => JSON.parse(text), `${file} should be valid JSON`).not.toThrow();
    }

    const engine = new FileStorageEngine({ dataDir });
    const devices = await engine.namespace('crash-test').collection<CrashRecord>('devices', crashCollectionOptions(layout));
    const lost = acknowledged.filter((id) => devices.get(id)?.serialNumber !== `SN-${id}`);
    expect(lost).toEqual([]);
    await engine.close();
  });
});
