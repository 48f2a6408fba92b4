// The host's alerts as an admin and a script meet them: GET /api/alerts in the caller's language, `vpp-host alerts`
// and its recipients, and the Alerts page (sortable, in English, Dutch and French) with the alert-mail form. Bad input
// (an unknown admin, an address that is none) is refused with the reason, and nothing changes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { AccountService } from '../http/auth/account-service.js';
import { signIn } from '../http/http-test-kit.js';
import { launchHost, type LaunchedHost } from '../cli/host-launcher.js';
import { runCli } from '../cli/test-support/run-cli.js';
import { manifest, writePlugins } from '../../test/support/plugin-fixture.js';

const PASSWORD = 'correct horse battery';

const WATCHER = `
import { Alerts, ContainerModule, LifecycleContribution, inject, injectable, phrase } from '@vpp-host/api';

@injectable()
class Watcher implements LifecycleContribution {
  constructor(@inject(Alerts) private readonly alerts: Alerts) {}
  async onStart() {
    await this.alerts.raise({ key: 'backup', severity: 'warning', said: phrase('The backup is 2 days old', 'watcher.backup-old', { days: 2 }) });
    await this.alerts.raise({ key: 'disk', severity: 'critical', said: phrase('Disk "data" is full', 'watcher.disk-full', { disk: 'data' }), href: '/views/host/activity' });
    await this.alerts.raise({ key: 'fan', severity: 'warning', said: phrase('Fan 1 is loud', 'watcher.fan') });
    await this.alerts.resolve('fan');
  }
}
export default new ContainerModule(({ bind }) => {
  bind(LifecycleContribution).to(Watcher).inSingletonScope();
});
`;

const WATCHER_MESSAGES = [
  { id: 'watcher.backup-old', text: 'The backup is {days} days old', texts: { nl: 'De back-up is {days} dagen oud', fr: 'La sauvegarde date de {days} jours' } },
  { id: 'watcher.disk-full', text: 'Disk "{disk}" is full', texts: { nl: 'Schijf "{disk}" is vol', fr: 'Le disque « {disk} » est plein' } },
  { id: 'watcher.fan', text: 'Fan 1 is loud', texts: { nl: 'Ventilator 1 maakt lawaai', fr: 'Le ventilateur 1 est bruyant' } },
];

let dataDir: string;
let pluginDir: string;
let launched: LaunchedHost;
let url: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'vpp-alerts-'));
  pluginDir = await mkdtemp(path.join(tmpdir(), 'vpp-alerts-plugins-'));
  await writePlugins(pluginDir, [
    { manifest: manifest('watcher', { displayName: 'Watcher', displayNames: { nl: 'Waker', fr: 'Veilleur' }, engines: { host: '^1.2.0' }, contributes: { messages: WATCHER_MESSAGES } }), code: WATCHER },
  ]);
  launched = await launchHost({ dataDir, bundledPluginsDir: null, pluginDirs: [pluginDir], port: 0, logSink: () => {} });
  url = launched.url;
  const accounts = launched.host.container.get<AccountService>(AccountService);
  await accounts.createAdmin({ name: 'anne', password: PASSWORD, role: 'admin', language: 'nl' }, SYSTEM_ACTOR);
  await accounts.createAdmin({ name: 'remi', password: PASSWORD, role: 'read-only', language: 'fr' }, SYSTEM_ACTOR);
});

afterAll(async () => {
  await launched.stop();
  await rm(dataDir, { recursive: true, force: true });
  await rm(pluginDir, { recursive: true, force: true });
});

const cli = (...args: string[]) => runCli([...args, '--data-dir', dataDir]);

async function apiToken(role: 'admin' | 'read-only' = 'admin'): Promise<Record<string, string>> {
  const accounts = launched.host.container.get<AccountService>(AccountService);
  const { token } = await accounts.createApiToken({ name: `script ${Math.random()}`, role }, SYSTEM_ACTOR);
  return { authorization: `Bearer ${token}` };
}

