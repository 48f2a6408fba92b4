import { describe, expect, it } from 'vitest';
import { OrderedQueue, type QueueEntry } from './ordered-queue.js';

const at = (minute: number): string => `2026-03-02T09:${String(minute).padStart(2, '0')}:00.000Z`;
const entry = (key: string, minute: number): QueueEntry => ({ key, at: at(minute) });

describe('OrderedQueue changes since the last drain', () => {
  it('names who joined with their place and who was taken, not counting who joined and left in between', () => {
    const queue = new OrderedQueue();
    queue.addMany([entry('a', 1), entry('b', 2), entry('c', 3)]);
    queue.drainChanges();

    queue.add(entry('late', 9));
    queue.add(entry('early', 0));
    queue.add(entry('gone', 5));
    queue.remove('gone');
    queue.add(entry('passing', -1));
    expect(queue.take(2).map((e) => e.key)).toEqual(['passing', 'early']);

    const moves = queue.drainChanges();
    expect(moves.joined.map(({ entry: e, position }) => [e.key, position])).toEqual([['late', 4]]);
    expect([...moves.taken.keys()]).toEqual([]);

    expect(queue.take(1).map((e) => e.key)).toEqual(['a']);
    const next = queue.drainChanges();
    expect(next.joined).toEqual([]);
    expect([...next.taken.entries()]).toEqual([['a', entry('a', 1)]]);
    expect(queue.drainChanges()).toEqual({ joined: [], taken: new Map() });
  });

  it('places a newcomer in the middle by a pass over the queue, and one at the end by the queue size', () => {
    const queue = new OrderedQueue();
    queue.addMany(Array.from({ length: 100 }, (_, i) => entry(`h${String(i).padStart(3, '0')}`, i % 60)));
    queue.drainChanges();
    queue.add(entry('middle', 30));
    queue.add(entry('end', 59));
    const { joined } = queue.drainChanges();
    expect(joined.map(({ entry: e, position }) => [e.key, position, queue.position(e.key)])).toEqual([
      ['middle', queue.position('middle'), queue.position('middle')],
      ['end', queue.position('end'), queue.position('end')],
    ]);
    queue.add(entry('last', 59));
    expect(queue.drainChanges().joined).toEqual([{ entry: entry('last', 59), position: queue.size }]);
  });
});

describe('OrderedQueue passing holders over', () => {
  it('takes past the holders turned away, who keep their place at the front', () => {
    const queue = new OrderedQueue();
    queue.addMany([entry('a', 1), entry('b', 2), entry('c', 3), entry('d', 4)]);
    queue.take(1, () => true);
    expect(queue.take(1, (e) => e.key !== 'b').map((e) => e.key)).toEqual(['c']);
    expect([...queue.ordered()].map((e) => e.key)).toEqual(['b', 'd']);
    expect(queue.position('b')).toBe(1);
    expect(queue.take(5).map((e) => e.key)).toEqual(['b', 'd']);
    expect(queue.size).toBe(0);
  });
});
