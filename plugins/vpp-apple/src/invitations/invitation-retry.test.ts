// A batch Apple cannot take for now (503 on users/create) is tried again with backoff until it is done: whether it
// was resumed at start or just asked for, the invitations go out once Apple recovers, without a restart.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Inventory } from '@vpp-host/api';
import { MailApi } from '@vpp-host/plugins/mail/api';
import { ManualClock } from '../../../../host/runtime/clock.js';
import { FileStorageEngine } from '../../../../host/storage/index.js';
import { Invitations } from '../../api/index.js';
import { ADMIN, startHarness, type StartedHarness } from '../../test/harness.js';
import type { LocationSpec } from '../simulator/index.js';
import type { InvitationBatch } from './invitation-store.js';
import { people } from './testing/invitation-world.js';

const LOCATION: LocationSpec = { uId: '2049025000431439', locationName: 'Head Office', orgName: 'Contoso Ltd', assets: [{ adamId: '100', productType: 'App', totalCount: 2 }] };
const USERS = 5;
const UNAVAILABLE_CREATE = [{ kind: 'unavailable' }, { path: 'users/create', times: 10_000 }] as const;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
let dataDir = '';
const hosts: StartedHarness[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.stop();
  server.resetHandlers();
  await rm(dataDir, { recursive: true, force: true });
});

async function start(clock: ManualClock, apple?: StartedHarness['simulator']): Promise<StartedHarness> {
  server.resetHandlers();
  const h = await startHarness({ server, dataDir, clock, locations: [LOCATION], ...(apple ? { apple } : {}) });
  hosts.push(h);
  return h;
}

/** A host with the location's token synced and the staff group imported. */
async function organisation(clock: ManualClock): Promise<{ h: StartedHarness; tokenId: string }> {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-invite-retry-'));
  const h = await start(clock);
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  await h.container.get<Inventory>(Inventory).import(people(USERS), ADMIN);
  return { h, tokenId: token.id };
}

const queued = (h: StartedHarness) => h.host.plugins.containerOf('mail')!.get<MailApi>(MailApi).list({ limit: 100 }).total;

/** Moves the clock a minute at a time (Apple's retries and the batch's backoff wait on it) for at most `minutes`. */
async function passMinutes(clock: ManualClock, minutes: number, until: () => boolean = () => false): Promise<void> {
  for (let i = 0; i < minutes * 6 && !until(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    await clock.advance(10_000);
  }
}

describe('an invitation batch Apple cannot take for now', () => {
  it('resumed at start while users/create answers 503, is mailed once Apple recovers, without another restart', async () => {
    const clock = new ManualClock('2026-06-01T09:00:00.000Z');
    const { h: first, tokenId } = await organisation(clock);
    const apple = first.simulator;
    await first.stop();
    hosts.splice(0);

    // What a host killed half-way through a group invitation leaves: the batch, nobody registered or mailed yet.
    const storage = new FileStorageEngine({ dataDir });
    const batches = await storage.namespace('vpp-apple').collection<InvitationBatch>('invitation-batches');
    const entries = Array.from({ length: USERS }, (_, i) => ({ userId: `u${i}`, sendNumber: 1 }));
    await batches.put({ id: 'inv-left-behind', tokenId, target: { kind: 'user-group', id: 'staff' }, entries, actor: ADMIN, resend: false, createdAt: clock.now().toISOString() });
    await storage.close();

    apple.injectFault(...UNAVAILABLE_CREATE);
    const second = await start(clock, apple);
    await passMinutes(clock, 5);
    expect(queued(second)).toBe(0);
    expect(apple.requests.filter((r) => r.path.endsWith('users/create')).length).toBeGreaterThan(6);

    apple.clearFaults();
    const invitations = second.container.get<Invitations>(Invitations);
    // The mails are queued first; each member counts as invited once the batch records it, a moment later.
    await passMinutes(clock, 10, () => queued(second) === USERS && invitations.list({ status: 'invited', limit: 100 }).total === USERS);
    expect(queued(second)).toBe(USERS);
    expect(invitations.list({ limit: 100 }).items.map((e) => [e.status, e.timesInvited])).toEqual(Array(USERS).fill(['invited', 1]));
  });

  it('asked for while users/create answers 503, is kept, the admin is told, and mailed once Apple recovers', async () => {
    const clock = new ManualClock('2026-06-01T09:00:00.000Z');
    const { h } = await organisation(clock);
    h.simulator.injectFault(...UNAVAILABLE_CREATE);
    const invitations = h.container.get<Invitations>(Invitations);
    await expect(h.settle(invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN))).rejects.toThrow(/kept and sent as soon as Apple answers again/);
    await passMinutes(clock, 3);
    expect(queued(h)).toBe(0);

    h.simulator.clearFaults();
    await passMinutes(clock, 10, () => queued(h) === USERS && invitations.list({ status: 'invited', limit: 100 }).total === USERS);
    expect(queued(h)).toBe(USERS);
    expect(invitations.list({ status: 'invited', limit: 100 }).total).toBe(USERS);
  });
});
