// The Intune assignments page in the real host: Required / Available / Uninstall sections, adding and removing
// groups through Intune's rules, in English, Dutch and French.
import { describe, expect, it } from 'vitest';
import { ViewContribution, type HostError, type PanelView, type ViewActionRequest, type ViewRequest } from '@vpp-host/api';
import { ADMIN, SMALL_LOCATION, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import { AssignmentEdits } from '../src/assignment-edits.js';
import { startSurface } from './graph-surface.js';

const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 2, name: 'Pages' },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  users: ['u1', 'u2'].map((id) => ({ clientUserId: id, email: `${id}@example.com`, status: 'Associated' as const })),
  assignments: [],
};

const startHarness = useHarness();

async function page() {
  const s = await startSurface(startHarness, { locations: [LOCATION] }, {
    users: ['u1', 'u2'].map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })),
    userGroups: [{ id: 'sales', name: 'Sales', members: ['u1', 'u2'] }, { id: 'twins-u', name: 'Twins', members: ['u1'] }],
    devices: [{ id: 'd1', serialNumber: 'C02D1', platform: 'iPadOS', osVersion: '17.2' }],
    deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['d1'] }, { id: 'twins-d', name: 'Twins', members: ['d1'] }],
  });
  const view = s.h.host.plugins.containerOf('intune-compat')!.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'assignments')!;
  const pages = `vpp:${s.tokenId}:100:STDQ`;
  const request = (language: string, query: Record<string, string> = {}): ViewRequest => ({ principal: ADMIN, language, query, csrfToken: 'csrf', url: '/views/intune-compat/assignments' });
  const act = (action: string, form: Record<string, string>, language = 'en', query = { id: pages }): Promise<unknown> =>
    view.handleAction!({ ...request(language, query), action, form, files: {} } as ViewActionRequest);
  const render = async (language: string, query: Record<string, string> = { id: pages }) => (await view.render(request(language, query))).body.value;
  return { s, pages, act, render };
}

