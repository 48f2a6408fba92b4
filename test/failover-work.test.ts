// Failover with work under way: two hosts on one PostgreSQL database share one standalone Apple and one SMTP server;
// the active host is killed -9 while it mails 300 invitations and has licences on their way to Apple; the standby
// takes over and finishes both outboxes. Apple received each licence once; every person got their invitation, and a
// mail sent again is only one the killed host had handed over without recording it (the same Message-ID).
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCliFile } from '../host/cli/cli-file.js';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { TestSmtpServer } from '../plugins/mail/test/smtp-test-server.js';
import { signIn } from '../host/http/http-test-kit.js';
import { startCliProcess, startHostProcess, type CliProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';
import { sql, usePostgres } from './support/postgres-cluster.js';
import { startRecordingProxy } from './support/recording-proxy.js';
import { standbyRefusal } from './support/standby-refusal.js';

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

async function total(response: Response): Promise<number> {
  return response.ok ? ((await response.json()) as { total: number }).total : -1;
}

describe('a standby running the plugins', () => {
  it('serves their REST reads and panel pages with what the active host wrote, refuses their changes naming it, does no Apple or mail work, and on takeover does that work once', async () => {
    const url = await postgres.createDatabase();
    const env = { VPP_HOST_SECRET_KEY: randomBytes(32).toString('base64'), VPP_HOST_LEASE_TIMEOUT_MS: '1000', VPP_MAIL_FROM: 'it@contoso.example', VPP_MAIL_SMTP_HOST: '127.0.0.1', VPP_MAIL_RETRY_BASE_MS: '200' };
    // Each host reaches Apple and SMTP its own way, so the test sees which one called. The active host's SMTP server
    // is down: its invitations wait in the outbox.
    const firstApple = await startRecordingProxy(appleUrl);
    const secondApple = await startRecordingProxy(appleUrl);
    const downSmtp = new TestSmtpServer();
    await downSmtp.start(0);
    await downSmtp.stop();
    const secondSmtp = new TestSmtpServer();
    await secondSmtp.start(0);
    try {
      const first = await startHost(url, { ...env, VPP_APPLE_BASE_URL: firstApple.url, VPP_MAIL_SMTP_PORT: String(downSmtp.port) });
      const token = (await readCliFile(first.dataDir))!.token!;
      const second = await startHost(url, { ...env, VPP_APPLE_BASE_URL: secondApple.url, VPP_MAIL_SMTP_PORT: String(secondSmtp.port) });
      const onFirst = api(first.host, token);
      const onSecond = api(second.host, token);
      expect((await onFirst('PUT', '/plugins/vpp-apple/settings', { key: 'statusPollSeconds', value: 1 })).status).toBe(200);
      const connection = ['--url', first.host.url, '--api-token', token];
      // The location was claimed by the hosts of the test before, with a database of their own.
      const added = await runCli(['token', 'add', tokenFile, '--name', 'Office', '--take-over', ...connection]);
      expect(added.code, added.stderr).toBe(0);
      const managed = (prefix: string) => Array.from({ length: 3 }, (_, i) => ({ id: `${prefix}${i}`, name: `${prefix} ${i}`, email: `${prefix}${i}@contoso.example`, managedAppleId: `${prefix}${i}@appleid.contoso.example` }));
      const [early, late] = [managed('early'), managed('late')];
      const guests = [{ id: 'guest0', name: 'Guest 0', email: 'guest0@contoso.example' }, { id: 'guest1', name: 'Guest 1', email: 'guest1@contoso.example' }];
      const imported = await onFirst('POST', '/inventory/import', {
        users: [...early, ...late, ...guests],
        userGroups: [
          { id: 'early', name: 'Early', members: early.map((u) => u.id) },
          { id: 'late', name: 'Late', members: late.map((u) => u.id) },
          { id: 'guests', name: 'Guests', members: guests.map((u) => u.id) },
        ],
      });
      expect(imported.status).toBe(200);
      for (const group of ['early', 'late']) expect((await runCli(['invite', 'group', group, '--token', 'Office', ...connection])).code).toBe(0);
      await expect.poll(async () => total(await onFirst('GET', '/plugins/vpp-apple/enrolment?status=enrolled&limit=1')), SETTLED).toBe(6);
      expect((await runCli(['assign', PAGES, 'early', '--to', 'user-group', '--license', 'user', '--token', 'Office', ...connection])).code).toBe(0);
      await expect.poll(async () => total(await onFirst('GET', '/plugins/vpp-apple/licenses?state=confirmed&limit=1')), SETTLED).toBe(3);
      expect((await runCli(['invite', 'group', 'guests', '--token', 'Office', ...connection])).code).toBe(0);
      await expect.poll(async () => total(await onFirst('GET', '/plugins/mail/outbox?state=retrying&limit=1')), SETTLED).toBe(2);
      // Apple is out of the active host's reach: the late group's licenses are recorded, not sent.
      firstApple.down = true;
      expect((await runCli(['assign', PAGES, 'late', '--to', 'user-group', '--license', 'user', '--token', 'Office', ...connection])).code).toBe(0);
      await expect.poll(async () => total(await onFirst('GET', '/plugins/vpp-apple/licenses?state=requested&limit=1')), SETTLED).toBe(3);

      // The standby's plugins read what the active host wrote, once it followed: the ledger, the pools built from it,
      // the outbox, and the pages.
      await expect.poll(async () => total(await onSecond('GET', '/plugins/vpp-apple/licenses?state=requested&limit=1')), SETTLED).toBe(3);
      expect(await total(await onSecond('GET', '/plugins/vpp-apple/licenses?state=confirmed&limit=1'))).toBe(3);
      const queue = (await (await onSecond('GET', `/plugins/vpp-apple/queue/${PAGES}`)).json()) as { counts: { held: number } };
      expect(queue.counts.held).toBe(6);
      expect(await total(await onSecond('GET', '/plugins/mail/outbox?state=retrying&limit=1'))).toBe(2);
      const admin = { name: /^ {2}name {6}(\S+)$/m.exec(first.host.banner)![1]!, password: /^ {2}password {2}(\S+)$/m.exec(first.host.banner)![1]! };
      const session = await signIn(first.host.url, admin.name, admin.password);
      const page = async (view: string): Promise<Response> => fetch(`${second.host.url}/views/${view}`, { headers: { cookie: session.cookie }, redirect: 'manual' });
      // The session made on the active host reaches the standby as any change does.
      await expect.poll(async () => (await page('vpp-apple/assignments')).status, SETTLED).toBe(200);
      expect(await (await page('vpp-apple/assignments')).text()).toContain('Late');
      expect(await (await page('mail/mail')).text()).toContain('guest1@contoso.example');
      // The compatibility plugins read the core through it: Intune's Graph and its page, MaaS360's page.
      const graphApps = await onSecond('GET', '/plugins/intune-compat/v1.0/deviceAppManagement/mobileApps');
      expect(graphApps.status).toBe(200);
      expect(((await graphApps.json()) as { value: unknown[] }).value.length).toBeGreaterThan(0);
      expect((await page('intune-compat/assignments')).status).toBe(200);
      expect((await page('maas360-compat/vpp-licenses')).status).toBe(200);

      // Every change is refused before it reaches a plugin, naming the active host: REST, the CLI, a panel form.
      const assignGuests = { item: PAGES, target: { kind: 'user-group', id: 'guests' }, licenseKind: 'user' };
      const refused = await onSecond('POST', '/plugins/vpp-apple/assignments', assignGuests);
      expect(refused.status).toBe(503);
      expect(await refused.json()).toEqual(standbyRefusal(first.host.url));
      // Intune's Graph says the refusal in Graph's error shape, as Graph clients expect.
      const graphRefused = await onSecond('POST', '/plugins/intune-compat/v1.0/deviceAppManagement/mobileApps/any/assign', { mobileAppAssignments: [] });
      expect(graphRefused.status).toBe(503);
      expect(((await graphRefused.json()) as { error: { message: string } }).error.message).toBe(`This host is a standby and accepts no changes; send them to the active host at ${first.host.url}`);
      const onSecondCli = ['--url', second.host.url, '--api-token', token];
      const cli = await runCli(['assign', PAGES, 'guests', '--to', 'user-group', '--license', 'user', '--token', 'Office', ...onSecondCli]);
      expect(cli.code).not.toBe(0);
      expect(cli.stderr).toContain(first.host.url);
      // A command that only reads runs on the standby.
      const listed = await runCli(['token', 'list', ...onSecondCli]);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toContain('Office');
      const form = new URLSearchParams({ _csrf: session.csrfToken, _action: 'assign', item: PAGES, targetKind: 'user-group', target: 'guests' });
      const posted = await fetch(`${second.host.url}/views/vpp-apple/assignments`, { method: 'POST', headers: { cookie: session.cookie, origin: second.host.url, 'content-type': 'application/x-www-form-urlencoded' }, body: form, redirect: 'manual' });
      expect(posted.status).toBe(303);
      // The refusal comes back as the page's error, naming the active host (the standby banner links to it besides).
      expect(await (await page('vpp-apple/assignments')).text()).toContain(`flash-error" role="alert">This host is a standby: it shows the data but accepts no changes, sign-ins included. Make them on the active host: ${first.host.url}`);
      expect(await sql(url, "SELECT count(*)::int AS n FROM records WHERE namespace = 'vpp-apple' AND collection = 'distribution-assignments'")).toEqual([{ n: 2 }]);
      // ... and its plugins did no work of their own: nothing reached Apple or an SMTP server from it.
      expect(secondApple.requests).toEqual([]);
      expect(secondSmtp.received).toEqual([]);

      first.host.child.kill('SIGKILL');
      await first.host.exited;
      await expect.poll(async () => (await fetch(`${second.host.url}/api/ready`)).status, SETTLED).toBe(200);
      // The new active host sends the late licenses to Apple in one call, and each waiting invitation once.
      await expect.poll(async () => total(await onSecond('GET', '/plugins/vpp-apple/licenses?state=confirmed&limit=1')), SETTLED).toBe(6);
      await expect.poll(() => secondSmtp.received.length, SETTLED).toBe(2);
      expect(new Set(secondSmtp.received.map((mail) => JSON.stringify(mail.to))).size).toBe(2);
      expect(secondApple.requests.filter((r) => r.method === 'POST' && r.path.endsWith('assets/associate'))).toHaveLength(1);
      const after = (await (await onSecond('GET', `/plugins/vpp-apple/queue/${PAGES}`)).json()) as { counts: { held: number } };
      expect(after.counts.held).toBe(6);
    } finally {
      await Promise.all([firstApple.close(), secondApple.close(), secondSmtp.stop()]);
    }
  }, 180_000);
});
