import type { Logger } from '../api/logger.js';
import { FileStorageEngine, isPostgresUrl, PostgresStorageEngine, redactPostgresUrl, StorageUnavailableError, type StorageEngine } from '../storage/index.js';

/** Where the host keeps its data instead of its data dir: a `postgres://` URL (the `--storage` of `vpp-host start`). */
export const STORAGE_ENV = 'VPP_HOST_STORAGE';

export const NOT_A_STORAGE_URL = `--storage (or ${STORAGE_ENV}) takes a postgres:// URL; leave it out to keep the data in files under the data dir`;

/**
 * The host's storage: the lowdb files of its data dir, or the PostgreSQL database `location` names. With PostgreSQL
 * the data dir still holds the secret key (unless VPP_HOST_SECRET_KEY gives it), the log and cli.json.
 */
export async function openHostStorage(dataDir: string, location: string | undefined, secretKey: Buffer, logger: Logger): Promise<StorageEngine> {
  if (!location) return new FileStorageEngine({ dataDir });
  if (!isPostgresUrl(location)) {
    throw new StorageUnavailableError(NOT_A_STORAGE_URL);
  }
  const engine = await PostgresStorageEngine.open({ url: location, secretKey });
  logger.info(`Storage in PostgreSQL at ${redactPostgresUrl(location)}`);
  return engine;
}
