import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppleHandlers } from '../simulator/handlers.js';
import { createContractFixture, type ContractFixture } from '../simulator/testing/contract-fixture.js';
import type { NotificationBody } from '../../api/apple-wire.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const WEBHOOK = 'https://mdm.example.com/apple/notify';

function setup(): ContractFixture & { notifications: Array<{ auth: string | null; body: NotificationBody }> } {
  const fixture = createContractFixture();
  const notifications: Array<{ auth: string | null; body: NotificationBody }> = [];
  server.use(
    ...createAppleHandlers(fixture.simulator),
    http.post(WEBHOOK, async ({ request }) => {
      notifications.push({ auth: request.headers.get('authorization'), body: (await request.json()) as NotificationBody });
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return { ...fixture, notifications };
}

async function subscribe(f: ContractFixture) {
  await f.client().setClientConfig({
    notificationUrl: WEBHOOK,
    notificationAuthToken: 'hook-secret',
    notificationTypes: ['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT'],
  });
}

const count = async (f: ContractFixture, adamId: string) => (await f.client().getAssets({ adamId })).assets[0]!;

describe('Apple v2 endpoints against the simulator', () => {
  it('service/config gives limits, notification types and the invitation URL template', async () => {
    const f = setup();
    const config = await f.client().getServiceConfig();
    expect(config.limits).toMatchObject({ maxAssets: 25, maxSerialNumbers: 1000, maxUsers: 100, maxRequestPerSecond: 15 });
    expect(config.urls.invitationEmail).toContain('inviteCode=%25inviteCode%25');
    expect(config.notificationTypes).toContain('USER_ASSOCIATED');
  });

  it('client/config GET and POST: mdmInfo is echoed once set, notification settings stored', async () => {
    const f = setup();
    const client = f.client();
    const before = await client.getClientConfig();
    expect(before).toMatchObject({ uId: f.uId, locationName: 'Test Location', countryISO2ACode: 'US' });
    expect(before.mdmInfo).toBeUndefined();
    await client.claimLocation({ id: 'mdm-1', name: 'vpp-host', metadata: 'demo' });
    await subscribe(f);
    const after = await client.getClientConfig();
    expect(after.mdmInfo).toEqual({ id: 'mdm-1', name: 'vpp-host', metadata: 'demo' });
    expect(after.notificationUrl).toBe(WEBHOOK);
    expect(after.subscribedNotificationTypes).toEqual(['ASSET_MANAGEMENT', 'USER_MANAGEMENT', 'USER_ASSOCIATED', 'ASSET_COUNT']);
    expect(f.notifications[0]).toMatchObject({ auth: 'Bearer hook-secret', body: { notificationType: 'TEST_NOTIFICATION', uId: f.uId } });
  });

  it('assets: counts, book rules and filters', async () => {
    const f = setup();
    const all = await f.client().getAssets();
    expect(all.assets).toHaveLength(3);
    const book = all.assets.find((a) => a.adamId === '900')!;
    expect(book).toMatchObject({ productType: 'Book', deviceAssignable: false, revocable: false, totalCount: 5, availableCount: 5 });
    expect((await f.client().getAssets({ productType: 'App' })).assets.map((a) => a.adamId)).toEqual(['100', '200']);
    expect((await f.client().getAssets({ maxAvailableCount: 2 })).assets.map((a) => a.adamId)).toEqual(['200']);
  });

  it('associate, disassociate and revoke move the counts; assignments list what is held', async () => {
    const f = setup();
    const client = f.client();
    const [associated] = await client.associate([{ adamId: '100', pricingParam: 'STDQ' }], { clientUserIds: ['u1'], serialNumbers: ['SN1', 'SN2'] });
    expect((await client.waitForEvent(associated!.eventId)).eventStatus).toBe('COMPLETE');
    expect(await count(f, '100')).toMatchObject({ assignedCount: 3, availableCount: 7 });
    expect((await client.getAssignments({ adamId: '100' })).assignments).toHaveLength(3);

    const [removed] = await client.disassociate([{ adamId: '100', pricingParam: 'STDQ' }], { serialNumbers: ['SN1'] });
    await client.waitForEvent(removed!.eventId);
    expect(await count(f, '100')).toMatchObject({ assignedCount: 2, availableCount: 8 });

    const [revoked] = await client.revoke({ clientUserIds: ['u1'], serialNumbers: ['SN2'] });
    const outcome = await client.waitForEvent(revoked!.eventId);
    expect(outcome).toMatchObject({ eventType: 'REVOKE', eventStatus: 'COMPLETE' });
    expect(await count(f, '100')).toMatchObject({ assignedCount: 0, availableCount: 10 });
  });

  it('books go to users only and revoke leaves them in place', async () => {
    const f = setup();
    const client = f.client();
    const [sent] = await client.associate([{ adamId: '900', pricingParam: 'STDQ' }], { clientUserIds: ['u1'] });
    await client.waitForEvent(sent!.eventId);
    const [revoked] = await client.revoke({ clientUserIds: ['u1'] });
    await client.waitForEvent(revoked!.eventId);
    expect(await count(f, '900')).toMatchObject({ assignedCount: 1, availableCount: 4 });
    expect((await client.getAssignments({ clientUserId: 'u1' })).assignments).toEqual([{ adamId: '900', pricingParam: 'STDQ', clientUserId: 'u1' }]);
  });

  it('users create, update and retire; an invitation accepted makes the user Associated and sends USER_ASSOCIATED', async () => {
    const f = setup();
    await subscribe(f);
    const client = f.client();
    const created = await client.createUsers([{ clientUserId: 'new-1', email: 'new@example.com' }]);
    await client.waitForEvents(created);
    const [user] = (await client.getUsers({ clientUserId: 'new-1' })).users;
    expect(user).toMatchObject({ status: 'Registered', email: 'new@example.com' });
    expect(user!.inviteCode).toMatch(/^[0-9a-f]{32}$/);
    expect(f.simulator.invitationUrl(user!.inviteCode!)).toBe(
      `https://buy.itunes.apple.com/WebObjects/MZFinance.woa/wa/associateVPPUserWithITSAccount?inviteCode=${user!.inviteCode}&mt=8`,
    );

    f.simulator.acceptInvitation(f.uId, 'new-1');
    await f.simulator.whenNotificationsDelivered();
    const associated = f.notifications.find((n) => n.body.notificationType === 'USER_ASSOCIATED');
    expect(associated?.body.notification).toMatchObject({ associatedUsers: [{ clientUserId: 'new-1', status: 'Associated' }] });
    expect((await client.getUsers({ clientUserId: 'new-1' })).users[0]).toMatchObject({ status: 'Associated', idHash: expect.any(String) });

    await client.waitForEvents(await client.updateUsers([{ clientUserId: 'new-1', email: 'renamed@example.com' }]));
    expect((await client.getUsers({ clientUserId: 'new-1' })).users[0]!.email).toBe('renamed@example.com');

    const [held] = await client.associate([{ adamId: '100', pricingParam: 'STDQ' }], { clientUserIds: ['new-1'] });
    await client.waitForEvent(held!.eventId);
    await client.waitForEvents(await client.retireUsers(['new-1']));
    expect((await client.getUsers({ clientUserId: 'new-1' })).users[0]).toMatchObject({ status: 'Retired' });
    expect(await count(f, '100')).toMatchObject({ assignedCount: 0 });
    expect((await client.getUsers({ activeOnly: true })).users.map((u) => u.clientUserId)).not.toContain('new-1');
  });

  it('notifications carry the bearer token and at most 100 items each', async () => {
    const f = setup();
    await subscribe(f);
    const serials = Array.from({ length: 150 }, (_, i) => `SN${i}`);
    f.simulator.addLicenses(f.uId, '100', 200);
    const client = f.client();
    await client.waitForEvents(await client.associate([{ adamId: '100', pricingParam: 'STDQ' }], { serialNumbers: serials }));
    await f.simulator.whenNotificationsDelivered();
    const managed = f.notifications.filter((n) => n.body.notificationType === 'ASSET_MANAGEMENT');
    expect(managed.map((n) => (n.body.notification as { assignments: unknown[] }).assignments.length)).toEqual([100, 50]);
    expect(managed.every((n) => n.auth === 'Bearer hook-secret')).toBe(true);
    expect(f.notifications.find((n) => n.body.notificationType === 'ASSET_COUNT')?.body.notification).toEqual({
      adamId: '100',
      pricingParam: 'STDQ',
      countDelta: 200,
    });
  });

  it('status of an event shows its type and counts', async () => {
    const f = setup();
    f.simulator.setAutoCompleteEvents(false);
    const client = f.client();
    const { eventId } = await client.postAssociate({ assets: [{ adamId: '100' }], clientUserIds: ['u1'] });
    expect(await client.getEventStatus(eventId)).toMatchObject({ eventStatus: 'PENDING', eventType: 'ASSOCIATE' });
    f.simulator.processEvents();
    expect(await client.getEventStatus(eventId)).toMatchObject({ eventStatus: 'COMPLETE', numRequested: 1, numCompleted: 1 });
  });
});
