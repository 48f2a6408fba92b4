import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// A private PostgreSQL cluster for tests and benchmarks, and small helpers to look into its databases.

/** A PostgreSQL server given to the tests instead of a private cluster: `postgres://user:password@host:port/db`. */
export const TEST_PG_URL_ENV = 'VPP_TEST_PG_URL';

export interface Cluster {
  /** A superuser URL, to the `postgres` database. */
  readonly url: string;
  stop(): void;
}

/** Debian's newest PostgreSQL server binaries (installed by scripts/ensure-test-tools.mjs). */
function serverBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  const bin = versions.map((v) => path.join(root, v, 'bin')).find((dir) => existsSync(path.join(dir, 'initdb')));
  if (!bin) throw new Error(`PostgreSQL tests need Debian's postgresql (initdb under ${root}): run "npm test" once as root, or set ${TEST_PG_URL_ENV}`);
  return bin;
}

/** A loopback port nothing listens on (just freed): where a server cannot be reached. */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * initdb's a cluster in a temp dir and starts it on 127.0.0.1 and a free port, with password (SCRAM) authentication
 * over TCP. The server refuses to run as root, so as root the cluster belongs to the `postgres` user.
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<Cluster> {
  const bin = serverBinaries();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vpp-pg-'));
  const password = randomBytes(12).toString('hex');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? (execFileSync('id', ['-u', 'postgres']).toString().trim() as string) : undefined;
  const run = (command: string, args: string[]): void => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, command), ...args]] : [path.join(bin, command), args];
    execFileSync(file, argv, { stdio: 'pipe' });
  };
  if (owner) chownSync(dir, Number(owner), Number(owner));
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (owner) chownSync(pwfile, Number(owner), Number(owner));
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync']);
  const port = await unusedPort();
  // Tests need no durability from their server; benchmarks measure commits as a real server makes them.
  const settings = `-h 127.0.0.1 -p ${port} -k ${dir}${options.durable ? '' : ' -c fsync=off -c full_page_writes=off'}`;
  run('pg_ctl', ['-D', data, '-o', settings, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs one statement on the database of `url`; its rows. */
export async function sql<R extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  return withServer(url, async (client) => (await client.query<R>(text, values)).rows);
}

/** `table=rows` for every table of the database, in name order: what "nothing written" compares. */
export async function rowCounts(url: string): Promise<string> {
  return withServer(url, async (client) => {
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    const counts: string[] = [];
    for (const { name } of tables.rows) counts.push(`${name}=${(await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name}"`)).rows[0]!.n}`);
    return counts.join(' ');
  });
}

export async function withServer<R>(url: string, use: (client: pg.Client) => Promise<R>): Promise<R> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
