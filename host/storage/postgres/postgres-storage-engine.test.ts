import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rowCounts, sql, unusedPort, usePostgres } from '../../../test/support/postgres-cluster.js';
import { StorageUnavailableError } from '../storage-engine.js';
import { PostgresStorageEngine } from './postgres-storage-engine.js';
import { SCHEMA_VERSION } from './schema.js';

const postgres = usePostgres();

describe('PostgreSQL storage engine', () => {
  it('creates its schema in a new database and logs every commit\'s changes in order, one row per collection and kind, with its epoch', async () => {
    const url = await postgres.createDatabase();
    const engine = await PostgresStorageEngine.open({ url, secretKey: randomBytes(32) });
    const devices = await engine.namespace('inventory').collection('devices');
    const users = await engine.namespace('inventory').collection('users');
    await devices.putMany([{ id: 'd1' }, { id: 'd2' }]);
    await devices.delete('d1');
    await Promise.all([devices.put({ id: 'd3' }), devices.delete('d2'), users.put({ id: 'u1' })]);
    await engine.close();
    expect(await sql(url, 'SELECT max(version) AS version FROM schema_migrations')).toEqual([{ version: SCHEMA_VERSION }]);
    const changes = await sql<{ collection: string; ids: string[]; deleted: boolean; epoch: string }>(url, 'SELECT collection, ids, deleted, epoch FROM changes ORDER BY seq');
    expect(changes).toEqual([
      { collection: 'devices', ids: ['d1', 'd2'], deleted: false, epoch: '0' },
      { collection: 'devices', ids: ['d1'], deleted: true, epoch: '0' },
      { collection: 'devices', ids: ['d3'], deleted: false, epoch: '0' },
      { collection: 'users', ids: ['u1'], deleted: false, epoch: '0' },
      { collection: 'devices', ids: ['d2'], deleted: true, epoch: '0' },
    ]);
  });

  it('brings a change log of one row per record (schema version 2) to rows listing ids, keeping their numbers', async () => {
    const url = await postgres.createDatabase();
    await (await PostgresStorageEngine.open({ url })).close();
    await sql(url, `ALTER TABLE changes DROP COLUMN ids, ADD COLUMN id text NOT NULL;
      INSERT INTO changes (namespace, collection, id, deleted) VALUES ('inventory', 'devices', 'd1', false), ('inventory', 'devices', 'd2', false), ('inventory', 'devices', 'd1', true);
      DELETE FROM schema_migrations WHERE version = 3`);
    const before = await sql<{ seq: string; id: string; deleted: boolean }>(url, 'SELECT seq, id, deleted FROM changes ORDER BY seq');
    expect(before).toHaveLength(3);

    await (await PostgresStorageEngine.open({ url })).close();
    const after = await sql<{ seq: string; ids: string[]; deleted: boolean }>(url, 'SELECT seq, ids, deleted FROM changes ORDER BY seq');
    expect(after).toEqual(before.map(({ seq, id, deleted }) => ({ seq, ids: [id], deleted })));
  });

  it('commits a bulk write of many records in one transaction, and reads them back as written, in the order added', async () => {
    const url = await postgres.createDatabase();
    let commits = 0;
    const engine = await PostgresStorageEngine.open({ url, onCommit: () => commits++ });
    const licences = await engine.namespace('vpp').collection<{ id: string; holder: string; history: unknown[] }>('licences');
    const written = Array.from({ length: 12_345 }, (_, i) => ({ id: `l${(i * 7919) % 12_345}`, holder: `ü\u0000"${i}\\`, history: [{ at: i, by: { n: -(i + 1) / 3 } }] }));
    await licences.putMany(written);
    expect(commits).toBe(1);
    await engine.close();

    const reopened = await PostgresStorageEngine.open({ url });
    expect([...(await reopened.namespace('vpp').collection('licences')).values()]).toEqual(written);
    await reopened.close();
  });

  it('keeps the changes of a transaction that failed and commits them with the next one', async () => {
    const url = await postgres.createDatabase();
    const engine = await PostgresStorageEngine.open({ url });
    const notes = await engine.namespace('notes').collection<{ id: string; text?: string }>('notes');
    await notes.put({ id: 'n0' });
    await sql(url, 'ALTER TABLE records RENAME TO records_away');
    await expect(notes.put({ id: 'n1', text: 'kept' })).rejects.toThrow(/records/);
    await sql(url, 'ALTER TABLE records_away RENAME TO records');
    await engine.flush();
    expect(await sql(url, "SELECT data FROM records WHERE id = 'n1'")).toEqual([{ data: { id: 'n1', text: 'kept' } }]);
    await engine.close();
  });

  it('refuses a database whose schema is newer than this build, writing nothing', async () => {
    const url = await postgres.createDatabase();
    await (await PostgresStorageEngine.open({ url })).close();
    await sql(url, 'INSERT INTO schema_migrations (version) VALUES ($1)', [SCHEMA_VERSION + 1]);
    const before = await rowCounts(url);
    const opening = PostgresStorageEngine.open({ url, secretKey: randomBytes(32) });
    await expect(opening).rejects.toThrow(StorageUnavailableError);
    await expect(opening).rejects.toThrow(`schema version ${SCHEMA_VERSION + 1}, newer than this vpp-host's ${SCHEMA_VERSION}`);
    expect(await rowCounts(url)).toEqual(before);
  });

  it('refuses a host configured with another secret key than the one the database was first used with', async () => {
    const url = await postgres.createDatabase();
    const key = randomBytes(32);
    await (await PostgresStorageEngine.open({ url, secretKey: key })).close();
    const stored = await sql(url, 'SELECT * FROM host_meta');
    expect(JSON.stringify(stored)).not.toContain(key.toString('hex'));
    expect(JSON.stringify(stored)).not.toContain(key.toString('base64'));
    const before = await rowCounts(url);
    await expect(PostgresStorageEngine.open({ url, secretKey: randomBytes(32) })).rejects.toThrow(/belongs to a host with another secret key/);
    expect(await rowCounts(url)).toEqual(before);
    await (await PostgresStorageEngine.open({ url, secretKey: key })).close();
  });

  it('refuses a second engine on a database while one has it open, writing nothing, and lets one in once it closed', async () => {
    const url = await postgres.createDatabase();
    const first = await PostgresStorageEngine.open({ url });
    await (await first.namespace('notes').collection('notes')).put({ id: 'n1' });
    const before = await rowCounts(url);
    await expect(PostgresStorageEngine.open({ url, secretKey: randomBytes(32) })).rejects.toThrow('Another vpp-host (or a storage copy) is using this database');
    expect(await rowCounts(url)).toBe(before);
    await first.close();
    const second = await PostgresStorageEngine.open({ url });
    expect((await second.namespace('notes').collection('notes')).get('n1')).toEqual({ id: 'n1' });
    await second.close();
  });

  it('says a server that does not answer cannot be reached, and a wrong password is refused, never showing it', async () => {
    const port = await unusedPort();
    await expect(PostgresStorageEngine.open({ url: `postgres://u:p@127.0.0.1:${port}/db` })).rejects.toThrow(`Cannot reach PostgreSQL at 127.0.0.1:${port}`);

    const wrong = new URL(postgres.serverUrl());
    wrong.password = 'not-the-password-4711';
    const refused = await PostgresStorageEngine.open({ url: wrong.toString() }).catch((error: unknown) => error as Error);
    expect(refused).toBeInstanceOf(StorageUnavailableError);
    expect((refused as Error).message).toBe(`PostgreSQL refused the user ${wrong.username}: wrong password`);
  });
});
