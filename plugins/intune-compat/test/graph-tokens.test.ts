// Graph's vppToken writes and actions through Microsoft's JavaScript client: create, rename, renew in place, take
// over, delete, revokeLicenses, getLicensesForApp, syncLicenseCounts; and refusals in Graph's shape, changing nothing.
import { describe, expect, it } from 'vitest';
import { SMALL_LOCATION, SCHOOL_LOCATION, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { startSurface } from './graph-surface.js';

const HEAD_OFFICE: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [{ adamId: '100', productType: 'App', totalCount: 10, name: 'Pages', bundleId: 'com.apple.Pages' }],
  users: [{ clientUserId: 'u1', email: 'u1@example.com', status: 'Associated' }],
  assignments: [],
};
const SCHOOL: LocationSpec = { ...SCHOOL_LOCATION, assets: [{ adamId: '100', productType: 'App', totalCount: 4, name: 'Pages', bundleId: 'com.apple.Pages' }] };

const startHarness = useHarness();
const surface = () => startSurface(startHarness, { locations: [HEAD_OFFICE, SCHOOL] }, { users: [{ id: 'u1', name: 'Uma', email: 'u1@example.com' }] });

describe('intune-compat: vppToken writes through Microsoft Graph', () => {
  it('creates a token from its file, renames, renews in place and deletes it; the file never comes back', async () => {
    const s = await surface();
    const school = s.h.handles[1]!;
    const created = await s.graph.api('/deviceAppManagement/vppTokens').post({ '@odata.type': '#microsoft.graph.vppToken', token: school.sToken, vppTokenAccountType: 'education', appleId: 'admin@school.example' });
    expect(created).toMatchObject({ '@odata.type': '#microsoft.graph.vppToken', displayName: 'Northside School', vppTokenAccountType: 'education', state: 'valid' });
    expect(JSON.stringify(created)).not.toContain(school.sToken);
    expect(s.h.tokens.list().map((t) => t.name).sort()).toEqual(['Head office', 'Northside School']);

    await s.graph.api(`/deviceAppManagement/vppTokens/${created.id}`).patch({ displayName: 'Northside' });
    expect(s.h.tokens.get(created.id)!.name).toBe('Northside');
    const renewed = s.h.simulator.renewToken(SCHOOL.uId);
    await s.graph.api(`/deviceAppManagement/vppTokens/${created.id}`).patch({ token: renewed.sToken });
    expect(s.h.tokens.get(created.id)!.renewedAt).toBeDefined();

    const counts = await s.graph.api("/deviceAppManagement/vppTokens/getLicensesForApp(bundleId='com.apple.Pages')").get();
    expect(counts.value.map((c: any) => [c.vppTokenId, c.organizationName])).toEqual(expect.arrayContaining([[s.tokenId, 'Contoso Ltd']]));
    expect(await s.graph.api('/deviceAppManagement/vppTokens/syncLicenseCounts').post({})).toBeUndefined();

    await s.graph.api(`/deviceAppManagement/vppTokens/${created.id}`).delete();
    expect(s.h.tokens.list().map((t) => t.name)).toEqual(['Head office']);
  });

  it('claimTokenManagementFromExternalMdm takes a location another MDM holds back, and Graph shows the state before and after', async () => {
    const s = await surface();
    s.h.simulator.setMdmInfo(HEAD_OFFICE.uId, { id: 'other-mdm', name: 'Other MDM', metadata: 'https://other.example' });
    await s.h.settle(s.h.tokens.checkHealth(s.tokenId)).catch(() => undefined);
    expect(await s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).get()).toMatchObject({ state: 'assignedToExternalMDM' });
    await s.h.settle(s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).patch({ claimTokenManagementFromExternalMdm: true }));
    expect(await s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).get()).toMatchObject({ state: 'valid' });
  });

  it('revokeLicenses revokes every app license the location holds', async () => {
    const s = await surface();
    await s.h.settle(s.h.sync.sync(s.tokenId, { full: true }));
    const pages = `vpp:${s.tokenId}:100:STDQ`;
    await s.h.route('POST', '/assignments', { body: { item: pages, target: { kind: 'user', id: 'u1' } } });
    const held = async () => ((await s.h.route('GET', '/licenses', { query: { item: pages } })).body as any).items.filter((l: any) => l.state === 'requested' || l.state === 'confirmed').length;
    expect(await held()).toBe(1);
    await s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}/revokeLicenses`).post({ notifyManagedDevices: true, revokeUntrackedLicenses: false });
    expect(await held()).toBe(0);
  });

  it("refuses in Graph's shape what it cannot do, and changes nothing", async () => {
    const s = await surface();
    const school = s.h.handles[1]!;
    const refusals: Array<[string, string, unknown, number, RegExp]> = [
      ['POST', '/beta/deviceAppManagement/vppTokens', { displayName: 'No file' }, 400, /token/],
      ['POST', '/beta/deviceAppManagement/vppTokens', { token: 'not a token file' }, 400, /token/i],
      ['POST', '/beta/deviceAppManagement/vppTokens', { token: school.sToken, vppTokenAccountType: 'business' }, 400, /education token, not business/],
      ['POST', '/beta/deviceAppManagement/vppTokens', { token: school.sToken, automaticallyUpdateApps: true }, 400, /automaticallyUpdateApps is not supported/],
      ['POST', '/beta/deviceAppManagement/vppTokens', { token: school.sToken, favouriteColour: 'blue' }, 400, /favouriteColour/],
      ['POST', '/beta/deviceAppManagement/vppTokens', { token: s.h.handles[0]!.sToken }, 409, /already added/],
      ['PATCH', '/beta/deviceAppManagement/vppTokens/nope', { displayName: 'x' }, 404, /No vppToken/],
      ['DELETE', '/beta/deviceAppManagement/vppTokens/nope', undefined, 404, /No vppToken/],
      ['POST', `/beta/deviceAppManagement/vppTokens/${s.tokenId}/revokeLicenses`, { revokeUntrackedLicenses: true }, 400, /revokeUntrackedLicenses is not supported/],
    ];
    for (const [method, path, body, status, message] of refusals) {
      const answer = await s.call(method, path, body === undefined ? undefined : JSON.stringify(body));
      expect(answer.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
      expect(answer.body.error.message).toMatch(message);
      expect(Object.keys(answer.body.error.innerError).sort()).toEqual(['date', 'request-id']);
    }
    expect(s.h.tokens.list().map((t) => t.name)).toEqual(['Head office']);
  });
});
