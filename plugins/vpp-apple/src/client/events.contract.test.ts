import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppleHandlers } from '../simulator/handlers.js';
import { AppleVppSimulator } from '../simulator/model.js';
import { createContractFixture, TEST_BASE_URL, TEST_LOCATION } from '../simulator/testing/contract-fixture.js';
import { InstantClock } from '../simulator/testing/instant-clock.js';
import { MemoryLogger } from '../simulator/testing/memory-logger.js';
import { AppleVppClient } from './apple-vpp-client.js';
import { EventTimeoutError } from './errors.js';
import type { NotificationBody } from '../../api/apple-wire.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const app = { adamId: '100', pricingParam: 'STDQ' as const };

describe('event confirmation', () => {
  it('polls status at the configured interval until PENDING turns COMPLETE', async () => {
    const f = createContractFixture({ simulator: { eventDelayMs: 90_000 } });
    server.use(...createAppleHandlers(f.simulator));
    const client = f.client({ eventPollIntervalMs: 30_000 });
    const [sent] = await client.associate([app], { clientUserIds: ['u1'] });
    const started = f.clock.now().getTime();
    const outcome = await client.waitForEvent(sent!.eventId);
    expect(outcome).toEqual({ eventId: sent!.eventId, eventType: 'ASSOCIATE', eventStatus: 'COMPLETE', numRequested: 1, numCompleted: 1, failures: [] });
    const polls = f.simulator.requests.filter((r) => r.path === 'status').map((r) => r.at - started);
    expect(polls).toEqual([30_000, 60_000, 90_000]);
  });

  it('a notification confirms the event before the next poll is due', async () => {
    const clock = new InstantClock(undefined, false);
    const simulator = new AppleVppSimulator({ clock, autoCompleteEvents: false });
    const { sToken } = simulator.addLocation(TEST_LOCATION);
    const client = new AppleVppClient({ sToken, clock, logger: new MemoryLogger(), baseUrl: TEST_BASE_URL, eventPollIntervalMs: 600_000 });
    server.use(
      ...createAppleHandlers(simulator),
      http.post('https://mdm.example.com/hook', async ({ request }) => {
        const body = (await request.json()) as NotificationBody;
        if (body.notificationType === 'ASSET_MANAGEMENT') client.notifyEvent(body.notification.eventId);
        return new HttpResponse(null, { status: 200 });
      }),
    );
    await client.setClientConfig({ notificationUrl: 'https://mdm.example.com/hook', notificationAuthToken: 't', notificationTypes: ['ASSET_MANAGEMENT'] });
    const { eventId } = await client.postAssociate({ assets: [app], serialNumbers: ['S1'] });
    const waiting = client.waitForEvent(eventId);
    simulator.processEvents();
    const outcome = await waiting;
    expect(outcome.eventStatus).toBe('COMPLETE');
    expect(clock.now().getTime()).toBe(new Date('2026-06-01T09:00:00Z').getTime());
    expect(simulator.requests.filter((r) => r.path === 'status')).toHaveLength(1);
  });

  it('a notification that arrives before the wait starts is not lost', async () => {
    const f = createContractFixture({ simulator: { autoCompleteEvents: false } });
    server.use(...createAppleHandlers(f.simulator));
    const client = f.client({ eventPollIntervalMs: 600_000 });
    const { eventId } = await client.postRetireUsers({ users: [{ clientUserId: 'u2' }] });
    f.simulator.processEvents();
    client.notifyEvent(eventId);
    const started = f.clock.now().getTime();
    expect((await client.waitForEvent(eventId)).eventType).toBe('RETIRE');
    expect(f.clock.now().getTime()).toBe(started);
  });

  it('a users notification reporting success for every user settles the event with no status request', async () => {
    const f = createContractFixture({ simulator: { autoCompleteEvents: false } });
    server.use(...createAppleHandlers(f.simulator));
    const client = f.client({ eventPollIntervalMs: 600_000 });
    const [sent] = await client.createUsers([{ clientUserId: 'n1', email: 'n1@example.com' }, { clientUserId: 'n2', email: 'n2@example.com' }]);
    const waiting = client.waitForEvents([sent!]);
    client.notifyEvent(sent!.eventId, { eventType: 'CREATE', succeeded: true, items: 2, uId: TEST_LOCATION.uId });
    const outcome = await waiting;
    expect(outcome).toMatchObject({ succeeded: true, failures: [], events: [{ eventId: sent!.eventId, eventType: 'CREATE', eventStatus: 'COMPLETE', numCompleted: 2 }] });
    expect(f.simulator.requests.filter((r) => r.path === 'status')).toHaveLength(0);
  });

  it('a failed or partial users notification still asks status for the per-item outcome', async () => {
    const f = createContractFixture({ simulator: { autoCompleteEvents: false } });
    server.use(...createAppleHandlers(f.simulator));
    const client = f.client({ eventPollIntervalMs: 600_000 });
    const users = [{ clientUserId: 'p1', email: 'p1@example.com' }, { clientUserId: 'p2', email: 'p2@example.com' }];
    const [partial] = await client.createUsers(users);
    f.simulator.processEvents();
    const waitingPartial = client.waitForEvents([partial!]);
    client.notifyEvent(partial!.eventId, { eventType: 'CREATE', succeeded: true, items: 1, uId: TEST_LOCATION.uId });
    expect((await waitingPartial).succeeded).toBe(true);
    expect(f.simulator.requests.filter((r) => r.path === 'status')).toHaveLength(1);

    const [failed] = await client.createUsers([{ clientUserId: 'p3', email: 'p3@example.com' }]);
    f.simulator.processEvents();
    const waitingFailed = client.waitForEvents([failed!]);
    client.notifyEvent(failed!.eventId, { eventType: 'CREATE', succeeded: false, items: 1, uId: TEST_LOCATION.uId });
    await waitingFailed;
    expect(f.simulator.requests.filter((r) => r.path === 'status')).toHaveLength(2);
  });

  it('gives up with EventTimeoutError when the event stays PENDING', async () => {
    const f = createContractFixture({ simulator: { autoCompleteEvents: false } });
    server.use(...createAppleHandlers(f.simulator));
    const client = f.client();
    const { eventId } = await client.postAssociate({ assets: [app], clientUserIds: ['u1'] });
    await expect(client.waitForEvent(eventId, { pollIntervalMs: 30_000, timeoutMs: 120_000 })).rejects.toBeInstanceOf(EventTimeoutError);
    expect(f.simulator.requests.filter((r) => r.path === 'status')).toHaveLength(4);
  });
});
