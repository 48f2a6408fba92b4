import { startCluster, TEST_PG_URL_ENV, withServer } from '../test/support/postgres-server.js';

export interface BenchDatabase {
  readonly url: string;
  /** Drops the database, and stops the private cluster if one was started. */
  drop(): Promise<void>;
}

/** A new database for a benchmark: on the server in VPP_TEST_PG_URL, or on a private, durable cluster. */
export async function createBenchDatabase(prefix: string): Promise<BenchDatabase> {
  const cluster = process.env[TEST_PG_URL_ENV] ? undefined : await startCluster({ durable: true });
  const serverUrl = process.env[TEST_PG_URL_ENV] ?? cluster!.url;
  const database = `${prefix}_${process.pid}`;
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${database}`));
  return {
    url: Object.assign(new URL(serverUrl), { pathname: `/${database}` }).toString(),
    drop: async () => {
      await withServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`));
      cluster?.stop();
    },
  };
}
