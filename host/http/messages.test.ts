// An error marked with a message id is said in the reader's language: REST by Accept-Language (with the id and
// values beside it for scripts), the panel in the admin's language; English where no translation is declared.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { Inventory } from '../api/inventory.js';
import { manifest, writePlugins } from '../../test/support/plugin-fixture.js';
import { signIn, startTestHost, type Signed, type TestHost } from './http-test-kit.js';
import { runCli } from '../cli/test-support/run-cli.js';

const PASSWORD = 'correct horse battery';
const PLUGIN = `
import { CommandContribution, ConflictError, ContainerModule, RouteContribution, ViewContribution, html, phrase, route, saying } from '@vpp-host/api';
const refused = () => saying(new ConflictError('Clips is already assigned to this target'), 'shelf.already', { item: 'Clips' });
export default new ContainerModule(({ bind }) => {
  bind(RouteContribution).toConstantValue({ routes: [route({ method: 'POST', path: '/things', summary: 'Refuses', access: 'admin', handle: async () => { throw refused(); } })] });
  bind(ViewContribution).toConstantValue({ views: [{ id: 'shelf', render: async () => ({ body: html\`<p>Shelf</p>\` }), handleAction: async () => { throw refused(); } }] });
  bind(CommandContribution).toConstantValue({ commands: [
    { id: 'shelf.take', run: async () => { throw refused(); } },
    { id: 'shelf.count', run: async () => ({ data: { count: 2 }, text: '2 things on the shelf', said: phrase('2 things on the shelf', 'shelf.count', { count: 2 }) }) },
  ] });
});
`;
const MESSAGES = [
  { id: 'shelf.already', text: '{item} is already assigned to this target', texts: { nl: '{item} is al aan dit doel toegewezen' } },
  { id: 'shelf.count', text: '{count:thing|things} on the shelf', texts: { nl: '{count:ding|dingen} op de plank', fr: '{count:chose|choses} sur l’étagère' } },
];

let pluginDir: string;
let t: TestHost;
let admin: Signed;

beforeAll(async () => {
  pluginDir = await mkdtemp(path.join(tmpdir(), 'vpp-messages-plugins-'));
  await writePlugins(pluginDir, [{ manifest: manifest('shelf', { contributes: { messages: MESSAGES, views: [{ id: 'shelf', title: 'Shelf' }], commands: [{ id: 'shelf.take', description: 'Refuses' }, { id: 'shelf.count', description: 'Counts', descriptions: { nl: 'Telt', fr: 'Compte' }, access: 'read' }] } }), code: PLUGIN }]);
});

afterAll(async () => {
  await rm(pluginDir, { recursive: true, force: true });
});

beforeEach(async () => {
  t = await startTestHost({ pluginDirs: [pluginDir] });
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  admin = await signIn(t.url, 'alice', PASSWORD);
});

afterEach(async () => {
  await t.stop();
});

const call = (language?: string) =>
  fetch(`${t.url}/api/plugins/shelf/things`, {
    method: 'POST',
    headers: { cookie: admin.cookie, origin: t.url, 'x-csrf-token': admin.csrfToken, ...(language ? { 'accept-language': language } : {}) },
  });

