import { describe, expect, it, vi } from 'vitest';
import { listen, Messages, type CommandProgress } from '@vpp-host/api';
import type { SyncEvent, UserAssociation } from '../api/index.js';
import { ADMIN, SMALL_LOCATION, type Harness, type StartedHarness, useHarness } from './harness.js';

const startHarness = useHarness();

async function withToken(): Promise<{ h: StartedHarness; tokenId: string }> {
  const h = await startHarness();
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  return { h, tokenId: token.id };
}

/** A change made at Apple by someone else (Apple's own portal, another tool). */
function appleSide(h: Harness) {
  const location = h.simulator.location(SMALL_LOCATION.uId);
  return {
    associate(adamId: string, serialNumbers: string[]) {
      h.simulator.associate(location, { assets: [{ adamId, pricingParam: 'STDQ' }], serialNumbers });
      h.simulator.processEvents();
    },
    disassociate(adamId: string, serialNumbers: string[]) {
      h.simulator.disassociate(location, { assets: [{ adamId, pricingParam: 'STDQ' }], serialNumbers });
      h.simulator.processEvents();
    },
  };
}

const requestsFor = (h: Harness, path: string, since: number) => h.simulator.requests.slice(since).filter((r) => r.path === path).length;

describe('sync', () => {
  it('stores assets with counts, assignments and users, then reads only what changed', async () => {
    const { h, tokenId } = await withToken();
    expect(h.catalog.asset(tokenId, { adamId: '100', pricingParam: 'STDQ' })).toMatchObject({ totalCount: 10, assignedCount: 2, availableCount: 8, retiredCount: 0, productType: 'App' });
    expect(h.catalog.assignments(tokenId)).toHaveLength(2);
    expect(h.catalog.users(tokenId).map((u) => [u.clientUserId, u.status, u.inviteCode !== undefined])).toEqual([
      ['u1', 'Associated', false],
      ['u2', 'Registered', true],
    ]);
    expect(h.sync.state(tokenId)).toMatchObject({ status: 'completed', kind: 'full', lastSuccessAt: expect.any(String), lastFullSyncAt: expect.any(String) });

    appleSide(h).associate('200', ['SER-2', 'SER-3']);
    appleSide(h).disassociate('100', ['SER-1']);
    const before = h.simulator.requests.length;
    const summary = await h.settle(h.sync.sync(tokenId));
    expect(summary).toMatchObject({ kind: 'incremental', assignments: 3, changes: 3 });
    expect(h.catalog.assignments(tokenId).map((a) => `${a.adamId}:${a.serialNumber ?? a.clientUserId}`).sort()).toEqual(['100:u1', '200:SER-2', '200:SER-3']);
    expect(h.catalog.asset(tokenId, { adamId: '200', pricingParam: 'STDQ' })).toMatchObject({ assignedCount: 2, availableCount: 0 });
    // Only asset 100 lost an assignment the delta cannot show: its assignments alone are read again.
    const assignmentReads = h.simulator.requests.slice(before).filter((r) => r.path === 'assignments').length;
    expect(assignmentReads).toBe(2);
  });

  it('joins a sync that is already running instead of starting a second one', async () => {
    const { h, tokenId } = await withToken();
    const before = h.simulator.requests.length;
    const first = h.sync.sync(tokenId);
    const second = h.sync.sync(tokenId);
    expect(second).toBe(first);
    expect(h.sync.state(tokenId).status).toBe('in-progress');
    await h.settle(first);
    expect(requestsFor(h, 'assets', before)).toBe(1);
  });

  it('keeps the sync state: failed with the reason, then completed with the last success', async () => {
    const { h, tokenId } = await withToken();
    const firstSuccess = h.sync.state(tokenId).lastSuccessAt;
    h.simulator.injectFault({ kind: 'token-expired' }, { path: 'assets' });
    await expect(h.settle(h.sync.sync(tokenId))).rejects.toThrow(/9621/);
    expect(h.sync.state(tokenId)).toMatchObject({ status: 'failed', reason: 'Apple error 9621: Token expired', lastSuccessAt: firstSuccess });
    const failedRest = await h.route('GET', '/tokens/:id/sync', { params: { id: tokenId } });
    expect(failedRest.body).toMatchObject({ status: 'failed', reason: 'Apple error 9621: Token expired' });
    // A token that works again (checked at the start of every sync) is healthy again.
    await h.settle(h.sync.sync(tokenId));
    expect(h.sync.state(tokenId)).toMatchObject({ status: 'completed' });
    expect(h.sync.state(tokenId).lastSuccessAt! > firstSuccess!).toBe(true);
    expect(h.tokens.get(tokenId)!.health.state).toBe('valid');
  });

  it('reports progress as events and as CLI progress, and the CLI result has the counts', async () => {
    const { h, tokenId } = await withToken();
    const events: SyncEvent[] = [];
    listen(h.sync.onDidSyncToken, (event) => events.push(event));
    const progress: CommandProgress[] = [];
    const result = await h.command('sync', {}, { token: 'Head office' }, progress);
    expect(events.map((e) => e.phase)).toEqual(['started', ...progress.map(() => 'progress'), 'completed']);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)!.total });
    expect(progress[0]!.label).toMatch(/^Head office: /);
    expect(result.table?.rows).toEqual([['Head office', 'Head Office', 'completed', 'incremental', 3, 17, 2, 15, 2, 2, 0]]);
    expect(events.at(-1)).toMatchObject({ tokenId, phase: 'completed' });
    expect(result.text).toBe('1 of 1 location(s) synced.');
    const messages = h.container.get<Messages>(Messages);
    expect([messages.say(result.said!, 'nl'), messages.say(result.said!, 'fr')]).toEqual(['Gesynchroniseerde locaties: 1 van 1.', 'Sites synchronisés : 1 sur 1.']);
    // The CLI shows each step in the reader's language; the label stays English.
    const step = progress.find((p) => p.label!.includes('Read changed users'))!;
    expect(step.label).toMatch(/^Head office: Read changed users, page 1 of \d+$/);
    expect(messages.say(step.said!, 'nl')).toMatch(/^Head office: Gelezen: gewijzigde gebruikers, pagina 1 van \d+$/);
    expect(messages.say(step.said!, 'fr')).toMatch(/^Head office : Lu : utilisateurs modifiés, page 1 sur \d+$/);
    expect(messages.say(progress[0]!.said!, 'nl')).toBe('Head office: Token bij Apple gecontroleerd');
  });

  it('syncs each token on its schedule, twice a day by default', async () => {
    const { h, tokenId } = await withToken();
    const before = h.simulator.requests.length;
    await h.clock.advance(11 * 3600_000);
    expect(requestsFor(h, 'assets', before)).toBe(0);
    await h.clock.advance(1 * 3600_000 + 1000);
    await vi.waitFor(() => expect(h.sync.state(tokenId).status).toBe('completed'));
    expect(requestsFor(h, 'assets', before)).toBe(1);
  });

  it('keeps what Apple holds that the product did not create as untracked, until tracked', async () => {
    const { h, tokenId } = await withToken();
    const untracked = await h.route('GET', '/untracked', { query: { tokenId: 'Head office' } });
    expect(untracked.body).toMatchObject({ assignments: [{}, {}], users: [{ clientUserId: 'u1' }, { clientUserId: 'u2' }] });
    await h.holdings.track(tokenId, [
      { kind: 'user', clientUserId: 'u1' },
      { kind: 'assignment', adamId: '100', pricingParam: 'STDQ', clientUserId: 'u1' },
    ]);
    const left = h.catalog.untracked(tokenId);
    expect(left.users.map((u) => u.clientUserId)).toEqual(['u2']);
    expect(left.assignments.map((a) => a.serialNumber)).toEqual(['SER-1']);
    expect(h.holdings.isTracked(tokenId, { kind: 'user', clientUserId: 'u1' })).toBe(true);
  });

  it('lists synced assets over REST, filtered and paged', async () => {
    const { h, tokenId } = await withToken();
    const books = await h.route('GET', '/assets', { query: { tokenId, productType: 'Book' } });
    expect(books.body).toMatchObject({ total: 1, items: [{ adamId: '900', productType: 'Book', totalCount: 5, availableCount: 5 }] });
    const paged = await h.route('GET', '/assets', { query: { search: '0', offset: '1', limit: '1' } });
    expect(paged.body).toMatchObject({ total: 3, items: [{ adamId: '200' }] });
  });

  it('announces a user whom a sync first shows Associated', async () => {
    const { h, tokenId } = await withToken();
    const associations: UserAssociation[] = [];
    listen(h.notifications.onDidAssociateUser, (a) => associations.push(a));
    const inviteCode = h.catalog.user(tokenId, 'u2')!.inviteCode!;
    h.simulator.acceptInvitation(SMALL_LOCATION.uId, 'u2');
    await h.settle(h.sync.sync(tokenId));
    expect(associations).toEqual([expect.objectContaining({ tokenId, clientUserId: 'u2', email: 'u2@example.com', inviteCode, idHash: expect.any(String) })]);
  });
});
