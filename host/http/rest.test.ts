import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { json, startTestHost, type TestHost } from './http-test-kit.js';

const PASSWORD = 'correct horse battery';

let t: TestHost;
let auth: { authorization: string };

beforeEach(async () => {
  t = await startTestHost();
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  auth = { authorization: `Bearer ${(await t.accounts.createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR)).token}` };
});

afterEach(async () => {
  await t.stop();
});

async function postAdmin(init: RequestInit): Promise<{ status: number; body: { error: string; message: string; details?: unknown } }> {
  const response = await fetch(`${t.url}/api/admins`, { method: 'POST', ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  return { status: response.status, body: (await response.json()) as { error: string; message: string; details?: unknown } };
}

describe('REST bodies', () => {
  it('rejects wrong types with every problem named, and creates nothing', async () => {
    const { status, body } = await postAdmin(json({ name: 5, password: true, role: 'boss' }));
    expect(status).toBe(400);
    expect(body.error).toBe('bad_input');
    expect(body.message).toMatch(/^Invalid request body: /);
    expect(body.message).toContain('name: must be a string, got a number');
    expect(body.message).toContain('password: must be a string, got a boolean');
    expect(body.message).toContain('role: must be one of admin, read-only');
    expect((body.details as { path: string[] }[]).map((issue) => issue.path.join('.'))).toEqual(['name', 'password', 'role']);
    expect(t.accounts.listAdmins()).toHaveLength(1);
  });

  it('rejects missing fields, an empty body and rule breaks, and creates nothing', async () => {
    const missing = await postAdmin(json({ name: 'bob' }));
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('password: must be a string, got nothing');
    expect(missing.body.message).toContain('role:');

    const empty = await postAdmin({});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toMatch(/^Invalid request body: must be an object, got nothing; expected the fields name, password, role/);

    const short = await postAdmin(json({ name: 'bob', password: 'short', role: 'admin' }));
    expect(short.status).toBe(400);
    expect(short.body.message).toBe('Invalid request body: password: must be at least 10 characters');

    const extra = await postAdmin(json({ name: 'bob', password: PASSWORD, role: 'admin', isRoot: true }));
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('isRoot');

    const duplicate = await postAdmin(json({ name: 'Alice', password: PASSWORD, role: 'admin' }));
    expect(duplicate).toEqual({ status: 409, body: { error: 'conflict', message: 'An admin named "Alice" already exists', messageId: 'host.admin.taken', params: { name: 'Alice' } } });
    expect(t.accounts.listAdmins().map((a) => a.name)).toEqual(['alice']);
  });

  it('rejects malformed JSON without echoing the body', async () => {
    const { status, body } = await postAdmin({ headers: { 'content-type': 'application/json' }, body: `{"name":"bob","password":"${PASSWORD}",` });
    expect(status).toBe(400);
    expect(body.error).toBe('bad_input');
    expect(body.message).toMatch(/^The request body is not valid JSON/);
    expect(JSON.stringify(body)).not.toContain(PASSWORD);
    expect(t.accounts.listAdmins()).toHaveLength(1);
  });

  it('rejects a body that is not JSON', async () => {
    const { status, body } = await postAdmin({ headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'name=bob' });
    expect(status).toBe(415);
    expect(body.message).toContain('application/json');
  });

  it('answers 413 for a body over the limit, declared or streamed, and creates nothing', async () => {
    const huge = JSON.stringify({ name: 'bob', password: 'x'.repeat(20_000), role: 'admin' });
    const declared = await postAdmin({ headers: { 'content-type': 'application/json' }, body: huge });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ error: 'payload_too_large', message: 'The request body is larger than the limit of 16384 bytes' });

    const bytes = new TextEncoder().encode(huge);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 1000) controller.enqueue(bytes.slice(at, at + 1000));
        controller.close();
      },
    });
    const streamed = await postAdmin({ headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(t.accounts.listAdmins()).toHaveLength(1);
  });

  it('creates an admin and an API token, showing the token once and never the password', async () => {
    const admin = await postAdmin(json({ name: 'bob', password: PASSWORD, role: 'read-only', language: 'nl' }));
    expect(admin.status).toBe(201);
    expect(admin.body).toEqual({ id: expect.any(String), name: 'bob', role: 'read-only', language: 'nl', createdAt: expect.any(String) });
    expect(JSON.stringify(admin.body)).not.toContain(PASSWORD);

    const created = await fetch(`${t.url}/api/api-tokens`, { method: 'POST', ...json({ name: 'migration', role: 'read-only' }, auth) });
    expect(created.status).toBe(201);
    const { token, record } = (await created.json()) as { token: string; record: { id: string } };
    expect(token).toMatch(/^vpp_/);
    const listed = await (await fetch(`${t.url}/api/api-tokens`, { headers: auth })).text();
    expect(listed).toContain(record.id);
    expect(listed).not.toContain(token);
    expect(listed).not.toContain('hash');

    expect((await fetch(`${t.url}/api/api-tokens/${record.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect((await fetch(`${t.url}/api/api-tokens/${record.id}`, { method: 'DELETE', headers: auth })).status).toBe(404);
    expect((await fetch(`${t.url}/api/plugins`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });
});

describe('settings REST', () => {
  it('lists the host settings with their source and validates changes', async () => {
    const listed = (await (await fetch(`${t.url}/api/plugins/host/settings`, { headers: auth })).json()) as { key: string; value: unknown; source: string }[];
    expect(listed.find((s) => s.key === 'sessionIdleMinutes')).toMatchObject({ value: 480, source: 'default', type: 'integer' });

    const tooSmall = await fetch(`${t.url}/api/plugins/host/settings`, { method: 'PUT', ...json({ key: 'sessionIdleMinutes', value: 1 }, auth) });
    expect(tooSmall.status).toBe(400);
    expect(await tooSmall.json()).toMatchObject({ error: 'bad_input', message: 'setting "sessionIdleMinutes" must be at least 5, got 1' });
    const unknown = await fetch(`${t.url}/api/plugins/host/settings`, { method: 'PUT', ...json({ key: 'colour', value: 'red' }, auth) });
    expect(unknown.status).toBe(400);

    const changed = await fetch(`${t.url}/api/plugins/host/settings`, { method: 'PUT', ...json({ key: 'sessionIdleMinutes', value: 60 }, auth) });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ key: 'sessionIdleMinutes', value: 60, source: 'stored' });
  });

  it('answers 404 for a plugin that does not exist', async () => {
    const response = await fetch(`${t.url}/api/plugins/nope/settings`, { headers: auth });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'not_found', message: 'No running plugin "nope"', messageId: 'host.plugin.not-running', params: { id: 'nope' } });
    expect((await fetch(`${t.url}/api/plugins/nope`, { headers: auth })).status).toBe(404);
    expect(await (await fetch(`${t.url}/api/nothing-here`, { headers: auth })).json()).toEqual({ error: 'not_found', message: 'No route GET /api/nothing-here', messageId: 'host.no-route', params: { method: 'GET', path: '/api/nothing-here' } });
  });
});

describe('account commands', () => {
  async function runCommand(id: string, options: Record<string, string>, headers: Record<string, string> = auth): Promise<{ type: string; result?: { data: Record<string, unknown>; text: string }; error?: { message: string } }> {
    const response = await fetch(`${t.url}/api/commands/${id}`, { method: 'POST', ...json({ options }, headers) });
    const lines = (await response.text()).trim().split('\n');
    return JSON.parse(lines.at(-1)!) as { type: string; result?: { data: Record<string, unknown>; text: string } };
  }

  it('creates an admin with a generated password that signs in, and an API token that works', async () => {
    const admin = await runCommand('admin.create', { name: 'carol', role: 'read-only' });
    expect(admin.type).toBe('result');
    const password = admin.result!.data.password as string;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(admin.result!.text).toBe(`Admin "carol" created (read-only). Password: ${password}`);
    expect((await fetch(`${t.url}/api/session`, { method: 'POST', ...json({ name: 'carol', password }) })).status).toBe(200);

    const created = await runCommand('api-token.create', { name: 'nightly export', role: 'read-only' });
    const token = (created.result!.data as { token: string }).token;
    expect(created.result!.text).toContain(token);
    expect((await fetch(`${t.url}/api/admins`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('refuses a bad password through the command and creates nothing', async () => {
    const refused = await runCommand('admin.create', { name: 'dave', password: 'short' });
    expect(refused).toMatchObject({ type: 'error', error: { error: 'bad_input', message: 'Invalid admin: password: must be at least 10 characters' } });
    expect(t.accounts.listAdmins().map((a) => a.name)).toEqual(['alice']);
  });
});

describe('settings commands', () => {
  async function run(id: string, args: Record<string, string>, headers: Record<string, string> = auth): Promise<{ type: string; result?: { data: Record<string, unknown>; text?: string; table?: { rows: unknown[][] } }; error?: { message: string } }> {
    const response = await fetch(`${t.url}/api/commands/${id}`, { method: 'POST', ...json({ args }, headers) });
    if (!response.ok) return { type: 'error', error: (await response.json()) as { message: string } };
    return JSON.parse((await response.text()).trim().split('\n').at(-1)!) as { type: string };
  }

  it('lists, reads and changes a plugin\'s settings from the command line, checked against the declaration', async () => {
    const listed = await run('settings.list', { plugin: 'host' });
    expect(listed.result!.table!.rows.map((row) => row[0])).toContain('sessionIdleMinutes');
    const set = await run('settings.set', { plugin: 'host', key: 'sessionIdleMinutes', value: '45' });
    expect(set.result).toMatchObject({ data: { key: 'sessionIdleMinutes', value: 45, source: 'stored' }, text: 'sessionIdleMinutes = 45 (stored)' });
    expect(await run('settings.get', { plugin: 'host', key: 'sessionIdleMinutes' })).toMatchObject({ result: { data: { value: 45 } } });
  });

  it('refuses a value of the wrong type or out of range, an unknown key or plugin, and changes nothing', async () => {
    const before = (await run('settings.get', { plugin: 'host', key: 'sessionIdleMinutes' })).result!.data.value;
    expect(await run('settings.set', { plugin: 'host', key: 'sessionIdleMinutes', value: 'soon' })).toMatchObject({ type: 'error', error: { message: 'setting "sessionIdleMinutes" must be a number, got "soon"' } });
    expect(await run('settings.set', { plugin: 'host', key: 'sessionIdleMinutes', value: '1' })).toMatchObject({ type: 'error', error: { message: 'setting "sessionIdleMinutes" must be at least 5, got 1' } });
    expect(await run('settings.get', { plugin: 'host', key: 'colour' })).toMatchObject({ type: 'error', error: { message: 'Plugin "host" has no setting "colour"' } });
    expect(await run('settings.list', { plugin: 'nope' })).toMatchObject({ type: 'error', error: { message: 'No running plugin "nope"' } });
    expect((await run('settings.get', { plugin: 'host', key: 'sessionIdleMinutes' })).result!.data.value).toBe(before);
  });
});
