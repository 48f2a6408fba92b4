// The policy model at work: devices leaving management, wipes, stopped distribution, books, approval,
// license restrictions, and reconciling the ledger with Apple.
import { afterEach, describe, expect, it } from 'vitest';
import type { RemovalRequest } from './distribution-service.js';
import { addDevices, ADMIN, createHarness, enrolUsers, ledgerInvariants, serialOf, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const APP = `vpp:${TOKEN_ID}:100:STDQ`;
const BOOK = `vpp:${TOKEN_ID}:900:STDQ`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function harness(): Promise<Harness> {
  h = await createHarness({
    assets: [
      { adamId: '100', productType: 'App', totalCount: 3 },
      { adamId: '900', productType: 'Book', totalCount: 5 },
    ],
  });
  return h;
}

const stateOf = (h: Harness, holder: string, item = APP) => h.service.licenses({ item, holder }).items[0]?.state;

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('distribution policy at work', () => {
  it('releases a device license and removes the app when the device leaves management, and serves the queue', async () => {
    const h = await harness();
    await addDevices(h, 'fleet', [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    const removals: RemovalRequest[] = [];
    h.service.onDidRequestRemoval.subscribe((r) => removals.push(r));
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'fleet' } }, ADMIN);
    await h.service.whenSettled();
    expect(h.service.queue(APP).waiting.map((w) => w.holder)).toEqual(['device:d']);

    await h.inventory.unenrollDevice('a', ADMIN);
    await waitFor(() => stateOf(h, 'a') === 'released' && stateOf(h, 'd') === 'confirmed');
    expect(removals).toEqual([{ itemId: APP, holderKind: 'device', holderId: 'a', deviceIds: ['a'], cause: 'device-unenrolled' }]);
    expect(h.simulator.location(h.uId).holds({ adamId: '100', pricingParam: 'STDQ' }, { serialNumber: serialOf('a') })).toBe(false);
  });

  it('keeps the license through a selective wipe when the policy says so, without removing the app', async () => {
    const h = await harness();
    await addDevices(h, 'kiosks', [{ id: 'k1' }]);
    await addDevices(h, 'laptops', [{ id: 'l1' }]);
    const removals: RemovalRequest[] = [];
    h.service.onDidRequestRemoval.subscribe((r) => removals.push(r));
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'kiosks' }, policy: { onSelectiveWipe: { removeApp: false, releaseLicense: false } } }, ADMIN);
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'laptops' } }, ADMIN);
    await h.service.whenSettled();
    await h.inventory.wipeDevice('k1', ADMIN);
    await h.inventory.wipeDevice('l1', ADMIN);
    await waitFor(() => stateOf(h, 'l1') === 'released');
    expect(stateOf(h, 'k1')).toBe('confirmed');
    expect(removals.map((r) => [r.holderId, r.cause])).toEqual([['l1', 'device-wiped']]);
  });

  it('removing an assignment releases or keeps licenses as its policy says', async () => {
    const h = await harness();
    await addDevices(h, undefined, [{ id: 'x' }, { id: 'y' }]);
    const released = await h.service.assign({ item: APP, target: { kind: 'device', id: 'x' } }, ADMIN);
    const kept = await h.service.assign({ item: APP, target: { kind: 'device', id: 'y' }, policy: { onDistributionStopped: { releaseLicense: false } } }, ADMIN);
    await h.service.whenSettled();
    const removed = await h.service.removeAssignment(released.assignment.id, ADMIN, 'pilot over');
    expect(removed).toMatchObject({ released: 1, kept: 0 });
    expect(removed.account.released.lines.map((l) => [l.holder.id, l.cause])).toEqual([['x', 'assignment-removed']]);
    expect(await h.service.removeAssignment(kept.assignment.id, ADMIN)).toMatchObject({ released: 0, kept: 1, account: { released: { total: 0 } } });
    await h.service.whenSettled();
    expect(stateOf(h, 'x')).toBe('released');
    expect(stateOf(h, 'y')).toBe('confirmed');
    expect(h.audit.query({ action: 'vpp.assignment.remove' }).items.map((e) => e.reason)).toContain('pilot over');
  });

  it('leaves a VPP book with its user when the user leaves the group', async () => {
    const h = await harness();
    await h.inventory.saveGroup('user-group', { id: 'readers', name: 'Readers' }, ADMIN);
    await enrolUsers(h, ['rita']);
    await h.inventory.addMember('user-group', 'readers', 'rita', ADMIN);
    await h.service.assign({ item: BOOK, target: { kind: 'user-group', id: 'readers' } }, ADMIN);
    await h.service.whenSettled();
    await h.inventory.removeMember('user-group', 'readers', 'rita', ADMIN);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stateOf(h, 'rita', BOOK)).toBe('confirmed');
  });

  it('keeps a revoked device out of the queue until it joins the target again', async () => {
    const h = await harness();
    await addDevices(h, 'carts', [{ id: 'r1' }, { id: 'r2' }]);
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'carts' } }, ADMIN);
    await h.service.whenSettled();
    await h.service.revoke({ item: APP, target: { kind: 'device', id: 'r1' } }, ADMIN);
    await h.service.whenSettled();
    expect(stateOf(h, 'r1')).toBe('released');
    expect(h.service.queue(APP).waiting).toEqual([]);
    expect(h.service.countsOf({ tokenId: TOKEN_ID, adamId: '100', pricingParam: 'STDQ' }).available).toBe(2);

    await h.inventory.removeMember('device-group', 'carts', 'r1', ADMIN);
    h.clock.advance(1000);
    await h.inventory.addMember('device-group', 'carts', 'r1', ADMIN);
    await waitFor(() => stateOf(h, 'r1') === 'requested' || stateOf(h, 'r1') === 'confirmed');
    expect(h.service.licenses({ item: APP, holder: 'r1' }).total).toBe(2);
  });

  it('distributes nothing before approval', async () => {
    const h = await harness();
    await addDevices(h, undefined, [{ id: 'p' }]);
    const pending = await h.service.assign({ item: APP, target: { kind: 'device', id: 'p' }, policy: { requiresApproval: true } }, ADMIN);
    expect(pending).toMatchObject({ licensed: 0, assignment: { state: 'awaiting-approval' } });
    expect(h.service.licenses().total).toBe(0);
    const approved = await h.service.approve(pending.assignment.id, ADMIN, 'reviewed');
    expect(approved).toMatchObject({ licensed: 1, assignment: { state: 'active' } });
    await expect(h.service.approve(pending.assignment.id, ADMIN)).rejects.toThrow('needs no approval');
  });

  it('gives users outside the licensed groups the app without a license, not counted', async () => {
    const h = await harness();
    await h.inventory.saveGroup('user-group', { id: 'everyone', name: 'Everyone' }, ADMIN);
    await h.inventory.saveGroup('user-group', { id: 'teachers', name: 'Teachers' }, ADMIN);
    await enrolUsers(h, ['tess', 'sam']);
    for (const id of ['tess', 'sam']) await h.inventory.addMember('user-group', 'everyone', id, ADMIN);
    await h.inventory.addMember('user-group', 'teachers', 'tess', ADMIN);
    const summary = await h.service.assign({ item: APP, target: { kind: 'user-group', id: 'everyone' }, policy: { licenseRestrictedToUserGroups: ['teachers'] } }, ADMIN);
    expect(summary).toMatchObject({ licensed: 1, delivered: 1, counts: { held: 1, available: 2 } });
    expect(stateOf(h, 'sam')).toBeUndefined();
  });

  it('reconciles the ledger with Apple: a lost license is requested again and a foreign one is counted', async () => {
    const h = await harness();
    await addDevices(h, undefined, [{ id: 'm' }]);
    await h.service.assign({ item: APP, target: { kind: 'device', id: 'm' } }, ADMIN);
    await h.service.whenSettled();
    const apple = h.simulator.location(h.uId);
    const asset = apple.findAsset('100')!;
    apple.unassign(asset, { serialNumber: serialOf('m') });
    apple.assign(asset, { serialNumber: 'C02FOREIGN' }, apple.bumpVersion());
    // Reconciling follows a sync, which read Apple's assignments.
    h.sync.syncAssignments();

    expect(await h.service.reconcile(TOKEN_ID)).toEqual({ requestedAgain: 1, confirmed: 0, released: 0, foreign: 1 });
    await h.service.whenSettled();
    expect(stateOf(h, 'm')).toBe('confirmed');
    expect(apple.holds({ adamId: '100', pricingParam: 'STDQ' }, { serialNumber: serialOf('m') })).toBe(true);
    expect(h.service.countsOf({ tokenId: TOKEN_ID, adamId: '100', pricingParam: 'STDQ' })).toMatchObject({ total: 3, held: 1, foreign: 1, available: 1 });
    expect(ledgerInvariants(h, '100').duplicates).toBe(0);
  });
});
