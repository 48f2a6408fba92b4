import { describe, expect, it, vi } from 'vitest';
import { listen, Settings } from '@vpp-host/api';
import type { AppleEventCompletion, AppliedNotification, UserAssociation } from '../api/index.js';
import { ADMIN, SMALL_LOCATION, WEBHOOK_BASE, type Harness, type StartedHarness, useHarness } from './harness.js';

const startHarness = useHarness();

async function subscribed(): Promise<{ h: StartedHarness; tokenId: string }> {
  const h = await startHarness({ notificationBaseUrl: WEBHOOK_BASE });
  const applied: AppliedNotification[] = [];
  listen(h.notifications.onDidApplyNotification, (n) => applied.push(n));
  const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  expect(token.notifications).toBe(true);
  expect(applied.map((n) => n.kind)).toEqual(['TEST_NOTIFICATION']);
  return { h, tokenId: token.id };
}

function envelope(h: Harness, type: string, notification: object, notificationId = crypto.randomUUID()) {
  return { notificationId, notificationType: type, uId: SMALL_LOCATION.uId, notification };
}

describe("Apple's notifications", () => {
  it('registers the webhook with its own bearer secret, which no answer or log shows', async () => {
    const { h, tokenId } = await subscribed();
    const location = h.simulator.location(SMALL_LOCATION.uId);
    expect(location.notificationUrl).toBe(`${WEBHOOK_BASE}/api/plugins/vpp-apple/notifications/${tokenId}`);
    expect(location.subscribedNotificationTypes).toEqual(['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT']);
    const secret = location.notificationAuthToken!;
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await h.route('GET', '/tokens/:id', { params: { id: tokenId } });
    expect(JSON.stringify([h.outputs, h.logs])).not.toContain(secret);
  });

  it('refuses a post without the right bearer token and applies nothing', async () => {
    const { h, tokenId } = await subscribed();
    const body = envelope(h, 'ASSET_COUNT', { adamId: '100', pricingParam: 'STDQ', countDelta: 5 });
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${h.simulator.location(SMALL_LOCATION.uId).notificationAuthToken}`]) {
      const answer = await h.route('POST', '/notifications/:tokenId', { params: { tokenId }, body, headers: authorization ? { authorization } : {} });
      expect(answer.status).toBe(401);
    }
    expect(h.catalog.asset(tokenId, { adamId: '100', pricingParam: 'STDQ' })?.totalCount).toBe(10);
  });

  it('applies ASSET_COUNT once per notificationId', async () => {
    const { h, tokenId } = await subscribed();
    const authorization = `Bearer ${h.simulator.location(SMALL_LOCATION.uId).notificationAuthToken}`;
    const body = envelope(h, 'ASSET_COUNT', { adamId: '100', pricingParam: 'STDQ', countDelta: 5 });
    const first = await h.route('POST', '/notifications/:tokenId', { params: { tokenId }, body, headers: { authorization } });
    const again = await h.route('POST', '/notifications/:tokenId', { params: { tokenId }, body, headers: { authorization } });
    expect([first.body, again.body]).toEqual([{ applied: true }, { duplicate: true }]);
    expect(h.catalog.asset(tokenId, { adamId: '100', pricingParam: 'STDQ' })).toMatchObject({ totalCount: 15, assignedCount: 2, availableCount: 13 });
  });

  it('applies a purchase Apple announces (ASSET_COUNT from the simulator)', async () => {
    const { h, tokenId } = await subscribed();
    h.simulator.addLicenses(SMALL_LOCATION.uId, '200', 3);
    await h.settle(h.simulator.whenNotificationsDelivered());
    expect(h.catalog.asset(tokenId, { adamId: '200', pricingParam: 'STDQ' })).toMatchObject({ totalCount: 5, availableCount: 5 });
  });

  it('USER_ASSOCIATED makes the user Associated and announces it with the invite code', async () => {
    const { h, tokenId } = await subscribed();
    const associations: UserAssociation[] = [];
    listen(h.notifications.onDidAssociateUser, (a) => associations.push(a));
    const inviteCode = h.catalog.user(tokenId, 'u2')!.inviteCode;
    h.simulator.acceptInvitation(SMALL_LOCATION.uId, 'u2');
    await h.settle(h.simulator.whenNotificationsDelivered());
    expect(h.catalog.user(tokenId, 'u2')).toMatchObject({ status: 'Associated', idHash: expect.any(String) });
    expect(associations).toEqual([expect.objectContaining({ tokenId, clientUserId: 'u2', email: 'u2@example.com', inviteCode })]);
  });

  it('ASSET_MANAGEMENT confirms a waiting write early and moves the counts', async () => {
    const { h, tokenId } = await subscribed();
    await h.container.get<Settings>(Settings).update('statusPollSeconds', 300, ADMIN);
    const completions: AppleEventCompletion[] = [];
    listen(h.notifications.onDidCompleteAppleEvent, (c) => completions.push(c));
    const client = h.tokens.clientFor(tokenId);
    const started = h.clock.now().getTime();
    const [submitted] = await h.settle(client.associate([{ adamId: '100', pricingParam: 'STDQ' }], { serialNumbers: ['SER-7'] }));
    const outcome = await h.settle(client.waitForEvent(submitted!.eventId));
    expect(outcome).toMatchObject({ eventStatus: 'COMPLETE', numCompleted: 1 });
    // Confirmed by the notification, long before the first status poll would have been due.
    expect(h.clock.now().getTime() - started).toBeLessThan(300_000);
    await vi.waitFor(() => expect(completions).toEqual([{ tokenId, eventId: submitted!.eventId, type: 'ASSOCIATE', outcome: 'SUCCESS' }]));
    expect(h.catalog.assignments(tokenId, { serialNumber: 'SER-7' })).toHaveLength(1);
    expect(h.catalog.asset(tokenId, { adamId: '100', pricingParam: 'STDQ' })).toMatchObject({ assignedCount: 3, availableCount: 7 });
  });
});