async function page(cookie: string, address: string): Promise<string> {
  const response = await fetch(`${url}${address}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

describe('alerts over REST', () => {
  it('lists open alerts first, critical before warning, each said in the Accept-Language', async () => {
    const auth = await apiToken('read-only');
    const all = (await (await fetch(`${url}/api/alerts`, { headers: { ...auth, 'accept-language': 'nl-BE' } })).json()) as { total: number; items: Record<string, unknown>[] };
    expect(all.total).toBe(3);
    expect(all.items.map((a) => [a.key, a.state, a.severity, a.text])).toEqual([
      ['disk', 'open', 'critical', 'Schijf "data" is vol'],
      ['backup', 'open', 'warning', 'De back-up is 2 dagen oud'],
      ['fan', 'resolved', 'warning', 'Ventilator 1 maakt lawaai'],
    ]);
    expect(all.items[0]).toMatchObject({ source: 'watcher', message: 'Disk "data" is full', messageId: 'watcher.disk-full', params: { disk: 'data' }, href: '/views/host/activity' });
    const open = (await (await fetch(`${url}/api/alerts?state=open&severity=warning`, { headers: auth })).json()) as { items: { key: string; text: string }[] };
    expect(open.items.map((a) => [a.key, a.text])).toEqual([['backup', 'The backup is 2 days old']]);
    const bad = await fetch(`${url}/api/alerts?state=closed`, { headers: auth });
    expect(bad.status).toBe(400);
  });

  it('refuses an unknown admin or a bad address for alert mail and changes nothing; a read-only token may not change it', async () => {
    const auth = await apiToken();
    const put = (admin: string, body: unknown, headers = auth) =>
      fetch(`${url}/api/alerts/recipients/${admin}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json', 'accept-language': 'fr' }, body: JSON.stringify(body) });
    const unknown = await put('nobody', { address: 'nobody@example.com' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'bad_input', messageId: 'host.alerts.unknown-admin', message: expect.stringMatching(/^Il n’y a pas d’administrateur « nobody » ; les administrateurs sont admin, anne, remi$/) });
    const badAddress = await put('anne', { address: 'anne.example.com' });
    expect(badAddress.status).toBe(400);
    expect(await badAddress.json()).toMatchObject({ messageId: 'host.alerts.bad-address', message: 'L’adresse doit ressembler à nom@example.com' });
    expect((await put('anne', { address: 'anne@example.com' }, await apiToken('read-only'))).status).toBe(403);
    expect(await (await fetch(`${url}/api/alerts/recipients`, { headers: auth })).json()).toEqual([]);

    const set = await put('Anne', { address: ' anne@example.com ' });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ name: 'anne', address: 'anne@example.com', language: 'nl' });
    const removed = await fetch(`${url}/api/alerts/recipients/anne`, { method: 'DELETE', headers: auth });
    expect(removed.status).toBe(204);
    const again = await fetch(`${url}/api/alerts/recipients/anne`, { method: 'DELETE', headers: auth });
    expect(again.status).toBe(404);
  });
});

describe('vpp-host alerts', () => {
  it('lists the open alerts, in the reader’s language', async () => {
    const json = await cli('alerts', '--json');
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { items: { key: string }[] }).items.map((a) => a.key)).toEqual(['disk', 'backup']);
    const french = await cli('alerts', '--lang', 'fr', '--state', 'all');
    expect(french.code).toBe(0);
    expect(french.stdout).toMatch(/^SEVERITY\s+ALERT\s+SOURCE\s+RAISED\s+RESOLVED\n/);
    expect(french.stdout).toMatch(/critique\s+Le disque « data » est plein\s+watcher/);
    expect(french.stdout).toContain('Le ventilateur 1 est bruyant');
    expect(french.stdout.trimEnd().split('\n').at(-1)).toBe('3 alertes sur 3');
  });

  it('sends alert mail to an admin, refusing an unknown admin or a bad address with exit 2 and changing nothing', async () => {
    const unknown = await cli('alerts', 'recipients', 'add', '--admin', 'nobody', '--address', 'x@example.com');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('There is no admin "nobody"; the admins are admin, anne, remi');
    const bad = await cli('alerts', 'recipients', 'add', '--admin', 'anne', '--address', 'not an address', '--lang', 'nl');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Het adres moet eruitzien als naam@example.com');
    expect(JSON.parse((await cli('alerts', 'recipients', '--json')).stdout)).toEqual([]);

    const added = await cli('alerts', 'recipients', 'add', '--admin', 'anne', '--address', 'anne@example.com');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Admin "anne" gets alert mail at anne@example.com');
    const listed = await cli('alerts', 'recipients');
    expect(listed.stdout).toMatch(/anne\s+anne@example\.com\s+nl/);
    const removed = await cli('alerts', 'recipients', 'remove', '--admin', 'anne', '--lang', 'fr');
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain('L’administrateur « anne » ne reçoit plus les alertes par courriel');
    const notAgain = await cli('alerts', 'recipients', 'remove', '--admin', 'anne');
    expect(notAgain.code).toBe(2);
    expect(notAgain.stderr).toContain('Admin "anne" gets no alert mail');
  });
});

