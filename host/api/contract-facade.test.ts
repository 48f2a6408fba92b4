import { describe, expect, it } from 'vitest';
import { contractFacade, type ContractMembers } from './contract-facade.js';
import { Emitter, type Event } from './event.js';

interface Counter {
  increment(by: number): number;
  readonly onDidIncrement: Event<number>;
}
const COUNTER: ContractMembers<Counter> = { increment: true, onDidIncrement: true };

class CounterImpl implements Counter {
  private readonly changes = new Emitter<number>();
  readonly onDidIncrement = this.changes.event;
  private total = 0;
  readonly storage = new Map<string, number>();
  increment(by: number): number {
    this.total += by;
    this.changes.fire(this.total);
    return this.total;
  }
  resetForTests(): void {
    this.total = 0;
  }
}

describe('contractFacade', () => {
  it("has exactly the contract's members, frozen, and no way back to the implementation's fields", () => {
    const facade = contractFacade<Counter>(new CounterImpl(), COUNTER);
    expect(Object.keys(facade).sort()).toEqual(['increment', 'onDidIncrement']);
    expect(Object.isFrozen(facade)).toBe(true);
    for (const hidden of ['storage', 'total', 'changes', 'resetForTests']) expect(hidden in facade).toBe(false);
  });

  it("calls through to the implementation and forwards its events", () => {
    const facade = contractFacade<Counter>(new CounterImpl(), COUNTER);
    const seen: number[] = [];
    const subscription = facade.onDidIncrement.subscribe((total) => seen.push(total));
    const { increment } = facade;
    expect(increment(2)).toBe(2);
    expect(facade.increment(3)).toBe(5);
    subscription.unsubscribe();
    expect(seen).toEqual([2, 5]);
  });
});
