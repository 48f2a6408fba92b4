import { cp, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../host/cli/test-support/run-cli.js';
import { REPO_ROOT, startHostProcess, type HostProcess } from './support/host-process.js';
import { tempDir } from './support/plugin-fixture.js';

// The vendor's example, copied out of the repository and loaded with --plugins-dir, as a vendor would.
let root: string;
let dataDir: string;
let host: HostProcess;
let token: string;
let admin: { name: string; password: string };

beforeAll(async () => {
  root = await tempDir('vendor');
  const pluginsDir = path.join(root, 'vendor-plugins');
  await cp(path.join(REPO_ROOT, 'examples/admin-notes'), path.join(pluginsDir, 'admin-notes'), { recursive: true });
  dataDir = path.join(root, 'data');
  host = await startHostProcess(['--port', '0', '--data-dir', dataDir, '--plugins-dir', pluginsDir]);
  token = (JSON.parse(await readFile(path.join(dataDir, 'cli.json'), 'utf8')) as { token: string }).token;
  admin = {
    name: /^ {2}name {6}(\S+)$/m.exec(host.banner)![1]!,
    password: /^ {2}password {2}(\S+)$/m.exec(host.banner)![1]!,
  };
});

afterAll(async () => {
  await host?.stop();
  await rm(root, { recursive: true, force: true });
});

const api = (pathname: string, init: RequestInit = {}) =>
  fetch(`${host.url}${pathname}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });

describe('the example vendor plugin loaded from outside the repository', () => {
  it('starts, and the CLI lists it as started', async () => {
    const run = await runCli(['plugins', '--json', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toContainEqual(expect.objectContaining({ id: 'admin-notes', state: 'started', folder: expect.stringContaining('vendor-plugins') }));
  });

  it('runs its contributed command from the CLI, with --json', async () => {
    const added = await runCli(['notes', 'add', 'Renew the Sales token before Friday', '--data-dir', dataDir]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    const listed = await runCli(['notes', 'list', '--json', '--data-dir', dataDir]);
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ text: 'Renew the Sales token before Friday', author: expect.stringMatching(/^vpp-host CLI \(local/) }));
  });

  it('serves its REST route under /api/plugins/admin-notes, validating the body and changing nothing on bad input', async () => {
    const created = await api('/api/plugins/admin-notes/notes', { method: 'POST', body: JSON.stringify({ text: 'Lab Macs are back' }) });
    expect(created.status).toBe(201);
    const before = ((await (await api('/api/plugins/admin-notes/notes')).json()) as { items: unknown[] }).items.length;
    const bad = await api('/api/plugins/admin-notes/notes', { method: 'POST', body: JSON.stringify({ text: 42 }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_input', message: expect.stringContaining('text') });
    const after = ((await (await api('/api/plugins/admin-notes/notes')).json()) as { items: unknown[] }).items.length;
    expect(after).toBe(before);
  });

  it('honours its setting: a note longer than maxNoteLength is refused by the CLI with exit code 2', async () => {
    const set = await api('/api/plugins/admin-notes/settings', { method: 'PUT', body: JSON.stringify({ key: 'maxNoteLength', value: 10 }) });
    expect(set.status).toBe(200);
    const refused = await runCli(['notes', 'add', 'This note is far too long', '--data-dir', dataDir]);
    expect(refused).toMatchObject({ code: 2, stderr: 'vpp-host: A note can be at most 10 characters; this one has 25\n' });
    const badValue = await api('/api/plugins/admin-notes/settings', { method: 'PUT', body: JSON.stringify({ key: 'maxNoteLength', value: 0 }) });
    expect(badValue.status).toBe(400);
    expect(await badValue.json()).toMatchObject({ message: expect.stringContaining('at least 1') });
  });

  it('contributes its panel view: it is in the navigation and renders the notes, escaped', async () => {
    await api('/api/plugins/admin-notes/settings', { method: 'PUT', body: JSON.stringify({ key: 'maxNoteLength', value: 280 }) });
    await api('/api/plugins/admin-notes/notes', { method: 'POST', body: JSON.stringify({ text: '<b>bold</b> move' }) });
    const login = await fetch(`${host.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${host.url}/views/admin-notes/notes`, { headers: { cookie } });
    const body = await page.text();
    expect(page.status).toBe(200);
    expect(body).toContain('href="/views/admin-notes/notes"');
    expect(body).toContain('Lab Macs are back');
    expect(body).toContain('&#60;b&#62;bold&#60;/b&#62; move');
    expect(body).not.toContain('<b>bold</b>');
  });
});
