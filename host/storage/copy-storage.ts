import { isDeepStrictEqual } from 'node:util';
import { BadInputError } from '../api/errors.js';
import type { Entity } from '../api/storage.js';
import type { StorageEngine, StoredCollection } from './storage-engine.js';

export interface CopiedCollection extends StoredCollection {
  readonly records: number;
}

export interface CopySummary {
  readonly collections: CopiedCollection[];
  readonly records: number;
}

/** Records per write while copying: large collections go over in several commits, none of them huge. */
const CHUNK = 5_000;

/**
 * Copies every collection of every namespace from one engine into another that holds none, then checks the copy as
 * stored: `reopenTarget` opens the target afresh (after `target` is closed here), and every record must be there,
 * deep-equal, and nothing else. Fails with a BadInputError for a target that holds data, changing nothing.
 */
export async function copyStorage(source: StorageEngine, target: StorageEngine, reopenTarget: () => Promise<StorageEngine>): Promise<CopySummary> {
  const existing = await target.storedCollections();
  if (existing.length > 0) {
    const named = existing.slice(0, 3).map((c) => `${c.namespace}/${c.collection}`).join(', ');
    throw new BadInputError(`The target already holds ${existing.length} collection(s) (${named}${existing.length > 3 ? ', ...' : ''}): copy only into an empty data dir or database`);
  }
  const stored = await source.storedCollections();
  const collections: CopiedCollection[] = [];
  for (const { namespace, collection } of stored) {
    const records = [...(await source.namespace(namespace).collection<Entity>(collection)).values()];
    const into = await target.namespace(namespace).collection<Entity>(collection, { expectedSize: records.length });
    for (let at = 0; at < records.length; at += CHUNK) await into.putMany(records.slice(at, at + CHUNK));
    collections.push({ namespace, collection, records: records.length });
  }
  await target.close();
  const check = await reopenTarget();
  try {
    for (const { namespace, collection, records } of collections) {
      const original = await source.namespace(namespace).collection<Entity>(collection);
      const copy = await check.namespace(namespace).collection<Entity>(collection);
      const where = `${namespace}/${collection}`;
      if (copy.count() !== records) throw new Error(`Verifying the copy: ${where} holds ${copy.count()} records, the source ${records}`);
      for (const record of original.values()) {
        if (!isDeepStrictEqual(copy.get(record.id), record)) throw new Error(`Verifying the copy: record ${JSON.stringify(record.id)} of ${where} differs from the source`);
      }
    }
  } finally {
    await check.close();
  }
  return { collections, records: collections.reduce((sum, c) => sum + c.records, 0) };
}
