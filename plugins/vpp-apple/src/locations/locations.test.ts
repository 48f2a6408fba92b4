// Per-location settings in the real plugin: catalog publication (automatic addition, macOS-only apps refused, admin
// additions), the default policy new assignments start from, and licenses restricted to user groups.
import { describe, expect, it } from 'vitest';
import { Inventory, Messages, type HostError, type InventorySnapshot } from '@vpp-host/api';
import type { LocationSpec } from '../simulator/index.js';
import { ADMIN, SMALL_LOCATION, useHarness, type StartedHarness } from '../../test/harness.js';
import { MAC_ONLY_NOT_ADDED } from './location-service.js';

const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 5, name: 'Pages' },
    { adamId: '300', productType: 'App', totalCount: 3, name: 'Final Cut Pro', supportedPlatforms: ['macOS'] },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  users: ['u1', 'u2', 'u3'].map((id) => ({ clientUserId: id, email: `${id}@example.com`, status: 'Associated' as const })),
  assignments: [],
};

const INVENTORY: InventorySnapshot = {
  users: ['u1', 'u2', 'u3'].map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })),
  userGroups: [
    { id: 'staff', name: 'Staff', members: ['u1'] },
    { id: 'everyone', name: 'Everyone', members: ['u1', 'u2', 'u3'] },
  ],
};

const startHarness = useHarness();

async function location(): Promise<{ h: StartedHarness; tokenId: string; item: (adamId: string) => string }> {
  const h = await startHarness({ locations: [LOCATION] });
  await h.container.get<Inventory>(Inventory).import(INVENTORY, ADMIN);
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id, { full: true }));
  return { h, tokenId: token.id, item: (adamId) => `vpp:${token.id}:${adamId}:STDQ` };
}

const catalogIds = async (h: StartedHarness) => ((await h.route('GET', '/catalog')).body as { items: Array<{ id: string }> }).items.map((i) => i.id).sort();

describe('catalog publication', () => {
  it('adds purchased content automatically, skips macOS-only apps with the reason, adds new purchases at each sync, and never twice', async () => {
    const { h, tokenId, item } = await location();
    expect(await catalogIds(h)).toEqual([item('100'), item('300'), item('900')]);

    const set = await h.command('location.set', { token: 'Head office' }, { publication: 'automatic' });
    expect(set.text).toContain('catalog publishes automatic');
    expect(await catalogIds(h)).toEqual([item('100'), item('900')]);
    const publications = (await h.route('GET', '/locations/:token/publications', { params: { token: tokenId } })).body as { items: any[] };
    expect(publications.items.map((p) => [p.adamId, p.addedBy, p.status, p.comment ?? null]).sort()).toEqual([
      ['100', 'automatic', 'success', null],
      ['300', 'automatic', 'failed', MAC_ONLY_NOT_ADDED],
      ['900', 'automatic', 'success', null],
    ]);
    const refused = await h.route('POST', '/assignments', { body: { item: item('300'), target: { kind: 'user', id: 'u1' } } });
    expect(refused).toMatchObject({ status: 400, body: { details: { rule: 'not-in-catalog' } } });

    // An admin adds the Mac app; a new purchase arrives with the next sync; nothing is added twice.
    await h.command('catalog.publish', { item: item('300') });
    h.simulator.addAsset(LOCATION.uId, { adamId: '400', productType: 'App', totalCount: 2, name: 'Keynote' });
    await h.settle(h.sync.sync(tokenId, { full: true }));
    await h.until(async () => (await catalogIds(h)).length === 4);
    expect(await catalogIds(h)).toEqual([item('100'), item('300'), item('400'), item('900')]);
    const after = ((await h.command('location.publications', { token: tokenId })).data as any[]).map((p) => [p.adamId, p.addedBy, p.status]).sort();
    expect(after).toEqual([
      ['100', 'automatic', 'success'],
      ['300', 'admin', 'success'],
      ['400', 'automatic', 'success'],
      ['900', 'automatic', 'success'],
    ]);
  });

  it('publishes only what an admin adds when set to manual', async () => {
    const { h, item } = await location();
    await h.command('location.set', { token: 'Head office' }, { publication: 'manual' });
    expect(await catalogIds(h)).toEqual([]);
    await h.route('POST', '/catalog/publications', { body: { item: item('100') } });
    expect(await catalogIds(h)).toEqual([item('100')]);
  });
});

