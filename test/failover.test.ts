import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { readCliFile } from '../host/cli/cli-file.js';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { startHostProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';
import { sql, usePostgres } from './support/postgres-cluster.js';
import { standbyRefusal } from './support/standby-refusal.js';

const postgres = usePostgres();
const hosts: HostProcess[] = [];
const TAKEOVER = { timeout: 30_000, interval: 200 };

afterEach(async () => {
  for (const host of hosts.splice(0)) {
    if (host.child.exitCode === null && host.child.signalCode === null) host.child.kill('SIGCONT');
    await host.stop();
  }
});

/** Hosts of one database share its secret key; each has a data dir of its own. */
function sharedEnv(): NodeJS.ProcessEnv {
  return { VPP_HOST_SECRET_KEY: randomBytes(32).toString('base64'), VPP_HOST_LEASE_TIMEOUT_MS: '1000' };
}

async function start(url: string, env: NodeJS.ProcessEnv, dataDir?: string): Promise<{ host: HostProcess; dataDir: string }> {
  const dir = dataDir ?? (await tempDir('failover'));
  const host = await startHostProcess(['--port', '0', '--data-dir', dir, '--storage', url], env);
  hosts.push(host);
  return { host, dataDir: dir };
}

async function call(host: HostProcess, token: string, path: string, body?: unknown): Promise<Response> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return fetch(`${host.url}/api${path}`, body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) });
}

async function tokenNames(host: HostProcess, token: string): Promise<string[]> {
  const response = await call(host, token, '/api-tokens');
  return response.ok ? ((await response.json()) as { name: string }[]).map((t) => t.name) : [];
}

interface StatusJson {
  lease: { address: string | null; epoch: number; ageMs: number };
  standbys: { address: string; lagChanges: number }[];
}

async function status(url: string): Promise<StatusJson> {
  const run = await runCli(['status', '--storage', url, '--json']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).not.toContain(new URL(url).password);
  return JSON.parse(run.stdout) as StatusJson;
}

async function ready(host: HostProcess): Promise<{ status: number; body: { role: string; reason?: string; activeHost?: string | null } }> {
  const response = await fetch(`${host.url}/api/ready`);
  return { status: response.status, body: (await response.json()) as { role: string; reason?: string; activeHost?: string | null } };
}

