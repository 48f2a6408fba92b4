import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppleHandlers } from '../simulator/handlers.js';
import { AppleVppSimulator, type AssetSpec } from '../simulator/model.js';
import { maxInAnyWindow } from '../simulator/request-log.js';
import { systemClock } from '../simulator/system-clock.js';
import { createContractFixture, TEST_BASE_URL, TEST_LOCATION, type ContractFixture } from '../simulator/testing/contract-fixture.js';
import { MemoryLogger } from '../simulator/testing/memory-logger.js';
import { AppleVppClient } from './apple-vpp-client.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const manyApps: AssetSpec[] = Array.from({ length: 30 }, (_, i) => ({ adamId: String(5000 + i), productType: 'App', totalCount: 10_000 }));

function setup(): ContractFixture {
  const f = createContractFixture({ location: { ...TEST_LOCATION, assets: manyApps } });
  server.use(...createAppleHandlers(f.simulator));
  return f;
}

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const writes = (f: ContractFixture, path: string) => f.simulator.requests.filter((r) => r.path === path);

describe('batching by the limits', () => {
  it('associates one app to 2,500 devices in ceil(2500/1000) = 3 requests', async () => {
    const f = setup();
    const client = f.client();
    const sent = await client.associate([{ adamId: '5000', pricingParam: 'STDQ' }], { serialNumbers: ids(2500, 'SN') });
    expect(sent.map((s) => s.request.serialNumbers!.length)).toEqual([1000, 1000, 500]);
    expect(writes(f, 'assets/associate').map((r) => r.httpStatus)).toEqual([200, 200, 200]);
    expect((await client.waitForEvents(sent)).succeeded).toBe(true);
    expect((await client.getAssets({ adamId: '5000' })).assets[0]!.assignedCount).toBe(2500);
  });

  it('30 apps to 2,500 devices and 1,200 users take ceil(30/25) x max(3, 2) = 6 requests', async () => {
    const f = setup();
    const users = ids(1200, 'user');
    const apps = manyApps.map(({ adamId }) => ({ adamId, pricingParam: 'STDQ' as const }));
    const sent = await f.client().associate(apps, { serialNumbers: ids(2500, 'SN'), clientUserIds: users });
    expect(sent).toHaveLength(6);
    expect(writes(f, 'assets/associate').every((r) => r.httpStatus === 200)).toBe(true);
  });

  it('drops duplicates instead of sending a request Apple refuses', async () => {
    const f = setup();
    const sent = await f.client().disassociate(
      [{ adamId: '5000', pricingParam: 'STDQ' }, { adamId: '5000', pricingParam: 'STDQ' }],
      { serialNumbers: ['A', 'A', 'B'] },
    );
    expect(sent[0]!.request).toEqual({ assets: [{ adamId: '5000', pricingParam: 'STDQ' }], serialNumbers: ['A', 'B'] });
  });

  it('revokes 100 targets per request and manages 100 users per request', async () => {
    const f = setup();
    const client = f.client();
    expect(await client.revoke({ clientUserIds: ids(250, 'u'), serialNumbers: ids(120, 's') })).toHaveLength(3);
    expect(await client.createUsers(ids(250, 'new').map((clientUserId) => ({ clientUserId })))).toHaveLength(3);
    expect(await client.retireUsers(ids(101, 'new'))).toHaveLength(2);
    expect(f.simulator.requests.every((r) => r.httpStatus === 200)).toBe(true);
  });

  it('reads the limits from service/config and refreshes them after 5 minutes', async () => {
    const f = setup();
    const client = f.client();
    await client.getLimits();
    await client.getLimits();
    expect(writes(f, 'service/config')).toHaveLength(1);
    f.simulator.limits.maxSerialNumbers = 2000;
    f.clock.advance(4 * 60_000);
    expect((await client.associate([{ adamId: '5000', pricingParam: 'STDQ' }], { serialNumbers: ids(1500, 'S') })).length).toBe(2);
    f.clock.advance(60_000);
    expect((await client.associate([{ adamId: '5001', pricingParam: 'STDQ' }], { serialNumbers: ids(1500, 'S') })).length).toBe(1);
    expect(writes(f, 'service/config')).toHaveLength(2);
  });
});

describe('rate limit', () => {
  it('never sends more than 15 requests in any second, even with parallel callers (real time)', async () => {
    const simulator = new AppleVppSimulator({ clock: systemClock });
    const { sToken } = simulator.addLocation(TEST_LOCATION);
    server.use(...createAppleHandlers(simulator));
    const client = new AppleVppClient({ sToken, clock: systemClock, logger: new MemoryLogger(), baseUrl: TEST_BASE_URL });
    const started = Date.now();
    await Promise.all(Array.from({ length: 40 }, () => client.getAssets()));
    const elapsed = Date.now() - started;
    expect(simulator.requests).toHaveLength(40);
    expect(simulator.requests.every((r) => r.httpStatus === 200)).toBe(true);
    expect(maxInAnyWindow(simulator.requests.map((r) => r.at))).toBeLessThanOrEqual(15);
    // 40 requests at 15 per second need two full windows after the first burst.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
  });
});
