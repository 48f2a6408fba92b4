import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifest, recordingModule, tempDir, writePlugins } from '../../../test/support/plugin-fixture.js';
import { startTestHost } from './index.js';
import type { TestHost } from './types.js';

const EXAMPLE = fileURLToPath(new URL('../../../examples/admin-notes/', import.meta.url));

describe('startTestHost with the example plugin beside the bundled ones', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ plugins: [EXAMPLE], clock: 'manual', startTime: '2026-03-01T09:00:00Z' });
  });
  afterAll(() => host?.stop());

  it('loads the plugin and the bundled plugins, and only those', () => {
    const states = Object.fromEntries(host.plugins.statuses().map((p) => [p.id, p.state]));
    expect(states).toEqual({ 'admin-notes': 'started', mail: 'started', 'vpp-apple': 'started', 'intune-compat': 'started', 'maas360-compat': 'started' });
  });

  it('runs the plugin command through the real CLI and serves its route with the admin token', async () => {
    expect(await host.cli(['notes', 'add', 'Harness note'])).toMatchObject({ code: 0, stderr: '' });
    const listed = await host.request('/api/plugins/admin-notes/notes');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toMatchObject({ items: [expect.objectContaining({ text: 'Harness note', at: '2026-03-01T09:00:00.000Z' })] });
  });

  it('changes a setting with a JSON body and shows the page to the signed-in admin', async () => {
    const put = await host.request('/api/plugins/admin-notes/settings', { method: 'PUT', body: JSON.stringify({ key: 'maxNoteLength', value: 5 }) });
    expect(put.status).toBe(200);
    expect(await host.cli(['notes', 'add', 'Too long'])).toMatchObject({ code: 2 });
    const page = await host.page('/views/admin-notes/notes');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Harness note');
  });

  it("posts a page's form as the signed-in admin, the panel's Origin and CSRF token included", async () => {
    const form = await (await host.page('/views/admin-notes/notes')).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form)![1]!;
    const body = new URLSearchParams({ _csrf: csrf, _action: 'add', text: 'pz-ok' }); // within the maxNoteLength of 5 set above
    const posted = await host.page('/views/admin-notes/notes', { method: 'POST', body, redirect: 'manual' });
    expect(posted.status).toBe(303);
    expect(await (await host.page('/views/admin-notes/notes')).text()).toContain('pz-ok');
  });

  it('moves only when the test moves its manual clock', async () => {
    expect(host.clock.now().toISOString()).toBe('2026-03-01T09:00:00.000Z');
    await host.clock.advance(60_000);
    expect(host.clock.now().toISOString()).toBe('2026-03-01T09:01:00.000Z');
  });

  it('reaches the demo Apple simulator and SMTP sink', async () => {
    expect((await host.appleSimulator.locations()).length).toBeGreaterThan(0);
    expect(await host.smtpSink.messages()).toEqual([]);
  });

  it('makes read-only API tokens that the host holds to read access', async () => {
    const readOnly = await host.createApiToken('read-only check', 'read-only');
    const refused = await host.request('/api/plugins/admin-notes/settings', { method: 'PUT', token: readOnly, body: JSON.stringify({ key: 'maxNoteLength', value: 9 }) });
    expect(refused.status).toBe(403);
  });
});

describe('startTestHost refusals', () => {
  it('refuses a folder that is not a plugin, naming it', async () => {
    const error = await startTestHost({ plugins: [fileURLToPath(new URL('../../../host', import.meta.url))], bundled: false }).catch((e: Error) => e);
    expect(String(error)).toContain('has no plugin.json');
  });

  it('rejects with the error of a plugin under test that fails to start, stopping the host and removing its data', async () => {
    const root = await tempDir('harness');
    await writePlugins(root, [{ manifest: manifest('broken-vendor'), code: recordingModule('broken-vendor', { failOnStart: true }) }]);
    // The host's data directory goes under TMPDIR: a private one shows that nothing is left behind.
    const privateTmp = path.join(root, 'tmp');
    await mkdir(privateTmp);
    const tmpBefore = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const error = await startTestHost({ plugins: [path.join(root, 'broken-vendor')], bundled: false }).catch((e: Error) => e);
      expect(String(error)).toContain('Plugin "broken-vendor" is failed: broken-vendor cannot start: no licence server');
    } finally {
      if (tmpBefore === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmpBefore;
    }
    expect(await readdir(privateTmp)).toEqual([]);
    await rm(root, { recursive: true, force: true });
  });

  it('loads only the named bundled plugins and what they depend on', async () => {
    const host = await startTestHost({ plugins: [EXAMPLE], bundled: ['mail'], demo: false });
    try {
      const loaded = host.plugins.statuses().filter((p) => p.state === 'started').map((p) => p.id);
      expect(loaded.sort()).toEqual(['admin-notes', 'mail']);
    } finally {
      await host.stop();
    }
  });

  it('stop() removes the data directory', async () => {
    const host = await startTestHost({ bundled: false, demo: false });
    await host.stop();
    expect(existsSync(host.dataDir)).toBe(false);
  });
});
