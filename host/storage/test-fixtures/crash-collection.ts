import type { CollectionOptions, Entity } from '../../api/storage.js';

export interface CrashRecord extends Entity {
  readonly serialNumber: string;
  readonly note: string;
}

/** The sharded variant asks for enough records to get several shard files from the start. */
export function crashCollectionOptions(layout: 'single' | 'sharded'): CollectionOptions {
  return layout === 'sharded' ? { expectedSize: 50_000 } : {};
}
