import { describe, expect, it } from 'vitest';
import {
  APPLE_CLIENT_MEMBERS,
  APPLE_NOTIFICATIONS_MEMBERS,
  CATALOG_READER_MEMBERS,
  DISTRIBUTION_MEMBERS,
  HOLDINGS_REGISTRY_MEMBERS,
  INVITATIONS_MEMBERS,
  SYNC_SERVICE_MEMBERS,
  TOKEN_SERVICE_MEMBERS,
} from '../src/contract-members.js';
import { contractSeenByDependent, DEPENDENT_PLUGIN } from './dependent-plugin.js';
import { ADMIN, useHarness } from './harness.js';

const start = useHarness();

/** Names that only the implementations have: their stores, caches, emitters and helpers. */
const INTERNALS = ['store', 'storage', 'data', 'clients', 'guarded', 'health', 'tokenChanges', 'transport', 'limiter', 'events', 'constructor', 'dispose'];

function expectOnly(service: object, members: object): void {
  expect(Object.keys(service).sort()).toEqual(Object.keys(members).sort());
  expect(Object.isFrozen(service)).toBe(true);
  expect(Object.getPrototypeOf(service)).toBe(Object.prototype);
  for (const name of INTERNALS) if (!(name in members)) expect(name in service, name).toBe(false);
}

describe("vpp-apple's exports as a dependent plugin gets them", () => {
  it("are facades with exactly the contract's members and nothing of the implementation", async () => {
    const h = await start({ dependents: [DEPENDENT_PLUGIN] });
    const seen = contractSeenByDependent();
    expectOnly(seen.tokens, TOKEN_SERVICE_MEMBERS);
    expectOnly(seen.sync, SYNC_SERVICE_MEMBERS);
    expectOnly(seen.catalog, CATALOG_READER_MEMBERS);
    expectOnly(seen.holdings, HOLDINGS_REGISTRY_MEMBERS);
    expectOnly(seen.notifications, APPLE_NOTIFICATIONS_MEMBERS);
    expectOnly(seen.distribution, DISTRIBUTION_MEMBERS);
    expectOnly(seen.invitations, INVITATIONS_MEMBERS);

    const token = await seen.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN);
    expect(seen.tokens.list().map((t) => t.id)).toEqual([token.id]);
    // The Apple client holds the sToken in its transport: a dependent gets the contract's methods only.
    expectOnly(seen.tokens.clientFor(token.id), APPLE_CLIENT_MEMBERS);
    expect(JSON.stringify(seen.tokens.clientFor(token.id))).not.toContain(h.handles[0]!.sToken);
  });
});
