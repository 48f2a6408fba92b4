import { Socket } from 'node:net';
import pg from 'pg';
import type { Disposable } from '../../api/disposable.js';

/** The channel the `changes` table notifies on each committed write (see the schema). */
const CHANNEL = 'vpp_changes';

/**
 * Tells a standby at once that the active host committed: LISTEN on a connection of its own. When that connection
 * cannot be made or breaks, the standby's regular check (every third of the lease timeout) still follows the changes.
 */
export async function listenForChanges(url: string, onChange: () => void, onLost: (error: Error) => void): Promise<Disposable> {
  let socket: Socket | undefined;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, stream: () => (socket = new Socket()) });
  client.on('error', onLost);
  client.on('notification', () => onChange());
  await client.connect();
  await client.query(`LISTEN ${CHANNEL}`);
  // Listening never keeps the process alive.
  socket?.unref();
  return {
    dispose: () => {
      // Ending waits for the server to close the connection: the process must wait for that.
      socket?.ref();
      return client.end().catch(() => undefined);
    },
  };
}
