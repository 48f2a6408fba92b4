// Managed distribution's refusals and what its commands print, said in the reader's language: the English message
// stays for scripts, the message id says it in Dutch and French (REST by Accept-Language, the panel, the CLI's --lang).
import { describe, expect, it } from 'vitest';
import { HostError, Inventory, Messages, ViewContribution, type InventorySnapshot, type PanelView, type Said } from '@vpp-host/api';
import type { LocationSpec } from '../simulator/index.js';
import { ADMIN, SMALL_LOCATION, useHarness, type StartedHarness } from '../../test/harness.js';
import { resolveTarget } from './target-resolver.js';

const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 5, name: 'Pages' },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  assignments: [],
};

const INVENTORY: InventorySnapshot = {
  // Two people share a name.
  users: ['u1', 'u2'].map((id) => ({ id, name: 'Sam Peters', email: `${id}@example.com` })),
};

const startHarness = useHarness();

async function location(): Promise<{ h: StartedHarness; said: (something: Said) => string[]; pages: string }> {
  const h = await startHarness({ locations: [LOCATION] });
  await h.container.get<Inventory>(Inventory).import(INVENTORY, ADMIN);
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id, { full: true }));
  const messages = h.container.get<Messages>(Messages);
  return { h, said: (something) => [something.message, messages.say(something, 'nl'), messages.say(something, 'fr')], pages: `vpp:${token.id}:100:STDQ` };
}

/** The HostError a call is refused with. */
async function refusal(call: () => unknown): Promise<HostError> {
  try {
    await call();
  } catch (error) {
    if (error instanceof HostError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('distribution refusals in the reader’s language', () => {
  it('says an unknown item with the ones it could mean, an unknown target and an in-house item without a queue', async () => {
    const { h, said, pages } = await location();
    const candidates = `Pages (100, Head office) [${pages}]`;
    expect(said(await refusal(() => h.command('queue', { item: 'Page' })))).toEqual([
      `No catalog item "Page"; did you mean ${candidates}?`,
      `Geen catalogusonderdeel "Page"; bedoelde u ${candidates}?`,
      `Aucun élément « Page » au catalogue ; vouliez-vous dire ${candidates} ?`,
    ]);
    expect(said(await refusal(() => h.command('assign', { item: 'Pages', target: 'ghosts' }, { to: 'device-group' })))).toEqual([
      'No device-group "ghosts"',
      'Geen apparaatgroep "ghosts"',
      'Aucun groupe d’appareils « ghosts »',
    ]);
    const tool = await h.command('catalog.add', { name: 'Field Tool' }, { kind: 'in-house-app', 'bundle-id': 'com.example.field', platform: 'iOS' });
    expect(said(await refusal(() => h.command('queue', { item: (tool.data as { id: string }).id })))).toEqual([
      'Field Tool is an in-house item: it needs no license and has no queue',
      'Field Tool is een intern onderdeel: het heeft geen licentie nodig en geen wachtrij',
      'Field Tool est un élément interne : il n’a besoin d’aucune licence et n’a pas de file d’attente',
    ]);
  });

  it('says what the in-house item form refuses, and a name two people share', async () => {
    const { h, said } = await location();
    const catalog = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'catalog')!;
    const form = { kind: 'in-house-app', name: 'Field Tool', bundleId: 'com.example.field' };
    const request = { principal: ADMIN, language: 'nl', query: {}, csrfToken: 'token', url: '/views/vpp-apple/catalog', action: 'add-in-house', form, files: {} };
    expect(said(await refusal(() => catalog.handleAction!(request)))).toEqual([
      'In-house item platforms: name at least one platform',
      'Intern onderdeel (platforms): kies minstens één platform',
      'Élément interne (platforms) : choisissez au moins une plateforme',
    ]);
    const people = '"Sam Peters <u1@example.com>" (u1), "Sam Peters <u2@example.com>" (u2)';
    expect(said(await refusal(() => resolveTarget(h.container.get<Inventory>(Inventory), 'user', 'sam peters ')))).toEqual([
      `2 users are called "sam peters": ${people}; give the id`,
      `Meer dan één gebruiker heet "sam peters": ${people}; geef de id`,
      `Plus d’un utilisateur s’appelle « sam peters » : ${people} ; indiquez l’identifiant`,
    ]);
  });
});

describe('distribution commands in the reader’s language', () => {
  it('prints what assigning did, the queue and an empty list, and refuses a missing option, in Dutch and French', async () => {
    const { h, said, pages } = await location();
    expect(said((await h.command('assignment.list')).said!)).toEqual(['No assignments.', 'Geen toewijzingen.', 'Aucune affectation.']);
    const assigned = await h.command('assign', { item: 'Pages', target: 'u1' }, { to: 'user' });
    const id = (assigned.data as { assignment: { id: string } }).assignment.id;
    expect(said(assigned.said!)).toEqual([
      `Assignment ${id} (active): 1 license(s) requested. Available now: 4 of 5.`,
      `Toewijzing ${id} (actief): 1 licentie aangevraagd. Nu beschikbaar: 4 van 5.`,
      `Affectation ${id} (active) : 1 licence demandée. Disponibles maintenant : 4 sur 5.`,
    ]);
    expect(assigned.text).toBe(assigned.said!.message);
    expect(said((await h.command('queue', { item: pages })).said!)).toEqual([
      'Pages (100): 4 of 5 available, 0 waiting, 0 waiting to enrol.',
      'Pages (100): 4 van 5 beschikbaar, 0 in de wachtrij, 0 nog in te schrijven.',
      'Pages (100) : 4 sur 5 disponibles, 0 en file d’attente, 0 en attente d’inscription.',
    ]);
    expect(said(await refusal(() => h.command('reclaim', {}, { days: 'thirty' })))).toEqual([
      'Give --days N: reclaim licenses unused for N days',
      'Geef --days N op: neem licenties terug die N dagen ongebruikt zijn',
      'Indiquez --days N : récupérer les licences inutilisées depuis N jours',
    ]);
  });

  it("says an assignment's notes in Dutch and French", async () => {
    const { h, said } = await location();
    await h.command('catalog.add', { name: 'Field Tool' }, { kind: 'in-house-app', platform: 'iPadOS', 'bundle-id': 'com.example.field' });
    const assigned = await h.command('assign', { item: 'Field Tool', target: 'u1' }, { to: 'user', install: 'manual' });
    const id = (assigned.data as { assignment: { id: string } }).assignment.id;
    expect(said(assigned.said!).map((text) => text.slice(text.indexOf(':') + 1))).toEqual([
      ' 0 license(s) requested, 1 delivered without a license. In-house apps always install automatically.',
      ' 0 licenties aangevraagd; 1 geleverd zonder licentie. Interne apps installeren altijd automatisch.',
      ' 0 licence demandée ; 1 livré sans licence. Les apps internes s’installent toujours automatiquement.',
    ]);
    expect(said(assigned.said!)[0]).toContain(id);
  });
});
