import { describe, expect, it } from 'vitest';
import { AssetPool } from './allocator.js';
import { OrderedQueue } from './ordered-queue.js';
import type { LicenseRecord } from './model.js';

const license = (holderId: string): LicenseRecord => ({
  id: `lic-${holderId}`,
  tokenId: 't',
  adamId: '1',
  pricingParam: 'STDQ',
  holderKind: 'user',
  holderId,
  appleHolderId: holderId,
  assignmentId: 'a',
  orderAt: '2026-01-01T00:00:00Z',
  state: 'requested',
  requestedAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('first-come-first-served queue', () => {
  it('orders by time with the key as a stable tiebreak, whatever the insertion order', () => {
    const queue = new OrderedQueue();
    queue.add({ key: 'user:c', at: '2026-01-03' });
    queue.add({ key: 'user:a', at: '2026-01-01' });
    queue.addMany(Array.from({ length: 100 }, (_, i) => ({ key: `user:z${String(i).padStart(3, '0')}`, at: '2026-01-02' })));
    queue.add({ key: 'user:b', at: '2026-01-02' });
    const order = [...queue.ordered()].map((e) => e.key);
    expect(order[0]).toBe('user:a');
    expect(order[1]).toBe('user:b');
    expect(order.at(-1)).toBe('user:c');
    expect(queue.position('user:c')).toBe(103);
  });

  it('keeps the earlier place when a holder is added twice, and forgets removed holders', () => {
    const queue = new OrderedQueue();
    queue.add({ key: 'x', at: '2026-01-05' });
    queue.add({ key: 'y', at: '2026-01-02' });
    queue.add({ key: 'x', at: '2026-01-01' });
    queue.add({ key: 'x', at: '2026-01-09' });
    expect([...queue.ordered()].map((e) => e.key)).toEqual(['x', 'y']);
    expect(queue.remove('x')).toBe(true);
    expect(queue.take(5).map((e) => e.key)).toEqual(['y']);
    expect(queue.size).toBe(0);
  });

  it('takes from the front in order across many removals', () => {
    const queue = new OrderedQueue();
    queue.addMany(Array.from({ length: 5000 }, (_, i) => ({ key: `k${i}`, at: String(100000 + i) })));
    for (let i = 0; i < 5000; i += 2) queue.remove(`k${i}`);
    expect(queue.take(3).map((e) => e.key)).toEqual(['k1', 'k3', 'k5']);
    expect(queue.size).toBe(2497);
  });
});

describe('asset pool', () => {
  it('never offers more than Apple total minus foreign minus held', () => {
    const pool = new AssetPool({ tokenId: 't', adamId: '1', pricingParam: 'STDQ' });
    pool.observe({ totalCount: 5, assignedCount: 2 }, 0);
    expect(pool.available).toBe(3);
    for (const id of ['a', 'b', 'c', 'd']) pool.queue.add({ key: `user:${id}`, at: id });
    expect(pool.takeServable().map((e) => e.key)).toEqual(['user:a', 'user:b', 'user:c']);
    pool.held.set('user:a', license('a'));
    pool.held.set('user:b', license('b'));
    pool.held.set('user:c', license('c'));
    expect(pool.available).toBe(0);
    expect(pool.takeServable()).toEqual([]);
    pool.observe({ totalCount: 4, assignedCount: 2 }, 0);
    expect(pool.overAllocated).toBe(1);
  });

  it("counts Apple's assignments that its own licenses explain as ours, never foreign, requested or not", () => {
    const pool = new AssetPool({ tokenId: 't', adamId: '1', pricingParam: 'STDQ' });
    pool.held.set('user:a', license('a'));
    // Apple counts one assignment and it is a's (still requested in the ledger): nothing is foreign.
    pool.observe({ totalCount: 3, assignedCount: 1 }, 1);
    expect(pool.counts()).toMatchObject({ foreign: 0, held: 1, available: 2 });
    // The same count when Apple's assignment is someone else's.
    pool.observe({ totalCount: 3, assignedCount: 1 }, 0);
    expect(pool.counts()).toMatchObject({ foreign: 1, available: 1 });
  });

  it('a recount against the same count only ever lowers foreign', () => {
    const pool = new AssetPool({ tokenId: 't', adamId: '1', pricingParam: 'STDQ' });
    pool.held.set('user:a', license('a'));
    pool.observe({ totalCount: 3, assignedCount: 1 }, 0);
    pool.recount(1);
    expect(pool.foreign).toBe(0);
    pool.recount(0);
    expect(pool.foreign).toBe(0);
  });

  it('stays exhausted after Apple refused a license, even when its held licenses are confirmed', () => {
    const pool = new AssetPool({ tokenId: 't', adamId: '1', pricingParam: 'STDQ' });
    pool.held.set('user:a', license('a'));
    pool.observe({ totalCount: 3, assignedCount: 1 }, 0);
    expect(pool.available).toBe(1);
    pool.markExhausted();
    expect(pool.available).toBe(0);
    pool.recount(1);
    expect(pool.available).toBe(0);
  });
});
