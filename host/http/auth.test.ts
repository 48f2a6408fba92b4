import { rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { ManualClock } from '../runtime/clock.js';
import { json, signIn, startTestHost, type TestHost } from './http-test-kit.js';

const PASSWORD = 'correct horse battery';

let t: TestHost;
let clock: ManualClock;

beforeEach(async () => {
  clock = new ManualClock();
  t = await startTestHost({ clock });
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  await t.accounts.createAdmin({ name: 'rita', password: PASSWORD, role: 'read-only' }, SYSTEM_ACTOR);
});

afterEach(async () => {
  await t.stop();
});

async function tokenFor(role: 'admin' | 'read-only'): Promise<string> {
  return (await t.accounts.createApiToken({ name: `${role} script`, role }, SYSTEM_ACTOR)).token;
}

describe('authentication', () => {
  it('answers 401 without a session or API token, and with a bad one', async () => {
    for (const headers of [{}, { authorization: 'Bearer vpp_not-a-real-token' }, { authorization: 'Basic YWxpY2U6eA==' }, { cookie: 'vpp_session=forged' }] as Record<string, string>[]) {
      const response = await fetch(`${t.url}/api/plugins`, { headers });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthorized', message: 'Sign in or send a valid API token', messageId: 'host.unauthorized', params: {} });
    }
  });

  it('treats a malformed session cookie as absent: 401 on the API, the sign-in form on a page, nothing logged as a failure', async () => {
    const cookie = 'vpp_session=%E0%A4%A';
    const api = await fetch(`${t.url}/api/plugins`, { headers: { cookie } });
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: 'unauthorized', message: 'Sign in or send a valid API token', messageId: 'host.unauthorized', params: {} });
    const page = await fetch(`${t.url}/views/host/plugins`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Fviews%2Fhost%2Fplugins');
    const login = await fetch(`${t.url}/login`, { headers: { cookie: `${cookie}; vpp_login=%E0%A4%A` } });
    expect(login.status).toBe(200);
    expect(t.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('lets a read-only token read but answers 403 on an admin route, changing nothing', async () => {
    const token = await tokenFor('read-only');
    const auth = { authorization: `Bearer ${token}` };

    const list = await fetch(`${t.url}/api/admins`, { headers: auth });
    expect(list.status).toBe(200);
    expect(((await list.json()) as { name: string }[]).map((a) => a.name)).toEqual(['alice', 'rita']);

    const create = await fetch(`${t.url}/api/admins`, { method: 'POST', ...json({ name: 'mallory', password: PASSWORD, role: 'admin' }, auth) });
    expect(create.status).toBe(403);
    expect(await create.json()).toMatchObject({ error: 'forbidden' });
    expect(t.accounts.listAdmins()).toHaveLength(2);
  });

  it('lets an admin token change things without a CSRF token', async () => {
    const token = await tokenFor('admin');
    const response = await fetch(`${t.url}/api/admins`, { method: 'POST', ...json({ name: 'bob', password: PASSWORD, role: 'read-only' }, { authorization: `Bearer ${token}` }) });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ name: 'bob', role: 'read-only' });
  });

  it('refuses a revoked API token', async () => {
    const { token, record } = await t.accounts.createApiToken({ name: 'short-lived', role: 'admin' }, SYSTEM_ACTOR);
    expect((await fetch(`${t.url}/api/plugins`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await t.accounts.revokeApiToken(record.id, SYSTEM_ACTOR);
    expect((await fetch(`${t.url}/api/plugins`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('needs the CSRF token for a change made with the session cookie', async () => {
    const { cookie, csrfToken } = await signIn(t.url, 'alice', PASSWORD);
    const body = { name: 'ci', role: 'read-only' };

    const read = await fetch(`${t.url}/api/api-tokens`, { headers: { cookie } });
    expect(read.status).toBe(200);

    const without = await fetch(`${t.url}/api/api-tokens`, { method: 'POST', ...json(body, { cookie, origin: t.url }) });
    expect(without.status).toBe(403);
    expect(await without.json()).toMatchObject({ error: 'csrf' });
    const wrong = await fetch(`${t.url}/api/api-tokens`, { method: 'POST', ...json(body, { cookie, 'x-csrf-token': `${csrfToken}x`, origin: t.url }) });
    expect(wrong.status).toBe(403);
    expect(t.accounts.listApiTokens()).toEqual([]);

    const withToken = await fetch(`${t.url}/api/api-tokens`, { method: 'POST', ...json(body, { cookie, 'x-csrf-token': csrfToken, origin: t.url }) });
    expect(withToken.status).toBe(201);
    expect(t.accounts.listApiTokens().map((r) => r.name)).toEqual(['ci']);
  });

  it("refuses a change made with the session cookie unless it comes from this host's pages, even with the CSRF token", async () => {
    const { cookie, csrfToken } = await signIn(t.url, 'alice', PASSWORD);
    const attempt = (headers: Record<string, string>) => fetch(`${t.url}/api/api-tokens`, { method: 'POST', ...json({ name: 'ci', role: 'read-only' }, { cookie, 'x-csrf-token': csrfToken, ...headers }) });
    for (const headers of [{}, { origin: 'https://evil.example' }, { origin: 'null' }, { origin: t.url.replace('http:', 'https:') }, { 'sec-fetch-site': 'cross-site', origin: t.url }, { 'sec-fetch-site': 'same-site' }] as Record<string, string>[]) {
      const refused = await attempt(headers);
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(await refused.json()).toEqual({ error: 'cross_origin', message: "A change made with the session cookie must come from this host's own pages: send an Origin header naming this host", messageId: 'host.cross-origin', params: {} });
    }
    expect(t.accounts.listApiTokens()).toEqual([]);

    expect((await attempt({ origin: t.url })).status).toBe(201);
    expect((await attempt({ 'sec-fetch-site': 'same-origin', origin: 'https://ignored.example' })).status).toBe(409);
    const behindProxy = await fetch(`${t.url}/api/api-tokens/unknown`, { method: 'DELETE', headers: { cookie, 'x-csrf-token': csrfToken, 'x-forwarded-proto': 'https', origin: t.url.replace('http:', 'https:') } });
    expect(behindProxy.status).toBe(404);
  });

  it('marks every JSON answer nosniff and not to be cached', async () => {
    const token = await tokenFor('read-only');
    const answers = [
      await fetch(`${t.url}/api/plugins`, { headers: { authorization: `Bearer ${token}` } }),
      await fetch(`${t.url}/api/plugins`),
      await fetch(`${t.url}/api/nowhere`),
      await fetch(`${t.url}/api/openapi.json`),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 401, 404, 200]);
    for (const answer of answers) {
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('sets an HttpOnly, SameSite=Strict session cookie and reports who is signed in', async () => {
    const response = await fetch(`${t.url}/api/session`, { method: 'POST', ...json({ name: 'rita', password: PASSWORD }) });
    const setCookie = response.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/^vpp_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict/);
    const { csrfToken } = (await response.json()) as { csrfToken: string };
    const me = await fetch(`${t.url}/api/session`, { headers: { cookie: setCookie.split(';')[0]! } });
    expect(await me.json()).toMatchObject({ kind: 'admin', name: 'rita', role: 'read-only', csrfToken });
  });

  it('answers a wrong password and an unknown name with the same message', async () => {
    const wrongPassword = await fetch(`${t.url}/api/session`, { method: 'POST', ...json({ name: 'alice', password: 'not the password' }) });
    const unknownName = await fetch(`${t.url}/api/session`, { method: 'POST', ...json({ name: 'nobody', password: PASSWORD }) });
    expect(wrongPassword.status).toBe(401);
    expect(unknownName.status).toBe(401);
    const bodies = [await wrongPassword.json(), await unknownName.json()];
    expect(bodies[0]).toEqual({ error: 'unauthorized', message: 'Wrong name or password', messageId: 'host.sign-in.wrong', params: {} });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(wrongPassword.headers.getSetCookie()).toEqual([]);
  });

  it('ends a session on sign-out and after the idle time', async () => {
    const first = await signIn(t.url, 'alice', PASSWORD);
    const signOut = await fetch(`${t.url}/api/session`, { method: 'DELETE', headers: { cookie: first.cookie, 'x-csrf-token': first.csrfToken, origin: t.url } });
    expect(signOut.status).toBe(204);
    expect((await fetch(`${t.url}/api/session`, { headers: { cookie: first.cookie } })).status).toBe(401);

    const second = await signIn(t.url, 'alice', PASSWORD);
    await clock.advance(7 * 60 * 60 * 1000);
    expect((await fetch(`${t.url}/api/session`, { headers: { cookie: second.cookie } })).status).toBe(200);
    await clock.advance(7 * 60 * 60 * 1000);
    expect((await fetch(`${t.url}/api/session`, { headers: { cookie: second.cookie } })).status).toBe(200);
    await clock.advance(8 * 60 * 60 * 1000 + 1);
    expect((await fetch(`${t.url}/api/session`, { headers: { cookie: second.cookie } })).status).toBe(401);
    const panel = await fetch(`${t.url}/views/host/plugins`, { headers: { cookie: second.cookie }, redirect: 'manual' });
    expect(panel.status).toBe(303);
    expect(panel.headers.get('location')).toBe('/login?next=%2Fviews%2Fhost%2Fplugins&expired=1');
  });

  it('keeps sessions across a restart of the host', async () => {
    const { cookie } = await signIn(t.url, 'alice', PASSWORD);
    await t.host.stop();
    const { Host } = await import('../runtime/host.js');
    const again = await Host.start({ dataDir: t.dataDir, bundledPluginsDir: null, port: 0, logSink: () => {}, clock });
    try {
      expect((await fetch(`${again.environment.publicUrl()}/api/session`, { headers: { cookie } })).status).toBe(200);
    } finally {
      await again.stop();
      const { dataDir } = t;
      t = { ...t, stop: () => rm(dataDir, { recursive: true, force: true }) };
    }
  });
});

describe('sign-in throttling', () => {
  const attempt = (name: string, password: string) => fetch(`${t.url}/api/session`, { method: 'POST', ...json({ name, password }) });

  it('answers 429 with Retry-After after 5 wrong passwords, refuses even the right one until then, and lets it in after', async () => {
    for (let i = 0; i < 5; i++) expect((await attempt('alice', 'not the password')).status).toBe(401);
    const throttled = await attempt('alice', PASSWORD);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(throttled.headers.getSetCookie()).toEqual([]);
    expect(await throttled.json()).toEqual({
      error: 'too_many_attempts',
      message: 'Too many failed sign-ins for this name or from this address; try again in 1 second',
      details: { retryAfterSeconds: 1 },
      messageId: 'host.sign-in.too-many',
      params: { count: 1 },
    });

    await clock.advance(1000);
    expect((await attempt('alice', 'not the password')).status).toBe(401);
    const longer = await attempt('alice', PASSWORD);
    expect(longer.status).toBe(429);
    expect(longer.headers.get('retry-after')).toBe('2');
    await clock.advance(2000);
    expect((await attempt('alice', PASSWORD)).status).toBe(200);
  });

  it('counts 100 parallel wrong guesses: only the free ones have their password checked', async () => {
    const answers = await Promise.all(Array.from({ length: 100 }, () => attempt('alice', 'not the password')));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(95);
    expect((await attempt('alice', PASSWORD)).status).toBe(429);
  });

  it('grows the wait up to 15 minutes and never further, so the admin gets back in', async () => {
    for (let failures = 0; failures < 30; failures++) {
      const answer = await attempt('alice', 'not the password');
      if (answer.status === 429) {
        const wait = Number(answer.headers.get('retry-after'));
        expect(wait).toBeLessThanOrEqual(15 * 60);
        await clock.advance(wait * 1000);
        expect((await attempt('alice', 'not the password')).status).toBe(401);
      }
    }
    const last = await attempt('alice', PASSWORD);
    expect(last.headers.get('retry-after')).toBe(String(15 * 60));
    await clock.advance(15 * 60 * 1000);
    expect((await attempt('alice', PASSWORD)).status).toBe(200);
  });

  it('still serves API tokens while sign-ins are throttled, and records the throttling once in the audit log', async () => {
    const token = await tokenFor('admin');
    await Promise.all(Array.from({ length: 20 }, () => attempt('alice', 'wrong-secret-guess')));
    expect((await attempt('alice', PASSWORD)).status).toBe(429);

    const audit = await fetch(`${t.url}/api/audit?action=host.session.throttled`, { headers: { authorization: `Bearer ${token}` } });
    expect(audit.status).toBe(200);
    const { items } = (await audit.json()) as { items: { action: string; actor: unknown; details: Record<string, unknown> }[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ action: 'host.session.throttled', actor: { kind: 'system' }, details: { account: 'alice', address: '127.0.0.1', throttled: ['account', 'address'] } });
    expect(JSON.stringify(items)).not.toContain('wrong-secret-guess');
    expect((await fetch(`${t.url}/api/admins`, { method: 'POST', ...json({ name: 'bob', password: PASSWORD, role: 'read-only' }, { authorization: `Bearer ${token}` }) })).status).toBe(201);
  });
});
