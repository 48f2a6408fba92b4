// Moving a location between two hosts that share one standalone Apple: A holds it (thousands of licences, a queue,
// books, device licences, Managed Apple IDs); A exports; B plans, applies with take-over (killed -9 twice midway and
// run again) and verifies. Every part is a real process: `vpp-host apple-simulator --state`, two `vpp-host start`.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCliFile } from '../host/cli/cli-file.js';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { startCliProcess, startHostProcess, type CliProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';

const OFFICE = '2049025000431439';
const PAGES = '361309726';
const KEYNOTE = '361311960';
const SWIFT_BOOK = '881256329';
const USERS = 2_000;
const DEVICES = 150;
const SETTLED = { timeout: 200_000, interval: 1_000 };

interface Running {
  readonly host: HostProcess;
  readonly dataDir: string;
  readonly token: string;
}

let apple: CliProcess;
let appleUrl: string;
let tokenFile: string;
let dir: string;
const hosts: HostProcess[] = [];

const directory = {
  users: [
    ...Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `u${i}@contoso.example`, managedAppleId: `u${i}@appleid.contoso.example` })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `guest${i}`, name: `Guest ${i}`, email: `guest${i}@contoso.example` })),
  ],
  userGroups: [
    { id: 'staff', name: 'Staff', members: Array.from({ length: USERS }, (_, i) => `u${i}`) },
    { id: 'readers', name: 'Readers', members: Array.from({ length: 50 }, (_, i) => `u${i}`) },
    { id: 'guests', name: 'Guests', members: Array.from({ length: 5 }, (_, i) => `guest${i}`) },
  ],
  devices: Array.from({ length: DEVICES }, (_, i) => ({ id: `ipad${i}`, serialNumber: `DMPQ${String(i).padStart(6, '0')}`, platform: 'iPadOS', osVersion: '17.4' })),
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: Array.from({ length: DEVICES }, (_, i) => `ipad${i}`) }],
};

async function startHost(dataDir?: string): Promise<Running> {
  const data = dataDir ?? (await tempDir('migration-host'));
  const host = await startHostProcess(['--port', '0', '--data-dir', data], { VPP_APPLE_BASE_URL: appleUrl });
  hosts.push(host);
  const running = { host, dataDir: data, token: (await readCliFile(data))!.token! };
  // These hosts have no public address for Apple's notifications: they ask Apple how its events went every second.
  expect((await rest(running, 'PUT', '/plugins/vpp-apple/settings', { key: 'statusPollSeconds', value: 1 })).status).toBe(200);
  return running;
}

async function cli(on: Running, args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli([...args, '--url', on.host.url, '--api-token', on.token]);
}

async function ok(on: Running, args: readonly string[]): Promise<string> {
  const run = await cli(on, args);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout;
}