describe('two hosts on one PostgreSQL database', () => {
  it('serves reads on the standby, refuses its writes naming the active host, and after a kill -9 the standby takes over with every acknowledged change; the old host comes back as a standby', async () => {
    const url = await postgres.createDatabase();
    const env = sharedEnv();
    const first = await start(url, env);
    const token = (await readCliFile(first.dataDir))!.token!;
    const second = await start(url, env);
    expect(second.host.banner).not.toContain('First admin account created');
    expect((await readCliFile(second.dataDir))!.token).toBeUndefined();

    expect(await ready(first.host)).toEqual({ status: 200, body: { ready: true, role: 'active' } });
    expect(await ready(second.host)).toEqual({ status: 503, body: { ready: false, role: 'standby', reason: 'standby', activeHost: first.host.url } });
    expect((await fetch(`${second.host.url}/api/health`)).status).toBe(200);

    expect((await call(first.host, token, '/api-tokens', { name: 'before-crash', role: 'read-only' })).status).toBe(201);
    await expect.poll(() => tokenNames(second.host, token), TAKEOVER).toContain('before-crash');
    await expect.poll(() => status(url), TAKEOVER).toMatchObject({
      lease: { address: first.host.url, epoch: 1 },
      standbys: [{ address: second.host.url, lagChanges: 0 }],
    });
    const dutch = await runCli(['status', '--storage', url, '--lang', 'nl']);
    expect(dutch.stdout).toContain(`Actief: ${first.host.url} (host `);
    expect(dutch.stdout).toMatch(/^Stand-by’s:\nADRES\s+HOST\s+WIJZIGINGEN ACHTER\s+LAATST TOEGEPAST\s+LAATST GEZIEN\n/m);
    const refused = await call(second.host, token, '/api-tokens', { name: 'on-standby', role: 'read-only' });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual(standbyRefusal(first.host.url));
    // Said by Accept-Language, as every refusal of the API.
    const french = await fetch(`${second.host.url}/api/api-tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'fr' },
      body: JSON.stringify({ name: 'on-standby', role: 'read-only' }),
    });
    expect(((await french.json()) as { message: string }).message).toBe(`Cet hôte est en attente et n’accepte aucune modification ; envoyez-les à l’hôte actif à ${first.host.url}`);

    const standbyLogin = await (await fetch(`${second.host.url}/login?lang=fr`)).text();
    expect(standbyLogin).toContain(`Cet hôte est en attente`);
    expect(standbyLogin).toContain(`<a href="${first.host.url}">`);
    expect(await (await fetch(`${first.host.url}/login`)).text()).not.toContain('standby');

    // The standby runs the plugins too: it serves their reads and refuses their changes, naming the active host.
    expect((await call(first.host, token, '/plugins/mail/outbox')).status).toBe(200);
    expect((await call(second.host, token, '/plugins/mail/outbox')).status).toBe(200);
    expect(((await (await call(second.host, token, '/plugins/mail/test', { to: 'it@contoso.example' })).json()) as { details: unknown }).details).toEqual({ activeHost: first.host.url });

    first.host.child.kill('SIGKILL');
    await first.host.exited;
    await expect.poll(async () => (await ready(second.host)).status, TAKEOVER).toBe(200);
    await expect.poll(async () => (await call(second.host, token, '/plugins/mail/outbox')).status, TAKEOVER).toBe(200);
    expect(await tokenNames(second.host, token)).toContain('before-crash');
    expect((await call(second.host, token, '/api-tokens', { name: 'after-takeover', role: 'read-only' })).status).toBe(201);
    expect(await sql(url, "SELECT count(*)::int AS n FROM records WHERE collection = 'api-tokens' AND data->>'name' = 'on-standby'")).toEqual([{ n: 0 }]);

    const restarted = await start(url, env, first.dataDir);
    expect(await ready(restarted.host)).toMatchObject({ status: 503, body: { role: 'standby', activeHost: second.host.url } });
    await expect.poll(() => tokenNames(restarted.host, token), TAKEOVER).toContain('after-takeover');
    await expect.poll(() => status(url), TAKEOVER).toMatchObject({ lease: { address: second.host.url, epoch: 2 }, standbys: [{ address: restarted.host.url }] });
    // Both stop cleanly, the standby first.
    expect(await restarted.host.stop()).toBe(0);
    expect(await second.host.stop()).toBe(0);
  });

  it('fences a stalled active host: once the standby took over, the stalled host resumes, its write is refused and it reports itself standby', async () => {
    const url = await postgres.createDatabase();
    const env = sharedEnv();
    const first = await start(url, env);
    const token = (await readCliFile(first.dataDir))!.token!;
    const second = await start(url, env);

    first.host.child.kill('SIGSTOP');
    await expect.poll(async () => (await ready(second.host)).status, TAKEOVER).toBe(200);
    first.host.child.kill('SIGCONT');

    const stale = await call(first.host, token, '/api-tokens', { name: 'from-the-stalled-host', role: 'read-only' });
    expect(stale.status).toBe(503);
    expect(((await stale.json()) as { error: string }).error).toBe('standby');
    await expect.poll(async () => (await ready(first.host)).body, TAKEOVER).toEqual({ ready: false, role: 'standby', reason: 'standby', activeHost: second.host.url });
    expect(await sql(url, "SELECT count(*)::int AS n FROM records WHERE collection = 'api-tokens' AND data->>'name' = 'from-the-stalled-host'")).toEqual([{ n: 0 }]);
    expect((await call(second.host, token, '/api-tokens', { name: 'on-the-new-active', role: 'read-only' })).status).toBe(201);
    // The host that stepped down stopped its plugins' own work (outboxes, syncs) and serves their reads again, from
    // what the database holds; their changes go to the new active host.
    await expect.poll(async () => (await call(first.host, token, '/plugins/mail/outbox')).status, TAKEOVER).toBe(200);
    expect((await call(second.host, token, '/plugins/mail/outbox')).status).toBe(200);
    expect(((await (await call(first.host, token, '/plugins/mail/test', { to: 'it@contoso.example' })).json()) as { details: unknown }).details).toEqual({ activeHost: second.host.url });
  });
});
