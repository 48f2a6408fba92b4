// Seed 003 replayed through the maas360 commands and REST on a real host with the Apple simulator: a token added with
// every option; Active; apps added automatically (macOS-only ones Failed with the reason, none twice); licenses only
// for the restricted group; approval; selective wipe releasing a license only when Revoke license on says so; Apple
// revoking the token.
import { describe, expect, it } from 'vitest';
import { Inventory, SYSTEM_ACTOR, ViewContribution, type HostError, type InventorySnapshot, type PanelView } from '@vpp-host/api';
import { formatTable } from '../../../host/cli/result-output.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import { DistributionRuntime } from '../../vpp-apple/src/distribution/distribution-runtime.js';
import type { RemovalRequest } from '../../vpp-apple/src/distribution/distribution-service.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { ADMIN, SCHOOL_LOCATION, SMALL_LOCATION, useHarness, type StartedHarness } from '../../vpp-apple/test/harness.js';

const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 5, name: 'Pages' },
    { adamId: '300', productType: 'App', totalCount: 3, name: 'Final Cut Pro', supportedPlatforms: ['macOS'] },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  users: ['u1', 'u2'].map((id) => ({ clientUserId: id, email: `${id}@example.com`, status: 'Associated' as const })),
  assignments: [],
};

const INVENTORY: InventorySnapshot = {
  users: ['u1', 'u2'].map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })),
  userGroups: [
    { id: 'staff', name: 'Staff', members: ['u1'] },
    { id: 'everyone', name: 'Everyone', members: ['u1', 'u2'] },
  ],
  devices: ['d1', 'd2'].map((id) => ({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS' as const, osVersion: '17.2', ownerUserId: 'u1' })),
  deviceGroups: [
    { id: 'cart-1', name: 'Cart 1', members: ['d1'] },
    { id: 'cart-2', name: 'Cart 2', members: ['d2'] },
  ],
};

const EVERY_OPTION = {
  name: 'Campus',
  region: 'NL',
  'auto-add': true,
  'remove-on': ['mdm-removal', 'selective-wipe', 'stop-distribution'],
  'revoke-on': ['stop-distribution'],
  'restrict-backup': true,
  approval: true,
  'restrict-to-group': 'staff',
} as unknown as Record<string, string | boolean>;

const startHarness = useHarness();

async function campus(): Promise<{ h: StartedHarness; rest: (method: string, path: string, body?: unknown, language?: string) => Promise<{ status: number; body: any }> }> {
  const h = await startHarness({ locations: [LOCATION], bundled: ['maas360-compat'] });
  await h.container.get<Inventory>(Inventory).import(INVENTORY, ADMIN);
  const apiToken = (await h.host.container.get<AccountService>(AccountService).createApiToken({ name: 'script', role: 'admin' }, SYSTEM_ACTOR)).token;
  const base = `${h.host.environment.publicUrl()}/api/plugins/maas360-compat`;
  const rest = async (method: string, path: string, body?: unknown, language?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${apiToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(language ? { 'accept-language': language } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json().catch(() => undefined)) as any };
  };
  return { h, rest };
}

/** The plugin's "VPP licenses" page. */
function licensesView(h: StartedHarness): PanelView {
  return h.host.plugins.containerOf('maas360-compat')!.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v) => v.id === 'vpp-licenses')!;
}