async function json<T>(on: Running, args: readonly string[]): Promise<T> {
  const run = await cli(on, [...args, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

async function rest(on: Running, method: string, route: string, body?: unknown): Promise<Response> {
  return fetch(`${on.host.url}/api${route}`, { method, headers: { authorization: `Bearer ${on.token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function appleWrites(since: number): Promise<string[]> {
  const requests = (await (await fetch(new URL('/__simulator/requests', appleUrl))).json()) as { at: number; method: string; path: string }[];
  return requests.filter((r) => r.at >= since && r.method === 'POST' && !r.path.endsWith('client/config')).map((r) => r.path);
}

/** Runs `migrate apply` through the command stream and kills the host (-9) once it reports `step`. */
async function applyKilledAt(on: Running, bundle: string, step: string): Promise<string[]> {
  const response = await rest(on, 'POST', '/commands/migrate.apply', { args: { file: bundle }, options: { 'token-file': tokenFileText, 'take-over': true, name: 'Office' } });
  expect(response.status).toBe(200);
  const seen: string[] = [];
  const reader = response.body!.getReader();
  let buffered = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`apply ended before "${step}": ${seen.join(' | ')}`);
    buffered += Buffer.from(value).toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const parsed = JSON.parse(line) as { type: string; label?: string };
      if (parsed.label) seen.push(parsed.label);
      if (parsed.label === step) {
        on.host.child.kill('SIGKILL');
        await on.host.exited;
        await reader.cancel().catch(() => {});
        return seen;
      }
    }
  }
}

let tokenFileText: string;

/**
 * A host's bundle of the location, without what differs between any two hosts holding the same: token ids, the time
 * of export, and when each host's directory import put people into groups.
 */
async function exportOf(on: Running): Promise<unknown> {
  const file = path.join(dir, `export-${hosts.indexOf(on.host)}.json`);
  await ok(on, ['migrate', 'export', '--token', 'Office', '--out', file]);
  const tokenId = (await json<{ id: string }[]>(on, ['token', 'list']))[0]!.id;
  const bundle = JSON.parse((await readFile(file, 'utf8')).replaceAll(tokenId, 'TOKEN')) as {
    exportedAt?: string;
    location: { settings?: { publications: { addedAt?: string }[] } };
    groups: { members: { joinedAt?: string }[] }[];
  };
  delete bundle.exportedAt;
  for (const member of bundle.groups.flatMap((group) => group.members)) delete member.joinedAt;
  for (const publication of bundle.location.settings?.publications ?? []) delete publication.addedAt;
  return bundle;
}

beforeAll(async () => {
  dir = await tempDir('migration');
  apple = await startCliProcess(['apple-simulator', '--state', path.join(dir, 'apple.json'), '--demo'], 'Stop with Ctrl+C.');
  appleUrl = /Apple simulator listening: (\S+)/.exec(apple.stdout)![1]!;
  tokenFile = new RegExp(`\\(${OFFICE}\\): (\\S+)`).exec(apple.stdout)![1]!;
  tokenFileText = await readFile(tokenFile, 'utf8');
  const buy = await fetch(new URL(`/__simulator/locations/${OFFICE}/assets/${PAGES}/licenses`, appleUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ countDelta: 1_300 }) });
  expect(buy.status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const host of hosts.splice(0)) await host.stop();
  apple?.child.kill('SIGTERM');
  await apple?.exited;
});

describe('a location moves from host A to host B through one standalone Apple', () => {
  let a: Running;
  let bundleFile: string;
  let exportedAt: number;

  it('A holds the location: 1,500 user licences and 500 waiting, 150 device licences, 50 books, 2,000 Managed Apple IDs, 5 invited guests', async () => {
    a = await startHost();
    await ok(a, ['token', 'add', tokenFile, '--name', 'Office']);
    expect((await rest(a, 'POST', '/inventory/import', directory)).status).toBe(200);
    await ok(a, ['invite', 'group', 'staff', '--token', 'Office']);
    await ok(a, ['invite', 'group', 'guests', '--token', 'Office']);
    await expect.poll(async () => (await json<{ total: number }>(a, ['enrolment', '--status', 'enrolled', '--token', 'Office', '--limit', '1'])).total, SETTLED).toBe(USERS);
    for (const args of [
      ['assign', PAGES, 'staff', '--to', 'user-group', '--license', 'user', '--token', 'Office'],
      ['assign', KEYNOTE, 'ipads', '--to', 'device-group', '--license', 'device', '--token', 'Office'],
      ['assign', SWIFT_BOOK, 'readers', '--to', 'user-group', '--token', 'Office'],
    ]) {
      const run = await cli(a, args);
      expect(run.code, run.stderr).toBe(0);
    }
    bundleFile = path.join(dir, 'office.bundle.json');
    // Apple confirms A's requests as it processes them; the move starts from what Apple holds.
    const confirmed = async () => ((await (await rest(a, 'GET', '/plugins/vpp-apple/licenses?state=confirmed&limit=1')).json()) as { total: number }).total;
    await expect.poll(confirmed, SETTLED).toBe(1_500 + DEVICES + 50);
    const exported = await cli(a, ['migrate', 'export', '--token', 'Office', '--out', bundleFile, '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ licences: 1_700, queued: 500, devices: DEVICES });
    expect((JSON.parse(await readFile(bundleFile, 'utf8')) as { licences: { state: string }[] }).licences.every((l) => l.state === 'confirmed')).toBe(true);
    exportedAt = Date.now();
  }, 300_000);

  it('B plans clean, is killed -9 twice while applying with take-over, finishes on the next run and verifies: no Apple write, no mail, A claimed elsewhere', async () => {
    let b = await startHost();
    expect((await rest(b, 'POST', '/inventory/import', directory)).status).toBe(200);
    const plan = await json<{ clean: boolean; counts: Record<string, number>; location: { managedBy?: { name: string } } }>(b, ['migrate', 'plan', bundleFile, '--token-file', tokenFile]);
    expect(plan).toMatchObject({ clean: true, location: { managedBy: { name: 'vpp-host' } } });
    expect(plan.counts).toMatchObject({ licencesAdopted: 1_700, licencesLost: 0, peopleAdopted: USERS + 5, queued: 500, assignmentsRecreated: 3 });

    const bundle = await readFile(bundleFile, 'utf8');
    for (const step of ['Adopting enrolments', 'Recreating assignments']) {
      const seen = await applyKilledAt(b, bundle, step);
      expect(seen).toContain(step);
      b = await startHost(b.dataDir);
    }
    const applied = await json<{ resumed: boolean; done: Record<string, number> }>(b, ['migrate', 'apply', bundleFile, '--token-file', tokenFile, '--take-over', '--name', 'Office']);
    expect(applied.resumed).toBe(true);

    const verified = await cli(b, ['migrate', 'verify', bundleFile]);
    expect(verified.code, verified.stdout).toBe(0);
    expect(verified.stdout).toContain('OK, nothing differs');
    const queue = await json<{ waiting: { holder: string }[] }>(b, ['queue', PAGES, '--token', 'Office']);
    const exportedQueue = (JSON.parse(bundle) as { queues: { waiting: { holderId: string }[] }[] }).queues.find((q) => q.waiting.length === 500)!;
    expect(queue.waiting.map((w) => w.holder)).toEqual(exportedQueue.waiting.map((w) => `user:${w.holderId}`));

    expect(await appleWrites(exportedAt)).toEqual([]);
    const outbox = await (await rest(b, 'GET', '/plugins/mail/outbox')).json();
    expect(outbox).toMatchObject({ total: 0 });
    await cli(a, ['sync', '--token', 'Office']);
    const tokens = await json<{ name: string; health: { state: string } }[]>(a, ['token', 'list']);
    expect(tokens[0]!.health.state).toBe('claimed-elsewhere');

    // The same bundle applied by a host that nobody interrupts ends in the same state.
    const interrupted = await exportOf(b);
    const c = await startHost();
    expect((await rest(c, 'POST', '/inventory/import', directory)).status).toBe(200);
    await ok(c, ['migrate', 'apply', bundleFile, '--token-file', tokenFile, '--take-over', '--name', 'Office']);
    expect(await exportOf(c)).toEqual(interrupted);
  }, 300_000);

  it('refuses bad input and changes nothing: a damaged bundle, a foreign version, a wrong passphrase', async () => {
    const c = await startHost();
    const damaged = path.join(dir, 'damaged.json');
    await writeFile(damaged, '{"formatVersion": 1, "location": 3}');
    const refused = await cli(c, ['migrate', 'plan', damaged, '--token-file', tokenFile]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/The bundle is damaged: /);
    await writeFile(damaged, '{"formatVersion": 9}');
    expect((await cli(c, ['migrate', 'apply', damaged, '--token-file', tokenFile, '--take-over'])).stderr).toContain('The bundle is format version 9; this vpp-host reads version 1 only');
    const sealed = path.join(dir, 'sealed.json');
    const exported = await runCli(['migrate', 'export', '--token', 'Office', '--include-token', '--out', sealed, '--url', a.host.url, '--api-token', a.token], { VPP_MIGRATION_PASSPHRASE: 'correct horse battery staple' });
    expect(exported.code, exported.stderr).toBe(0);
    const wrong = await runCli(['migrate', 'plan', sealed, '--url', c.host.url, '--api-token', c.token], { VPP_MIGRATION_PASSPHRASE: 'not the right passphrase' });
    expect(wrong.stderr).toContain("Cannot decrypt the bundle's token: the passphrase is wrong, or the token was altered");
    expect(await json<unknown[]>(c, ['token', 'list'])).toEqual([]);
  }, 120_000);
});
