/**
 * Every member of a contract interface, named once. The compiler refuses a list that misses a member or names one
 * the contract lacks, so a facade built from it cannot drift from the interface.
 */
export type ContractMembers<T> = { readonly [K in keyof T]-?: true };

/**
 * A frozen object with exactly the contract's members, bound to the implementation: what a plugin exports in place
 * of the implementation itself, so a dependent plugin reaches neither its private fields nor methods outside the
 * contract. Methods are bound once; other members (the `onDidX` events) are read from the implementation.
 */
export function contractFacade<T extends object>(implementation: T, members: ContractMembers<T>): T {
  return liveContractFacade(() => implementation, members);
}

/**
 * A contract facade over whatever `current` returns at each use: for an implementation that must be brought up to
 * date before it answers (a standby's, once the active host changed its records), or that is made anew while the
 * plugin runs.
 */
export function liveContractFacade<T extends object>(current: () => T, members: ContractMembers<T>): T {
  const facade: Record<PropertyKey, unknown> = {};
  const implementation = current();
  for (const name of Reflect.ownKeys(members)) {
    if (typeof Reflect.get(implementation, name) === 'function') {
      facade[name] = (...args: unknown[]): unknown => {
        const now = current();
        return Reflect.apply(Reflect.get(now, name) as (...args: unknown[]) => unknown, now, args);
      };
    } else {
      Object.defineProperty(facade, name, { enumerable: true, get: () => Reflect.get(current(), name) });
    }
  }
  return Object.freeze(facade) as T;
}
