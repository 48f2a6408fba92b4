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
  const facade: Record<PropertyKey, unknown> = {};
  for (const name of Reflect.ownKeys(members)) {
    const member: unknown = Reflect.get(implementation, name);
    if (typeof member === 'function') {
      facade[name] = (member as (...args: unknown[]) => unknown).bind(implementation);
    } else {
      Object.defineProperty(facade, name, { enumerable: true, get: () => Reflect.get(implementation, name) });
    }
  }
  return Object.freeze(facade) as T;
}
