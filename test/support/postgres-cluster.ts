import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startCluster, TEST_PG_URL_ENV, withServer, type Cluster } from './postgres-server.js';

export { rowCounts, sql, unusedPort } from './postgres-server.js';

export interface PostgresFixture {
  /** The server's superuser URL (to the `postgres` database). */
  serverUrl(): string;
  /** A new empty database, dropped after the test; its URL. */
  createDatabase(): Promise<string>;
}

/**
 * For a test file: a PostgreSQL server for its tests (the one in VPP_TEST_PG_URL, or a private cluster started
 * before them and removed after), and a database of their own for each test.
 */
export function usePostgres(): PostgresFixture {
  let cluster: Cluster | undefined;
  let url = process.env[TEST_PG_URL_ENV] ?? '';
  const created: string[] = [];
  beforeAll(async () => {
    if (url) return;
    cluster = await startCluster();
    url = cluster.url;
  }, 120_000);
  afterAll(() => cluster?.stop());
  afterEach(async () => {
    const names = created.splice(0);
    if (names.length > 0) await withServer(url, async (client) => {
      for (const name of names) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  });
  return {
    serverUrl: () => url,
    createDatabase: async () => {
      const name = `vpp_test_${randomBytes(6).toString('hex')}`;
      await withServer(url, (client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const database = new URL(url);
      database.pathname = `/${name}`;
      return database.toString();
    },
  };
}

