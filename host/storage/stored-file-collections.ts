import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { journalSeq } from './journal.js';
import { isSafeName } from './names.js';
import type { StoredCollection } from './storage-engine.js';

/**
 * The collections a data dir holds, found by their files (see collection-files.ts and journal.ts): `<name>.json`, a
 * shard set `<name>/meta.json`, or journals `<name>.<n>.journal` a crash left behind, in a namespace directory.
 */
export async function storedFileCollections(dataDir: string): Promise<StoredCollection[]> {
  const found: StoredCollection[] = [];
  for (const namespace of await readdir(dataDir, { withFileTypes: true }).catch(() => [])) {
    if (!namespace.isDirectory() || !isSafeName(namespace.name)) continue;
    const names = new Set<string>();
    const namespaceDir = path.join(dataDir, namespace.name);
    for (const entry of await readdir(namespaceDir, { withFileTypes: true })) {
      const name = collectionOf(entry.name, entry.isDirectory());
      if (name && (!entry.isDirectory() || (await readdir(path.join(namespaceDir, name))).includes('meta.json'))) names.add(name);
    }
    for (const collection of [...names].sort()) found.push({ namespace: namespace.name, collection });
  }
  return found.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.collection.localeCompare(b.collection));
}

function collectionOf(fileName: string, isDirectory: boolean): string | undefined {
  if (isDirectory) return isSafeName(fileName) ? fileName : undefined;
  const single = /^(.+)\.json$/.exec(fileName)?.[1];
  if (single !== undefined) return isSafeName(single) ? single : undefined;
  const journaled = /^(.+)\.\d+\.journal$/.exec(fileName)?.[1];
  return journaled !== undefined && journalSeq(journaled, fileName) !== undefined ? journaled : undefined;
}