describe('messages in the reader’s language', () => {
  it('answers REST in the Accept-Language, with the message id and values for scripts, and in English otherwise', async () => {
    expect(await (await call('nl-BE,nl;q=0.9')).json()).toEqual({ error: 'conflict', message: 'Clips is al aan dit doel toegewezen', messageId: 'shelf.already', params: { item: 'Clips' } });
    // French is not declared for this message: English, as the code wrote it.
    expect((await (await call('fr')).json()).message).toBe('Clips is already assigned to this target');
    expect(await (await call()).json()).toMatchObject({ message: 'Clips is already assigned to this target', messageId: 'shelf.already' });
  });

  it("shows a refused panel action in the admin's language", async () => {
    const posted = await fetch(`${t.url}/views/shelf/shelf`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin.cookie, origin: t.url, 'accept-language': 'nl', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: admin.csrfToken, _action: 'anything' }),
    });
    expect(posted.status).toBe(303);
    const page = await fetch(`${t.url}/views/shelf/shelf`, { headers: { cookie: admin.cookie, 'accept-language': 'nl' } }).then((r) => r.text());
    expect(page).toContain('Clips is al aan dit doel toegewezen');
  });

  it('says a refused command in the language of --lang or LANG on the command line', async () => {
    const { token } = await t.accounts.createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR);
    const connection = ['--url', t.url, '--api-token', token];
    const dutch = await runCli(['shelf', 'take', ...connection, '--lang', 'nl']);
    // A conflict is refused input for the CLI: exit 2.
    expect(dutch.code).toBe(2);
    expect(dutch.stderr).toContain('Clips is al aan dit doel toegewezen');
    const fromEnvironment = await runCli(['shelf', 'take', ...connection], { LANG: 'nl_BE.UTF-8' });
    expect(fromEnvironment.stderr).toContain('Clips is al aan dit doel toegewezen');
    const english = await runCli(['shelf', 'take', ...connection], { LANG: 'C' });
    expect(english.stderr).toContain('Clips is already assigned to this target');
  });

  it('says the inventory commands and their refusals in the language of --lang', async () => {
    await t.host.container.get<Inventory>(Inventory).import({ users: [{ id: 'ann', name: 'Ann', email: 'ann@example.org' }], userGroups: [{ id: 'sales', name: 'Sales' }] }, SYSTEM_ACTOR);
    const { token } = await t.accounts.createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR);
    const connection = ['--url', t.url, '--api-token', token];
    const preview = await runCli(['inventory', 'member', 'add', 'user-group', 'sales', 'ann', '--dry-run', ...connection, '--lang', 'nl']);
    expect(preview.stdout).toContain('Voorbeeld, er is niets gewijzigd: ann zou lid worden van gebruikersgroep sales.');
    const refused = await runCli(['inventory', 'member', 'add', 'user-group', 'sales', 'nobody', ...connection, '--lang', 'fr']);
    expect(refused.stderr).toContain('Aucun utilisateur « nobody »');
    const english = await runCli(['inventory', 'member', 'add', 'user-group', 'sales', 'ann', ...connection, '--lang', 'en']);
    expect(english.stdout).toContain('ann joined user group sales.');
  });

  it("says the host's own commands and their refusals in the language of --lang", async () => {
    const { token } = await t.accounts.createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR);
    const connection = ['--url', t.url, '--api-token', token];
    expect((await runCli(['settings', 'get', 'host', 'sessionIdleMinutes', ...connection, '--lang', 'fr'])).stdout).toContain('sessionIdleMinutes = 480 (par défaut)');
    const refused = await runCli(['settings', 'set', 'host', 'sessionIdleMinutes', 'soon', ...connection, '--lang', 'nl']);
    expect(refused.stderr).toContain('sessionIdleMinutes moet een getal zijn, niet "soon"');
    expect((await runCli(['admin', 'create', '--name', 'bea', '--role', 'read-only', ...connection, '--lang', 'nl'])).stdout).toContain('Beheerder "bea" aangemaakt (read-only).');
    const plugins = await runCli(['plugins', ...connection, '--lang', 'fr']);
    expect(plugins.stdout).toContain('1 démarré');
    // A table's headers and its words in cells too.
    expect(plugins.stdout).toMatch(/^EXTENSION\s+VERSION\s+ÉTAT\s+DÉMARRAGE MS\s+EXPORTE\s+POINTS PROPRES\s+ERREUR OU AVERTISSEMENT\n/);
    expect(plugins.stdout).toMatch(/^\S+\s+\S+\s+démarré\s/m);
    expect((await runCli(['settings', 'list', 'host', ...connection, '--lang', 'nl'])).stdout).toMatch(/^SLEUTEL\s+WAARDE\s+BRON\s+BESCHRIJVING\n/);
    // Refused by the CLI itself, before the host is asked, in the same language.
    const local = await runCli(['admin', 'create', '--name', 'cas', '--role', 'read-only', '--colour', 'red', ...connection, '--lang', 'nl']);
    expect(local.code).toBe(2);
    expect(local.stderr).toContain('"admin create" heeft geen optie --colour');
  });

  it("prints a command's result in the language of --lang or LANG, and in English without one", async () => {
    const { token } = await t.accounts.createApiToken({ name: 'script', role: 'read-only' }, SYSTEM_ACTOR);
    const connection = ['--url', t.url, '--api-token', token];
    expect((await runCli(['shelf', 'count', ...connection, '--lang', 'fr'])).stdout).toContain('2 choses sur l’étagère');
    expect((await runCli(['shelf', 'count', ...connection], { LANG: 'nl_NL.UTF-8' })).stdout).toContain('2 dingen op de plank');
    expect((await runCli(['shelf', 'count', ...connection], { LANG: 'C' })).stdout).toContain('2 things on the shelf');
  });

  it('prints the help in the language of --lang or LANG, and in English without one', async () => {
    const { token } = await t.accounts.createApiToken({ name: 'script', role: 'read-only' }, SYSTEM_ACTOR);
    const connection = ['--url', t.url, '--api-token', token];
    const dutch = (await runCli(['help', ...connection, '--lang', 'nl'])).stdout;
    expect(dutch).toContain('Gebruik: vpp-host <opdracht> [argumenten] [opties]\n\nOpdrachten:\n');
    expect(dutch).toMatch(/^ {2}shelf count\s+Telt \[shelf\]$/m);
    expect(dutch).toMatch(/^ {2}inventory list\s+Toont gebruikers, gebruikersgroepen, apparaten of apparaatgroepen, gesorteerd op naam$/m);
    expect(dutch).toMatch(/^ {2}start\s+Start de host/m);
    expect(dutch).toContain('Globale opties:');
    expect((await runCli(['help', ...connection], { LANG: 'nl_BE.UTF-8' })).stdout).toContain('Opdrachten:');
    const french = (await runCli(['inventory', 'list', '--help', ...connection, '--lang', 'fr'])).stdout;
    expect(french).toContain('Utilisation : vpp-host inventory list <kind> [--search VALUE]');
    expect(french).toContain('Liste les utilisateurs, groupes d’utilisateurs, appareils ou groupes d’appareils, triés par nom');
    expect(french).toMatch(/^Arguments :\n {2}<kind>\s+Ce qu’il faut lister \(l’un de : users, /m);
    expect(french).toMatch(/^Options :\n {2}--search VALUE\s+Seulement les enregistrements dont le nom/m);
    expect(french).toContain('Un jeton d’API en lecture seule suffit.');
    const english = (await runCli(['help', 'inventory', 'list', ...connection], { LANG: 'C' })).stdout;
    expect(english).toContain('Usage: vpp-host inventory list <kind>');
    expect(english).toMatch(/^Options:\n {2}--search VALUE\s+Only records whose name, email, id or serial number contains this$/m);
    expect(english).toContain('A read-only API token is enough.');
    expect((await runCli(['help', ...connection], { LANG: 'C' })).stdout).toMatch(/^ {2}shelf count\s+Counts \[shelf\]$/m);
  });

  it("says the host's REST, panel and command refusals in the reader's language, keeping the English message id for scripts", async () => {
    const post = (path: string, body: unknown, language: string, headers: Record<string, string> = {}) =>
      fetch(`${t.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'accept-language': language, ...headers }, body: JSON.stringify(body) }).then((r) => r.json());
    expect(await post('/session', { name: 'alice', password: 'wrong' }, 'fr')).toMatchObject({ message: 'Nom ou mot de passe incorrect', messageId: 'host.sign-in.wrong' });
    expect((await post('/api-tokens', { name: 'ci', role: 'admin' }, 'nl')).message).toBe('Meld u aan of stuur een geldig API-token');
    expect((await post('/nothing-here', {}, 'fr')).message).toBe('Aucune route POST /api/nothing-here');
    const asAdmin = { cookie: admin.cookie, origin: t.url, 'x-csrf-token': admin.csrfToken };
    await post('/api-tokens', { name: 'ci', role: 'admin' }, 'en', asAdmin);
    expect(await post('/api-tokens', { name: 'ci', role: 'admin' }, 'nl', asAdmin)).toMatchObject({ message: 'Er bestaat al een API-token met de naam "ci"', messageId: 'host.api-token.taken', params: { name: 'ci' } });
    expect((await post('/api-tokens', { name: 'ci', role: 'admin' }, 'fr', asAdmin)).message).toBe('Un jeton d’API nommé « ci » existe déjà');
    const invalid = { name: 7, role: 'boss' };
    expect((await post('/api-tokens', invalid, 'en', asAdmin)).message).toBe('Invalid request body: name: must be a string, got a number; role: must be one of admin, read-only');
    expect((await post('/api-tokens', invalid, 'nl', asAdmin)).message).toBe('Ongeldige invoer (inhoud van het verzoek): name: moet tekst zijn, niet een getal; role: moet een van admin, read-only zijn');
    expect((await post('/api-tokens', { ...invalid, name: 'ci', colour: 'red' }, 'fr', asAdmin)).message).toMatch(/^Entrée non valide \(corps de la requête\) : role : doit être l’un de admin, read-only ; champ inconnu colour ; attendu : /);

    await t.accounts.setLanguage(t.accounts.listAdmins()[0]!.id, 'fr', SYSTEM_ACTOR);
    const posted = await fetch(`${t.url}/views/host/settings`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: admin.cookie, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: admin.csrfToken, _action: 'explode' }),
    });
    expect(posted.status).toBe(303);
    expect(await fetch(`${t.url}/views/host/settings`, { headers: { cookie: admin.cookie } }).then((r) => r.text())).toContain('Action « explode » inconnue');

    const { token } = await t.accounts.createApiToken({ name: 'reader', role: 'read-only' }, SYSTEM_ACTOR);
    const connection = ['--url', t.url, '--api-token', token];
    expect((await runCli(['plugins', 'restart', 'shelf', ...connection, '--lang', 'nl'])).stderr).toBe('vpp-host: Niet toegestaan: "plugins restart" wijzigt gegevens en vraagt de rol admin; dit API-token is alleen-lezen\n');
    expect((await runCli(['shelves', 'restack', ...connection], { LANG: 'fr_BE.UTF-8' })).stderr).toContain('Commande « shelves restack » inconnue (`vpp-host help` en donne la liste)');
    expect((await runCli(['plugins', 'extra', ...connection, '--lang', 'nl'])).stderr).toContain('"plugins" neemt geen argumenten; onverwacht: "extra"');
  });
});
