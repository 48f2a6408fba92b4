import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppleHandlers } from '../simulator/handlers.js';
import { createContractFixture, TEST_BASE_URL, type ContractFixture } from '../simulator/testing/contract-fixture.js';
import type { AppleVppClient } from './apple-vpp-client.js';
import { AppleApiError } from './errors.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function setup(): ContractFixture {
  const fixture = createContractFixture();
  server.use(...createAppleHandlers(fixture.simulator));
  return fixture;
}

async function appleError(promise: Promise<unknown>): Promise<AppleApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppleApiError);
  return error as AppleApiError;
}

const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const app = { adamId: '100', pricingParam: 'STDQ' as const };

type Case = [number, string, (c: AppleVppClient) => Promise<unknown>];
const SYNC_ERRORS: Case[] = [
  [9700, 'more assets than maxAssets', (c) => c.postAssociate({ assets: ids(26, 'a').map((adamId) => ({ adamId })), clientUserIds: ['u1'] })],
  [9701, 'more clientUserIds than maxClientUserIds', (c) => c.postAssociate({ assets: [app], clientUserIds: ids(1001, 'u') })],
  [9702, 'more serialNumbers than maxSerialNumbers', (c) => c.postAssociate({ assets: [app], serialNumbers: ids(1001, 's') })],
  [9703, 'the same asset twice', (c) => c.postAssociate({ assets: [app, app], clientUserIds: ['u1'] })],
  [9704, 'the same clientUserId twice', (c) => c.postAssociate({ assets: [app], clientUserIds: ['u1', 'u1'] })],
  [9705, 'the same serialNumber twice', (c) => c.postDisassociate({ assets: [app], serialNumbers: ['S', 'S'] })],
  [9706, 'disassociating a book', (c) => c.postDisassociate({ assets: [{ adamId: '900' }], clientUserIds: ['u1'] })],
  [9707, 'a book to a device', (c) => c.postAssociate({ assets: [{ adamId: '900' }], serialNumbers: ['S1'] })],
  [9708, 'an unknown eventId', (c) => c.getEventStatus('no-such-event')],
  [9714, 'more users than maxUsers', (c) => c.postCreateUsers({ users: ids(101, 'n').map((clientUserId) => ({ clientUserId })) })],
  [9715, 'the same user twice', (c) => c.postCreateUsers({ users: [{ clientUserId: 'x' }, { clientUserId: 'x' }] })],
  [9717, 'a bad email', (c) => c.postCreateUsers({ users: [{ clientUserId: 'x', email: 'not-an-email' }] })],
  [9718, 'no assets', (c) => c.postAssociate({ assets: [], clientUserIds: ['u1'] })],
  [9719, 'no targets', (c) => c.postAssociate({ assets: [app] })],
  [9719, 'a revoke with no targets', (c) => c.postRevoke({})],
  [9720, 'no users', (c) => c.postRetireUsers({ users: [] })],
  [9721, 'an unknown sinceVersionId', (c) => c.getAssignments({ sinceVersionId: 'bogus' })],
  [9650, 'a page past the end', (c) => c.getUsers({ pageIndex: 7 })],
  [9710, 'a notification URL without its token', (c) => c.setClientConfig({ notificationUrl: 'https://mdm.example.com/n' })],
  [9711, 'a notification token over maxNotificationLength', (c) => c.setClientConfig({ notificationUrl: 'https://mdm.example.com/n', notificationAuthToken: 'x'.repeat(513) })],
  [9712, 'a plain-HTTP notification URL', (c) => c.setClientConfig({ notificationUrl: 'http://mdm.example.com/n', notificationAuthToken: 't' })],
  [9713, 'mdmInfo metadata over maxMdmMetadataLength', (c) => c.setClientConfig({ mdmInfo: { id: 'i', name: 'n', metadata: 'm'.repeat(256) } })],
  [9723, 'an incomplete mdmInfo', (c) => c.setClientConfig({ mdmInfo: { id: 'i', name: 'n' } as never })],
  [9724, 'an mdmInfo id over maxMdmIdLength', (c) => c.setClientConfig({ mdmInfo: { id: 'i'.repeat(101), name: 'n', metadata: '' } })],
  [9725, 'an mdmInfo name over maxMdmNameLength', (c) => c.setClientConfig({ mdmInfo: { id: 'i', name: 'n'.repeat(101), metadata: '' } })],
];

