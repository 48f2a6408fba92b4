import { startTestHost, type TestHost } from '@vpp-host/testing';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The plugin's own folder, loaded into a real host beside the bundled plugins.
const PLUGIN = fileURLToPath(new URL('..', import.meta.url));

describe('__PLUGIN_ID__', () => {
  let host: TestHost;
  beforeAll(async () => {
    host = await startTestHost({ plugins: [PLUGIN] });
  });
  afterAll(() => host?.stop());

  it('starts beside the bundled plugins', () => {
    expect(host.plugins.statuses()).toContainEqual(expect.objectContaining({ id: '__PLUGIN_ID__', state: 'started' }));
  });

  it('greets from the CLI, and refuses an empty name with exit code 2', async () => {
    expect(await host.cli(['__PLUGIN_ID__', 'greet', 'Ann'])).toMatchObject({ code: 0, stdout: 'Hello, Ann!\n' });
    expect(await host.cli(['__PLUGIN_ID__', 'greet', ' '])).toMatchObject({ code: 2, stderr: 'vpp-host: Say whom to greet\n' });
  });

  it('mails the greeting through the mail plugin; the demo SMTP sink receives it', async () => {
    expect(await host.cli(['__PLUGIN_ID__', 'greet', 'Bo', '--mail-to', 'bo@example.org'])).toMatchObject({ code: 0 });
    await expect.poll(() => host.smtpSink.messages(), { timeout: 10_000 }).toContainEqual(expect.objectContaining({ envelopeTo: ['bo@example.org'], subject: 'A greeting for you' }));
  });

  it('greets over REST with the greeting an admin sets', async () => {
    const set = await host.request('/api/plugins/__PLUGIN_ID__/settings', { method: 'PUT', body: JSON.stringify({ key: 'greeting', value: 'Welcome' }) });
    expect(set.status).toBe(200);
    const response = await host.request('/api/plugins/__PLUGIN_ID__/greeting?name=Ann');
    expect(await response.json()).toEqual({ greeting: 'Welcome, Ann!' });
    await host.request('/api/plugins/__PLUGIN_ID__/settings', { method: 'PUT', body: JSON.stringify({ key: 'greeting', value: 'Hello' }) });
  });

  it('shows its panel page to a signed-in admin', async () => {
    const page = await host.page('/views/__PLUGIN_ID__/greeting');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Hello, an admin!');
  });
});
