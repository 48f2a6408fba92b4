import { Socket } from 'node:net';
import pg from 'pg';
import { phrase } from '../../api/messages.js';
import { StorageUnavailableError } from '../storage-engine.js';

/** The advisory lock key of "a host uses this database" (advisory locks are per database). */
const HOST_LOCK = 0x7670_686c; // "vphl"

export interface HostLock {
  release(): Promise<void>;
}

/**
 * Hosts sharing a database under the lease hold this session advisory lock shared; a storage copy (or an engine
 * without a lease) holds it alone. It is held on a connection of its own while the engine is open, and released by
 * the server when that connection ends (a stop, or the process dying). Its socket does not keep the process alive,
 * so a host that fails to start still exits.
 */
export async function takeHostLock(url: string, connectionTimeoutMillis: number, shared: boolean): Promise<HostLock> {
  let socket: Socket | undefined;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis, stream: () => (socket = new Socket()) });
  // A connection lost later loses the lock too; the pool's next query reports the server gone.
  client.on('error', () => undefined);
  await client.connect();
  const lock = shared ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
  const { rows } = await client.query<{ taken: boolean }>(`SELECT ${lock}($1) AS taken`, [HOST_LOCK]);
  if (!rows[0]?.taken) {
    await client.end();
    throw new StorageUnavailableError(
      shared
        ? phrase('A storage copy (or a vpp-host without a lease) is using this database: wait for it to finish', 'host.storage.copy-using')
        : phrase('Another vpp-host (or a storage copy) is using this database: stop it first', 'host.storage.host-using'),
    );
  }
  // Only now: a connection still being made must keep the process waiting for it.
  socket?.unref();
  return {
    release: () => {
      // Ending waits for the server to close the connection: the process must wait for that.
      socket?.ref();
      return client.end();
    },
  };
}