describe('the default policy and the license restriction of a location', () => {
  it('new assignments start from the default policy and may override it', async () => {
    const { h, item } = await location();
    await h.route('PATCH', '/locations/:token', { params: { token: 'Head office' }, body: { defaultPolicy: { preventBackup: true, requiresApproval: true } } });
    const waiting = await h.route('POST', '/assignments', { body: { item: item('100'), target: { kind: 'user', id: 'u1' } } });
    expect(waiting.body).toMatchObject({ licensed: 0, assignment: { state: 'awaiting-approval', policy: { preventBackup: true, requiresApproval: true } } });
    const overridden = await h.route('POST', '/assignments', { body: { item: item('100'), target: { kind: 'user', id: 'u2' }, policy: { requiresApproval: false } } });
    expect(overridden.body).toMatchObject({ licensed: 1, assignment: { state: 'active', policy: { preventBackup: true, requiresApproval: false } } });
  });

  it('licenses only the restricted groups\' members; the others get the app without one and the count stays', async () => {
    const { h, item } = await location();
    const set = await h.command('location.set', { token: 'Head office' }, { 'restrict-to-group': 'staff' });
    const messages = h.container.get<Messages>(Messages);
    expect([messages.say(set.said!, 'nl'), messages.say(set.said!, 'fr')]).toEqual([
      'Head office: de catalogus publiceert everything; nieuwe toewijzingen beginnen met de standaardwaarden; licenties gaan naar alleen leden van staff.',
      'Head office : le catalogue publie everything ; les nouvelles affectations ont pour point de départ les valeurs par défaut ; les licences vont aux seuls membres de staff.',
    ]);
    const summary = await h.route('POST', '/assignments', { body: { item: item('100'), target: { kind: 'user-group', id: 'everyone' } } });
    expect(summary.body).toMatchObject({ licensed: 1, delivered: 2, counts: { total: 5, held: 1, available: 4 } });
    const ledger = (await h.route('GET', '/licenses', { query: { item: item('100') } })).body as { items: Array<{ holderId: string }> };
    expect(ledger.items.map((l) => l.holderId)).toEqual(['u1']);
  });

  it('refuses bad settings naming the field, and changes nothing', async () => {
    const { h, tokenId } = await location();
    const before = (await h.route('GET', '/locations/:token', { params: { token: tokenId } })).body;
    const refusals = [
      [{ licenseRestrictedToUserGroups: ['ghosts'] }, /No user group "ghosts"/],
      [{ publication: 'sometimes' }, /publication/],
      [{ defaultPolicy: { preventBackupp: true } }, /defaultPolicy|preventBackupp/],
    ] as const;
    for (const [body, message] of refusals) {
      const answer = await h.route('PATCH', '/locations/:token', { params: { token: tokenId }, body });
      expect(answer.status).toBe(400);
      expect((answer.body as { message: string }).message).toMatch(message);
    }
    await expect(h.command('location.set', { token: 'Nowhere' }, { publication: 'manual' })).rejects.toThrow(/No token with the id or name "Nowhere"/);
    // Said in the reader's language.
    const ghosts = (await h.command('location.set', { token: 'Head office' }, { 'restrict-to-group': 'ghosts' }).catch((error: unknown) => error)) as HostError;
    const messages = h.container.get<Messages>(Messages);
    expect([messages.say(ghosts, 'nl'), messages.say(ghosts, 'fr')]).toEqual(['Geen gebruikersgroep "ghosts"', 'Aucun groupe d’utilisateurs "ghosts"']);
    const refused = (options: Record<string, string>) => h.command('location.set', { token: 'Head office' }, options).then(() => expect.fail('refused'), (error: unknown) => error as HostError);
    const sometimes = await refused({ publication: 'sometimes' });
    const typo = await refused({ 'default-policy': '{"preventBackupp":true}' });
    expect(sometimes.message).toBe('Location setting "publication": Invalid option: expected one of "everything"|"automatic"|"manual"');
    expect([messages.say(sometimes, 'nl'), messages.say(sometimes, 'fr')]).toEqual([
      'Locatie-instelling "publication": moet een van deze waarden zijn: everything, automatic, manual',
      'Réglage du site « publication » : doit être l’une de ces valeurs : everything, automatic, manual',
    ]);
    expect([messages.say(typo, 'nl'), messages.say(typo, 'fr')]).toEqual([
      'Locatie-instelling "defaultPolicy": geen bekende instelling: preventBackupp',
      'Réglage du site « defaultPolicy » : pas un réglage connu : preventBackupp',
    ]);
    expect((await h.route('GET', '/locations/:token', { params: { token: tokenId } })).body).toEqual(before);
  });
});
