import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../api/actor.js';
import { ManualClock } from '../runtime/clock.js';
import { manifest, writePlugins } from '../../test/support/plugin-fixture.js';
import { cookieOf, json, startTestHost, type TestHost } from './http-test-kit.js';

const PASSWORD = 'correct horse battery';
const NOTES_PLUGIN = `
import { ContainerModule, RouteContribution, ViewContribution, html, respond, route, z } from '@vpp-host/api';

const notes: string[] = ['<script>alert("owned")</script>'];

export default new ContainerModule(({ bind }) => {
  bind(RouteContribution).toConstantValue({
    routes: [
      route({ method: 'GET', path: '/notes', summary: 'Lists the notes', access: 'read', handle: async () => notes }),
      route({ method: 'GET', path: '/boom', summary: 'Fails like a bug', access: 'read', handle: async () => { throw new Error('ledger connection string postgres://u:p4ss@db'); } }),
      route({ method: 'GET', path: '/settings', summary: "Would shadow the host's settings route", access: 'public', handle: async () => 'shadowed' }),
      route({
        method: 'POST',
        path: '/notes',
        summary: 'Adds a note',
        access: 'admin',
        body: z.strictObject({ text: z.string().min(1) }),
        handle: async ({ body }) => {
          notes.push(body.text);
          return respond({ status: 201, body: { count: notes.length } });
        },
      }),
    ],
  });
  bind(ViewContribution).toConstantValue({
    views: [
      {
        id: 'notes',
        render: async (request) => ({
          body: html\`<ul>\${notes.map((n) => html\`<li>\${n}</li>\`)}</ul>
<form method="post" action="\${request.url}"><input type="hidden" name="_csrf" value="\${request.csrfToken}">
<input name="text"><button name="_action" value="add">Add</button></form>\`,
        }),
        handleAction: async (request) => {
          notes.push(request.form.text ?? '');
          return { flash: { kind: 'success', message: \`Added "\${request.form.text}" (\${request.action})\` } };
        },
      },
    ],
  });
});
`;
const BROKEN_PLUGIN = `
import { ContainerModule, LifecycleContribution } from '@vpp-host/api';
export default new ContainerModule(({ bind }) => {
  bind(LifecycleContribution).toConstantValue({ onStart: async () => { throw new Error('Cannot reach the <b>ledger</b> database'); } });
});
`;

let pluginDir: string;
let t: TestHost;
let clock: ManualClock;

beforeAll(async () => {
  pluginDir = await mkdtemp(path.join(tmpdir(), 'vpp-http-plugins-'));
  await writePlugins(pluginDir, [{ manifest: manifest('notes', { displayName: 'Notes', contributes: { views: [{ id: 'notes', title: 'Notes', titles: { nl: 'Notities' }, order: 10 }] } }), code: NOTES_PLUGIN }]);
  await writePlugins(pluginDir, [{ manifest: manifest('broken', { displayName: 'Broken' }), code: BROKEN_PLUGIN }]);
});

afterAll(async () => {
  await rm(pluginDir, { recursive: true, force: true });
});

beforeEach(async () => {
  // Time stands still unless a test moves it, so a sign-in throttle's wait cannot run out while a test looks at it.
  clock = new ManualClock();
  t = await startTestHost({ pluginDirs: [pluginDir], clock });
  await t.accounts.createAdmin({ name: 'alice', password: PASSWORD, role: 'admin' }, SYSTEM_ACTOR);
  await t.accounts.createAdmin({ name: 'rita', password: PASSWORD, role: 'read-only', language: 'fr' }, SYSTEM_ACTOR);
});

afterEach(async () => {
  await t.stop();
});

