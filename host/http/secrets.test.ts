import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { json, signIn, startTestHost, type TestHost } from './http-test-kit.js';

let t: TestHost;

beforeEach(async () => {
  t = await startTestHost();
});

afterEach(async () => {
  await t.stop();
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

it('shows passwords and API tokens only in their creation answer: never in other responses, logs or data files', async () => {
  const first = (await t.accounts.ensureFirstAdmin())!;
  expect(first.name).toBe('admin');
  expect(await t.accounts.ensureFirstAdmin()).toBeUndefined();

  const seen: string[] = [];
  const call = async (url: string, init: RequestInit = {}): Promise<Response> => {
    const response = await fetch(`${t.url}${url}`, { redirect: 'manual', ...init });
    seen.push(`${url} ${response.status} ${JSON.stringify([...response.headers])} ${await response.clone().text()}`);
    return response;
  };

  const { cookie, csrfToken } = await signIn(t.url, first.name, first.password);
  const asAdmin = (body: unknown) => json(body, { cookie, 'x-csrf-token': csrfToken, origin: t.url });
  const bobPassword = 'bob-very-secret-password';
  expect((await call('/api/admins', { method: 'POST', ...asAdmin({ name: 'bob', password: bobPassword, role: 'read-only' }) })).status).toBe(201);
  await call('/api/admins', { method: 'POST', ...asAdmin({ name: 'bob', password: bobPassword, role: 'read-only' }) });
  await call('/api/admins', { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, origin: t.url, 'content-type': 'application/json' }, body: `{"password":"${bobPassword}"` });
  await call('/api/session', { method: 'POST', ...json({ name: 'bob', password: `${bobPassword}x` }) });

  const creation = await fetch(`${t.url}/api/api-tokens`, { method: 'POST', ...asAdmin({ name: 'migration', role: 'admin' }) });
  const { token } = (await creation.json()) as { token: string };
  expect(token).toMatch(/^vpp_.{40,}$/);

  const bearer = { authorization: `Bearer ${token}` };
  for (const url of ['/api/session', '/api/admins', '/api/api-tokens', '/api/plugins', '/api/plugins/host', '/api/plugins/host/settings', '/api/openapi.json', '/api/commands']) {
    await call(url, { headers: bearer });
  }
  await call('/api/api-tokens', { method: 'POST', ...json({ name: 'migration', role: 'admin' }, bearer) });
  await call('/views/host/plugins', { headers: { cookie } });
  await t.host.storage.flush();

  const sessionValue = cookie.split('=')[1]!;
  const secrets = [first.password, bobPassword, token, sessionValue];
  const responses = seen.join('\n');
  const logs = JSON.stringify(t.logs);
  const files = await Promise.all((await filesUnder(t.dataDir)).map((file) => readFile(file, 'utf8')));
  expect(t.logs.some((line) => line.message === 'Admin created')).toBe(true);
  expect(files.join('\n')).toContain('"name":"bob"');
  for (const secret of secrets) {
    expect(responses).not.toContain(secret);
    expect(logs).not.toContain(secret);
    for (const content of files) expect(content).not.toContain(secret);
  }
});
