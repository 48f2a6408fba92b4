import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { phrase } from '../api/messages.js';
import type { Clock } from '../api/clock.js';
import type { Logger } from '../api/logger.js';
import { FileStorageEngine, isPostgresUrl, PostgresStorageEngine, redactPostgresUrl, StorageUnavailableError, type StorageEngine } from '../storage/index.js';

/** Where the host keeps its data instead of its data dir: a `postgres://` URL (the `--storage` of `vpp-host start`). */
export const STORAGE_ENV = 'VPP_HOST_STORAGE';

/** Milliseconds without a heartbeat of the active host after which a standby takes over. */
export const LEASE_TIMEOUT_ENV = 'VPP_HOST_LEASE_TIMEOUT_MS';
const DEFAULT_LEASE_TIMEOUT_MS = 5_000;

export const NOT_A_STORAGE_URL = `--storage (or ${STORAGE_ENV}) takes a postgres:// URL; leave it out to keep the data in files under the data dir`;

export interface HostStorageOptions {
  readonly dataDir: string;
  readonly location: string | undefined;
  readonly secretKey: Buffer;
  /** Where this host will serve, as far as known before it listens (shown by a standby that refuses a write). */
  readonly address: string;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly logger: Logger;
}

/**
 * The host's storage: the lowdb files of its data dir, or the PostgreSQL database `location` names, shared with
 * other hosts under a lease (one active, the others standby). With PostgreSQL the data dir still holds the secret key
 * (unless VPP_HOST_SECRET_KEY gives it), the log and cli.json.
 */
export async function openHostStorage(options: HostStorageOptions): Promise<StorageEngine> {
  const { location, logger } = options;
  if (!location) return new FileStorageEngine({ dataDir: options.dataDir });
  if (!isPostgresUrl(location)) {
    throw new StorageUnavailableError(phrase(NOT_A_STORAGE_URL, 'host.cli.storage-url', { env: STORAGE_ENV }));
  }
  const timeoutMs = leaseTimeout(options.env);
  const lease = { hostId: `${hostname()}-${randomUUID().slice(0, 8)}`, address: options.address, timeoutMs, clock: options.clock, logger: logger.child('lease') };
  const engine = await PostgresStorageEngine.open({ url: location, secretKey: options.secretKey, lease });
  logger.info(`Storage in PostgreSQL at ${redactPostgresUrl(location)}, this host ${engine.leaseKeeper?.role() ?? 'active'}`, { hostId: lease.hostId });
  return engine;
}

function leaseTimeout(env: NodeJS.ProcessEnv): number {
  const raw = env[LEASE_TIMEOUT_ENV];
  if (raw === undefined || raw === '') return DEFAULT_LEASE_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isSafeInteger(ms) || ms < 100 || ms > 600_000) {
    const got = raw.slice(0, 40);
    throw new StorageUnavailableError(phrase(`${LEASE_TIMEOUT_ENV} must be a whole number of milliseconds from 100 to 600000, got "${got}"`, 'host.storage.lease-timeout', { env: LEASE_TIMEOUT_ENV, got }));
  }
  return ms;
}
