import { describe, expect, it } from 'vitest';
import { Inventory } from '@vpp-host/api';
import type { CatalogReady, InvitationAcceptance } from '../api/index.js';
import { contractSeenByDependent, DEPENDENT_PLUGIN } from './dependent-plugin.js';
import { ADMIN, useHarness } from './harness.js';

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
});
