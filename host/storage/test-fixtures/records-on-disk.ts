import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Entity } from '../../api/storage.js';
import { journalSeq, parseJournal, type JournalEntry } from '../journal.js';

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
  for (const entry of journalEntries<T>(namespaceDir, collection)) {
    for (const record of entry.put) records.set(record.id, record);
    for (const id of entry.delete) records.delete(id);
  }
  return records;
}

/** Every entry of the collection's journal files, oldest first. */
export function journalEntries<T extends Entity>(namespaceDir: string, collection: string): JournalEntry<T>[] {
  return readdirSync(namespaceDir)
    .map((name) => ({ name, seq: journalSeq(collection, name) }))
    .filter((journal) => journal.seq !== undefined)
    .sort((a, b) => a.seq! - b.seq!)
    .flatMap(({ name }) => parseJournal<T>(readFileSync(path.join(namespaceDir, name), 'utf8'), path.join(namespaceDir, name)));
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