describe('the Alerts page', () => {
  it('shows open and resolved alerts in the admin’s language, sorts by any column, and sets who gets alert mail', async () => {
    const { cookie, csrfToken } = await signIn(url, 'anne', PASSWORD);
    const dutch = await page(cookie, '/views/host/alerts');
    expect(dutch).toContain('<h1>Meldingen</h1>');
    expect(dutch).toContain('Open (2)');
    expect(dutch).toContain('<a href="/views/host/activity">Schijf &#34;data&#34; is vol</a>');
    expect(dutch).toContain('De back-up is 2 dagen oud');
    expect(dutch).toContain('Opgelost in de laatste 30 dagen');
    expect(dutch).toContain('Ventilator 1 maakt lawaai');
    expect(dutch).toContain('Waker');
    expect(dutch.indexOf('Schijf')).toBeLessThan(dutch.indexOf('De back-up'));
    // Sorted by severity ascending (warning after critical) and back: the order flips.
    const descending = await page(cookie, '/views/host/alerts?sort=0&dir=desc');
    expect(descending.indexOf('De back-up')).toBeLessThan(descending.indexOf('Schijf'));
    expect(descending).toContain('aria-sort="descending"');

    const post = (fields: Record<string, string>) =>
      fetch(`${url}/views/host/alerts`, { method: 'POST', redirect: 'manual', headers: { cookie, origin: url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: csrfOf(dutch) ?? csrfToken, ...fields }) });
    const refused = await post({ _action: 'add-recipient', admin: 'nobody', address: 'x@example.com' });
    expect(refused.status).toBe(303);
    const afterRefusal = await page(cookie, '/views/host/alerts');
    expect(afterRefusal).toContain('Er is geen beheerder &#34;nobody&#34;');
    expect(afterRefusal).toContain('Nog niemand krijgt meldingen per e-mail.');

    const anneId = launched.host.container.get<AccountService>(AccountService).listAdmins().find((a) => a.name === 'anne')!.id;
    expect((await post({ _action: 'add-recipient', admin: anneId, address: 'anne@example.com' })).status).toBe(303);
    const added = await page(cookie, '/views/host/alerts');
    expect(added).toContain('anne krijgt meldingen per e-mail op anne@example.com.');
    expect(added).toMatch(/<td>anne<\/td><td>anne@example\.com<\/td><td>Nederlands<\/td>/);
    expect((await post({ _action: 'remove-recipient', admin: anneId })).status).toBe(303);
    expect(await page(cookie, '/views/host/alerts')).toContain('Nog niemand krijgt meldingen per e-mail.');
  });

  it('speaks French to a read-only admin and shows no form that changes something', async () => {
    const { cookie } = await signIn(url, 'remi', PASSWORD);
    const french = await page(cookie, '/views/host/alerts');
    expect(french).toContain('<h1>Alertes</h1>');
    expect(french).toContain('Le disque « data » est plein');
    expect(french).toContain('critique');
    expect(french).toContain('Veilleur');
    expect(french).not.toContain('name="_action"');
  });

  it('is in the navigation, and the English page says every alert in English', async () => {
    const { cookie } = await signIn(url, 'admin', launched.firstAdmin!.password);
    const english = await page(cookie, '/views/host/alerts');
    expect(english).toContain('href="/views/host/alerts"');
    expect(english).toContain('Disk &#34;data&#34; is full');
    expect(english).toContain('Resolved in the last 30 days');
  });
});

function csrfOf(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}
