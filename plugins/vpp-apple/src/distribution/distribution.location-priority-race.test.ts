// Assignments ordered over three locations, made and revoked all at once: no location ever holds more than Apple has,
// no holder holds two licenses of the asset, and Apple hears each license at the location it comes from.
import { afterEach, describe, expect, it } from 'vitest';
import { addDevices, ADMIN, createHarness, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const OTHERS = [
  { tokenId: 'tok-b', name: 'Brussels' },
  { tokenId: 'tok-c', name: 'Calais' },
];
const TOKENS = [TOKEN_ID, ...OTHERS.map((o) => o.tokenId)];
const APP = `vpp:${TOKEN_ID}:300:STDQ`;
const asset = { adamId: '300', productType: 'App' as const, totalCount: 4 };
const refAt = (tokenId: string) => ({ tokenId, adamId: '300', pricingParam: 'STDQ' as const });

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

describe('locations in priority order under pressure', () => {
  it('concurrent ordered assignments and revocations never over-allocate a location, never license a holder twice, and serve the queue across the three', async () => {
    h = await createHarness({ assets: [asset], otherLocations: OTHERS.map((o) => ({ ...o, assets: [asset] })) });
    const devices = Array.from({ length: 30 }, (_, i) => ({ id: `dev${String(i).padStart(2, '0')}` }));
    await addDevices(h, undefined, devices);
    const overTotal: string[] = [];
    h.service.onDidChangeLicenses.subscribe(() => {
      for (const tokenId of TOKENS) {
        const counts = h!.service.countsOf(refAt(tokenId));
        if (counts.held > counts.total) overTotal.push(`${tokenId}: ${counts.held}`);
      }
    });

    const assigned = await Promise.all(devices.map((d) => h!.service.assign({ item: APP, target: { kind: 'device', id: d.id }, locations: TOKENS }, ADMIN)));
    expect(assigned.reduce((n, s) => n + s.licensed, 0)).toBe(12);
    await h.inventory.saveGroup('device-group', { id: 'all', name: 'All', members: devices.map((d) => d.id) }, ADMIN);
    const storm = await Promise.allSettled([
      ...devices.slice(0, 10).map((d) => h!.service.revoke({ item: APP, target: { kind: 'device', id: d.id } }, ADMIN)),
      h.service.assign({ item: APP, target: { kind: 'device-group', id: 'all' }, locations: [OTHERS[1]!.tokenId, TOKEN_ID] }, ADMIN),
      ...devices.slice(10, 15).map((d) => h!.service.revoke({ item: APP, target: { kind: 'device', id: d.id } }, ADMIN)),
    ]);
    expect(storm.filter((r) => r.status === 'rejected')).toEqual([]);
    await h.service.whenSettled();

    expect(overTotal).toEqual([]);
    const invariants = ledgerInvariants(h, '300');
    expect(invariants.duplicates).toBe(0);
    // Fifteen devices were revoked; the fifteen others fill the twelve licenses and three wait, in order.
    expect(invariants.held).toBe(12);
    const queue = h.service.queue(APP).waiting.map((w) => w.holder);
    expect(queue).toEqual(['device:dev27', 'device:dev28', 'device:dev29']);
    for (const [i, tokenId] of TOKENS.entries()) {
      const held = h.service.licenses({ item: `vpp:${tokenId}:300:STDQ`, limit: 100 }).items.filter((r) => r.state === 'confirmed');
      expect(held).toHaveLength(4);
      // Associated at that location, with that location's token.
      expect(h.simulator.location(i === 0 ? h.uId : `loc-${tokenId}`).findAsset('300')!.assignedCount).toBe(4);
    }
  });
});