/** Signs in through the login form, as a browser does. */
async function panelSignIn(name: string, password: string, headers: Record<string, string> = {}): Promise<{ response: Response; cookie?: string }> {
  const form = await fetch(`${t.url}/login`, { headers });
  const loginCookie = cookieOf(form, 'vpp_login')!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`${t.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ _csrf: csrf, name, password, next: '/views/notes/notes' }),
  });
  const cookie = cookieOf(response, 'vpp_session');
  return { response, ...(cookie ? { cookie } : {}) };
}

function csrfOf(page: string): string {
  return /name="_csrf" value="([^"]+)"/.exec(page)![1]!;
}

describe('plugin contributions', () => {
  it("serves a plugin's routes under /api/plugins/<id> with the host's validation", async () => {
    const auth = { authorization: `Bearer ${(await t.accounts.createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR)).token}` };
    expect(await (await fetch(`${t.url}/api/plugins/notes/notes`, { headers: auth })).json()).toEqual(['<script>alert("owned")</script>']);
    expect((await fetch(`${t.url}/api/plugins/notes/notes`)).status).toBe(401);
    const bad = await fetch(`${t.url}/api/plugins/notes/notes`, { method: 'POST', ...json({ text: 42 }, auth) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'bad_input', message: 'Invalid request body: text: must be a string, got a number' });
    const added = await fetch(`${t.url}/api/plugins/notes/notes`, { method: 'POST', ...json({ text: 'hello' }, auth) });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ count: 2 });

    const failed = await fetch(`${t.url}/api/plugins/notes/boom`, { headers: auth });
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal', message: 'The server failed to handle this request; the cause was logged' });
    expect(t.logs.find((l) => l.message === 'Request failed')?.fields?.error).toContain('ledger connection string');
  });

  it('documents every mounted route in /api/openapi.json, without signing in', async () => {
    const response = await fetch(`${t.url}/api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, { security: unknown[]; requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown> } }> }; parameters: { name: string }[] }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/session', '/api/plugins', '/api/plugins/{id}/settings', '/api/admins', '/api/api-tokens/{id}', '/api/plugins/notes/notes']));
    expect(Object.keys(doc.paths['/api/plugins/notes/notes']!)).toEqual(['get', 'post']);
    expect(doc.paths['/api/plugins/notes/notes']!.post!.requestBody!.content['application/json']!.schema.properties).toEqual({ text: { type: 'string', minLength: 1 } });
    expect(Object.keys(doc.paths['/api/admins']!.post!.requestBody!.content['application/json']!.schema.properties)).toEqual(['name', 'password', 'role', 'language']);
    expect(doc.paths['/api/api-tokens/{id}']!.delete!.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/api/session']!.post!.security).toEqual([]);

    expect(doc.paths['/api/plugins/notes/settings']).toBeUndefined();
    expect(t.logs.map((l) => l.message)).toContain('Route GET /settings of "notes" clashes with GET /api/plugins/:id/settings of "host"; it is not served');
    expect((await fetch(`${t.url}/api/plugins/notes/settings`)).status).toBe(401);
  });
});

