// A revoked user group's members stay held back across a restart, whoever joins after the revocation is served,
// and assigning the item to the group again serves them, first come first served.
import { describe, expect, it } from 'vitest';
import { ADMIN, enrolUsers, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';
import { useRestartableHarness } from './testing/restartable-harness.js';

const ASSET = { adamId: '700', productType: 'App' as const, totalCount: 2 };
const ITEM = `vpp:${TOKEN_ID}:700:STDQ`;
const CLASS = { kind: 'user-group', id: 'class-4b' } as const;

const harness = useRestartableHarness();

const live = (h: Harness) =>
  h.service
    .licenses({ item: ITEM })
    .items.filter((r) => r.state === 'requested' || r.state === 'confirmed')
    .map((r) => r.holderId)
    .sort();

describe('revoking from a user group', () => {
  it('keeps the members it covered out of the queue across a restart until the item is assigned to the group again', async () => {
    const first = await harness.start({ assets: [ASSET] });
    await enrolUsers(first, ['u1', 'u2', 'u3', 'u4', 'u5']);
    await first.inventory.saveUser({ id: 'late', name: 'Late', email: 'late@example.com' }, ADMIN);
    await first.inventory.saveGroup('user-group', { id: CLASS.id, name: '4B', members: ['u1', 'u2', 'u3', 'u4', 'u5', 'late'] }, ADMIN);
    expect(await first.service.assign({ item: ITEM, target: CLASS }, ADMIN)).toMatchObject({ licensed: 2, queued: 3, awaitingEnrolment: 1 });
    await first.service.whenSettled();

    expect(first.service.queue(ITEM).awaitingEnrolment).toEqual(['user:late']);
    const revoked = await first.service.revoke({ item: ITEM, target: CLASS }, ADMIN);
    expect(revoked).toMatchObject({ revoked: 2, counts: { held: 0, queued: 0 }, queue: { dropped: 3, servedOthers: 0 } });
    expect(first.service.queue(ITEM).awaitingEnrolment).toEqual([]);
    // A member who accepts enrolment after the revocation is held back with the others; one who joins after it is not.
    await enrolUsers(first, ['late', 'newbie']);
    await first.inventory.addMember('user-group', CLASS.id, 'newbie', ADMIN);
    await first.service.whenSettled();
    expect(live(first)).toEqual(['newbie']);
    expect(first.service.queue(ITEM).waiting).toEqual([]);

    const second = await harness.restart(first, { assets: [ASSET] });
    expect(second.service.queue(ITEM).waiting).toEqual([]);
    second.sync.sync();
    await second.service.whenSettled();
    expect(live(second)).toEqual(['newbie']);

    second.clock.advance(1000);
    const again = await second.service.assign({ item: ITEM, target: CLASS }, ADMIN);
    expect(again).toMatchObject({ licensed: 1, alreadyLicensed: 1, queued: 5 });
    expect(live(second)).toEqual(['newbie', 'u1']);
    expect(second.service.queue(ITEM).waiting.map((w) => w.holder)).toEqual(['user:u2', 'user:u3', 'user:u4', 'user:u5', 'user:late']);
    await second.service.whenSettled();
    expect(ledgerInvariants(second, '700')).toMatchObject({ held: 2, total: 2, duplicates: 0 });
  });
});
