import { FileStorageEngine } from './file-storage-engine.js';
import { isPostgresUrl } from './postgres/postgres-location.js';
import { PostgresStorageEngine } from './postgres/postgres-storage-engine.js';
import type { StorageEngine } from './storage-engine.js';

export interface OpenStorageOptions {
  /** See PostgresStorageOptions.secretKey. */
  readonly secretKey?: Buffer;
}

/** The engine for a location: a `postgres://` URL opens the PostgreSQL engine, anything else is a data directory. */
export async function openStorageEngine(location: string, options: OpenStorageOptions = {}): Promise<StorageEngine> {
  if (!isPostgresUrl(location)) return new FileStorageEngine({ dataDir: location });
  return PostgresStorageEngine.open({ url: location, ...(options.secretKey ? { secretKey: options.secretKey } : {}) });
}
