import { describe, expect, it } from 'vitest';
import { AssetPool } from './allocator.js';
import type { Waiting } from './license-desk.js';
import { pickInPriority, type PriorityPlan } from './priority-serving.js';

const pool = (tokenId: string, total: number): AssetPool => Object.assign(new AssetPool({ tokenId, adamId: '1', pricingParam: 'STDQ' }), { total });
const waiting = (id: string, at: string, assignmentId: string): Waiting => ({ key: `device:${id}`, at, holderKind: 'device', holderId: id, appleHolderId: `SER-${id}`, assignmentId });

/** Holders of assignment `ordered` may take A's, then B's licenses; any other waits for its own queue's pool. */
function plan(pools: readonly AssetPool[], order: readonly AssetPool[]): PriorityPlan {
  return {
    pools,
    sourceFor: (entry, queue, hasRoom) => {
      const candidates = entry.assignmentId === 'ordered' ? order : [queue];
      const source = candidates.find(hasRoom);
      return source && { pool: source, appleHolderId: entry.appleHolderId };
    },
  };
}

describe('serving linked locations in priority order', () => {
  it('merges the queues first come first served: an earlier holder of the next location is served before a later holder falling back to it', () => {
    const a = pool('A', 1);
    const b = pool('B', 1);
    a.queue.addMany([waiting('a1', '2026-01-01', 'ordered'), waiting('a2', '2026-01-03', 'ordered')]);
    b.queue.add(waiting('b1', '2026-01-02', 'own-b'));
    const { picks } = pickInPriority(plan([a, b], [a, b]), () => undefined);
    expect(picks.map((p) => [p.entry.holderId, p.source.pool.ref.tokenId])).toEqual([
      ['a1', 'A'],
      ['b1', 'B'],
    ]);
  });

  it('falls back only when the first location is exhausted, keeps a holder its quota turns away in line, and drops a holder already licensed at one of the pools', () => {
    const a = pool('A', 1);
    const b = pool('B', 2);
    b.held.set('device:a3', { id: 'lic-1' } as never);
    a.queue.addMany([waiting('a1', '2026-01-01', 'ordered'), waiting('a2', '2026-01-02', 'ordered'), waiting('a3', '2026-01-03', 'ordered'), waiting('a4', '2026-01-04', 'ordered')]);
    const { picks, stale } = pickInPriority(plan([a, b], [a, b]), () => (entry) => entry.holderId !== 'a2');
    expect(picks.map((p) => [p.entry.holderId, p.source.pool.ref.tokenId])).toEqual([
      ['a1', 'A'],
      ['a4', 'B'],
    ]);
    expect(stale.map((s) => s.key)).toEqual(['device:a3']);
  });
});
