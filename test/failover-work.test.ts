// Failover with work under way: two hosts on one PostgreSQL database share one standalone Apple and one SMTP server;
// the active host is killed -9 while it mails 300 invitations and has licences on their way to Apple; the standby
// takes over and finishes both outboxes. Apple received each licence once; every person got their invitation, and a
// mail sent again is only one the killed host had handed over without recording it (the same Message-ID).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCliFile } from '../host/cli/cli-file.js';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { TestSmtpServer } from '../plugins/mail/test/smtp-test-server.js';
import { startCliProcess, startHostProcess, type CliProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';
import { usePostgres } from './support/postgres-cluster.js';

const postgres = usePostgres();
const OFFICE = '2049025000431439';
const PAGES = '361309726';
const GUESTS = 300;
const MANAGED = 200;
const SETTLED = { timeout: 60_000, interval: 250 };

const smtp = new TestSmtpServer();
const hosts: HostProcess[] = [];
let apple: CliProcess;
let appleUrl: string;
let tokenFile: string;

beforeAll(async () => {
  await smtp.start(0);
  apple = await startCliProcess(['apple-simulator', '--demo'], 'Stop with Ctrl+C.');
  appleUrl = /Apple simulator listening: (\S+)/.exec(apple.stdout)![1]!;
  tokenFile = new RegExp(`\\(${OFFICE}\\): (\\S+)`).exec(apple.stdout)![1]!;
  const buy = await fetch(new URL(`/__simulator/locations/${OFFICE}/assets/${PAGES}/licenses`, appleUrl), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ countDelta: 1_000 }) });
  expect(buy.status).toBe(200);
}, 60_000);

afterAll(async () => {
  for (const host of hosts.splice(0)) {
    if (host.child.exitCode === null && host.child.signalCode === null) await host.stop();
  }
  apple?.child.kill('SIGTERM');
  await apple?.exited;
  await smtp.stop();
});

async function startHost(url: string, env: NodeJS.ProcessEnv): Promise<{ host: HostProcess; dataDir: string }> {
  const dataDir = await tempDir('failover-work');
  const host = await startHostProcess(['--port', '0', '--data-dir', dataDir, '--storage', url], env);
  hosts.push(host);
  return { host, dataDir };
}

function api(host: HostProcess, token: string) {
  return async (method: string, route: string, body?: unknown): Promise<Response> =>
    fetch(`${host.url}/api${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}

async function appleRequests(): Promise<{ method: string; path: string; httpStatus: number }[]> {
  return (await (await fetch(new URL('/__simulator/requests', appleUrl))).json()) as { method: string; path: string; httpStatus: number }[];
}

describe('failover with work under way', () => {
  it('the standby finishes the Apple and mail outboxes of a host killed -9 midway: each licence sent to Apple once, each person mailed, a resend only with the same Message-ID', async () => {
    const url = await postgres.createDatabase();
    const env = { VPP_HOST_SECRET_KEY: randomBytes(32).toString('base64'), VPP_HOST_LEASE_TIMEOUT_MS: '1000', VPP_APPLE_BASE_URL: appleUrl, VPP_MAIL_FROM: 'it@contoso.example' };
    const first = await startHost(url, env);
    const token = (await readCliFile(first.dataDir))!.token!;
    const second = await startHost(url, env);
    const onFirst = api(first.host, token);
    for (const [plugin, key, value] of [
      ['mail', 'smtpHost', '127.0.0.1'],
      ['mail', 'smtpPort', smtp.port],
      ['vpp-apple', 'statusPollSeconds', 1],
    ] as const) {
      expect((await onFirst('PUT', `/plugins/${plugin}/settings`, { key, value })).status).toBe(200);
    }
    const connection = ['--url', first.host.url, '--api-token', token];
    expect((await runCli(['token', 'add', tokenFile, '--name', 'Office', ...connection])).code).toBe(0);
    const managed = Array.from({ length: MANAGED }, (_, i) => ({ id: `m${i}`, name: `Managed ${i}`, email: `m${i}@contoso.example`, managedAppleId: `m${i}@appleid.contoso.example` }));
    const guests = Array.from({ length: GUESTS }, (_, i) => ({ id: `g${i}`, name: `Guest ${i}`, email: `g${i}@contoso.example` }));
    const imported = await onFirst('POST', '/inventory/import', {
      users: [...managed, ...guests],
      userGroups: [
        { id: 'managed', name: 'Managed', members: managed.map((u) => u.id) },
        { id: 'guests', name: 'Guests', members: guests.map((u) => u.id) },
      ],
    });
    expect(imported.status).toBe(200);
    expect((await runCli(['invite', 'group', 'managed', '--token', 'Office', ...connection])).code).toBe(0);
    await expect
      .poll(async () => ((await (await onFirst('GET', '/plugins/vpp-apple/enrolment?status=enrolled&limit=1')).json()) as { total: number }).total, SETTLED)
      .toBe(MANAGED);

    // Licences for the 200 on their way to Apple, and 300 invitations on their way to the SMTP server: then kill -9.
    const before = (await appleRequests()).length;
    expect((await runCli(['assign', PAGES, 'managed', '--to', 'user-group', '--license', 'user', '--token', 'Office', ...connection])).code).toBe(0);
    expect((await runCli(['invite', 'group', 'guests', '--token', 'Office', ...connection])).code).toBe(0);
    await expect.poll(() => smtp.received.length, SETTLED).toBeGreaterThanOrEqual(20);
    first.host.child.kill('SIGKILL');
    await first.host.exited;
    const receivedAtKill = smtp.received.length;
    expect(receivedAtKill).toBeLessThan(GUESTS);

    await expect.poll(async () => (await fetch(`${second.host.url}/api/ready`)).status, SETTLED).toBe(200);
    const onSecond = api(second.host, token);
    await expect.poll(async () => new Set(smtp.received.map((mail) => mail.to && JSON.stringify(mail.to))).size, SETTLED).toBe(GUESTS);
    await expect
      .poll(async () => ((await (await onSecond('GET', '/plugins/vpp-apple/licenses?state=confirmed&limit=1')).json()) as { total: number }).total, SETTLED)
      .toBe(MANAGED);

    // Apple: the licences went in one associate call, never sent again by the standby.
    const associations = (await appleRequests()).slice(before).filter((r) => r.method === 'POST' && r.path.endsWith('assets/associate'));
    expect(associations.map((r) => r.httpStatus)).toEqual([200]);
    // Mail: a message received twice is one the killed host handed over but had not recorded as sent: the same
    // Message-ID, so a mail server or client sees the same message; never more than the host's sending window
    // (5 connections x 50 messages), and never one the host had recorded as sent.
    const byMessageId = new Map<string, number>();
    for (const mail of smtp.received) byMessageId.set(mail.messageId ?? '', (byMessageId.get(mail.messageId ?? '') ?? 0) + 1);
    expect(byMessageId.size).toBe(GUESTS);
    expect([...byMessageId.keys()].every((id) => id !== '')).toBe(true);
    const resent = smtp.received.length - GUESTS;
    expect(resent).toBeLessThanOrEqual(250);
  }, 180_000);
});
