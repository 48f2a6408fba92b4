import { afterEach, describe, expect, it } from 'vitest';
import { AppleVppClient } from '../client/apple-vpp-client.js';
import { addDemoOrganisation, DEMO_ASSET_NAMES, DEMO_LOCATIONS } from './demo-organisation.js';
import { AppleVppSimulator } from './model.js';
import { startAppleSimulatorServer, type AppleSimulatorServer } from './server.js';
import { systemClock } from './system-clock.js';
import { MemoryLogger } from './testing/memory-logger.js';

let running: AppleSimulatorServer | undefined;
afterEach(async () => {
  await running?.dispose();
  running = undefined;
});

async function startDemo() {
  const simulator = new AppleVppSimulator({ clock: systemClock, eventDelayMs: 0 });
  const [head, school] = addDemoOrganisation(simulator);
  running = await startAppleSimulatorServer(simulator);
  const client = new AppleVppClient({
    sToken: head!.sToken,
    clock: systemClock,
    logger: new MemoryLogger(),
    baseUrl: running.baseUrl,
    eventPollIntervalMs: 20,
    retry: { baseDelayMs: 20 },
  });
  return { simulator, head: head!, school: school!, client, server: running };
}

describe('the simulator on a real localhost port', () => {
  it('serves the demo organisation: two locations with business and education websites, apps and books', async () => {
    const { client, school, server } = await startDemo();
    expect(server.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mdm\/v2$/);
    expect((await client.getClientConfig()).websiteURL).toBe('https://business.apple.com');
    const assets = (await client.getAssets()).assets;
    expect(assets.filter((a) => a.productType === 'App').length).toBeGreaterThanOrEqual(20);
    expect(assets.filter((a) => a.productType === 'Book').length).toBeGreaterThanOrEqual(5);
    expect(assets.some((a) => a.totalCount <= 3)).toBe(true);
    const schoolClient = new AppleVppClient({ sToken: school.sToken, clock: systemClock, logger: new MemoryLogger(), baseUrl: server.baseUrl });
    expect((await schoolClient.getClientConfig()).websiteURL).toBe('https://school.apple.com');
  });

  it('lets the demo act as a user accepting an invitation through the control API', async () => {
    const { client, head, server } = await startDemo();
    const outcome = await client.waitForEvents(await client.createUsers([{ clientUserId: 'demo-new', email: 'new@contoso.example' }]));
    expect(outcome.succeeded).toBe(true);
    const accept = await fetch(`${server.origin}/__simulator/locations/${head.uId}/users/demo-new/accept`, { method: 'POST' });
    expect(accept.status).toBe(200);
    expect((await client.getUsers({ clientUserId: 'demo-new' })).users[0]!.status).toBe('Associated');

    await client.waitForEvents(await client.createUsers([{ clientUserId: 'by-code' }]));
    const inviteCode = (await client.getUsers({ clientUserId: 'by-code' })).users[0]!.inviteCode!;
    const page = await fetch(`${server.origin}/__simulator/invitations/${inviteCode}`);
    expect(await page.text()).toContain(`/__simulator/invitations/${inviteCode}/accept`);
    expect((await fetch(`${server.origin}/__simulator/invitations/${inviteCode}/accept`, { method: 'POST' })).status).toBe(200);
    expect((await client.getUsers({ clientUserId: 'by-code' })).users[0]!.status).toBe('Associated');
  });

  it('hands out the .vpptoken file content: Base64 JSON {token, expDate, orgName}', async () => {
    const { head, server } = await startDemo();
    const content = await (await fetch(`${server.origin}/__simulator/locations/${head.uId}/vpptoken`)).text();
    expect(content).toBe(head.sToken);
    const decoded = JSON.parse(Buffer.from(content, 'base64').toString('utf8'));
    expect(decoded).toEqual({ token: expect.any(String), expDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/), orgName: DEMO_LOCATIONS[0]!.orgName });
  });

  it('issues a renewal file for a location: the new file works, clears a revocation and hands out, the old one is refused', async () => {
    const { simulator, head, server } = await startDemo();
    simulator.revokeToken(head.uId);
    const renewed = simulator.renewToken(head.uId, { expiresAt: new Date('2031-02-03T04:05:06Z') });
    expect(renewed.uId).toBe(head.uId);
    expect(renewed.sToken).not.toBe(head.sToken);
    expect(JSON.parse(Buffer.from(renewed.sToken, 'base64').toString('utf8'))).toMatchObject({ expDate: '2031-02-03T04:05:06+0000', orgName: DEMO_LOCATIONS[0]!.orgName });
    expect(await (await fetch(`${server.origin}/__simulator/locations/${head.uId}/vpptoken`)).text()).toBe(renewed.sToken);

    const client = (sToken: string) => new AppleVppClient({ sToken, clock: systemClock, logger: new MemoryLogger(), baseUrl: server.baseUrl, retry: { baseDelayMs: 1 } });
    expect((await client(renewed.sToken).getClientConfig()).uId).toBe(head.uId);
    await expect(client(head.sToken).getClientConfig()).rejects.toThrow(/9601/);
  });

  it('drops a real connection on the drop-connection fault, and the client retries', async () => {
    const { client, simulator } = await startDemo();
    simulator.injectFault({ kind: 'drop-connection' }, { path: 'assets' });
    expect((await client.getAssets()).assets.length).toBeGreaterThan(0);
    expect(simulator.requests.filter((r) => r.path === 'assets').map((r) => r.httpStatus)).toEqual([0, 200]);
  });

  it("serves the content metadata lookup itself, named in service/config's urls, with the demo catalogue's names", async () => {
    const { client, server } = await startDemo();
    const urls = (await client.getServiceConfig()).urls;
    expect(urls.contentMetadataLookup).toBe(`${server.origin}/WebObjects/MZStorePlatform.woa/wa/lookup`);
    expect(urls.getAssets).toBe(`${server.baseUrl}/assets`);
    const adamIds = (await client.getAssets()).assets.map((a) => a.adamId);
    const found = await client.lookupMetadata(adamIds);
    expect(found.map((m) => m.name).sort()).toEqual(adamIds.map((id) => DEMO_ASSET_NAMES.get(id)).sort());
    expect(found.find((m) => m.name === 'Pages')).toMatchObject({ kind: 'software', bundleId: 'com.example.pages' });
    expect(found.find((m) => m.name === 'Hamlet')).toMatchObject({ kind: 'ebook' });
  });

  it('answers 404 for paths it does not know', async () => {
    const { server } = await startDemo();
    expect((await fetch(`${server.origin}/nowhere`)).status).toBe(404);
  });
});
