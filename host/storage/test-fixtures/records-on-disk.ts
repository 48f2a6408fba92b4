import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Entity } from '../../api/storage.js';
import { journalSeq, parseJournal } from '../journal.js';

/**
 * The records a restart would find, read straight from the files (synchronously, so a test can look at the very
 * moment a write resolves): the snapshot, one file or the shards its meta file lists, with the journal replayed
 * unless `journal: false` asks for the snapshot alone.
 */
export function recordsOnDisk<T extends Entity>(namespaceDir: string, collection: string, options: { journal?: boolean } = {}): Map<string, T> {
  const records = new Map<string, T>();
  for (const file of snapshotFiles(namespaceDir, collection)) {
    for (const record of (JSON.parse(readFileSync(file, 'utf8')) as { records: T[] }).records) records.set(record.id, record);
  }
  if (options.journal === false) return records;
  const journals = readdirSync(namespaceDir)
    .map((name) => ({ name, seq: journalSeq(collection, name) }))
    .filter((journal) => journal.seq !== undefined)
    .sort((a, b) => a.seq! - b.seq!);
  for (const { name } of journals) {
    const file = path.join(namespaceDir, name);
    for (const entry of parseJournal<T>(readFileSync(file, 'utf8'), file)) {
      for (const record of entry.put) records.set(record.id, record);
      for (const id of entry.delete) records.delete(id);
    }
  }
  return records;
}

function snapshotFiles(namespaceDir: string, collection: string): string[] {
  const meta = path.join(namespaceDir, collection, 'meta.json');
  if (existsSync(meta)) {
    const { generation, shards, written } = JSON.parse(readFileSync(meta, 'utf8')) as { generation: number; shards: number; written?: number[] };
    const listed = written ?? Array.from({ length: shards }, (_, at) => at);
    return listed.map((at) => path.join(namespaceDir, collection, `g${generation}-${at}.json`));
  }
  const single = path.join(namespaceDir, `${collection}.json`);
  return existsSync(single) ? [single] : [];
}
