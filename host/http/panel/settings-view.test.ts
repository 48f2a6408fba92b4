// The Settings page: a form per plugin generated from its manifest's settings, each value checked before any is saved.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../api/actor.js';
import { Settings } from '../../api/settings.js';
import { manifest, writePlugins } from '../../../test/support/plugin-fixture.js';
import { signIn, startTestHost, type Signed, type TestHost } from '../http-test-kit.js';

const PASSWORD = 'correct horse battery';
const SETTINGS = [
  { key: 'relayHost', type: 'string', format: 'hostname', default: 'smtp.example.org', description: 'The relay', descriptions: { nl: 'De relay', fr: 'Le relais' } },
  { key: 'relayPort', type: 'integer', minimum: 1, maximum: 65535, default: 25, description: 'The relay port' },
  { key: 'secure', type: 'boolean', default: true, description: 'Use TLS' },
  { key: 'mode', type: 'string', enum: ['fast', 'careful'], enumTitles: [{ id: 'fast', title: 'Fast', titles: { nl: 'Snel' } }], default: 'careful', description: 'How to send' },
  { key: 'region', type: 'string', default: 'eu', env: 'RELAY_REGION', description: 'Where it runs' },
];

let pluginDir: string;
let t: TestHost;
let admin: Signed;

beforeAll(async () => {
  pluginDir = await mkdtemp(path.join(tmpdir(), 'vpp-settings-plugins-'));
  await writePlugins(pluginDir, [{ manifest: manifest('relay', { displayName: 'Relay', contributes: { settings: SETTINGS } }), code: "import { ContainerModule } from '@vpp-host/api';\nexport default new ContainerModule(() => {});" }]);
});

afterAll(async () => {
  await rm(pluginDir, { recursive: true, force: true });
});

beforeEach(async () => {
  t = await startTestHost({ pluginDirs: [pluginDir], env: { RELAY_REGION: 'us' } });
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  admin = await signIn(t.url, 'alice', PASSWORD);
});

afterEach(async () => {
  await t.stop();
});

const page = async (address: string) => (await fetch(`${t.url}${address}`, { headers: { cookie: admin.cookie } })).text();
const post = (address: string, fields: Record<string, string>, language = 'en') =>
  fetch(`${t.url}${address}`, { method: 'POST', redirect: 'manual', headers: { cookie: admin.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': language }, body: new URLSearchParams({ _csrf: admin.csrfToken, ...fields }) });
const relay = () => t.host.plugins.containerOf('relay')!.get<Settings>(Settings);

describe('the Settings page', () => {
  it("shows each declared setting as a field of its type, in the admin's language, and the one the environment sets as fixed", async () => {
    const form = await page('/views/host/settings?plugin=relay');
    expect(form).toContain('name="relayHost" type="text" value="smtp.example.org"');
    expect(form).toContain('name="relayPort" type="number" value="25"');
    expect(form).toContain('name="secure" type="checkbox" value="yes" checked');
    expect(form).toMatch(/<select[^>]*name="mode"/);
    expect(form).toContain('Set by the environment variable RELAY_REGION; change it there.');
    expect(form).not.toContain('name="region"');
    expect(form).toContain('<label for="field-relayHost">The relay</label>');
    expect(form).toContain('<code>relayHost</code>');
    const dutch = await fetch(`${t.url}/views/host/settings?plugin=relay`, { headers: { cookie: admin.cookie, 'accept-language': 'nl' } }).then((r) => r.text());
    expect(dutch).toContain('<label for="field-relayHost">De relay</label>');
    expect(dutch).toContain('<option value="fast">Snel</option>');
    expect(dutch).toContain('Ingesteld met de omgevingsvariabele RELAY_REGION; wijzig het daar.');
    expect(await page('/views/host/settings')).toContain('sessionIdleMinutes');
  });

  it('saves what changed, and refuses a bad value by name, saving nothing and keeping what was typed', async () => {
    const refused = await post('/views/host/settings?plugin=relay', { _action: 'save', plugin: 'relay', relayHost: 'mail.example.org', relayPort: '99999', mode: 'fast' });
    expect(refused.status).toBe(303);
    const back = await page(refused.headers.get('location')!);
    expect(back).toContain('Nothing was saved: setting &#34;relayPort&#34; must be at most 65535, got 99999');
    expect(back).toContain('name="relayPort" type="number" value="99999" aria-invalid="true" aria-describedby="field-relayPort-error"');
    expect(back).toMatch(/<p class="field-error" id="field-relayPort-error">Nothing was saved: setting &#34;relayPort&#34; must be at most 65535/);
    expect(back).toContain('name="relayHost" type="text" value="mail.example.org"');
    expect(relay().get('relayHost')).toBe('smtp.example.org');
    const french = await post('/views/host/settings?plugin=relay', { _action: 'save', plugin: 'relay', relayPort: '99999' }, 'fr');
    expect(await page(french.headers.get('location')!)).toContain('relayPort doit valoir au plus 65535, pas 99999');
    expect(relay().get('relayPort')).toBe(25);
    // Text that is no number is quoted as typed (it read "got null").
    const words = await post('/views/host/settings?plugin=relay', { _action: 'save', plugin: 'relay', relayPort: 'soon' });
    expect(await page(words.headers.get('location')!)).toContain('setting &#34;relayPort&#34; must be a number, got &#34;soon&#34;');

    const saved = await post('/views/host/settings?plugin=relay', { _action: 'save', plugin: 'relay', relayHost: 'mail.example.org', relayPort: '587', mode: 'fast' });
    expect(await page(saved.headers.get('location')!)).toContain('4 setting(s) changed: relayHost, relayPort, secure, mode.');
    expect([relay().get('relayHost'), relay().get('relayPort'), relay().get('secure'), relay().get('mode'), relay().get('region')]).toEqual(['mail.example.org', 587, false, 'fast', 'us']);
  });
});
