import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppleHandlers } from '../simulator/handlers.js';
import { createContractFixture, TEST_LOCATION, type ContractFixture } from '../simulator/testing/contract-fixture.js';
import { WalkUnstableError } from './errors.js';
import type { Assignment } from '../../api/apple-wire.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ASSIGNMENTS = 2_350;

function setup(): ContractFixture {
  const assignments: Assignment[] = Array.from({ length: ASSIGNMENTS }, (_, i) => ({
    adamId: '100',
    pricingParam: 'STDQ',
    serialNumber: `SN${String(i).padStart(5, '0')}`,
  }));
  const fixture = createContractFixture({
    simulator: { pageSizes: { assignments: 100, users: 2 } },
    location: { ...TEST_LOCATION, assignments },
  });
  server.use(...createAppleHandlers(fixture.simulator));
  return fixture;
}

/** A fetch that records how many requests were in flight at once. */
function concurrencyProbe() {
  let inFlight = 0;
  const probe = {
    max: 0,
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      probe.max = Math.max(probe.max, ++inFlight);
      try {
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    }) as typeof fetch,
  };
  return probe;
}

describe('page walks', () => {
  it('walks every page by nextPageIndex, at most 5 in parallel, and returns page 0 versionId', async () => {
    const f = setup();
    const probe = concurrencyProbe();
    const seen = new Set<string>();
    const pageIndexes: number[] = [];
    const result = await f.client({ fetch: probe.fetch }).walkAssignments({
      onPage: (page) => {
        pageIndexes.push(page.pageIndex);
        for (const a of page.items) seen.add(a.serialNumber!);
      },
    });
    expect(result).toEqual({ versionId: f.simulator.location(f.uId).versionId, pages: 24, items: ASSIGNMENTS, restarts: 0 });
    expect(seen.size).toBe(ASSIGNMENTS);
    expect(pageIndexes.sort((a, b) => a - b)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(probe.max).toBe(5);
  });

  it('the last page has no nextPageIndex', async () => {
    const f = setup();
    const last = await f.client().getAssignments({ pageIndex: 23 });
    expect(last).toMatchObject({ currentPageIndex: 23, totalPages: 24, size: 50 });
    expect(last.nextPageIndex).toBeUndefined();
    expect((await f.client().getAssignments({ pageIndex: 22 })).nextPageIndex).toBe(23);
  });

  it('restarts the walk when versionId changes mid-walk, and reports the restart', async () => {
    const f = setup();
    let wrote = false;
    const restarts: string[] = [];
    let delivered = 0;
    const result = await f.client().walkAssignments({
      onPage: (page) => {
        delivered += page.items.length;
        if (!wrote && page.pageIndex === 3) {
          wrote = true;
          f.simulator.addLicenses(f.uId, '200', 5);
          f.simulator.acceptInvitation(f.uId, 'u3');
        }
      },
      onRestart: ({ toVersionId }) => {
        restarts.push(toVersionId);
        delivered = 0;
      },
    });
    const current = f.simulator.location(f.uId).versionId;
    expect(result.restarts).toBe(1);
    expect(restarts).toEqual([current]);
    expect(result.versionId).toBe(current);
    expect(delivered).toBe(ASSIGNMENTS);
  });

  it('gives up with WalkUnstableError when the data keeps changing', async () => {
    const f = setup();
    const walk = f.client({ maxWalkRestarts: 2 }).walkUsers({
      onPage: () => {
        f.simulator.location(f.uId).bumpVersion();
      },
    });
    await expect(walk).rejects.toBeInstanceOf(WalkUnstableError);
  });

  it('an incremental walk with sinceVersionId returns only the changes, and an empty delta still gives a versionId', async () => {
    const f = setup();
    const client = f.client();
    const full = await client.walkAssignments({ onPage: () => {} });
    f.simulator.addLicenses(f.uId, '100', 3);
    const sent = await client.associate([{ adamId: '100', pricingParam: 'STDQ' }], { clientUserIds: ['u1', 'u2'], serialNumbers: ['NEW-1'] });
    expect((await client.waitForEvents(sent)).succeeded).toBe(true);
    const delta: Assignment[] = [];
    const next = await client.walkAssignments({ sinceVersionId: full.versionId, onPage: (p) => void delta.push(...p.items) });
    expect(delta.map((a) => a.clientUserId ?? a.serialNumber).sort()).toEqual(['NEW-1', 'u1', 'u2']);
    expect(next.versionId).not.toBe(full.versionId);

    const empty = await client.walkAssignments({ sinceVersionId: next.versionId, onPage: (p) => expect(p.items).toEqual([]) });
    expect(empty).toMatchObject({ versionId: next.versionId, items: 0 });

    const usersBefore = await client.walkUsers({ onPage: () => {} });
    expect(usersBefore.pages).toBe(2);
    f.simulator.acceptInvitation(f.uId, 'u3');
    const changedUsers: string[] = [];
    await client.walkUsers({ sinceVersionId: usersBefore.versionId, onPage: (p) => void changedUsers.push(...p.items.map((u) => u.clientUserId)) });
    expect(changedUsers).toEqual(['u3']);
  });

  it('walks assets with filters', async () => {
    const f = setup();
    const books: string[] = [];
    await f.client().walkAssets({ filter: { productType: 'Book' }, onPage: (p) => void books.push(...p.items.map((a) => a.adamId)) });
    expect(books).toEqual(['900']);
  });
});
