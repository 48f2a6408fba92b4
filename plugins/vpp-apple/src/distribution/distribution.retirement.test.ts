// A user retired from managed distribution leaves every queue, gives back app licenses, keeps books, and is served
// again only after a new enrolment.
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, createHarness, enrolUsers, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const APP = `vpp:${TOKEN_ID}:100:STDQ`;
const OTHER_APP = `vpp:${TOKEN_ID}:200:STDQ`;
const LATER_APP = `vpp:${TOKEN_ID}:300:STDQ`;
const BOOK = `vpp:${TOKEN_ID}:900:STDQ`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

const held = (h: Harness, item: string) =>
  h.service
    .licenses({ item })
    .items.filter((r) => r.state === 'requested' || r.state === 'confirmed')
    .map((r) => r.holderId)
    .sort();
const waiting = (h: Harness, item: string) => h.service.queue(item).waiting.map((w) => w.holder);

describe('retiring a user from managed distribution', () => {
  it('takes the user out of every queue, gives app licenses to the next in line and leaves books', async () => {
    h = await createHarness({
      assets: [
        { adamId: '100', productType: 'App', totalCount: 1 },
        { adamId: '200', productType: 'App', totalCount: 1 },
        { adamId: '300', productType: 'App', totalCount: 5 },
        { adamId: '900', productType: 'Book', totalCount: 5 },
      ],
    });
    await h.inventory.saveGroup('user-group', { id: 'sales', name: 'Sales' }, ADMIN);
    await enrolUsers(h, ['ann', 'bob', 'cat']);
    for (const id of ['ann', 'bob', 'cat']) await h.inventory.addMember('user-group', 'sales', id, ADMIN);
    for (const item of [APP, OTHER_APP, BOOK]) await h.service.assign({ item, target: { kind: 'user-group', id: 'sales' } }, ADMIN);
    await h.service.whenSettled();
    expect([held(h, APP), held(h, OTHER_APP), held(h, BOOK)]).toEqual([['ann'], ['ann'], ['ann', 'bob', 'cat']]);
    expect(waiting(h, APP)).toEqual(['user:bob', 'user:cat']);

    // Bob is retired: he leaves both queues, keeps his book.
    expect(await h.enrolments.recordRetirement(TOKEN_ID, 'bob', 'bob')).toMatchObject({ tokenId: TOKEN_ID, userId: 'bob' });
    expect(h.enrolments.enrolment(TOKEN_ID, 'bob')).toBeUndefined();
    expect([waiting(h, APP), waiting(h, OTHER_APP)]).toEqual([['user:cat'], ['user:cat']]);

    // Ann is retired: both app licenses go to Cat (Bob waits for nothing), Ann keeps her book.
    await h.enrolments.recordRetirement(TOKEN_ID, 'ann', 'ann');
    await h.service.whenSettled();
    expect([held(h, APP), held(h, OTHER_APP), held(h, BOOK)]).toEqual([['cat'], ['cat'], ['ann', 'bob', 'cat']]);
    expect(h.service.licenses({ item: APP, holder: 'ann' }).items[0]).toMatchObject({ state: 'released', releaseCause: 'user-retired' });
    const apple = h.simulator.location(h.uId);
    expect(apple.holds({ adamId: '100', pricingParam: 'STDQ' }, { clientUserId: 'ann' })).toBe(false);
    expect(apple.holds({ adamId: '100', pricingParam: 'STDQ' }, { clientUserId: 'cat' })).toBe(true);
    expect(apple.holds({ adamId: '900', pricingParam: 'STDQ' }, { clientUserId: 'ann' })).toBe(true);
    expect(ledgerInvariants(h, '100')).toMatchObject({ held: 1, total: 1, duplicates: 0 });
    expect(h.audit.query({ action: 'vpp.license.automatic' }).items.some((e) => e.reason === 'Retired from managed distribution' && e.target?.id === 'ann')).toBe(true);

    // Nothing brings them back but a new enrolment: not a new assignment, not joining the group again.
    const later = await h.service.assign({ item: LATER_APP, target: { kind: 'user-group', id: 'sales' } }, ADMIN);
    expect(later).toMatchObject({ licensed: 1, awaitingEnrolment: 2 });
    await h.inventory.removeMember('user-group', 'sales', 'ann', ADMIN);
    await h.inventory.addMember('user-group', 'sales', 'ann', ADMIN);
    await h.service.whenSettled();
    expect(waiting(h, APP)).toEqual([]);
    expect(held(h, LATER_APP)).toEqual(['cat']);

    // Ann accepts again: she is served where licenses are free and queues, from her new acceptance, where not.
    await enrolUsers(h, ['ann']);
    await h.service.whenSettled();
    expect(held(h, LATER_APP)).toEqual(['ann', 'cat']);
    expect([waiting(h, APP), waiting(h, OTHER_APP)]).toEqual([['user:ann'], ['user:ann']]);
    expect(h.service.queue(APP).waiting[0]!.at > h.enrolments.enrolment(TOKEN_ID, 'cat')!.acceptedAt).toBe(true);
  });

  it('retires a Managed Apple ID user too, and does nothing for a user who was not enrolled', async () => {
    h = await createHarness({ assets: [{ adamId: '100', productType: 'App', totalCount: 1 }] });
    await h.inventory.saveUser({ id: 'mia', name: 'Mia', email: 'mia@example.com', managedAppleId: 'mia@appleid.example.com' }, ADMIN);
    await h.inventory.saveUser({ id: 'nat', name: 'Nat', email: 'nat@example.com' }, ADMIN);
    const retirements: string[] = [];
    h.enrolments.onDidRetireUser.subscribe((r) => retirements.push(r.userId));
    expect(h.enrolments.enrolment(TOKEN_ID, 'mia')).toMatchObject({ via: 'managed-apple-id' });

    await h.enrolments.recordRetirement(TOKEN_ID, 'mia', 'mia');
    expect(h.enrolments.enrolment(TOKEN_ID, 'mia')).toBeUndefined();
    expect(await h.service.assign({ item: APP, target: { kind: 'user', id: 'mia' } }, ADMIN)).toMatchObject({ licensed: 0, awaitingEnrolment: 1 });

    expect(await h.enrolments.recordRetirement(TOKEN_ID, 'nat', 'nat')).toBeUndefined();
    expect(retirements).toEqual(['mia']);
  });
});
