// First come, first served when Apple reports a license before the status poll confirms it: the license is the
// product's own, never foreign, so the next holder is served at once, with no sync in between and never one too many.
import { afterEach, describe, expect, it } from 'vitest';
import { InstantClock } from '../simulator/testing/instant-clock.js';
import { ADMIN, createHarness, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const APP = `vpp:${TOKEN_ID}:400:STDQ`;
const REF = { tokenId: TOKEN_ID, adamId: '400', pricingParam: 'STDQ' as const };
const USERS = ['u1', 'u2', 'u3'];

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

/**
 * Two licenses; u1, u2, u3 registered at Apple and in one group. Apple's events wait for `processEvents()` and the
 * status poll waits for the clock, so the test decides which Apple answer the product hears first.
 */
async function harness(): Promise<Harness> {
  h = await createHarness({
    assets: [{ adamId: '400', productType: 'App', totalCount: 2 }],
    clock: new InstantClock(new Date('2026-03-01T09:00:00Z'), false),
    holdAppleEvents: true,
    appleUsers: USERS,
  });
  await h.inventory.import(
    { users: USERS.map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })), userGroups: [{ id: 'staff', name: 'Staff', members: USERS }] },
    ADMIN,
  );
  watchForOverAllocation(h);
  return h;
}

const violations: string[] = [];
afterEach(() => {
  expect(violations).toEqual([]);
  violations.length = 0;
});

/** After every license change, the product may never count more licenses than Apple has. */
function watchForOverAllocation(h: Harness): void {
  const check = () => {
    const counts = h.service.countsOf(REF);
    if (counts.held + counts.foreign > counts.total) violations.push(JSON.stringify(counts));
  };
  h.service.onDidChangeLicenses.subscribe(check);
  h.sync.onDidChangeAssetCount.subscribe(() => queueMicrotask(check));
}

async function accept(h: Harness, userId: string, at: string): Promise<void> {
  await h.enrolments.recordAcceptances([{ tokenId: TOKEN_ID, userId, clientUserId: userId, acceptedAt: at }]);
}

const stateOf = (h: Harness, holder: string) => h.service.licenses({ item: APP, holder }).items[0]?.state;

/** Apple carries out what it was sent (the product has not heard back yet); resolves once Apple holds `userId`. */
async function appleProcesses(h: Harness, userId: string): Promise<void> {
  const apple = h.simulator.location(h.uId);
  await waitFor(() => {
    h.simulator.processEvents();
    return apple.holds(REF, { clientUserId: userId });
  });
}

/** Lets Apple and the status poll answer until nothing is left to send. */
async function settleWithApple(h: Harness): Promise<void> {
  let settled = false;
  const done = h.service.whenSettled().then(() => (settled = true));
  while (!settled) {
    h.simulator.processEvents();
    h.clock.advance(1000);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await done;
}

describe('counting licenses Apple reports before the status poll confirms them', () => {
  it("serves the next holder at once when Apple's notification lands before the confirmation", async () => {
    const h = await harness();
    await accept(h, 'u1', '2026-02-01T00:00:00.000Z');
    const summary = await h.service.assign({ item: APP, target: { kind: 'user-group', id: 'staff' } }, ADMIN);
    expect(summary).toMatchObject({ licensed: 1, awaitingEnrolment: 2 });

    // Apple associates u1 and its ASSET_MANAGEMENT notification arrives; the status poll has not answered yet.
    await appleProcesses(h, 'u1');
    h.sync.notify();
    expect(stateOf(h, 'u1')).toBe('requested');
    expect(h.service.countsOf(REF)).toMatchObject({ total: 2, held: 1, foreign: 0, available: 1 });

    // u2 accepts: the second license is hers at once, with no sync and before u1's confirmation.
    await accept(h, 'u2', '2026-02-02T00:00:00.000Z');
    expect(stateOf(h, 'u2')).toBe('requested');
    expect(stateOf(h, 'u1')).toBe('requested');

    await settleWithApple(h);
    h.sync.notify();
    expect(stateOf(h, 'u1')).toBe('confirmed');
    expect(stateOf(h, 'u2')).toBe('confirmed');
    expect(h.service.countsOf(REF)).toMatchObject({ total: 2, held: 2, foreign: 0, available: 0 });

    // u3 accepts with no license left: she waits, and nobody is refused by Apple.
    await accept(h, 'u3', '2026-02-03T00:00:00.000Z');
    await settleWithApple(h);
    expect(stateOf(h, 'u3')).toBeUndefined();
    expect(h.service.queue(APP).waiting.map((w) => w.holder)).toEqual(['user:u3']);
    expect(h.service.licenses({ item: APP, state: 'failed' }).total).toBe(0);
    expect(ledgerInvariants(h, '400')).toMatchObject({ held: 2, total: 2, duplicates: 0 });
    expect(h.simulator.location(h.uId).findAsset('400')!.assignedCount).toBe(2);
  });

  it('takes back a license it counted as foreign once the status poll confirms it is ours, and serves the next holder', async () => {
    const h = await harness();
    await accept(h, 'u1', '2026-02-01T00:00:00.000Z');
    await h.service.assign({ item: APP, target: { kind: 'user', id: 'u1' } }, ADMIN);
    await appleProcesses(h, 'u1');

    // A sync reads Apple's counts before its assignments: u1's license is counted but not yet known to be ours.
    h.sync.syncCounts();
    expect(h.service.countsOf(REF)).toMatchObject({ held: 1, foreign: 1, available: 0 });
    await accept(h, 'u2', '2026-02-02T00:00:00.000Z');
    const second = await h.service.assign({ item: APP, target: { kind: 'user', id: 'u2' } }, ADMIN);
    expect(second).toMatchObject({ licensed: 0, queued: 1 });

    // The sync reads the assignments (that announces nothing); then the status poll confirms u1.
    h.sync.syncAssignments();
    h.clock.advance(1000);
    await waitFor(() => stateOf(h, 'u1') === 'confirmed');
    expect(stateOf(h, 'u2')).toBe('requested');
    expect(h.service.countsOf(REF)).toMatchObject({ held: 2, foreign: 0, available: 0 });

    await settleWithApple(h);
    expect(stateOf(h, 'u2')).toBe('confirmed');
    expect(h.service.licenses({ item: APP, state: 'failed' }).total).toBe(0);
    expect(ledgerInvariants(h, '400')).toMatchObject({ held: 2, total: 2, duplicates: 0 });
  });

  it('never takes a license the poll confirmed for one Apple has not counted yet (no over-allocation)', async () => {
    const h = await harness();
    // A license someone else holds at Apple, known from the last sync.
    const apple = h.simulator.location(h.uId);
    apple.assign(apple.findAsset('400')!, { serialNumber: 'C02FOREIGN' }, apple.bumpVersion());
    h.sync.sync();
    expect(h.service.countsOf(REF)).toMatchObject({ total: 2, foreign: 1, available: 1 });

    await accept(h, 'u1', '2026-02-01T00:00:00.000Z');
    await accept(h, 'u2', '2026-02-02T00:00:00.000Z');
    await h.service.assign({ item: APP, target: { kind: 'user-group', id: 'staff' } }, ADMIN);
    // The poll confirms u1 before any notification: Apple's known count does not include it yet.
    await settleWithApple(h);
    expect(stateOf(h, 'u1')).toBe('confirmed');
    expect(h.service.countsOf(REF)).toMatchObject({ held: 1, foreign: 1, available: 0 });
    expect(stateOf(h, 'u2')).toBeUndefined();
    expect(h.service.licenses({ item: APP, state: 'failed' }).total).toBe(0);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
