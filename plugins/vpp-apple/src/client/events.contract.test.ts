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
import type { NotificationBody } from './wire.js';

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

  it('gives up with EventTimeoutError when the event stays PENDING', async () => {
    const f = createContractFixture({ simulator: { autoCompleteEvents: false } });
    server.use(...createAppleHandlers(f.simulator));
    const client = f.client();
    const { eventId } = await client.postAssociate({ assets: [app], clientUserIds: ['u1'] });
    await expect(client.waitForEvent(eventId, { pollIntervalMs: 30_000, timeoutMs: 120_000 })).rejects.toBeInstanceOf(EventTimeoutError);
    expect(f.simulator.requests.filter((r) => r.path === 'status')).toHaveLength(4);
  });
});
