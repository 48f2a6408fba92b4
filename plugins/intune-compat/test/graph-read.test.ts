// Graph's read surface driven by Microsoft's own JavaScript client (a client we did not write), pointed at the host,
// and by raw HTTP for the error shapes; the core behind it is a real host with the Apple simulator.
import type { PageCollection } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { SMALL_LOCATION, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { startSurface } from './graph-surface.js';

const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 10, name: 'Pages', bundleId: 'com.apple.Pages' },
    { adamId: '200', productType: 'App', totalCount: 2, name: 'Numbers', bundleId: 'com.apple.Numbers' },
    { adamId: '300', productType: 'App', totalCount: 3, name: 'Final Cut Pro', bundleId: 'com.apple.FinalCut', supportedPlatforms: ['macOS'] },
    { adamId: '400', productType: 'App', totalCount: 4, name: 'Keynote', bundleId: 'com.apple.Keynote' },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
};

const startHarness = useHarness();
const surface = () => startSurface(startHarness, { locations: [LOCATION] });

describe('intune-compat: Graph reads through Microsoft Graph JavaScript client', () => {
  it('lists and gets VPP tokens with Graph states, account type and sync status, beta and v1.0', async () => {
    const { graph, tokenId, h } = await surface();
    const list = (await graph.api('/deviceAppManagement/vppTokens').get()) as { value: Record<string, unknown>[] };
    expect(list.value).toEqual([
      expect.objectContaining({
        '@odata.type': '#microsoft.graph.vppToken',
        id: tokenId,
        organizationName: 'Contoso Ltd',
        vppTokenAccountType: 'business',
        state: 'valid',
        lastSyncStatus: 'completed',
        countryOrRegion: 'nl',
        displayName: 'Head office',
        locationName: 'Head Office',
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(h.handles[0]!.sToken);
    const v1 = (await graph.api(`/deviceAppManagement/vppTokens/${tokenId}`).version('v1.0').get()) as Record<string, unknown>;
    expect(v1).toMatchObject({ id: tokenId, state: 'valid', vppTokenAccountType: 'business' });
    expect(v1).not.toHaveProperty('displayName');

    const synced = (await graph.api(`/deviceAppManagement/vppTokens/${tokenId}/syncLicenses`).post({})) as Record<string, unknown>;
    expect(synced).toMatchObject({ '@odata.type': '#microsoft.graph.vppToken', id: tokenId });
  });

  it('pages the VPP apps with $top and @odata.nextLink, filters them by type and selects fields', async () => {
    const { graph, tokenId, token } = await surface();
    const first = (await graph.api('/deviceAppManagement/mobileApps').top(2).get()) as PageCollection;
    expect(first.value).toHaveLength(2);
    expect(first['@odata.nextLink']).toMatch(/\$skiptoken=/);
    // The rest as a script follows @odata.nextLink. (The JavaScript client parses only https:// next links, so over
    // the test's plain http it cannot follow them itself; behind HTTPS its PageIterator does.)
    const seen: Record<string, unknown>[] = [...(first.value as Record<string, unknown>[])];
    for (let next = first['@odata.nextLink']; next; ) {
      const page = (await (await fetch(next, { headers: { authorization: `Bearer ${token}` } })).json()) as PageCollection;
      seen.push(...(page.value as Record<string, unknown>[]));
      next = page['@odata.nextLink'];
    }
    expect(seen.map((app) => app.displayName).sort()).toEqual(['Final Cut Pro', 'Keynote', 'Numbers', 'Pages']);
    expect(seen.find((app) => app.displayName === 'Pages')).toMatchObject({
      '@odata.type': '#microsoft.graph.iosVppApp',
      id: `vpp:${tokenId}:100:STDQ`,
      bundleId: 'com.apple.Pages',
      totalLicenseCount: 10,
      usedLicenseCount: 2,
      vppTokenId: tokenId,
      vppTokenOrganizationName: 'Contoso Ltd',
      vppTokenAccountType: 'business',
      licensingType: { supportsUserLicensing: true, supportsDeviceLicensing: true },
      applicableDeviceType: { iPad: true, iPhoneAndIPod: true },
    });

    const macs = (await graph.api('/deviceAppManagement/mobileApps').filter("isof('microsoft.graph.macOsVppApp')").get()) as PageCollection;
    expect(macs.value.map((app: { displayName: string }) => app.displayName)).toEqual(['Final Cut Pro']);
    const slim = (await graph.api('/deviceAppManagement/mobileApps').filter("isof('microsoft.graph.iosVppApp')").select(['displayName', 'usedLicenseCount']).get()) as PageCollection;
    expect(Object.keys(slim.value[0]).sort()).toEqual(['@odata.type', 'displayName', 'id', 'usedLicenseCount']);
    expect(slim.value).toHaveLength(3);

    const one = (await graph.api(`/deviceAppManagement/mobileApps/vpp:${tokenId}:200:STDQ`).get()) as Record<string, unknown>;
    expect(one).toMatchObject({ displayName: 'Numbers', totalLicenseCount: 2 });
    const books = (await graph.api('/deviceAppManagement/managedEBooks').get()) as PageCollection;
    expect(books.value).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.iosVppEBook', displayName: 'Swift Basics', totalLicenseCount: 5, vppTokenId: tokenId })]);
  });

  it("answers what it refuses in Graph's error shape, and changes nothing", async () => {
    const { base, token, h } = await surface();
    const get = async (path: string) => {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: (await response.json()) as { error: { code: string; message: string; innerError: Record<string, string> } } };
    };
    const refusals: [string, number, string, RegExp][] = [
      ['/beta/deviceAppManagement/vppTokens/nope', 404, 'ResourceNotFound', /No vppToken with id 'nope'/],
      ['/v1.0/deviceAppManagement/mobileApps/vpp:nope:1:STDQ', 404, 'ResourceNotFound', /No mobileApp/],
      ['/beta/deviceAppManagement/mobileApps?$top=0', 400, 'BadRequest', /\$top/],
      ['/beta/deviceAppManagement/mobileApps?$top=many', 400, 'BadRequest', /\$top/],
      ["/beta/deviceAppManagement/mobileApps?$filter=displayName eq 'x'", 400, 'BadRequest', /only isof/],
      ['/beta/deviceAppManagement/mobileApps?$orderby=displayName', 400, 'BadRequest', /\$orderby/],
      ['/beta/deviceAppManagement/managedEBooks?$skiptoken=!!', 400, 'BadRequest', /skiptoken/],
    ];
    for (const [path, status, code, message] of refusals) {
      const answer = await get(path);
      expect(answer.status, path).toBe(status);
      expect(answer.body.error.code, path).toBe(code);
      expect(answer.body.error.message, path).toMatch(message);
      expect(Object.keys(answer.body.error.innerError).sort(), path).toEqual(['date', 'request-id']);
    }
    const unauthenticated = await fetch(`${base}/beta/deviceAppManagement/vppTokens`);
    expect(unauthenticated.status).toBe(401);
    expect(h.tokens.list()).toHaveLength(1);
  });
});
