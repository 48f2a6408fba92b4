import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '../../api/event.js';
import type { FollowedChanges } from '../../api/storage.js';
import { sql, usePostgres } from '../../../test/support/postgres-cluster.js';
import { SystemClock } from '../../runtime/clock.js';
import { HostLogger } from '../../runtime/logger.js';
import { Redactor } from '../../runtime/redactor.js';
import type { NamespaceStorage } from '../namespace-storage.js';
import { StandbyError } from '../standby-error.js';
import { PostgresStorageEngine } from './postgres-storage-engine.js';

const postgres = usePostgres();
const TIMEOUT_MS = 600;
const opened: PostgresStorageEngine[] = [];

afterEach(async () => {
  for (const engine of opened.splice(0)) await engine.close().catch(() => undefined);
});

async function openHost(url: string, name: string, timeoutMs = TIMEOUT_MS): Promise<PostgresStorageEngine> {
  const clock = new SystemClock();
  const logger = new HostLogger(name, { sink: () => undefined, level: 'error', redactor: new Redactor(), now: () => clock.now() });
  const engine = await PostgresStorageEngine.open({ url, lease: { hostId: name, address: `http://${name}.test`, timeoutMs, clock, logger } });
  opened.push(engine);
  return engine;
}

type Note = { id: string; text: string };