describe('Apple error numbers reach the product as typed errors', () => {
  it.each(SYNC_ERRORS)('%i for %s, with HTTP 400 class and nothing processed', async (errorNumber, _what, call) => {
    const f = setup();
    const error = await appleError(call(f.client()));
    expect(error.errorNumber).toBe(errorNumber);
    expect(error.httpStatus).toBe(400);
    expect(f.simulator.requests.filter((r) => r.errorNumber === errorNumber)).toHaveLength(1);
    expect((await f.client().getAssignments()).assignments).toEqual([]);
  });

  it('limit errors are of kind limit-exceeded and name the offending items where Apple does', async () => {
    const f = setup();
    const tooMany = await appleError(f.client().postCreateUsers({ users: ids(101, 'n').map((clientUserId) => ({ clientUserId })) }));
    expect(tooMany.kind).toBe('limit-exceeded');
    const book = await appleError(f.client().postAssociate({ assets: [{ adamId: '900' }], serialNumbers: ['S1'] }));
    expect(book.errorInfo).toEqual({ assets: [{ adamId: '900', pricingParam: 'STDQ' }] });
  });

  it('9728 when the notification URL does not answer the TEST_NOTIFICATION, and the config is unchanged', async () => {
    const f = setup();
    server.use(http.post('https://unreachable.example/n', () => HttpResponse.error()));
    const error = await appleError(
      f.client().setClientConfig({ notificationUrl: 'https://unreachable.example/n', notificationAuthToken: 't', notificationTypes: ['ASSET_COUNT'] }),
    );
    expect(error.errorNumber).toBe(9728);
    expect((await f.client().getClientConfig()).subscribedNotificationTypes).toEqual([]);
  });

  it('9726 for a wrong method and 9727 for a wrong Content-Type', async () => {
    const f = setup();
    const auth = { authorization: `Bearer ${f.sToken}` };
    const wrongMethod = await fetch(`${TEST_BASE_URL}/assets`, { method: 'DELETE', headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ errorNumber: 9726 });
    const wrongType = await fetch(`${TEST_BASE_URL}/users/create`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'text/plain' },
      body: '{"users":[{"clientUserId":"a"}]}',
    });
    expect(wrongType.status).toBe(415);
    expect(await wrongType.json()).toMatchObject({ errorNumber: 9727 });
  });

  it('9722 for an Authorization header that is not a Bearer token', async () => {
    setup();
    const response = await fetch(`${TEST_BASE_URL}/assets`, { headers: { authorization: 'Basic abc' } });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ errorNumber: 9722 });
  });
});

describe('async per-item failures', () => {
  it('9709 when licenses run out midway: FAILED with partial success, failures per item', async () => {
    const f = setup();
    const client = f.client();
    const [sent] = await client.associate([{ adamId: '200', pricingParam: 'STDQ' }], { serialNumbers: ['S1', 'S2', 'S3', 'S4'] });
    const outcome = await client.waitForEvent(sent!.eventId);
    expect(outcome).toMatchObject({ eventStatus: 'FAILED', numRequested: 4, numCompleted: 2 });
    expect(outcome.failures).toEqual([
      expect.objectContaining({ errorNumber: 9709, kind: 'not-enough-licenses', adamId: '200', serialNumber: 'S3' }),
      expect.objectContaining({ errorNumber: 9709, kind: 'not-enough-licenses', adamId: '200', serialNumber: 'S4' }),
    ]);
  });

  it('9609 for an unknown user, while the known user is served', async () => {
    const f = setup();
    const client = f.client();
    const [sent] = await client.associate([{ adamId: '100', pricingParam: 'STDQ' }], { clientUserIds: ['u1', 'ghost'] });
    const outcome = await client.waitForEvent(sent!.eventId);
    expect(outcome).toMatchObject({ eventStatus: 'FAILED', numRequested: 2, numCompleted: 1 });
    expect(outcome.failures).toEqual([expect.objectContaining({ errorNumber: 9609, kind: 'user-not-found', clientUserId: 'ghost', adamId: '100' })]);
  });

  it('9716 when a clientUserId already exists', async () => {
    const f = setup();
    const client = f.client();
    const outcome = await client.waitForEvents(await client.createUsers([{ clientUserId: 'u1' }, { clientUserId: 'fresh' }]));
    expect(outcome.succeeded).toBe(false);
    expect(outcome.failures).toEqual([expect.objectContaining({ errorNumber: 9716, clientUserId: 'u1' })]);
    expect((await client.getUsers({ clientUserId: 'fresh' })).users).toHaveLength(1);
  });
});

