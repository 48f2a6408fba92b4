import type { AppleVppClient } from '../client/index.js';

export interface ClientGuard {
  /** Throws when nothing may be written to Apple for the token now. */
  assertWritable(): void;
  /** Sees every failure of every call, to update the token's health. */
  observe(error: unknown): void;
}

/**
 * The client's methods that change anything at Apple: the one-request writes and the batch helpers, which are
 * refused before they read Apple's limits, so not even that read leaves for an unhealthy token.
 */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  'setClientConfig',
  'claimLocation',
  'postAssociate',
  'postDisassociate',
  'postRevoke',
  'postCreateUsers',
  'postUpdateUsers',
  'postRetireUsers',
  'associate',
  'disassociate',
  'revoke',
  'createUsers',
  'updateUsers',
  'retireUsers',
]);

/**
 * The one gate between the product and Apple: the returned client refuses writes while `guard` says no, and
 * reports every failed call. Calls the client makes on itself (batch helpers, page walks) pass the gate too,
 * because they run with the guarded client as `this`.
 */
export function guardClient(client: AppleVppClient, guard: ClientGuard): AppleVppClient {
  const wrapped = new Map<PropertyKey, unknown>();
  const proxy: AppleVppClient = new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || property === 'constructor') return value;
      const cached = wrapped.get(property);
      if (cached) return cached;
      const method = value as (...args: unknown[]) => unknown;
      const name = String(property);
      const guarded = function (...args: unknown[]): unknown {
        if (WRITE_METHODS.has(name)) {
          try {
            guard.assertWritable();
          } catch (refusal) {
            return Promise.reject(refusal);
          }
        }
        let result: unknown;
        try {
          result = method.apply(proxy, args);
        } catch (error) {
          guard.observe(error);
          throw error;
        }
        if (result instanceof Promise) {
          return result.catch((error: unknown) => {
            guard.observe(error);
            throw error;
          });
        }
        return result;
      };
      wrapped.set(property, guarded);
      return guarded;
    },
  });
  return proxy;
}
