import { randomBytes } from 'node:crypto';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entity } from '../api/storage.js';
import { usePostgres } from '../../test/support/postgres-cluster.js';
import { tempDir } from '../../test/support/plugin-fixture.js';
import { FileStorageEngine, openStorageEngine, PostgresStorageEngine, type StorageEngine } from '../storage/index.js';
import { runCli } from './test-support/run-cli.js';

const postgres = usePostgres();

interface Note extends Entity {
  readonly text: string;
  readonly tags?: string[];
}

/** A stopped host's data: several namespaces, a large (sharded) collection and a small one. */
async function seed(dataDir: string): Promise<void> {
  const engine = new FileStorageEngine({ dataDir });
  const audit = await engine.namespace('host').collection<Note>('audit', { expectedSize: 1_000_000 });
  await audit.putMany(Array.from({ length: 3_000 }, (_, n) => ({ id: `a${n}`, text: `entry ${n} ü 📦`, tags: n % 2 ? ['odd'] : [] })));
  await (await engine.namespace('host').collection<Note>('secrets')).put({ id: 'vpp-apple.token', text: 'sealed' });
  await (await engine.namespace('mail').collection<Note>('outbox')).put({ id: 'm1', text: 'queued "quoted" \\ mail' });
  await engine.close();
}

/** Every record of every collection an engine holds, by namespace/collection. */
async function everything(engine: StorageEngine): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const { namespace, collection } of await engine.storedCollections()) {
    const records = [...(await engine.namespace(namespace).collection(collection)).values()];
    all[`${namespace}/${collection}`] = records.sort((a, b) => a.id.localeCompare(b.id));
  }
  await engine.close();
  return all;
}

describe('vpp-host storage copy', () => {
  it('copies a data dir into PostgreSQL and back, verified, every record unchanged', async () => {
    const source = await tempDir('copy-source');
    await seed(source);
    const url = await postgres.createDatabase();

    const toDatabase = await runCli(['storage', 'copy', '--from', source, '--to', url, '--json']);
    expect(toDatabase.code, toDatabase.stderr + toDatabase.stdout).toBe(0);
    const summary = JSON.parse(toDatabase.stdout) as { to: string; records: number; collections: unknown[] };
    expect(summary.records).toBe(3_002);
    expect(summary.collections).toEqual([
      { namespace: 'host', collection: 'audit', records: 3_000 },
      { namespace: 'host', collection: 'secrets', records: 1 },
      { namespace: 'mail', collection: 'outbox', records: 1 },
    ]);
    expect(summary.to).toContain(':***@');
    expect(toDatabase.stdout).not.toContain(new URL(url).password);

    const back = await tempDir('copy-back');
    const toFiles = await runCli(['storage', 'copy', '--from', url, '--to', back]);
    expect(toFiles.code, toFiles.stderr).toBe(0);
    expect(toFiles.stdout).toContain('Copied 3002 records in 3 collections');
    expect(toFiles.stdout).toMatch(/host\s+audit\s+3000/);

    const original = await everything(new FileStorageEngine({ dataDir: source }));
    expect(await everything(await openStorageEngine(url))).toEqual(original);
    expect(await everything(new FileStorageEngine({ dataDir: back }))).toEqual(original);
    expect(await readdir(back)).not.toContain('cli.json');
    expect(await readdir(source)).not.toContain('secret.key');
  });

  it("binds a database copied into to the source host's secret key", async () => {
    const source = await tempDir('copy-source');
    await seed(source);
    const key = randomBytes(32);
    await writeFile(path.join(source, 'secret.key'), key.toString('base64'), { mode: 0o600 });
    const url = await postgres.createDatabase();
    const copied = await runCli(['storage', 'copy', '--from', source, '--to', url], { VPP_HOST_SECRET_KEY: '' });
    expect(copied.code, copied.stderr).toBe(0);
    await expect(PostgresStorageEngine.open({ url, secretKey: randomBytes(32) })).rejects.toThrow(/another secret key/);
    await (await PostgresStorageEngine.open({ url, secretKey: key })).close();
  });

  it('refuses a target that holds data and the data dir of a running host, changing nothing', async () => {
    const source = await tempDir('copy-source');
    await seed(source);
    const url = await postgres.createDatabase();
    const target = await openStorageEngine(url);
    await (await target.namespace('other').collection('things')).put({ id: 'kept' });
    await target.close();

    const intoDatabase = await runCli(['storage', 'copy', '--from', source, '--to', url]);
    expect(intoDatabase.code).toBe(2);
    expect(intoDatabase.stderr).toContain('The target already holds 1 collection(s) (other/things)');
    expect(await everything(await openStorageEngine(url))).toEqual({ 'other/things': [{ id: 'kept' }] });

    const intoDir = await runCli(['storage', 'copy', '--from', url, '--to', source]);
    expect(intoDir.code).toBe(2);
    expect(intoDir.stderr).toContain('The target already holds 3 collection(s)');

    // This test process stands in for a host holding the data dir.
    await writeFile(path.join(source, 'cli.json'), JSON.stringify({ pid: process.pid }));
    const running = await runCli(['storage', 'copy', '--from', source, '--to', await tempDir('copy-empty')]);
    expect(running.code).toBe(2);
    expect(running.stderr).toContain('Stop the host first');

    const missing = await runCli(['storage', 'copy', '--from', path.join(source, 'nowhere'), '--to', url]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such directory');
  });

  it("says its summary and its refusals in the reader's language (--lang, else LANG), changing nothing when refused", async () => {
    const source = await tempDir('copy-source');
    await seed(source);
    const copy = await runCli(['storage', 'copy', '--from', source, '--to', await tempDir('copy-dutch')], { LANG: 'nl_BE.UTF-8' });
    expect(copy.code, copy.stderr).toBe(0);
    expect(copy.stdout).toMatch(/^NAAMRUIMTE\s+COLLECTIE\s+RECORDS$/m);
    expect(copy.stdout).toContain('3002 records in 3 collecties gekopieerd van');
    expect(copy.stdout).toContain('Geheimen blijven verzegeld');

    const untouched = await tempDir('copy-untouched');
    const refusals = await Promise.all([
      runCli(['storage', 'copy', '--from', source, '--lang', 'fr']),
      runCli(['storage', 'copy', '--from', source, '--to', source], { LANG: 'nl' }),
      runCli(['storage', 'move', '--lang=fr']),
      runCli(['storage', 'copy', '--from', path.join(source, 'nowhere'), '--to', untouched, '--lang', 'nl']),
      runCli(['storage', 'copy', '--colour', '--lang', 'fr']),
    ]);
    expect(refusals.map((run) => [run.code, run.stderr])).toEqual([
      [2, 'vpp-host: vpp-host storage copy demande --from DOSSIER|URL et --to DOSSIER|URL\n'],
      [2, 'vpp-host: --from en --to noemen dezelfde opslag\n'],
      [2, 'vpp-host: Commande de stockage « move » inconnue : voir `vpp-host storage copy --help`\n'],
      [2, `vpp-host: --from ${path.join(source, 'nowhere')}: die map bestaat niet\n`],
      [2, 'vpp-host: « storage copy » n’a pas d’option --colour (voir `vpp-host storage copy --help`)\n'],
    ]);
    expect(await readdir(untouched)).toEqual([]);
  });
});
