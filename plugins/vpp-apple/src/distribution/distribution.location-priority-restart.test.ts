// Users served through a location order keep their licenses, at the location each came from, across a restart; a
// user takes a license at a location only once enrolled there, with the clientUserId Apple knows the user by there.
import { describe, expect, it } from 'vitest';
import { ADMIN, enrolUsers, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';
import { useRestartableHarness } from './testing/restartable-harness.js';

const ASSET = { adamId: '800', productType: 'App' as const, totalCount: 1 };
const BRUSSELS = { tokenId: 'tok-b', name: 'Brussels', assets: [ASSET] };
const ITEM = `vpp:${TOKEN_ID}:800:STDQ`;
const GROUP = { kind: 'user-group', id: 'staff' } as const;

const harness = useRestartableHarness();

/** Who holds a license now, as `user@token clientUserId`. */
const live = (h: Harness) =>
  h.service
    .licenses({ limit: 100 })
    .items.filter((r) => r.state === 'requested' || r.state === 'confirmed')
    .map((r) => `${r.holderId}@${r.tokenId} ${r.appleHolderId}`)
    .sort();

/** The user accepted managed distribution at Brussels too, where Apple knows them as `b-<id>`. */
async function enrolAtBrussels(h: Harness, id: string): Promise<void> {
  const apple = h.simulator.location(`loc-${BRUSSELS.tokenId}`);
  apple.putUser({ clientUserId: `b-${id}`, email: `${id}@example.com`, status: 'Associated', idHash: `hash-b-${id}`, version: apple.version }, apple.bumpVersion());
  await h.enrolments.recordAcceptances([{ tokenId: BRUSSELS.tokenId, userId: id, clientUserId: `b-${id}` }]);
}

describe('a location order across a restart', () => {
  it('keeps each license where it came from, serves a user at the next location only once enrolled there, and frees it there', async () => {
    const first = await harness.start({ assets: [ASSET], otherLocations: [BRUSSELS] });
    await enrolUsers(first, ['u1', 'u2', 'u3']);
    await enrolAtBrussels(first, 'u2');
    await first.inventory.saveGroup('user-group', { id: GROUP.id, name: 'Staff', members: ['u1', 'u2', 'u3'] }, ADMIN);
    expect(await first.service.assign({ item: ITEM, target: GROUP, locations: ['HQ', 'Brussels'] }, ADMIN)).toMatchObject({ licensed: 2, queued: 1 });
    await first.service.whenSettled();
    expect(live(first)).toEqual(['u1@tok-hq u1', 'u2@tok-b b-u2']);
    expect(first.simulator.location(`loc-${BRUSSELS.tokenId}`).assignments.all().map((a) => a.clientUserId)).toEqual(['b-u2']);

    const second = await harness.restart(first, { assets: [ASSET], otherLocations: [BRUSSELS] });
    expect(live(second)).toEqual(['u1@tok-hq u1', 'u2@tok-b b-u2']);
    expect(second.service.queue(ITEM).waiting.map((w) => w.holder)).toEqual(['user:u3']);
    expect(ledgerInvariants(second, '800').duplicates).toBe(0);

    // u2 leaves: Brussels' license is free, but u3 is not enrolled there and keeps waiting until it is.
    await second.inventory.removeMember('user-group', GROUP.id, 'u2', ADMIN);
    await second.service.whenSettled();
    expect(live(second)).toEqual(['u1@tok-hq u1']);
    expect(second.service.queue(ITEM).waiting.map((w) => w.holder)).toEqual(['user:u3']);
    await enrolAtBrussels(second, 'u3');
    await second.service.whenSettled();
    expect(live(second)).toEqual(['u1@tok-hq u1', 'u3@tok-b b-u3']);
    expect(second.service.queue(ITEM).waiting).toEqual([]);
  });
});
