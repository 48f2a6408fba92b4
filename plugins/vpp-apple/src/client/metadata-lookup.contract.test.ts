import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAppleHandlers } from '../simulator/handlers.js';
import type { AssetSpec } from '../simulator/model.js';
import { APPLE_CONTENT_LOOKUP_URL } from '../simulator/store-catalogue.js';
import { createContractFixture, TEST_LOCATION, type ContractFixture } from '../simulator/testing/contract-fixture.js';
import { AppleApiError } from './errors.js';
import { MetadataLookupError } from './content-metadata.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NAMED: AssetSpec[] = [
  { adamId: '100', productType: 'App', totalCount: 10, name: 'Pages', bundleId: 'com.example.pages', artistName: 'Example Inc.' },
  { adamId: '300', productType: 'App', totalCount: 1, name: 'Final Draft', supportedPlatforms: ['macOS'] },
  { adamId: '900', productType: 'Book', totalCount: 5, name: 'Hamlet', artistName: 'William Shakespeare' },
  // Apple lists it, but the store has nothing to say about it.
  { adamId: '200', productType: 'App', totalCount: 2 },
];

function setup(assets: AssetSpec[] = NAMED): ContractFixture & { lookups: URL[] } {
  const fixture = createContractFixture({ location: { ...TEST_LOCATION, assets, countryISO2ACode: 'NL', defaultPlatform: 'enterprisestore' } });
  const lookups: URL[] = [];
  server.use(...createAppleHandlers(fixture.simulator));
  server.events.on('request:start', ({ request }) => {
    if (request.url.startsWith(APPLE_CONTENT_LOOKUP_URL)) lookups.push(new URL(request.url));
  });
  return { ...fixture, lookups };
}

afterEach(() => server.events.removeAllListeners());

describe('the content metadata lookup against the simulator', () => {
  it('answers names, artists, kinds, bundle ids and artwork by adamId, and leaves unknown ids out', async () => {
    const f = setup();
    const found = await f.client().lookupMetadata(['100', '300', '900', '200', '404']);
    expect(found).toEqual([
      { adamId: '100', name: 'Pages', artistName: 'Example Inc.', kind: 'software', bundleId: 'com.example.pages', artworkUrl: expect.stringMatching(/\/512x512bb\.png$/) },
      { adamId: '300', name: 'Final Draft', kind: 'mac-software', artworkUrl: expect.any(String) },
      { adamId: '900', name: 'Hamlet', artistName: 'William Shakespeare', kind: 'ebook', artworkUrl: expect.any(String) },
    ]);
  });

  it("sends the token as the itvt cookie to service/config's lookup URL, in the location's storefront", async () => {
    const f = setup();
    await f.client().lookupMetadata(['100']);
    const [url] = f.lookups;
    expect(url?.origin + url!.pathname).toBe((await f.client().getServiceConfig()).urls.contentMetadataLookup);
    expect(Object.fromEntries(url!.searchParams)).toEqual({ version: '2', p: 'mdm-lockup', caller: 'MDM', platform: 'enterprisestore', cc: 'nl', l: 'en', id: '100' });
    await f.client().lookupMetadata(['100'], { country: 'BE', language: 'fr', platform: 'volumestore' });
    expect(Object.fromEntries(f.lookups[1]!.searchParams)).toMatchObject({ platform: 'volumestore', cc: 'be', l: 'fr' });
  });

  it('refuses a request without the itvt cookie, or with the Bearer header instead', async () => {
    const f = setup();
    const url = `${APPLE_CONTENT_LOOKUP_URL}?version=2&p=mdm-lockup&caller=MDM&platform=volumestore&cc=us&l=en&id=100`;
    const bare = await fetch(url);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as { errorNumber: number }).errorNumber).toBe(9601);
    expect((await fetch(url, { headers: { authorization: `Bearer ${f.sToken}` } })).status).toBe(401);
    expect((await fetch(url, { headers: { cookie: 'itvt=not-a-token' } })).status).toBe(401);
    const answer = await fetch(url, { headers: { cookie: `lang=en; itvt=${f.sToken}` } });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { results: Record<string, { name: string }> }).results['100']?.name).toBe('Pages');
  });

  it('asks for at most 100 adamIds per request (the simulator refuses more) and drops duplicates', async () => {
    const many: AssetSpec[] = Array.from({ length: 250 }, (_, i) => ({ adamId: String(5000 + i), productType: 'App', totalCount: 1, name: `App number ${i}` }));
    const f = setup(many);
    const ids = many.map((a) => a.adamId);
    const found = await f.client().lookupMetadata([...ids, ...ids.slice(0, 10)]);
    expect(found.map((m) => m.adamId)).toEqual(ids);
    expect(f.lookups.map((url) => url.searchParams.get('id')!.split(',').length)).toEqual([100, 100, 50]);
    const tooMany = await fetch(`${APPLE_CONTENT_LOOKUP_URL}?id=${ids.slice(0, 101).join(',')}`, { headers: { cookie: `itvt=${f.sToken}` } });
    expect(tooMany.status).toBe(400);
    expect(await f.client({ metadataBatchSize: 120 }).lookupMetadata(ids).catch((e: unknown) => e)).toBeInstanceOf(MetadataLookupError);
  });

  it('logs each lookup under its location and sends nothing for an empty list', async () => {
    const f = setup();
    const client = f.client();
    expect(await client.lookupMetadata([])).toEqual([]);
    expect(f.lookups).toHaveLength(0);
    await client.lookupMetadata(['100']);
    expect(f.simulator.requests.filter((r) => r.path === 'contentMetadataLookup').map((r) => [r.uId, r.httpStatus])).toEqual([[f.uId, 200]]);
  });

  it('reports a failed lookup as MetadataLookupError, not as an Apple error about the token', async () => {
    const f = setup();
    f.simulator.injectFault({ kind: 'token-invalid', httpStatus: 401 }, { path: 'contentMetadataLookup' });
    const refused = await f.client().lookupMetadata(['100']).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MetadataLookupError);
    expect(refused).not.toBeInstanceOf(AppleApiError);
    f.simulator.injectFault({ kind: 'unavailable' }, { path: 'contentMetadataLookup', times: 2 });
    await expect(f.client().lookupMetadata(['100'])).rejects.toThrow(/content metadata lookup failed/);
    // Two tries, then the caller gets on with its work.
    expect(f.simulator.requests.filter((r) => r.path === 'contentMetadataLookup').map((r) => r.httpStatus)).toEqual([401, 503, 503]);
  });
});
