import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { readCliFile } from '../host/cli/cli-file.js';
import { SCHEMA_VERSION } from '../host/storage/postgres/schema.js';
import { storedFileCollections } from '../host/storage/stored-file-collections.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';
import { rowCounts, sql, unusedPort, usePostgres } from './support/postgres-cluster.js';

const postgres = usePostgres();
const hosts: HostProcess[] = [];

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.stop();
});

async function start(dataDir: string, url: string, env: NodeJS.ProcessEnv = {}): Promise<{ host: HostProcess; token: string }> {
  const host = await startHostProcess(['--port', '0', '--data-dir', dataDir, '--storage', url], env);
  hosts.push(host);
  return { host, token: (await readCliFile(dataDir))!.token! };
}

async function api(host: HostProcess, token: string, path: string, body?: unknown): Promise<Response> {
  const init = body === undefined ? {} : { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  return fetch(`${host.url}/api${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
}

describe('a host on PostgreSQL', () => {
  it('keeps accounts, API tokens and their audit trail in the database across a restart, and no collection in its data dir', async () => {
    const url = await postgres.createDatabase();
    const dataDir = await tempDir('pg-host');
    const first = await start(dataDir, url);
    const password = new URL(url).password;
    expect(first.host.banner).toContain('  storage   postgres://postgres:***@127.0.0.1');
    expect(first.host.banner).not.toContain(password);
    const created = await api(first.host, first.token, '/api-tokens', { name: 'ci', role: 'read-only' });
    expect(created.status).toBe(201);
    expect(await first.host.stop()).toBe(0);

    const second = await start(dataDir, url);
    const tokens = (await (await api(second.host, second.token, '/api-tokens')).json()) as { name: string }[];
    expect(tokens.map((t) => t.name)).toContain('ci');
    expect(await storedFileCollections(dataDir)).toEqual([]);
    const held = await sql<{ collection: string }>(url, "SELECT DISTINCT collection FROM records WHERE namespace = 'host' ORDER BY 1");
    expect(held.map((r) => r.collection)).toEqual(expect.arrayContaining(['admins', 'api-tokens', 'audit']));
  });

  it('refuses to start, exit code 2 and nothing written, on an unreachable server, a wrong password, another key or a newer schema', async () => {
    const url = await postgres.createDatabase();
    const startFails = async (storage: string, env: NodeJS.ProcessEnv = {}) => {
      const run = await runCli(['start', '--port', '0', '--data-dir', await tempDir('pg-refused'), '--storage', storage], env);
      expect(run.code, run.stderr).toBe(2);
      return run.stderr;
    };

    const port = await unusedPort();
    expect(await startFails(`postgres://postgres:pw@127.0.0.1:${port}/db`)).toContain(`Cannot reach PostgreSQL at 127.0.0.1:${port}`);

    const wrong = new URL(url);
    wrong.password = 'wrong-password-0815';
    const refused = await startFails(wrong.toString());
    expect(refused).toContain('PostgreSQL refused the user postgres: wrong password');
    expect(refused).not.toContain('wrong-password-0815');
    expect(await rowCounts(url)).toBe('');

    const key = randomBytes(32).toString('base64');
    const dataDir = await tempDir('pg-owner');
    const owner = await start(dataDir, url, { VPP_HOST_SECRET_KEY: key });
    expect(await owner.host.stop()).toBe(0);
    const owned = await rowCounts(url);
    expect(await startFails(url, { VPP_HOST_SECRET_KEY: randomBytes(32).toString('base64') })).toContain('belongs to a host with another secret key');
    expect(await rowCounts(url)).toBe(owned);

    await sql(url, 'INSERT INTO schema_migrations (version) VALUES (1000)');
    expect(await startFails(url, { VPP_HOST_SECRET_KEY: key })).toContain('schema version 1000, newer than this vpp-host');
    expect(await rowCounts(url)).toBe(owned.replace(`schema_migrations=${SCHEMA_VERSION}`, `schema_migrations=${SCHEMA_VERSION + 1}`));
  });
});
