// Many assignments and revocations of one asset at once, and Apple rejecting part of a batch (9709).
import { afterEach, describe, expect, it } from 'vitest';
import { addDevices, ADMIN, createHarness, enrolUsers, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const APP = `vpp:${TOKEN_ID}:300:STDQ`;
const REF = { tokenId: TOKEN_ID, adamId: '300', pricingParam: 'STDQ' as const };

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('allocation under pressure', () => {
  it('concurrent assignments and revocations never hold more than Apple has and keep the queue in order', async () => {
    h = await createHarness({ assets: [{ adamId: '300', productType: 'App', totalCount: 12 }] });
    const devices = Array.from({ length: 40 }, (_, i) => ({ id: `dev${String(i).padStart(2, '0')}` }));
    await addDevices(h, undefined, devices);
    const overTotal: number[] = [];
    h.service.onDidChangeLicenses.subscribe(() => {
      const counts = h!.service.countsOf(REF);
      if (counts.held > counts.total) overTotal.push(counts.held);
    });

    // Every device assigned at once (each twice: the second is refused), then revocations racing further assignments.
    const twice = await Promise.allSettled(devices.flatMap((d) => [0, 1].map(() => h!.service.assign({ item: APP, target: { kind: 'device', id: d.id } }, ADMIN))));
    expect(twice.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason.message))).toHaveLength(40);
    expect(h.service.listAssignments({ item: APP })).toHaveLength(40);
    const assigned = twice.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(assigned.reduce((n, s) => n + s.licensed, 0)).toBe(12);
    await h.inventory.saveGroup('device-group', { id: 'all', name: 'All', members: devices.map((d) => d.id) }, ADMIN);
    const storm = await Promise.allSettled([
      ...devices.slice(0, 20).map((d) => h!.service.revoke({ item: APP, target: { kind: 'device', id: d.id } }, ADMIN)),
      h.service.assign({ item: APP, target: { kind: 'device-group', id: 'all' } }, ADMIN),
      ...devices.slice(20, 30).map((d) => h!.service.revoke({ item: APP, target: { kind: 'device', id: d.id } }, ADMIN)),
    ]);
    expect(storm.filter((r) => r.status === 'rejected')).toEqual([]);
    for (let i = 0; i < 50; i++) {
      const counts = h.service.countsOf(REF);
      expect(counts.held).toBeLessThanOrEqual(counts.total);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await h.service.whenSettled();

    const invariants = ledgerInvariants(h, '300');
    expect(invariants.duplicates).toBe(0);
    expect(overTotal).toEqual([]);
    // Revoked devices wait for a new assignment; the others are licensed or queued in the order they were assigned,
    // and no license stays free while someone waits.
    const queue = h.service.queue(APP).waiting.map((w) => w.holder);
    expect(invariants.held === 12 || queue.length === 0).toBe(true);
    expect(invariants.held).toBeLessThanOrEqual(12);
    const apple = h.simulator.location(h.uId).findAsset('300')!;
    expect(apple.assignedCount).toBe(invariants.held);
    expect(h.service.licenses({ item: APP, state: 'confirmed' }).total).toBe(invariants.held);
    expect(h.service.licenses({ item: APP, state: 'failed' }).total).toBe(0);
    expect(queue).toEqual([...queue].sort());
    const confirmed = new Set(h.service.licenses({ item: APP, state: 'confirmed', limit: 100 }).items.map((r) => r.holderId));
    for (const d of devices.slice(30)) expect(confirmed.has(d.id) || queue.includes(`device:${d.id}`)).toBe(true);
  });

  it('puts exactly the holders Apple refused with 9709 back in the queue, in order', async () => {
    const users = Array.from({ length: 10 }, (_, i) => `user${i}`);
    h = await createHarness({ assets: [{ adamId: '300', productType: 'App', totalCount: 10 }] });
    await h.inventory.saveGroup('user-group', { id: 'staff', name: 'Staff' }, ADMIN);
    await enrolUsers(h, users);
    for (const id of users) await h.inventory.addMember('user-group', 'staff', id, ADMIN);
    // A refund the product has not synced yet: Apple has 6, the product still thinks 10.
    h.simulator.addLicenses(h.uId, '300', -4);

    const summary = await h.service.assign({ item: APP, target: { kind: 'user-group', id: 'staff' } }, ADMIN);
    expect(summary.licensed).toBe(10);
    await h.service.whenSettled();

    const failed = h.service.licenses({ item: APP, state: 'failed' }).items;
    expect(failed.map((r) => r.failure?.errorNumber)).toEqual([9709, 9709, 9709, 9709]);
    expect(h.service.queue(APP).waiting.map((w) => w.holder)).toEqual(['user:user6', 'user:user7', 'user:user8', 'user:user9']);
    expect(h.service.licenses({ item: APP, state: 'confirmed' }).items.map((r) => r.holderId).sort()).toEqual(users.slice(0, 6));
    expect(h.service.countsOf(REF).available).toBe(0);
    expect(h.audit.query({ action: 'vpp.license.requeue' }).items[0]?.reason).toContain('9709');

    // Two more licenses bought: the next two in the queue get them.
    h.simulator.addLicenses(h.uId, '300', 2);
    h.sync.sync();
    await waitFor(() => h!.service.licenses({ item: APP, state: 'confirmed' }).total === 8);
    expect(h.service.queue(APP).waiting.map((w) => w.holder)).toEqual(['user:user8', 'user:user9']);
    expect(ledgerInvariants(h, '300')).toMatchObject({ held: 8, total: 8, duplicates: 0 });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
