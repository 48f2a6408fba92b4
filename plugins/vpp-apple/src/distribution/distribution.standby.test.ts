// What a standby host holds of managed distribution: a service on the same records that does no work of its own,
// brought up to date by the ids of the licenses the active host changed. It must show, and take over with, exactly
// the counts and queues of the active host: a stale pool would let the new active host hand out licenses twice.
import { afterEach, describe, expect, it } from 'vitest';
import { listen } from '@vpp-host/api';
import type { DistributionService } from './distribution-service.js';
import { ADMIN, createHarness, enrolUsers, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const SCARCE_APP = `vpp:${TOKEN_ID}:200:STDQ`;
const SCARCE = { tokenId: TOKEN_ID, adamId: '200', pricingParam: 'STDQ' } as const;

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/** The counts and the queue's order, as a page shows them. */
function seen(service: DistributionService): unknown {
  return { counts: service.countsOf(SCARCE), waiting: service.queue(SCARCE_APP).waiting.map((w) => w.holder) };
}

describe('a standby view of managed distribution', () => {
  it('shows the active host\'s counts and queue once refreshed with the licenses it changed, through assignment, acceptance, revocation and a deleted location', async () => {
    h = await createHarness({ assets: [{ adamId: '200', productType: 'App', totalCount: 2 }] });
    const view = await h.openView();
    const changed = new Set<string>();
    const following = listen(h.service.onDidChangeLicenses, (records) => records.forEach((record) => changed.add(record.id)));
    const refreshed = (): unknown => {
      view.refresh(changed);
      changed.clear();
      return seen(view);
    };
    await h.inventory.saveGroup('user-group', { id: 'sales', name: 'Sales' }, ADMIN);
    await enrolUsers(h, ['carol', 'alice', 'bob', 'dave']);
    for (const id of ['alice', 'bob', 'carol', 'dave']) await h.inventory.addMember('user-group', 'sales', id, ADMIN);

    await h.service.assign({ item: SCARCE_APP, target: { kind: 'user-group', id: 'sales' } }, ADMIN);
    await h.service.whenSettled();
    expect(seen(view)).toMatchObject({ counts: { held: 0 }, waiting: [] });
    expect(refreshed()).toEqual(seen(h.service));
    expect(seen(view)).toMatchObject({ counts: { held: 2, available: 0, queued: 2 }, waiting: ['user:bob', 'user:dave'] });

    await enrolUsers(h, ['erin']);
    await h.inventory.addMember('user-group', 'sales', 'erin', ADMIN);
    expect(refreshed()).toEqual(seen(h.service));
    expect(seen(view)).toMatchObject({ waiting: ['user:bob', 'user:dave', 'user:erin'] });

    await h.service.revoke({ item: SCARCE_APP, target: { kind: 'user', id: 'carol' } }, ADMIN);
    await h.service.whenSettled();
    expect(refreshed()).toEqual(seen(h.service));
    expect(seen(view)).toMatchObject({ counts: { held: 2 }, waiting: ['user:dave', 'user:erin'] });

    // Deleting the location deletes its licenses: the view reads the whole ledger again.
    await h.service.forgetLocation(TOKEN_ID);
    view.refresh(['a-deleted-license']);
    expect(view.licenses({ limit: 10 }).total).toBe(0);
    await following.dispose();
    await view.dispose();
  });
});
