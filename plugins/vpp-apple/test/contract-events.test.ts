import { describe, expect, it, vi } from 'vitest';
import { Inventory } from '@vpp-host/api';
import type { TokenStateChange, CatalogReady, HolderQueued, HolderServed, InvitationAcceptance, LicenseEvent, LicenseRelease, QueueChange } from '../api/index.js';
import { contractSeenByDependent, DEPENDENT_PLUGIN } from './dependent-plugin.js';
import { OTHER_MDM } from './apple-world.js';
import { ADMIN, SMALL_LOCATION, useHarness } from './harness.js';

const start = useHarness();

/** Subscribes through the contract as the dependent plugin got it, and keeps what arrives. */
function collect<T>(event: { subscribe(listener: (value: T) => void): { unsubscribe(): void } }): T[] {
  const seen: T[] = [];
  event.subscribe((value) => seen.push(value));
  return seen;
}

describe("vpp-apple's contract events, as a dependent plugin hears them", () => {
  it('onDidBecomeCatalogReady fires once per location, after its first sync is stored', async () => {
    const h = await start({ dependents: [DEPENDENT_PLUGIN] });
    const { sync, tokens, catalog } = contractSeenByDependent();
    const ready = collect<CatalogReady>(sync.onDidBecomeCatalogReady);
    const whenReady: Array<{ assets: number; status: string }> = [];
    sync.onDidBecomeCatalogReady.subscribe(({ tokenId }) => whenReady.push({ assets: catalog.assets({ tokenId }).total, status: sync.state(tokenId).status }));

    const token = await h.settle(tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    const summary = await h.settle(sync.sync(token.id));
    const firstFinishedAt = sync.state(token.id).lastSuccessAt;
    await h.settle(sync.sync(token.id));
    await h.settle(sync.sync(token.id, { full: true }));

    expect(ready).toEqual([{ tokenId: token.id, summary, at: firstFinishedAt }]);
    expect(whenReady).toEqual([{ assets: 3, status: 'completed' }]);
  });

  it('onDidAcceptInvitation fires once per user and location, after the enrolment is stored', async () => {
    const h = await start({ dependents: [DEPENDENT_PLUGIN] });
    const { sync, tokens, invitations } = contractSeenByDependent();
    // u1 is Associated at Apple (SMALL_LOCATION): the first sync shows the acceptance.
    await h.container.get<Inventory>(Inventory).saveUser({ id: 'u1', name: 'Uma', email: 'u1@example.com' }, ADMIN);
    const accepted = collect<InvitationAcceptance>(invitations.onDidAcceptInvitation);
    const statusWhenAccepted: string[] = [];
    invitations.onDidAcceptInvitation.subscribe(({ userId, tokenId }) => statusWhenAccepted.push(invitations.enrolment(userId, tokenId).status));

    const token = await h.settle(tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(sync.sync(token.id));
    await h.settle(sync.sync(token.id, { full: true }));

    expect(accepted).toEqual([{ tokenId: token.id, userId: 'u1', clientUserId: 'u1', managedAppleId: false, at: expect.any(String) }]);
    expect(accepted[0]!.at).toBe(invitations.enrolment('u1', token.id).acceptedAt);
    expect(statusWhenAccepted).toEqual(['enrolled']);
  });

  it('distribution announces licenses assigned and released, holders queued and served, and the queue length, once each', async () => {
    const h = await start({ dependents: [DEPENDENT_PLUGIN] });
    const { sync, tokens, distribution } = contractSeenByDependent();
    const assigned = collect<LicenseEvent>(distribution.onDidAssignLicense);
    const released = collect<LicenseRelease>(distribution.onDidReleaseLicense);
    const queued = collect<HolderQueued>(distribution.onDidQueueHolder);
    const served = collect<HolderServed>(distribution.onDidServeHolder);
    const queue = collect<QueueChange>(distribution.onDidChangeQueue);
    const token = await h.settle(tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(sync.sync(token.id));
    const inventory = h.container.get<Inventory>(Inventory);
    for (const id of ['d1', 'd2', 'd3']) {
      await inventory.saveDevice({ id, serialNumber: `C02${id.toUpperCase()}`, platform: 'iPadOS', osVersion: '17.2' }, ADMIN);
      await h.clock.advance(1000);
    }
    await inventory.saveGroup('device-group', { id: 'ipads', name: 'iPads', members: ['d1', 'd2', 'd3'] }, ADMIN);
    const itemId = `vpp:${token.id}:200:STDQ`;
    const device = (id: string) => ({ kind: 'device', id, appleId: `C02${id.toUpperCase()}` });

    // App 200 has two licenses: d1 and d2 get one, d3 waits.
    const { assignment } = await h.settle(distribution.assign({ item: itemId, target: { kind: 'device-group', id: 'ipads' } }, ADMIN));
    expect(assigned.map((e) => [e.itemId, e.holder, e.assignmentId])).toEqual([
      [itemId, device('d1'), assignment.id],
      [itemId, device('d2'), assignment.id],
    ]);
    expect(queued).toEqual([{ itemId, tokenId: token.id, holder: device('d3'), assignmentId: assignment.id, position: 1, waitingSince: expect.any(String), at: expect.any(String) }]);
    expect(queue).toEqual([{ itemId, tokenId: token.id, length: 1, previousLength: 0, at: expect.any(String) }]);
    expect(released).toEqual([]);
    expect(served).toEqual([]);

    // Revoking d1's license frees one: d3 is served from the queue.
    await h.settle(distribution.revoke({ item: itemId, target: { kind: 'device', id: 'd1' }, reason: 'returned' }, ADMIN));
    expect(released.map((e) => [e.itemId, e.holder, e.cause])).toEqual([[itemId, device('d1'), 'revoked']]);
    expect(released[0]!.licenseId).toBe(assigned[0]!.licenseId);
    expect(assigned.map((e) => e.holder.id)).toEqual(['d1', 'd2', 'd3']);
    expect(served).toEqual([{ ...assigned[2]!, waitingSince: queued[0]!.waitingSince }]);
    expect(queue.map((e) => [e.length, e.previousLength])).toEqual([[1, 0], [0, 1]]);
    expect(queued).toHaveLength(1);
  });

  it('onDidChangeTokenHealth fires once when a token turns unhealthy, after its new health is stored', async () => {
    const h = await start({ dependents: [DEPENDENT_PLUGIN] });
    const { sync, tokens } = contractSeenByDependent();
    const token = await h.settle(tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(sync.sync(token.id));
    const changes = collect<TokenStateChange>(tokens.onDidChangeTokenHealth);
    const storedWhenHeard: string[] = [];
    tokens.onDidChangeTokenHealth.subscribe(({ token: changed }) => storedWhenHeard.push(tokens.get(changed.id)!.health.state));

    h.simulator.setMdmInfo(SMALL_LOCATION.uId, OTHER_MDM);
    await expect(h.settle(sync.sync(token.id))).rejects.toThrow(/another MDM/);
    // The health follows Apple's answer in the background.
    await vi.waitFor(() => expect(changes).toHaveLength(1));
    expect(changes.map((c) => [c.token.id, c.previous.state, c.current.state])).toEqual([[token.id, 'valid', 'claimed-elsewhere']]);
    expect(storedWhenHeard).toEqual(['claimed-elsewhere']);
  });
});

