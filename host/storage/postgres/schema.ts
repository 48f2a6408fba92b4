import { createHmac } from 'node:crypto';
import type { ClientBase, PoolClient } from 'pg';
import { phrase } from '../../api/messages.js';
import { StorageUnavailableError } from '../storage-engine.js';

/**
 * The schema, one migration per version, applied in order at start inside one transaction. Released migrations never
 * change: a new version adds one. `epoch` fences a host that lost its lease, and `changes` numbers every commit's
 * changes so a standby can follow them.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE host_meta (key text PRIMARY KEY, value text NOT NULL);
   CREATE SEQUENCE record_position;
   CREATE TABLE records (
     namespace text NOT NULL,
     collection text NOT NULL,
     id text NOT NULL,
     data json NOT NULL,
     position bigint NOT NULL DEFAULT nextval('record_position'),
     epoch bigint NOT NULL DEFAULT 0,
     PRIMARY KEY (namespace, collection, id)
   );
   CREATE TABLE changes (
     seq bigserial PRIMARY KEY,
     namespace text NOT NULL,
     collection text NOT NULL,
     id text NOT NULL,
     deleted boolean NOT NULL,
     epoch bigint NOT NULL DEFAULT 0,
     committed_at timestamptz NOT NULL DEFAULT now()
   );`,
  // The lease of hosts sharing the database: one row, whose epoch every logged change must carry. A change of an older
  // epoch (a host that lost the lease and does not know it yet) is refused by the database; FOR SHARE makes a
  // takeover wait for a write in flight, so the new active host reads every change committed under the old epoch.
  `CREATE TABLE lease (
     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
     host_id text,
     address text,
     epoch bigint NOT NULL DEFAULT 0,
     heartbeat_at timestamptz NOT NULL DEFAULT now()
   );
   INSERT INTO lease DEFAULT VALUES;
   CREATE TABLE standbys (
     host_id text PRIMARY KEY,
     address text NOT NULL,
     applied_seq bigint NOT NULL,
     applied_at timestamptz NOT NULL DEFAULT now(),
     seen_at timestamptz NOT NULL DEFAULT now()
   );
   CREATE FUNCTION refuse_stale_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE current bigint;
   BEGIN
     SELECT epoch INTO current FROM lease FOR SHARE;
     IF NEW.epoch <> current THEN
       RAISE EXCEPTION 'write of epoch % refused: the lease is at epoch %', NEW.epoch, current USING ERRCODE = 'VPPFE';
     END IF;
     RETURN NEW;
   END $$;
   CREATE TRIGGER fence_changes BEFORE INSERT ON changes FOR EACH ROW EXECUTE FUNCTION refuse_stale_epoch();
   CREATE FUNCTION notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN PERFORM pg_notify('vpp_changes', ''); RETURN NULL; END $$;
   CREATE TRIGGER announce_changes AFTER INSERT ON changes FOR EACH STATEMENT EXECUTE FUNCTION notify_changes();`,
  // The change log keeps one row per commit, collection and kind of change, listing the records' ids in the order
  // they were first added: a commit of 60,000 records logs (and fences) one row instead of 60,000. A row logged
  // before lists one id.
  `ALTER TABLE changes ADD COLUMN ids text[];
   UPDATE changes SET ids = ARRAY[id];
   ALTER TABLE changes ALTER COLUMN ids SET NOT NULL, DROP COLUMN id;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Serialises the schema check and migration of hosts starting at once on one database. */
const SCHEMA_LOCK = 0x7670_7068; // "vpph"

const KEY_CHECK = 'secret-key-check';

/**
 * Proves which secret key sealed the secrets in the database without storing the key: an HMAC of a constant under it.
 */
export function secretKeyCheck(secretKey: Buffer): string {
  return createHmac('sha256', secretKey).update('vpp-host storage: secret key check').digest('hex');
}

/**
 * Brings the database to this build's schema and checks it belongs to a host with this secret key (when one is
 * given), in one transaction: a database of a newer schema or another key is refused with nothing written.
 */
export async function prepareSchema(client: PoolClient, secretKey: Buffer | undefined): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK]);
    const current = await schemaVersion(client);
    if (current > SCHEMA_VERSION) {
      const english = `The database has schema version ${current}, newer than this vpp-host's ${SCHEMA_VERSION}: run a vpp-host at least as new as the one that last used it`;
      throw new StorageUnavailableError(phrase(english, 'host.storage.newer-schema', { current, supported: SCHEMA_VERSION }));
    }
    const check = secretKey && secretKeyCheck(secretKey);
    const stored = current > 0 ? await storedKeyCheck(client) : undefined;
    if (check && stored && stored !== check) {
      const english = 'The database belongs to a host with another secret key: give this host the same key (VPP_HOST_SECRET_KEY or secret.key in its data dir)';
      throw new StorageUnavailableError(phrase(english, 'host.storage.other-key'));
    }
    if (current === 0) await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version - 1]!);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
    }
    if (check && !stored) await client.query('INSERT INTO host_meta (key, value) VALUES ($1, $2)', [KEY_CHECK, check]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** 0 for a database this host never used. */
export async function schemaVersion(client: ClientBase): Promise<number> {
  const { rows } = await client.query<{ exists: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS exists");
  if (!rows[0]?.exists) return 0;
  const result = await client.query<{ version: number | null }>('SELECT max(version) AS version FROM schema_migrations');
  return result.rows[0]?.version ?? 0;
}

async function storedKeyCheck(client: PoolClient): Promise<string | undefined> {
  const { rows } = await client.query<{ value: string }>('SELECT value FROM host_meta WHERE key = $1', [KEY_CHECK]);
  return rows[0]?.value;
}