describe('panel shell', () => {
  it('sends a visitor without a session to the sign-in form', async () => {
    for (const page of ['/', '/views/notes/notes']) {
      const response = await fetch(`${t.url}${page}`, { redirect: 'manual' });
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toMatch(/^\/login/);
    }
  });

  it('signs in through the form and shows the same message for a wrong password and an unknown name', async () => {
    const wrong = await panelSignIn('alice', 'not the password');
    const unknown = await panelSignIn('nobody', PASSWORD);
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.cookie).toBeUndefined();
    const message = (page: string) => /<p class="flash flash-error" role="alert"[^>]*>([^<]*)<\/p>/.exec(page)?.[1];
    const refused = await wrong.response.text();
    expect(message(refused)).toBe('Wrong name or password');
    expect(message(await unknown.response.text())).toBe('Wrong name or password');
    // The name stays as typed, the password empty; both fields point at why they were refused.
    expect(refused).toContain('<input id="name" name="name" autocomplete="username" required value="alice" aria-invalid="true" aria-describedby="login-error">');
    expect(refused).toContain('<input id="password" name="password" type="password" autocomplete="current-password" required aria-invalid="true" aria-describedby="login-error">');
    expect(refused).not.toContain('not the password');

    const right = await panelSignIn('alice', PASSWORD);
    expect(right.response.status).toBe(303);
    expect(right.response.headers.get('location')).toBe('/views/notes/notes');
    expect(right.cookie).toBeDefined();
  });

  it('throttles the sign-in form after 5 wrong passwords with 429, Retry-After and a message in the visitor\'s language', async () => {
    for (let i = 0; i < 5; i++) expect((await panelSignIn('alice', 'not the password')).response.status).toBe(401);
    const message = (page: string) => /<p class="flash flash-error" role="alert"[^>]*>([^<]*)<\/p>/.exec(page)?.[1];

    const english = await panelSignIn('alice', PASSWORD);
    expect(english.response.status).toBe(429);
    expect(english.response.headers.get('retry-after')).toBe('1');
    expect(english.response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(english.cookie).toBeUndefined();
    expect(message(await english.response.text())).toMatch(/^Too many failed sign-ins for this name or from this address\. Try again in 1 second\.$/);

    const dutch = await panelSignIn('alice', PASSWORD, { 'accept-language': 'nl' });
    expect(dutch.response.status).toBe(429);
    expect(message(await dutch.response.text())).toMatch(/^Te veel mislukte aanmeldingen voor deze naam of vanaf dit adres\. Probeer het over 1 seconde opnieuw\.$/);
    const french = await panelSignIn('alice', PASSWORD, { 'accept-language': 'fr' });
    expect(french.response.status).toBe(429);
    expect(message(await french.response.text())).toMatch(/^Trop de connexions échouées pour ce nom ou depuis cette adresse\. Réessayez dans 1 seconde\.$/);

    await clock.advance(1000);
    expect((await panelSignIn('alice', PASSWORD)).response.status).toBe(303);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const response = await fetch(`${t.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'alice', password: PASSWORD }),
    });
    expect(response.status).toBe(403);
    expect(cookieOf(response, 'vpp_session')).toBeUndefined();
  });

  it("builds the navigation from the manifests and renders a plugin's view escaped", async () => {
    const { cookie } = await panelSignIn('alice', PASSWORD);
    const home = await fetch(`${t.url}/`, { headers: { cookie: cookie! }, redirect: 'manual' });
    expect(home.headers.get('location')).toBe('/views/notes/notes');

    const response = await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: cookie!, 'accept-language': 'nl-BE,nl;q=0.9,en;q=0.5' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    const nav = /<nav[\s\S]*<\/nav>/.exec(page)![0];
    expect([...nav.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['/views/notes/notes', 'Notities'],
      ['/views/host/users', 'Gebruikers'],
      ['/views/host/user-groups', 'Groepen'],
      ['/views/host/devices', 'Apparaten'],
      ['/views/host/device-groups', 'Apparaatgroepen'],
      ['/views/host/alerts', 'Meldingen'],
      ['/views/host/activity', 'Activiteit'],
      ['/views/host/plugins', 'Plug-ins'],
      ['/views/host/settings', 'Instellingen'],
    ]);
    expect(page).toContain('<li>&#60;script&#62;alert(&#34;owned&#34;)&#60;/script&#62;</li>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('Afmelden');
  });

  it('passes a form post with the CSRF token to the view and shows its flash once', async () => {
    const { cookie } = await panelSignIn('alice', PASSWORD);
    const page = await (await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: cookie! } })).text();
    const post = (fields: Record<string, string>) =>
      fetch(`${t.url}/views/notes/notes`, { method: 'POST', redirect: 'manual', headers: { cookie: cookie!, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

    const refused = await post({ _action: 'add', text: 'no token' });
    expect(refused.status).toBe(403);
    const accepted = await post({ _csrf: csrfOf(page), _action: 'add', text: '<b>bold</b>' });
    expect(accepted.status).toBe(303);
    expect(accepted.headers.get('location')).toBe('/views/notes/notes');

    const after = await (await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: cookie! } })).text();
    expect(after).toContain('<p class="flash flash-success" role="status">Added &#34;&#60;b&#62;bold&#60;/b&#62;&#34; (add)</p>');
    expect(after).toContain('<li>&#60;b&#62;bold&#60;/b&#62;</li>');
    expect(after).not.toContain('no token');
    const again = await (await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: cookie! } })).text();
    expect(again).not.toContain('flash-success');
  });

  it("refuses a signed-in form post from another site's page or without Origin, with its CSRF token, in the admin's language", async () => {
    const { cookie } = await panelSignIn('rita', PASSWORD);
    const admin = (await panelSignIn('alice', PASSWORD)).cookie!;
    const page = await (await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: admin } })).text();
    const post = (address: string, who: string, headers: Record<string, string>, fields: Record<string, string>) =>
      fetch(`${t.url}${address}`, { method: 'POST', redirect: 'manual', headers: { cookie: who, 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ _csrf: csrfOf(page), ...fields }) });

    for (const headers of [{}, { origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site', origin: t.url }] as Record<string, string>[]) {
      const refused = await post('/views/notes/notes', admin, headers, { _action: 'add', text: 'forged' });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('This change did not come from this site&#39;s own pages, so it was refused.');
      expect((await post('/logout', admin, headers, {})).status).toBe(403);
    }
    expect(await (await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: admin } })).text()).not.toContain('forged');
    expect((await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: admin }, redirect: 'manual' })).status).toBe(200);

    const french = await post('/language', cookie!, { origin: 'https://evil.example' }, { language: 'en' });
    expect(await french.text()).toContain('Cette modification ne venait pas des pages de ce site');
    expect((await post('/views/notes/notes', admin, { 'sec-fetch-site': 'same-origin' }, { _action: 'add', text: 'mine' })).status).toBe(303);
  });

  it('sends redirects with the same security headers as pages', async () => {
    const { response } = await panelSignIn('alice', PASSWORD);
    const anonymous = await fetch(`${t.url}/views/notes/notes`, { redirect: 'manual' });
    const page = await fetch(`${t.url}/login`);
    for (const redirect of [response, anonymous]) {
      expect(redirect.status).toBe(303);
      for (const header of ['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cache-control']) {
        expect(redirect.headers.get(header), header).toBe(page.headers.get(header));
      }
    }
  });

  it("refuses a read-only admin's form post with 403, in the admin's language", async () => {
    const { cookie } = await panelSignIn('rita', PASSWORD);
    const page = await (await fetch(`${t.url}/views/notes/notes`, { headers: { cookie: cookie! } })).text();
    expect(page).toContain('Se déconnecter');
    const response = await fetch(`${t.url}/views/notes/notes`, {
      method: 'POST',
      headers: { cookie: cookie!, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrfOf(page), _action: 'add', text: 'sneaky' }),
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Votre rôle ne permet pas cette modification.');
    const list = await fetch(`${t.url}/api/plugins/notes/notes`, { headers: { cookie: cookie! } });
    expect(await list.json()).not.toContain('sneaky');
  });

  it("lists every plugin on the Plugins page with a failed plugin's error", async () => {
    const { cookie } = await panelSignIn('alice', PASSWORD);
    const page = await (await fetch(`${t.url}/views/host/plugins`, { headers: { cookie: cookie! } })).text();
    const row = (id: string) => new RegExp(`<tr><td><code>${id}</code></td>[\\s\\S]*?</tr>`).exec(page)![0];
    expect(row('notes')).toContain('<span class="badge badge-ok">started</span>');
    expect(row('broken')).toContain('<span class="badge badge-bad">failed</span>');
    expect(row('broken')).toContain('Cannot reach the &#60;b&#62;ledger&#60;/b&#62; database');
  });

  it('sorts the Plugins page by a column both ways, in the order the plugins load until asked', async () => {
    const { cookie } = await panelSignIn('alice', PASSWORD);
    const page = async (query: string) => (await fetch(`${t.url}/views/host/plugins${query}`, { headers: { cookie: cookie! } })).text();
    const ids = (body: string) => [...body.matchAll(/<tr><td><code>(\w+)<\/code><\/td>/g)].map((m) => m[1]);
    const loaded = t.host.plugins.statuses().map((s) => s.id);
    expect(ids(await page(''))).toEqual(loaded);
    expect(ids(await page('?sort=0&dir=asc'))).toEqual(['broken', 'notes']);
    const descending = await page('?sort=0&dir=desc');
    expect(ids(descending)).toEqual(['notes', 'broken']);
    expect(descending).toContain('<th scope="col" aria-sort="descending"><a class="sort" href="/views/host/plugins?sort=0&#38;dir=asc">Id ▼</a></th>');
    // By error: a plugin without one comes last either way.
    expect(ids(await page('?sort=5&dir=asc'))).toEqual(['broken', 'notes']);
    expect(ids(await page('?sort=5&dir=desc'))).toEqual(['broken', 'notes']);
  });

  it('changes the panel language and signs out with the CSRF token', async () => {
    const { cookie } = await panelSignIn('alice', PASSWORD);
    const page = await (await fetch(`${t.url}/views/host/plugins`, { headers: { cookie: cookie! } })).text();
    const form = (fields: Record<string, string>) => ({ method: 'POST', redirect: 'manual' as const, headers: { cookie: cookie!, origin: t.url, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

    const switched = await fetch(`${t.url}/language`, form({ _csrf: csrfOf(page), language: 'fr', back: '/views/host/plugins' }));
    expect(switched.headers.get('location')).toBe('/views/host/plugins');
    expect(await (await fetch(`${t.url}/views/host/plugins`, { headers: { cookie: cookie! } })).text()).toContain('<title>Extensions · vpp-host</title>');

    expect((await fetch(`${t.url}/logout`, form({}))).status).toBe(403);
    const out = await fetch(`${t.url}/logout`, form({ _csrf: csrfOf(page) }));
    expect(out.headers.get('location')).toBe('/login');
    expect((await fetch(`${t.url}/views/host/plugins`, { headers: { cookie: cookie! }, redirect: 'manual' })).status).toBe(303);
  });

  it('serves the stylesheet and a 404 page for unknown pages', async () => {
    const css = await fetch(`${t.url}/assets/panel.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toContain('@media (max-width: 720px)');
    const { cookie } = await panelSignIn('alice', PASSWORD);
    expect((await fetch(`${t.url}/views/notes/missing`, { headers: { cookie: cookie! } })).status).toBe(404);
    expect((await fetch(`${t.url}/nowhere`)).status).toBe(404);
  });
});
