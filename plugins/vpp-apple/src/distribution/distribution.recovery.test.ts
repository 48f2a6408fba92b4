// Start-up recovery: a crash can leave one shard written and another not; the product repairs it on start.
import { afterEach, describe, expect, it } from 'vitest';
import { FileStorageEngine } from '../../../../host/storage/index.js';
import type { LicenseRecord } from './model.js';
import { ManualClock } from '../../../../host/runtime/clock.js';
import { ADMIN, createHarness, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const ITEM = `vpp:${TOKEN_ID}:500:STDQ`;
const ASSET = { adamId: '500', productType: 'App' as const, totalCount: 5 };
const USERS = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('recovery at start', () => {
  it('cancels the newest unsent requests when the ledger holds more than Apple has, and queues them again in order', async () => {
    // Apple never answers here (the clock stands still), so every license stays requested or releasing.
    const first = await createHarness({ assets: [ASSET], appleUsers: USERS, clock: new ManualClock('2026-03-01T09:00:00Z') });
    const dataDir = first.dataDir;
    await first.inventory.saveGroup('user-group', { id: 'team', name: 'Team' }, ADMIN);
    for (const id of USERS) await first.inventory.saveUser({ id, name: id, email: `${id}@example.com` }, ADMIN);
    await first.enrolments.recordAcceptances(USERS.map((id, i) => ({ tokenId: TOKEN_ID, userId: id, clientUserId: id, acceptedAt: `2026-02-0${i + 1}T00:00:00.000Z` })));
    for (const id of USERS) await first.inventory.addMember('user-group', 'team', id, ADMIN);
    await first.service.assign({ item: ITEM, target: { kind: 'user-group', id: 'team' } }, ADMIN);
    await first.service.revoke({ item: ITEM, target: { kind: 'user', id: 'u1' } }, ADMIN);
    await first.service.revoke({ item: ITEM, target: { kind: 'user', id: 'u2' } }, ADMIN);
    await first.dispose();

    // As if the releases of u1 and u2 never reached the disk while the licenses they freed did.
    const engine = new FileStorageEngine({ dataDir });
    const licenses = await engine.namespace('vpp-apple').collection<LicenseRecord>('distribution-licenses');
    const released = [...licenses.values()].filter((r) => r.releaseCause === 'revoked');
    expect(released.map((r) => r.holderId).sort()).toEqual(['u1', 'u2']);
    await licenses.putMany(released.map(({ releaseCause: _cause, ...r }) => ({ ...r, state: 'requested' as const })));
    await engine.close();

    h = await createHarness({ dataDir, assets: [ASSET], appleUsers: USERS });
    const held = h.service.licenses({ item: ITEM }).items.filter((r) => r.state === 'requested' || r.state === 'confirmed').map((r) => r.holderId);
    expect(held.sort()).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(h.service.queue(ITEM).waiting.map((w) => w.holder)).toEqual(['user:u6', 'user:u7', 'user:u8']);
    await h.service.whenSettled();
    expect(ledgerInvariants(h, '500')).toMatchObject({ held: 5, total: 5, duplicates: 0 });
    expect(h.simulator.location(h.uId).findAsset('500')!.assignedCount).toBe(5);
  });
});
