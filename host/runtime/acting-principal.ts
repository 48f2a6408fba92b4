import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActingPrincipal, Principal } from '../api/actor.js';

const acting = new AsyncLocalStorage<Principal>();

/** Runs `work` (a request's handler, a command) on behalf of `principal`, for everything it awaits or schedules. */
export function actAs<T>(principal: Principal | undefined, work: () => T): T {
  return principal === undefined ? work() : acting.run(principal, work);
}

export const actingPrincipal: ActingPrincipal = {
  current: () => acting.getStore(),
};