describe('faults', () => {
  it('a bad token answered as HTTP 401 is token-invalid and not retried', async () => {
    const f = setup();
    const error = await appleError(f.client({ sToken: 'bm90LWEtdG9rZW4=' }).getAssets());
    expect(error).toMatchObject({ httpStatus: 401, errorNumber: 9601, kind: 'token-invalid' });
    expect(f.simulator.requests).toHaveLength(1);
  });

  it('a bad token answered as HTTP 200 with 9622 is token-invalid too', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'token-invalid', httpStatus: 200 });
    const error = await appleError(f.client().getAssets());
    expect(error).toMatchObject({ httpStatus: 200, errorNumber: 9622, kind: 'token-invalid', isTokenProblem: true });
  });

  it('9621 for an expired token (by its expiry date and as a fault)', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'token-expired' });
    expect(await appleError(f.client().getUsers())).toMatchObject({ errorNumber: 9621, kind: 'token-expired', httpStatus: 401 });
    f.simulator.setTokenExpiry(f.uId, new Date(f.clock.now().getTime() - 1));
    expect(await appleError(f.client().getClientConfig())).toMatchObject({ errorNumber: 9621, kind: 'token-expired' });
  });

  it('9625 for a revoked token', async () => {
    const f = setup();
    f.simulator.revokeToken(f.uId);
    expect(await appleError(f.client().getAssets())).toMatchObject({ errorNumber: 9625, kind: 'token-revoked', httpStatus: 401 });
  });

  it('503 with Retry-After in seconds is honoured, then the call succeeds', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'unavailable', retryAfter: '120' }, { path: 'assets' });
    const started = f.clock.now().getTime();
    const assets = await f.client().getAssets();
    expect(assets.assets).toHaveLength(3);
    expect(f.simulator.requests.map((r) => [r.path, r.httpStatus, r.at - started])).toEqual([
      ['assets', 503, 0],
      ['assets', 200, 120_000],
    ]);
    expect(f.logger.lines.find((l) => l.level === 'warn')?.fields).toMatchObject({ delayMs: 120_000, errorNumber: 9729 });
  });

  it('503 with Retry-After as an HTTP date is honoured', async () => {
    const f = setup();
    const at = new Date(f.clock.now().getTime() + 45_000);
    f.simulator.injectFault({ kind: 'unavailable', retryAfter: at.toUTCString() });
    await f.client().getUsers();
    const [first, second] = f.simulator.requests;
    expect(second!.at - first!.at).toBe(45_000);
  });

  it('500 with 9603 is retried with backoff until it succeeds', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'internal-error' }, { times: 3 });
    const config = await f.client().getClientConfig();
    expect(config.uId).toBe(f.uId);
    const statuses = f.simulator.requests.map((r) => r.errorNumber ?? r.httpStatus);
    expect(statuses).toEqual([9603, 9603, 9603, 200]);
    // Full jitter with random() = 0.5: half of 500, 1000, 2000 ms.
    const gaps = f.simulator.requests.slice(1).map((r, i) => r.at - f.simulator.requests[i]!.at);
    expect(gaps).toEqual([250, 500, 1000]);
  });

  it('gives up after the bounded number of attempts', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'internal-error' }, { times: 100 });
    const error = await appleError(f.client({ retry: { maxAttempts: 4 } }).getClientConfig());
    expect(error).toMatchObject({ errorNumber: 9603, kind: 'unavailable', isTransient: true });
    expect(f.simulator.requests).toHaveLength(4);
  });

  it('a dropped connection is retried', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'drop-connection' });
    expect((await f.client().getAssets()).assets).toHaveLength(3);
    expect(f.simulator.requests.map((r) => r.httpStatus)).toEqual([0, 200]);
  });

  it('429 with 9646 is honoured (Retry-After when given, backoff otherwise)', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'rate-limited', retryAfter: '2' });
    f.simulator.injectFault({ kind: 'rate-limited' });
    await f.client().getAssets();
    const [a, b, c] = f.simulator.requests;
    expect([a!.httpStatus, a!.errorNumber, b!.httpStatus, c!.httpStatus]).toEqual([429, 9646, 429, 200]);
    expect(b!.at - a!.at).toBe(2000);
    expect(c!.at - b!.at).toBe(500);
  });

  it('the simulator answers 9646 with HTTP 429 beyond 15 requests in a rolling second', async () => {
    const f = setup();
    const burst = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${TEST_BASE_URL}/assets`, { headers: { authorization: `Bearer ${f.sToken}` } })),
    );
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(15);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    f.clock.advance(1000);
    expect((await fetch(`${TEST_BASE_URL}/assets`, { headers: { authorization: `Bearer ${f.sToken}` } })).status).toBe(200);
  });

  it("another MDM's mdmInfo raises MdmConflictError, unless the check is skipped for a take-over", async () => {
    const f = setup();
    const client = f.client({ expectedMdmId: 'ours' });
    const seen: string[] = [];
    client.onDidDetectMdmConflict.subscribe((conflict) => seen.push(conflict.actualMdmInfo.id));
    f.simulator.setMdmInfo(f.uId, { id: 'theirs', name: 'Other MDM', metadata: '' });
    await expect(client.getAssets()).rejects.toMatchObject({ name: 'MdmConflictError', code: 'mdm_conflict', expectedMdmId: 'ours' });
    expect(seen).toEqual(['theirs']);
    expect((await client.getClientConfig({ skipMdmCheck: true })).mdmInfo?.id).toBe('theirs');
    await client.claimLocation({ id: 'ours', name: 'vpp-host', metadata: '' });
    expect((await client.getAssets()).mdmInfo?.id).toBe('ours');
    f.simulator.injectFault({ kind: 'foreign-mdm', mdmInfo: { id: 'intruder', name: 'X', metadata: '' } });
    await expect(client.getUsers()).rejects.toMatchObject({ name: 'MdmConflictError' });
  });

  it('never logs the sToken', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'internal-error' }, { times: 2 });
    f.simulator.injectFault({ kind: 'drop-connection' });
    await f.client().getUsers();
    expect(f.logger.lines.length).toBeGreaterThanOrEqual(3);
    expect(f.logger.text).not.toContain(f.sToken);
  });
});
