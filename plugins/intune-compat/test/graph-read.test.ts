// Graph's read surface driven by Microsoft's own JavaScript client (a client we did not write), pointed at the host,
// and by raw HTTP for the error shapes; the core behind it is a real host with the Apple simulator.
import { Client, HTTPMessageHandler, type Context, type Middleware, type PageCollection } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@vpp-host/api';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { ADMIN, SMALL_LOCATION, useHarness, type StartedHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';

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

/** Sets the bearer token itself: the client attaches one only to https Graph hosts. */
class BearerToken implements Middleware {
  private next?: Middleware;
  constructor(private readonly token: string) {}
  async execute(context: Context): Promise<void> {
    const headers = new Headers(context.options?.headers as HeadersInit | undefined);
    headers.set('Authorization', `Bearer ${this.token}`);
    context.options = { ...context.options, headers: Object.fromEntries(headers) };
    await this.next!.execute(context);
  }
  setNext(next: Middleware): void {
    this.next = next;
  }
}

interface Surface {
  readonly h: StartedHarness;
  readonly base: string;
  readonly token: string;
  readonly graph: Client;
  readonly tokenId: string;
}

async function surface(): Promise<Surface> {
  const h = await startHarness({ locations: [LOCATION], bundled: ['intune-compat'] });
  const base = `${h.host.environment.publicUrl()}/api/plugins/intune-compat`;
  const token = (await h.host.container.get<AccountService>(AccountService).createApiToken({ name: 'graph script', role: 'admin' }, SYSTEM_ACTOR)).token;
  const added = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(added.id));
  const bearer = new BearerToken(token);
  bearer.setNext(new HTTPMessageHandler());
  const graph = Client.initWithMiddleware({ baseUrl: `${base}/`, defaultVersion: 'beta', middleware: bearer });
  return { h, base, token, graph, tokenId: added.id };
}

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
