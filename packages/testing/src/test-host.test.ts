import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(states).toEqual({ 'admin-notes': 'started', mail: 'started', 'vpp-apple': 'started' });
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

  it('stop() removes the data directory', async () => {
    const host = await startTestHost({ bundled: false, demo: false });
    await host.stop();
    expect(existsSync(host.dataDir)).toBe(false);
  });
});