describe('hosts sharing a PostgreSQL database under a lease', () => {
  it('makes the first host active and the second a standby that follows its changes, tells them, and refuses writes, naming the active host', async () => {
    const url = await postgres.createDatabase();
    const active = await openHost(url, 'one');
    const standby = await openHost(url, 'two');
    expect(active.leaseKeeper?.role()).toBe('active');
    expect(standby.leaseKeeper?.role()).toBe('standby');

    const written = await active.namespace('notes').collection<Note>('notes');
    const followed = await standby.namespace('notes').collection<Note>('notes');
    const byText = followed.index('text', (note) => note.text);
    const told: FollowedChanges[] = [];
    const telling = listen(standby.namespace('notes').onDidFollowChanges, (changes) => told.push(changes));
    const toldActive: FollowedChanges[] = [];
    const tellingActive = listen(active.namespace('notes').onDidFollowChanges, (changes) => toldActive.push(changes));
    await written.putMany([{ id: 'n1', text: 'first' }, { id: 'n2', text: 'second' }]);
    await written.delete('n1');
    await expect.poll(() => [...followed.values()]).toEqual([{ id: 'n2', text: 'second' }]);
    expect(byText.get('second').map((note) => note.id)).toEqual(['n2']);
    // Each id put or deleted is told, in one or more events as the standby applied them; the active host is told nothing.
    expect(told.flatMap(({ collections }) => collections.map(({ name }) => name))).toEqual(told.map(() => 'notes'));
    expect(told.flatMap(({ collections }) => collections.flatMap(({ ids }) => ids)).sort()).toEqual(['n1', 'n1', 'n2']);
    expect(toldActive).toEqual([]);
    await Promise.all([telling.dispose(), tellingActive.dispose()]);

    const refused = await followed.put({ id: 'n3', text: 'third' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StandbyError);
    expect((refused as StandbyError).status).toBe(503);
    expect((refused as StandbyError).details).toEqual({ activeHost: 'http://one.test' });
    expect(await sql(url, "SELECT id FROM records WHERE id = 'n3'")).toEqual([]);
  });

  it('has a standby hold every stored collection in memory from its start, and keep it current', async () => {
    const url = await postgres.createDatabase();
    const active = await openHost(url, 'one');
    const devices = await active.namespace('inventory').collection<Note>('devices');
    await devices.put({ id: 'd1', text: 'before the standby started' });
    const standby = await openHost(url, 'two');
    expect((standby.namespace('inventory') as NamespaceStorage).openedNames()).toEqual(['devices']);
    await devices.put({ id: 'd2', text: 'after' });
    const followed = await standby.namespace('inventory').collection<Note>('devices');
    await expect.poll(() => followed.count()).toBe(2);
  });

  it('lets a standby take over once the heartbeat stops, with a new epoch, and every committed change in its memory', async () => {
    const url = await postgres.createDatabase();
    const first = await openHost(url, 'one');
    const second = await openHost(url, 'two');
    const notes = await second.namespace('notes').collection<Note>('notes');
    await (await first.namespace('notes').collection<Note>('notes')).put({ id: 'n1', text: 'before' });
    // The first host stalls: its heartbeat stops, but it still believes it is active.
    await first.leaseKeeper!.dispose();

    await expect.poll(() => second.leaseKeeper?.role(), { timeout: 10_000 }).toBe('active');
    expect(notes.get('n1')).toEqual({ id: 'n1', text: 'before' });
    await notes.put({ id: 'n2', text: 'after' });
    expect(await sql(url, 'SELECT epoch, host_id FROM lease')).toEqual([{ epoch: '2', host_id: 'two' }]);
    expect(await sql(url, "SELECT epoch FROM changes WHERE 'n2' = ANY(ids)")).toEqual([{ epoch: '2' }]);
  });

  it('fences a stalled host that still thinks it is active: the database refuses its write and it becomes a standby', async () => {
    const url = await postgres.createDatabase();
    const stale = await openHost(url, 'one');
    const notes = await stale.namespace('notes').collection<Note>('notes');
    await stale.leaseKeeper!.dispose();
    const next = await openHost(url, 'two');
    await expect.poll(() => next.leaseKeeper?.role(), { timeout: 10_000 }).toBe('active');
    expect(stale.leaseKeeper?.role()).toBe('active');

    const refused = await notes.put({ id: 'late', text: 'from the stale host' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StandbyError);
    expect(((refused as StandbyError).cause as Error).message).toBe('write of epoch 1 refused: the lease is at epoch 2');
    expect(stale.leaseKeeper?.role()).toBe('standby');
    await expect(notes.put({ id: 'later', text: 'again' })).rejects.toBeInstanceOf(StandbyError);
    expect(await sql(url, "SELECT id FROM records WHERE namespace = 'notes'")).toEqual([]);
    await expect.poll(() => notes.get('late')).toBeUndefined();
  });

  it('refuses a stale host\'s bulk write of many records in several collections as a whole, changing nothing', async () => {
    const url = await postgres.createDatabase();
    const stale = await openHost(url, 'one');
    const notes = await stale.namespace('notes').collection<Note>('notes');
    const tags = await stale.namespace('notes').collection<Note>('tags');
    await notes.put({ id: 'kept', text: 'before' });
    await stale.leaseKeeper!.dispose();
    const next = await openHost(url, 'two');
    await expect.poll(() => next.leaseKeeper?.role(), { timeout: 10_000 }).toBe('active');
    const before = await sql(url, 'SELECT (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM changes) AS changes');

    const many = Array.from({ length: 6_000 }, (_, i) => ({ id: `late-${i}`, text: 'from the stale host' }));
    const refused = await Promise.all([notes.putMany(many), notes.delete('kept'), tags.put({ id: 't1', text: 'late' })]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StandbyError);
    expect(await sql(url, 'SELECT (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM changes) AS changes')).toEqual(before);
    expect(await sql(url, "SELECT data FROM records WHERE id = 'kept'")).toEqual([{ data: { id: 'kept', text: 'before' } }]);
  });

  it('has a standby follow a commit of more records than it reads at once, and the small commits around it, in order', async () => {
    const url = await postgres.createDatabase();
    const active = await openHost(url, 'one');
    const standby = await openHost(url, 'two');
    const written = await active.namespace('notes').collection<Note>('notes');
    const followed = await standby.namespace('notes').collection<Note>('notes');
    await written.put({ id: 'first', text: 'small' });
    await written.putMany(Array.from({ length: 12_000 }, (_, i) => ({ id: `n${i}`, text: `bulk ${i}` })));
    await written.deleteMany(['n0', 'n1']);
    await written.put({ id: 'last', text: 'small' });
    await expect.poll(() => followed.count(), { timeout: 10_000 }).toBe(12_000);
    expect([...followed.values()]).toEqual([...written.values()]);
  });

  it('tells a standby of each commit at once (LISTEN/NOTIFY), long before its regular check', async () => {
    const url = await postgres.createDatabase();
    const minute = 60_000;
    const active = await openHost(url, 'one', minute);
    const standby = await openHost(url, 'two', minute);
    const followed = await standby.namespace('notes').collection<Note>('notes');
    await (await active.namespace('notes').collection<Note>('notes')).put({ id: 'n1', text: 'now' });
    // The regular check runs every 20 s here; the default poll of 1 s only passes through the notification.
    await expect.poll(() => followed.get('n1')).toEqual({ id: 'n1', text: 'now' });
  });

  it('makes an active host that cannot renew its heartbeat for longer than the timeout step down, unreachable, until the database answers again', async () => {
    const url = await postgres.createDatabase();
    const host = await openHost(url, 'one');
    expect(host.leaseKeeper?.reachable()).toBe(true);
    // As good as a cut network for the lease: every heartbeat fails.
    await sql(url, 'ALTER TABLE lease RENAME TO lease_away');
    await expect.poll(() => host.leaseKeeper?.role(), { timeout: 10_000 }).toBe('standby');
    expect(host.leaseKeeper?.reachable()).toBe(false);
    await sql(url, 'ALTER TABLE lease_away RENAME TO lease');
    await expect.poll(() => host.leaseKeeper?.role(), { timeout: 10_000 }).toBe('active');
    expect(host.leaseKeeper?.reachable()).toBe(true);
    expect(await sql(url, 'SELECT epoch FROM lease')).toEqual([{ epoch: '2' }]);
  });

  it('hands the lease over at once when the active host stops cleanly', async () => {
    const url = await postgres.createDatabase();
    const first = await openHost(url, 'one');
    const second = await openHost(url, 'two');
    await first.close();
    await expect.poll(() => second.leaseKeeper?.role()).toBe('active');
    expect(await sql(url, 'SELECT host_id FROM standbys')).toEqual([]);
  });
});
