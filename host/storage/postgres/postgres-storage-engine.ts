import pg from 'pg';
import type { Entity, Storage } from '../../api/storage.js';
import { EngineNamespaces } from '../engine-namespaces.js';
import type { StorageEngine, StoredCollection } from '../storage-engine.js';
import { StandbyError } from '../standby-error.js';
import { ChangeFollower } from './change-follower.js';
import { describeConnectionError } from './connection-errors.js';
import { takeHostLock, type HostLock } from './host-lock.js';
import { Lease } from './lease.js';
import { listenForChanges } from './change-listener.js';
import { LeaseKeeper, type ChangeNotifications, type LeaseSettings } from './lease-keeper.js';
import { redactPostgresUrl } from './postgres-location.js';
import { PostgresRecordStore } from './postgres-record-store.js';
import { PostgresWriter } from './postgres-writer.js';
import { prepareSchema } from './schema.js';

export interface PostgresStorageOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /**
   * The host's secret key: a database first used with another key is refused, as its secrets would not open. Left out
   * when copying data, which never opens a secret.
   */
  readonly secretKey?: Buffer;
  /** Called after each committed transaction with the number of records it changed (tests count commits). */
  readonly onCommit?: (changes: number) => void;
  /**
   * Share the database with other hosts, one of them active under the lease; without it the engine uses the
   * database alone (a storage copy) and refuses to open while a host uses it.
   */
  readonly lease?: LeaseSettings;
}

/** Idle clients of the pool: one writes, the others load collections meanwhile. */
const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * The host's storage in a PostgreSQL database: every collection of every namespace is a set of rows of the `records`
 * table, loaded into memory when first opened; changes are written through with group commit (see PostgresWriter).
 * Hosts sharing the database take turns under a lease: the active one writes, standbys follow its changes and refuse
 * writes with a StandbyError (see LeaseKeeper).
 */
export class PostgresStorageEngine implements StorageEngine {
  private readonly namespaces: EngineNamespaces;
  private readonly writer: PostgresWriter;
  /** Who is active and whether this host may write; absent for an engine that uses the database alone. */
  readonly leaseKeeper: LeaseKeeper | undefined;
  private writable: boolean;

  private constructor(
    url: string,
    private readonly pool: pg.Pool,
    private readonly lock: HostLock,
    start: { epoch: number; appliedSeq: number; onCommit?: (changes: number) => void; lease?: LeaseSettings },
  ) {
    this.writable = !start.lease;
    this.namespaces = new EngineNamespaces(
      redactPostgresUrl(url),
      (namespace, collection) => this.load(namespace, collection),
      () => {
        if (!this.writable) throw new StandbyError(this.leaseKeeper?.activeHost() ?? null);
      },
    );
    this.writer = new PostgresWriter(pool, start.epoch, {
      ...(start.onCommit ? { onCommit: start.onCommit } : {}),
      onFenced: (refusal) => {
        this.leaseKeeper?.fenced();
        return new StandbyError(this.leaseKeeper?.activeHost() ?? null, { cause: refusal });
      },
    });
    const follower = new ChangeFollower(pool, this.namespaces, start.appliedSeq);
    const target = {
      activate: (epoch: number) => {
        this.writer.setEpoch(epoch);
        this.writable = true;
      },
      deactivate: () => (this.writable = false),
    };
    const notifications: ChangeNotifications = (onChange, onLost) => listenForChanges(url, onChange, onLost);
    this.leaseKeeper = start.lease && new LeaseKeeper(new Lease(pool), follower, target, start.lease, notifications);
  }

  /** What `vpp-host status` shows: the lease and the standbys following it. */
  lease(): Lease {
    return new Lease(this.pool);
  }

  /**
   * Connects, refuses a database another host uses, of a newer schema or another host's key, and brings the schema up
   * to date. Fails with
   * a StorageUnavailableError saying what to fix (an unreachable server, a refused user, ...), having written nothing.
   */
  static async open(options: PostgresStorageOptions): Promise<PostgresStorageEngine> {
    // Idle connections never hold the process open: a host that failed to start after opening its storage still exits.
    // A host stalled inside a write transaction holds the lease row shared, which a takeover waits for: the server
    // ends such a transaction after the lease timeout.
    const stalled = options.lease ? { options: `-c idle_in_transaction_session_timeout=${options.lease.timeoutMs}` } : {};
    const pool = new pg.Pool({ connectionString: options.url, max: POOL_SIZE, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, allowExitOnIdle: true, ...stalled });
    // An idle client whose server went away emits here; the next query reports it, so it needs no handling of its own.
    pool.on('error', () => undefined);
    let lock: HostLock | undefined;
    let engine: PostgresStorageEngine | undefined;
    try {
      lock = await takeHostLock(options.url, CONNECT_TIMEOUT_MS, options.lease !== undefined);
      const client = await pool.connect();
      try {
        await prepareSchema(client, options.secretKey);
      } finally {
        client.release();
      }
      // Collections load after this point, so they are at least as new as the changes counted as applied.
      const { rows } = await pool.query<{ epoch: string; seq: string | null }>('SELECT (SELECT epoch FROM lease) AS epoch, (SELECT max(seq) FROM changes) AS seq');
      const start = { epoch: Number(rows[0]!.epoch), appliedSeq: Number(rows[0]!.seq ?? 0) };
      engine = new PostgresStorageEngine(options.url, pool, lock, {
        ...start,
        ...(options.onCommit ? { onCommit: options.onCommit } : {}),
        ...(options.lease ? { lease: options.lease } : {}),
      });
      await engine.leaseKeeper?.start();
      if (engine.leaseKeeper?.role() === 'standby') await engine.loadEveryCollection();
    } catch (error) {
      await engine?.leaseKeeper?.dispose();
      await pool.end().catch(() => undefined);
      await lock?.release().catch(() => undefined);
      throw describeConnectionError(error, options.url);
    }
    return engine;
  }

  namespace(name: string): Storage {
    return this.namespaces.namespace(name);
  }

  async storedCollections(): Promise<StoredCollection[]> {
    const { rows } = await this.pool.query<StoredCollection>('SELECT DISTINCT namespace, collection FROM records ORDER BY namespace, collection');
    return rows;
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /**
   * A standby holds every collection in memory from its start and follows the changes to them, so the plugins that
   * start when it takes over find their data loaded.
   */
  private async loadEveryCollection(): Promise<void> {
    for (const { namespace, collection } of await this.storedCollections()) await this.namespace(namespace).collection(collection);
  }

  /** Closing again once closed does nothing; a close whose last commit failed may be tried again. */
  close(): Promise<void> {
    return this.namespaces.close(() => this.closeAll());
  }

  private async closeAll(): Promise<void> {
    await this.writer.flush();
    await this.leaseKeeper?.release();
    await this.pool.end();
    await this.lock.release();
  }

  private async load(namespace: string, collection: string): Promise<PostgresRecordStore<Entity>> {
    const { rows } = await this.pool.query<{ data: Entity }>(
      'SELECT data FROM records WHERE namespace = $1 AND collection = $2 ORDER BY position',
      [namespace, collection],
    );
    const records = new Map(rows.map(({ data }) => [data.id, data]));
    return new PostgresRecordStore(namespace, collection, records, this.writer);
  }
}