describe('intune-compat: the Intune assignments page', () => {
  it('sorts the apps and books by a column, both ways', async () => {
    const { render } = await page();
    const order = (body: string) => ['Pages', 'Swift Basics'].sort((a, b) => body.indexOf(`>${a}</a>`) - body.indexOf(`>${b}</a>`));
    expect(order(await render('en', { sort: '0', dir: 'asc' }))).toEqual(['Pages', 'Swift Basics']);
    expect(order(await render('en', { sort: '0', dir: 'desc' }))).toEqual(['Swift Basics', 'Pages']);
    expect(await render('en', { sort: '0', dir: 'desc' })).toContain('aria-sort="descending"');
  });

  it("sorts an app's groups by a column within each section, each by its own parameters", async () => {
    const { pages, act, render } = await page();
    for (const group of ['Sales', 'iPads']) await act('add', { intent: 'required', group, mode: 'included' });
    const required = async (query: Record<string, string>) => {
      const body = await render('en', { id: pages, ...query });
      const section = body.slice(body.indexOf('<h2>Required</h2>'), body.indexOf('<h2>Available</h2>'));
      return [...section.matchAll(/<a href="\/views\/host\/[a-z-]+\?id=[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    };
    // Unsorted, as Graph lists them.
    const graphOrder = await required({});
    expect([...graphOrder].sort()).toEqual(['Sales', 'iPads']);
    expect(await required({ 'required-sort': '0', 'required-dir': 'asc' })).toEqual(['iPads', 'Sales']);
    expect(await required({ 'required-sort': '0', 'required-dir': 'desc' })).toEqual(['Sales', 'iPads']);
    // Another section's order leaves this one as Graph lists it.
    for (const dir of ['asc', 'desc']) expect(await required({ 'available-sort': '0', 'available-dir': dir })).toEqual(graphOrder);
    const sorted = await render('en', { id: pages, 'required-sort': '0', 'required-dir': 'asc' });
    expect(sorted).toContain(`href="/views/intune-compat/assignments?id=${encodeURIComponent(pages)}&#38;required-sort=0&#38;required-dir=desc"`);
  });

  it('adds Required to a user group with settings, shows it in EN, NL and FR, and the core holds it; removing takes it away', async () => {
    const { s, pages, act, render } = await page();
    expect(await render('en', {})).toContain('Pages');
    const added = await act('add', { intent: 'required', group: 'Sales', mode: 'included', preventManagedAppBackup: 'yes', isRemovable: 'no', vpn: 'vpn-7' });
    expect(added).toEqual({ flash: { kind: 'success', message: 'Sales added as Required.' }, query: { id: pages } });
    const core = ((await s.h.route('GET', '/assignments', { query: { item: pages } })).body as { items: any[] }).items;
    expect(core).toEqual([expect.objectContaining({ target: { kind: 'user-group', id: 'sales' }, installMode: 'automatic', policy: expect.objectContaining({ preventBackup: true, nonRemovable: true }) })]);

    const english = await render('en');
    expect(english).toMatch(/<h2>Required<\/h2>[\s\S]*Sales[\s\S]*Included[\s\S]*User licensing · Uninstall on device removal: No · Install as removable: No · Prevent iCloud app backup: Yes[\s\S]*VPN: vpn-7[\s\S]*<h2>Available<\/h2>/);
    expect(await render('nl')).toMatch(/<h2>Vereist<\/h2>[\s\S]*Sales[\s\S]*Opgenomen[\s\S]*Installeren als verwijderbaar: Nee/);
    expect(await render('fr')).toMatch(/<h2>Obligatoire<\/h2>[\s\S]*Sales[\s\S]*Inclus[\s\S]*Installer comme amovible: Non/);

    await act('remove', { assignment: core[0].id });
    expect(((await s.h.route('GET', '/assignments', { query: { item: pages } })).body as { items: unknown[] }).items).toEqual([]);
  });

  it('refuses Available to a device group with Intune\'s rule in the admin\'s language, and changes nothing', async () => {
    const { s, pages, act } = await page();
    const refusals = {
      en: 'Not changed: Available is not supported for device groups: assign it as Required, or to a user group.',
      nl: 'Niet gewijzigd: Beschikbaar wordt niet ondersteund voor apparaatgroepen: wijs het toe als Vereist, of aan een gebruikersgroep.',
      fr: "Rien n’a changé : Disponible n'est pas pris en charge pour les groupes d'appareils : affectez-le comme Obligatoire, ou à un groupe d'utilisateurs.",
    };
    for (const [language, message] of Object.entries(refusals)) {
      expect(await act('add', { intent: 'available', group: 'iPads', mode: 'included' }, language)).toEqual({
        flash: { kind: 'error', message },
        query: { id: pages },
      });
    }
    // A rule of the core's own, in the admin's language too.
    expect(await act('add', { intent: 'required', group: 'iPads', mode: 'included', useDeviceLicensing: 'no' }, 'nl')).toMatchObject({
      flash: { kind: 'error', message: 'Niet gewijzigd: Gebruikerslicenties gaan alleen naar gebruikers of gebruikersgroepen.' },
    });
    expect(((await s.h.route('GET', '/assignments', { query: { item: pages } })).body as { items: unknown[] }).items).toEqual([]);
  });

  it('says an unknown app or book, and two groups of one name, in the admin\'s language', async () => {
    const { s, act } = await page();
    const refusals = {
      en: 'Not changed: No VPP app or book "nope": give its item id, adamId or name',
      nl: 'Niet gewijzigd: Geen VPP-app of -boek "nope": kies het uit de lijst',
      fr: 'Rien n’a changé : Aucune app ni aucun livre VPP « nope » : choisissez-le dans la liste',
    };
    for (const [language, message] of Object.entries(refusals)) {
      expect(await act('remove', { assignment: 'x' }, language, { id: 'nope' })).toMatchObject({ flash: { kind: 'error', message } });
    }
    // A name typed (CLI, REST) that two groups share: the English stays as scripts match it, the others ask to pick.
    const edits = s.h.host.plugins.containerOf('intune-compat')!.get(AssignmentEdits);
    const refusal = await edits.add('Pages', { intent: 'required', group: 'Twins' }, ADMIN).catch((error: HostError) => error);
    const messages = new MessageCatalog(() => s.h.host.plugins.manifests());
    expect(refusal).toMatchObject({ message: '2 groups are called "Twins": give the group\'s id', messageId: 'intune.group-ambiguous' });
    expect(messages.say(refusal as HostError, 'nl')).toBe('2 groepen heten "Twins": kies de naam van de groep uit de lijst');
    expect(messages.say(refusal as HostError, 'fr')).toBe('2 groupes s\'appellent « Twins » : choisissez le nom du groupe dans la liste');
    expect(await act('explode', {}, 'nl')).toMatchObject({ flash: { kind: 'error', message: 'Niet gewijzigd: Onbekende actie "explode"' } });
  });
});