describe('maas360-compat: seed 003', () => {
  it('adds a token with every option; Active; apps added automatically, macOS-only ones Failed, none twice; Token Details', async () => {
    const { h, rest } = await campus();
    const added = await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION);
    expect(added.text).toBe('Token "Campus" added: active.');
    expect(added.data).toMatchObject({
      status: 'active',
      region: 'NL',
      addAppsAutomatically: true,
      removeAppOn: ['mdm-removal', 'selective-wipe', 'stop-distribution'],
      revokeLicenseOn: ['stop-distribution'],
      restrictBackup: true,
      appApproval: true,
      restrictToUserGroups: ['staff'],
    });
    const id = (added.data as { id: string }).id;
    await h.settle(h.sync.sync(id, { full: true }));
    await h.settle(h.sync.sync(id, { full: true }));

    const details = (await rest('GET', `/tokens/${id}/details`)).body.apps;
    expect(details.map((r: any) => [r.itunesAppId, r.appName, r.autoAppAdditionStatus, r.comments]).sort()).toEqual([
      ['100', 'Pages', 'success', ''],
      ['300', 'Final Cut Pro', 'failed', 'Adding apps automatically is not supported for macOS apps: add it to the catalog yourself'],
      ['900', 'Swift Basics', 'success', ''],
    ]);
    expect(details.find((r: any) => r.itunesAppId === '100')).toMatchObject({ totalLicense: 5, availableLicense: 5 });
    const cli = await h.command('maas360.token.details', { token: 'Campus' });
    expect(formatTable(cli.table!, undefined).split('\n')[0]).toMatch(/^ITUNES APP ID\s+APP NAME\s+TOTAL LICENSE\s+AVAILABLE LICENSE\s+ADDED TIME\s+AUTO APP ADDITION STATUS\s+COMMENTS$/);

    // The core sees the same settings: the location's default policy, publication and restriction.
    const location = (await h.route('GET', '/locations/:token', { params: { token: id } })).body;
    expect(location).toMatchObject({
      publication: 'automatic',
      licenseRestrictedToUserGroups: ['staff'],
      defaultPolicy: {
        onSelectiveWipe: { removeApp: true, releaseLicense: false },
        onDistributionStopped: { removeApp: true, releaseLicense: true },
        preventBackup: true,
        requiresApproval: true,
      },
    });
    const listed = (await rest('GET', '/tokens')).body.tokens;
    expect(listed).toEqual([expect.objectContaining({ name: 'Campus', status: 'active', region: 'NL' })]);
    // Documented for scripts in the host's OpenAPI document, bodies included.
    const openapi = (await (await fetch(`${h.host.environment.publicUrl()}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/plugins/maas360-compat/tokens', '/api/plugins/maas360-compat/tokens/{id}/details']));
    expect(JSON.stringify(openapi.paths['/api/plugins/maas360-compat/tokens']!.post)).toContain('restrictToUserGroups');
  });

  it('licenses the restricted group only, waits for approval, and a selective wipe releases a license only when Revoke license on says so', async () => {
    const { h } = await campus();
    const id = ((await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION)).data as { id: string }).id;
    await h.settle(h.sync.sync(id, { full: true }));
    const pages = `vpp:${id}:100:STDQ`;
    const removals: RemovalRequest[] = [];
    h.container.get(DistributionRuntime).service.onDidRequestRemoval.subscribe((r) => removals.push(r));

    // App approval: the assignment waits; approved, only Staff's member takes a license and the count drops by one.
    const pending = await h.route('POST', '/assignments', { body: { item: pages, target: { kind: 'user-group', id: 'everyone' } } });
    expect(pending.body).toMatchObject({ licensed: 0, assignment: { state: 'awaiting-approval', policy: { preventBackup: true } } });
    const approved = await h.route('POST', '/assignments/:id/approve', { params: { id: (pending.body as any).assignment.id }, body: {} });
    expect(approved.body).toMatchObject({ licensed: 1, delivered: 1, counts: { total: 5, held: 1, available: 4 } });

    // A device license on cart 1; wiped: the app goes, the license stays (Revoke license on lacks selective wipe).
    const cart1 = await h.route('POST', '/assignments', { body: { item: pages, target: { kind: 'device-group', id: 'cart-1' } } });
    await h.route('POST', '/assignments/:id/approve', { params: { id: (cart1.body as any).assignment.id }, body: {} });
    const held = async (holder: string) => ((await h.route('GET', '/licenses', { query: { item: pages, holder } })).body as any).items[0]?.state;
    await h.until(async () => (await held('d1')) === 'confirmed');
    await h.container.get<Inventory>(Inventory).wipeDevice('d1', ADMIN);
    await h.until(() => removals.some((r) => r.holderId === 'd1'));
    expect(removals.find((r) => r.holderId === 'd1')).toMatchObject({ cause: 'device-wiped' });
    expect(await held('d1')).toBe('confirmed');

    // Revoke license on selective wipe, changed later: it applies to assignments made from now on (cart 2).
    await h.command('maas360.token.edit', { token: 'Campus' }, { ...EVERY_OPTION, 'revoke-on': ['selective-wipe', 'stop-distribution'] } as unknown as Record<string, string | boolean>);
    const cart2 = await h.route('POST', '/assignments', { body: { item: pages, target: { kind: 'device-group', id: 'cart-2' } } });
    await h.route('POST', '/assignments/:id/approve', { params: { id: (cart2.body as any).assignment.id }, body: {} });
    await h.until(async () => (await held('d2')) === 'confirmed');
    await h.container.get<Inventory>(Inventory).wipeDevice('d2', ADMIN);
    await h.until(async () => (await held('d2')) !== 'confirmed');
    expect(await held('d2')).toMatch(/releas/);
    expect(await held('d1')).toBe('confirmed');
  });

  it('a restriction changed later applies to existing assignments: lifted, those it kept out take licenses', async () => {
    const { h } = await campus();
    const id = ((await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, { ...EVERY_OPTION, approval: false } as Record<string, string | boolean>)).data as { id: string }).id;
    await h.settle(h.sync.sync(id, { full: true }));
    const pages = `vpp:${id}:100:STDQ`;
    const holders = async () =>
      ((await h.route('GET', '/licenses', { query: { item: pages } })).body as any).items.filter((l: any) => l.state === 'requested' || l.state === 'confirmed').map((l: any) => l.holderId).sort();
    await h.route('POST', '/assignments', { body: { item: pages, target: { kind: 'user-group', id: 'everyone' } } });
    expect(await holders()).toEqual(['u1']);
    // The seed makes the restriction the token's ("the token is available to a specific user group"), not each app's.
    const { 'restrict-to-group': _staff, ...unrestricted } = EVERY_OPTION;
    await h.command('maas360.token.edit', { token: 'Campus' }, { ...unrestricted, approval: false });
    await h.until(async () => (await holders()).length === 2);
    expect(await holders()).toEqual(['u1', 'u2']);
  });

  it('shows Revoked with Apple\'s message when Apple revokes the token', async () => {
    const { h, rest } = await campus();
    const id = ((await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION)).data as { id: string }).id;
    h.simulator.revokeToken(LOCATION.uId);
    await h.settle(h.tokens.checkHealth(id)).catch(() => undefined);
    const token = (await rest('GET', `/tokens/${id}`)).body;
    expect(token).toMatchObject({ status: 'revoked', message: expect.stringMatching(/revoked/i) });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const { h, rest } = await campus();
    await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION);
    const file = h.handles[0]!.sToken;
    const refusals: Array<[unknown, RegExp]> = [
      [{ file, region: 'NL' }, /\bname\b/],
      [{ name: 'campus', file, region: 'NL' }, /^Token name: "campus" is taken/],
      [{ name: 'Other', file, region: 'XX' }, /region: choose a region from the list/],
      [{ name: 'Other', file, region: 'NL', restrictToUserGroups: ['ghosts'] }, /^Restrict to user groups: no user group "ghosts"/],
      [{ name: 'Other', file: 'not a token', region: 'NL' }, /token/i],
      [{ name: 'Other', file, region: 'NL', removeAppOn: ['sometimes'] }, /removeAppOn/],
    ];
    for (const [body, message] of refusals) {
      const answer = await rest('POST', '/tokens', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message, JSON.stringify(answer.body)).toMatch(message);
    }
    // Said by Accept-Language, with the id and values beside it for scripts.
    expect((await rest('POST', '/tokens', { name: 'campus', file, region: 'NL' }, 'fr')).body).toMatchObject({
      message: 'Nom du jeton : « campus » est déjà pris ; entrez un nom de jeton unique',
      messageId: 'maas360.token.name-taken',
      params: { name: 'campus' },
    });
    expect((await rest('POST', '/tokens', { name: 'Other', file, region: 'NL', restrictToUserGroups: ['ghosts'] }, 'nl')).body.message).toBe(
      'Beperken tot gebruikersgroepen: er is geen gebruikersgroep "ghosts"',
    );
    expect((await rest('GET', '/tokens')).body.tokens.map((t: any) => t.name)).toEqual(['Campus']);
  });

  it("sorts a token's apps by a column on its Token Details page, both ways", async () => {
    const { h } = await campus();
    const added = await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION);
    const id = (added.data as { id: string }).id;
    const view = licensesView(h);
    const names = ['Final Cut Pro', 'Pages', 'Swift Basics'];
    const order = async (dir: string) => {
      const body = (await view.render({ principal: ADMIN, language: 'en', query: { id, sort: '1', dir }, csrfToken: 'csrf', url: '/views/maas360-compat/vpp-licenses' })).body.value;
      return [...names].sort((a, b) => body.indexOf(`<td>${a}</td>`) - body.indexOf(`<td>${b}</td>`));
    };
    expect(await order('asc')).toEqual(names);
    expect(await order('desc')).toEqual([...names].reverse());
  });

  it('sorts the tokens list by a column, and a token\'s apps by whether they were added, both ways', async () => {
    const h = await startHarness({ locations: [LOCATION, SCHOOL_LOCATION], bundled: ['maas360-compat'] });
    await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, { name: 'Campus', region: 'BE', 'auto-add': true });
    await h.command('maas360.token.add', { file: h.handles[1]!.sToken }, { name: 'Annex', region: 'NL' });
    const render = async (query: Record<string, string>) =>
      (await licensesView(h).render({ principal: ADMIN, language: 'en', query, csrfToken: 'csrf', url: '/views/maas360-compat/vpp-licenses' })).body.value;
    const tokens = async (query: Record<string, string>) => [...(await render(query)).matchAll(/<tr><td><a href="[^"]+">(\w+)<\/a>/g)].map((m) => m[1]);
    expect(await tokens({})).toEqual(['Annex', 'Campus']);
    expect(await tokens({ sort: '0', dir: 'desc' })).toEqual(['Campus', 'Annex']);
    expect(await render({ sort: '0', dir: 'desc' })).toContain('aria-sort="descending"');
    // By region's name in the admin's language: Belgium (Campus) before the Netherlands (Annex).
    expect(await tokens({ sort: '2', dir: 'asc' })).toEqual(['Campus', 'Annex']);
    expect(await tokens({ sort: '2', dir: 'desc' })).toEqual(['Annex', 'Campus']);

    // Campus's apps: Final Cut Pro (macOS only) failed to be added; the others succeeded.
    const campus = h.tokens.list().find((t) => t.name === 'Campus')!.id;
    const firstApp = async (dir: string) => /<tr><td>\d+<\/td><td>([^<]+)<\/td>/.exec(await render({ id: campus, sort: '5', dir }))![1];
    expect(await firstApp('asc')).toBe('Final Cut Pro');
    expect(await firstApp('desc')).not.toBe('Final Cut Pro');
  });

  it('says in the panel, in the admin\'s language, which field of the Add Token window was refused', async () => {
    const { h } = await campus();
    await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION);
    const view = licensesView(h);
    const add = (language: string, form: Record<string, string>, file = h.handles[0]!.sToken) =>
      view.handleAction!({ principal: ADMIN, language, query: {}, csrfToken: 'csrf', url: '/views/maas360-compat/vpp-licenses', action: 'add', form, files: { file } });
    expect(await add('nl', { name: 'Campus', region: 'NL' })).toEqual({
      flash: { kind: 'error', message: 'Niet opgeslagen: Tokennaam: deze naam is al in gebruik; voer een unieke tokennaam in.' },
      query: {},
    });
    expect(await add('fr', { name: 'Annexe', region: 'NL', restrictToUserGroups: 'Fantômes' })).toMatchObject({
      flash: { kind: 'error', message: "Non enregistré : Restreindre à des groupes d'utilisateurs : il n'y a pas de groupe d'utilisateurs « Fantômes »." },
    });
    expect(await add('en', { name: 'Annexe', region: 'ZZ' })).toMatchObject({ flash: { kind: 'error', message: 'Not saved: Region: this value is not accepted.' } });
    // The token file's own refusal, in the admin's language too.
    expect(await add('nl', { name: 'Annexe', region: 'NL' }, '%%% not a token %%%')).toMatchObject({
      flash: { kind: 'error', message: 'Niet opgeslagen: Het tokenbestand is geen Base64-tekst; laad het .vpptoken-bestand op zoals het uit Apple Business Manager of Apple School Manager is gedownload' },
    });
    expect(h.tokens.list().map((t) => t.name)).toEqual(['Campus']);
  });

  it("says the commands' texts, and a page action it does not know, in Dutch and French", async () => {
    const { h } = await campus();
    const messages = new MessageCatalog(() => h.host.plugins.manifests());
    const added = await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, EVERY_OPTION);
    expect(added.text).toBe('Token "Campus" added: active.');
    expect(messages.say(added.said!, 'nl')).toBe('Token "Campus" toegevoegd: actief.');
    expect(messages.say(added.said!, 'fr')).toBe('Jeton « Campus » ajouté : actif.');
    const edited = await h.command('maas360.token.edit', { token: 'Campus' }, EVERY_OPTION);
    expect(messages.say(edited.said!, 'fr')).toBe('Jeton « Campus » modifié ; ses règles s’appliquent aux nouvelles affectations.');
    const refused = await h.command('maas360.token.add', { file: h.handles[0]!.sToken }, { ...EVERY_OPTION, name: 'Annexe', region: 'XX' }).catch((error: HostError) => error);
    expect((refused as HostError).message).toBe('Region: choose a region from the list');
    expect(messages.say(refused as HostError, 'nl')).toBe('Regio: kies een regio uit de lijst');
    const view = h.host.plugins.containerOf('maas360-compat')!.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v) => v.id === 'vpp-licenses')!;
    const unknown = await view.handleAction!({ principal: ADMIN, language: 'fr', query: {}, csrfToken: 'csrf', url: '/views/maas360-compat/vpp-licenses', action: 'explode', form: { region: 'NL' }, files: {} });
    expect(unknown).toMatchObject({ flash: { kind: 'error', message: 'Non enregistré : Action « explode » inconnue' } });
  });
});
