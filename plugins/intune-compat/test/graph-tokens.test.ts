// Graph's vppToken writes and actions through Microsoft's JavaScript client: create, rename, renew in place, take
// over, delete, revokeLicenses, getLicensesForApp, syncLicenseCounts; and refusals in Graph's shape, changing nothing.
import { describe, expect, it } from 'vitest';
import { AuditLog } from '@vpp-host/api';
import { Distribution } from '@vpp-host/plugins/vpp-apple/api';
import { OTHER_MDM, writesSent } from '../../vpp-apple/test/apple-world.js';
import { SMALL_LOCATION, SCHOOL_LOCATION, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { startSurface, type Surface } from './graph-surface.js';

const HEAD_OFFICE: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 10, name: 'Pages', bundleId: 'com.apple.Pages' },
    { adamId: '200', productType: 'App', totalCount: 1, name: 'Numbers', bundleId: 'com.apple.Numbers' },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  users: [
    { clientUserId: 'u1', email: 'u1@example.com', status: 'Associated' },
    { clientUserId: 'u2', email: 'u2@example.com', status: 'Associated' },
  ],
  assignments: [
    { adamId: '100', pricingParam: 'STDQ', serialNumber: 'FOREIGN-1' },
    { adamId: '200', pricingParam: 'STDQ', serialNumber: 'FOREIGN-2' },
  ],
};
const SCHOOL: LocationSpec = { ...SCHOOL_LOCATION, assets: [{ adamId: '100', productType: 'App', totalCount: 4, name: 'Pages', bundleId: 'com.apple.Pages' }] };
const TOKENS = '/beta/deviceAppManagement/vppTokens';

const startHarness = useHarness();
const surface = () =>
  startSurface(startHarness, { locations: [HEAD_OFFICE, SCHOOL] }, {
    users: [
      { id: 'u1', name: 'Uma', email: 'u1@example.com' },
      { id: 'u2', name: 'Udo', email: 'u2@example.com' },
    ],
  });

/** What a refused request must leave as it was: the tokens, their audit entries and Apple. */
function snapshot(s: Surface) {
  const tokenEntries = s.h.container.get<AuditLog>(AuditLog).query({}).items.filter((entry) => entry.action.startsWith('vpp.token.'));
  return { tokens: JSON.stringify(s.h.tokens.list()), audit: tokenEntries.length, writes: writesSent(s.h.simulator).length };
}

/** Everything a script or an operator could read: answers, outputs and log lines. */
function everythingSaid(s: Surface, answers: unknown[]): string {
  return JSON.stringify([answers, s.h.outputs, s.h.logs]);
}

describe('intune-compat: vppToken writes through Microsoft Graph', () => {
  it('creates a token from its file named after its location, renames, renews in place and deletes it; the file never comes back', async () => {
    const s = await surface();
    const school = s.h.handles[1]!;
    const created = await s.graph
      .api('/deviceAppManagement/vppTokens')
      .post({ '@odata.type': '#microsoft.graph.vppToken', token: school.sToken, vppTokenAccountType: 'education', appleId: 'admin@school.example' });
    expect(created).toMatchObject({ '@odata.type': '#microsoft.graph.vppToken', displayName: 'Northside School', organizationName: 'Northside District', vppTokenAccountType: 'education', state: 'valid', countryOrRegion: 'be' });
    expect(s.h.tokens.list().map((t) => t.name).sort()).toEqual(['Head office', 'Northside School']);
    await s.h.until(() => s.h.sync.state(created.id).status === 'completed');

    const renamed = await s.graph.api(`/deviceAppManagement/vppTokens/${created.id}`).patch({ displayName: 'Northside' });
    expect(renamed).toMatchObject({ id: created.id, displayName: 'Northside' });
    expect(s.h.tokens.get(created.id)!.name).toBe('Northside');

    const renewal = s.h.simulator.renewToken(SCHOOL.uId, { expiresAt: new Date('2027-09-01T00:00:00Z') });
    const renewed = await s.graph.api(`/deviceAppManagement/vppTokens/${created.id}`).version('v1.0').patch({ token: renewal.sToken, automaticallyUpdateApps: false });
    expect(renewed).toMatchObject({ id: created.id, expirationDateTime: '2027-09-01T00:00:00.000Z', state: 'valid' });
    expect(s.h.tokens.get(created.id)).toMatchObject({ name: 'Northside', renewedAt: expect.any(String) });
    // Renewed in place: the location's synced catalog stays under the same id.
    expect(s.h.catalog.assets({ tokenId: created.id }).items.map((a) => a.adamId)).toEqual(['100']);

    await s.graph.api(`/deviceAppManagement/vppTokens/${created.id}`).delete();
    expect(s.h.tokens.list().map((t) => t.name)).toEqual(['Head office']);
    expect(everythingSaid(s, [created, renamed, renewed])).not.toContain(school.sToken);
    expect(everythingSaid(s, [created, renamed, renewed])).not.toContain(renewal.sToken);
  });

  it('numbers the location name when a token has it already, and takes displayName as given', async () => {
    const s = await surface();
    await s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).patch({ displayName: 'Northside School' });
    const numbered = await s.graph.api('/deviceAppManagement/vppTokens').post({ token: s.h.handles[1]!.sToken });
    expect(numbered.displayName).toBe('Northside School (2)');
    // A name another token has is refused before the renewal beside it is made.
    const renewal = s.h.simulator.renewToken(HEAD_OFFICE.uId);
    const taken = await s.call('PATCH', `${TOKENS}/${s.tokenId}`, JSON.stringify({ token: renewal.sToken, displayName: 'northside school (2)' }));
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'Conflict', message: "A vppToken named 'Northside School (2)' already exists." } } });
    expect(s.h.tokens.get(s.tokenId)).not.toHaveProperty('renewedAt');
    await s.graph.api(`/deviceAppManagement/vppTokens/${numbered.id}`).delete();
    const named = await s.graph.api('/deviceAppManagement/vppTokens').post({ token: s.h.handles[1]!.sToken, displayName: 'Schools' });
    expect(named.displayName).toBe('Schools');
  });

  it('claimTokenManagementFromExternalMdm takes a location another MDM holds back, alone or with a renewal', async () => {
    const s = await surface();
    s.h.simulator.setMdmInfo(HEAD_OFFICE.uId, OTHER_MDM);
    await s.h.settle(s.h.tokens.checkHealth(s.tokenId)).catch(() => undefined);
    expect(await s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).get()).toMatchObject({ state: 'assignedToExternalMDM' });
    const taken = await s.h.settle(s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).patch({ claimTokenManagementFromExternalMdm: true }));
    expect(taken).toMatchObject({ state: 'valid' });
    expect(s.h.simulator.location(HEAD_OFFICE.uId).mdmInfo).toMatchObject({ name: 'vpp-host' });

    s.h.simulator.setMdmInfo(HEAD_OFFICE.uId, OTHER_MDM);
    const renewal = s.h.simulator.renewToken(HEAD_OFFICE.uId);
    const refused = await s.call('PATCH', `${TOKENS}/${s.tokenId}`, JSON.stringify({ token: renewal.sToken }));
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'Conflict', message: expect.stringContaining('managed by another MDM ("Jamf Pro")') } } });
    const renewedAndTaken = await s.h.settle(s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).patch({ token: renewal.sToken, claimTokenManagementFromExternalMdm: true }));
    expect(renewedAndTaken).toMatchObject({ state: 'valid' });
    expect(s.h.simulator.location(HEAD_OFFICE.uId).mdmInfo).toMatchObject({ name: 'vpp-host' });
  });

  it('revokeLicenses revokes every app license the core assigned at the location, leaves the books and the licenses assigned elsewhere', async () => {
    const s = await surface();
    const pages = `vpp:${s.tokenId}:100:STDQ`;
    const numbers = `vpp:${s.tokenId}:200:STDQ`;
    const book = `vpp:${s.tokenId}:900:STDQ`;
    for (const item of [pages, numbers, book]) await s.h.route('POST', '/assignments', { body: { item, target: { kind: 'user', id: 'u1' } } });
    // Numbers' one license is held by a device another product assigned: Uma and Udo wait for it.
    await s.h.route('POST', '/assignments', { body: { item: numbers, target: { kind: 'user', id: 'u2' } } });
    const distribution = s.h.container.get<Distribution>(Distribution);
    const held = (item: string) => distribution.licenseHolders(item).length;
    const waiting = async () => ((await s.h.route('GET', '/queue/:item', { params: { item: numbers } })).body as { waiting: unknown[] }).waiting.length;
    expect([held(pages), held(numbers), held(book), await waiting()]).toEqual([1, 0, 1, 2]);

    // While another MDM holds the location nothing can be written for it: refused, and nothing is revoked.
    s.h.simulator.setMdmInfo(HEAD_OFFICE.uId, OTHER_MDM);
    await s.h.settle(s.h.tokens.checkHealth(s.tokenId)).catch(() => undefined);
    const refused = await s.call('POST', `${TOKENS}/${s.tokenId}/revokeLicenses`, JSON.stringify({ notifyManagedDevices: true }));
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'Conflict' } } });
    expect([held(pages), held(numbers), held(book), await waiting()]).toEqual([1, 0, 1, 2]);
    await s.h.settle(s.graph.api(`/deviceAppManagement/vppTokens/${s.tokenId}`).patch({ claimTokenManagementFromExternalMdm: true }));

    const answer = await s.call('POST', `${TOKENS}/${s.tokenId}/revokeLicenses`, JSON.stringify({ notifyManagedDevices: true, revokeUntrackedLicenses: false }));
    expect(answer).toEqual({ status: 204, body: undefined });
    // The waiting holders left the queue: a license freed later does not go to them.
    expect([held(pages), held(numbers), held(book), await waiting()]).toEqual([0, 0, 1, 0]);
    expect(s.h.catalog.untracked(s.tokenId).assignments.map((a) => a.serialNumber).sort()).toEqual(['FOREIGN-1', 'FOREIGN-2']);
  });

  it('getLicensesForApp answers each location holding the app; syncLicenseCounts syncs every location', async () => {
    const s = await surface();
    const school = await s.graph.api('/deviceAppManagement/vppTokens').post({ token: s.h.handles[1]!.sToken });
    await s.h.until(() => s.h.sync.state(school.id).status === 'completed');
    const counts = await s.graph.api("/deviceAppManagement/vppTokens/getLicensesForApp(bundleId='com.apple.Pages')").get();
    expect(counts.value).toEqual(
      expect.arrayContaining([
        { '@odata.type': 'microsoft.graph.vppTokenLicenseSummary', vppTokenId: s.tokenId, appleId: null, organizationName: 'Contoso Ltd', availableLicenseCount: 9, usedLicenseCount: 1 },
        { '@odata.type': 'microsoft.graph.vppTokenLicenseSummary', vppTokenId: school.id, appleId: null, organizationName: 'Northside District', availableLicenseCount: 4, usedLicenseCount: 0 },
      ]),
    );
    expect(counts.value).toHaveLength(2);
    expect((await s.graph.api("/deviceAppManagement/vppTokens/getLicensesForApp(bundleId='com.example.none')").get()).value).toEqual([]);

    const before = [s.h.sync.state(s.tokenId).lastSuccessAt, s.h.sync.state(school.id).lastSuccessAt];
    await s.h.clock.advance(60_000);
    const answer = await s.call('POST', `${TOKENS}/syncLicenseCounts`);
    expect(answer.status).toBe(204);
    await s.h.until(() => s.h.sync.state(s.tokenId).lastSuccessAt !== before[0] && s.h.sync.state(school.id).lastSuccessAt !== before[1]);
  });

  it("refuses bad input on every route in Graph's shape, with Graph's status, and changes nothing", async () => {
    const s = await surface();
    const school = s.h.handles[1]!;
    s.h.simulator.revokeToken(SCHOOL.uId);
    const otherLocation = s.h.simulator.renewToken(SCHOOL.uId).sToken;
    const notAToken = Buffer.from('{"token":"abc"}').toString('base64');
    const id = s.tokenId;
    const refusals: Array<[string, string, string | undefined, number, string, RegExp]> = [
      ['POST', TOKENS, '{"token": ', 400, 'BadRequest', /not valid JSON/],
      ['POST', TOKENS, JSON.stringify({ '@odata.type': '#microsoft.graph.iosVppApp', token: school.sToken }), 400, 'BadRequest', /@odata\.type/],
      ['POST', TOKENS, JSON.stringify({ displayName: 'No file' }), 400, 'BadRequest', /token/],
      ['POST', TOKENS, JSON.stringify({ token: notAToken }), 400, 'BadRequest', /lacks "expDate", "orgName"/],
      ['POST', TOKENS, JSON.stringify({ token: 'not a token file' }), 400, 'BadRequest', /not Base64/],
      ['POST', TOKENS, JSON.stringify({ token: school.sToken }), 400, 'BadRequest', /Apple refuses this token: it is (revoked|invalid)/],
      ['POST', TOKENS, JSON.stringify({ token: otherLocation, vppTokenAccountType: 'business' }), 400, 'BadRequest', /Apple School Manager, not of Apple Business Manager/],
      ['POST', TOKENS, JSON.stringify({ token: otherLocation, automaticallyUpdateApps: true }), 400, 'BadRequest', /automaticallyUpdateApps is not supported/],
      ['POST', TOKENS, JSON.stringify({ token: otherLocation, favouriteColour: 'blue' }), 400, 'BadRequest', /favouriteColour/],
      ['POST', TOKENS, JSON.stringify({ token: otherLocation, displayName: 'head OFFICE' }), 409, 'Conflict', /already exists/],
      ['POST', TOKENS, JSON.stringify({ token: s.h.handles[0]!.sToken }), 409, 'Conflict', /already added/],
      ['PATCH', `${TOKENS}/nope`, JSON.stringify({ displayName: 'x' }), 404, 'ResourceNotFound', /No vppToken with id 'nope'/],
      ['PATCH', `${TOKENS}/${id}`, '{displayName: x}', 400, 'BadRequest', /not valid JSON/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ '@odata.type': '#microsoft.graph.vppTokens', displayName: 'x' }), 400, 'BadRequest', /@odata\.type/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ displayName: 'x', colour: 'red' }), 400, 'BadRequest', /colour/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ token: otherLocation }), 400, 'BadRequest', /not for token "Head office"'s location/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ token: notAToken, displayName: 'Renamed' }), 400, 'BadRequest', /lacks "expDate", "orgName"/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ vppTokenAccountType: 'education', displayName: 'Renamed' }), 400, 'BadRequest', /cannot be changed/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ automaticallyUpdateApps: true, displayName: 'Renamed' }), 400, 'BadRequest', /automaticallyUpdateApps is not supported/],
      ['PATCH', `${TOKENS}/${id}`, JSON.stringify({ displayName: '' }), 400, 'BadRequest', /displayName/],
      ['PATCH', `/v1.0/deviceAppManagement/vppTokens/${id}`, JSON.stringify({ displayName: 'beta only' }), 400, 'BadRequest', /displayName/],
      ['POST', '/v1.0/deviceAppManagement/vppTokens', JSON.stringify({ token: otherLocation, claimTokenManagementFromExternalMdm: true }), 400, 'BadRequest', /claimTokenManagementFromExternalMdm/],
      ['DELETE', `${TOKENS}/nope`, undefined, 404, 'ResourceNotFound', /No vppToken/],
      ['GET', `${TOKENS}/nope`, undefined, 404, 'ResourceNotFound', /No vppToken/],
      ['GET', `${TOKENS}/getLicensesForApp(bundleId=com.apple.Pages)`, undefined, 400, 'BadRequest', /getLicensesForApp\(bundleId='<bundle id>'\)/],
      ['GET', `${TOKENS}?$expand=assignments`, undefined, 400, 'BadRequest', /no 'assignments'/],
      ['POST', `${TOKENS}/nope/syncLicenses`, undefined, 404, 'ResourceNotFound', /No vppToken/],
      ['POST', `${TOKENS}/nope/revokeLicenses`, JSON.stringify({ notifyManagedDevices: false }), 404, 'ResourceNotFound', /No vppToken/],
      ['POST', `${TOKENS}/${id}/revokeLicenses`, JSON.stringify({ revokeUntrackedLicenses: true }), 400, 'BadRequest', /revokeUntrackedLicenses is not supported/],
      ['POST', `${TOKENS}/${id}/revokeLicenses`, JSON.stringify({ notifyManagedDevices: 'yes' }), 400, 'BadRequest', /notifyManagedDevices/],
      ['POST', `${TOKENS}/${id}/revokeLicenses`, '[', 400, 'BadRequest', /not valid JSON/],
    ];
    const before = snapshot(s);
    const answers: unknown[] = [];
    for (const [method, path, body, status, code, message] of refusals) {
      const answer = await s.call(method, path, body);
      answers.push(answer);
      const label = `${method} ${path} ${body ?? ''}`;
      expect(answer.status, label).toBe(status);
      expect(answer.body.error.code, label).toBe(code);
      expect(answer.body.error.message, label).toMatch(message);
      expect(Object.keys(answer.body.error.innerError).sort(), label).toEqual(['date', 'request-id']);
        expect(snapshot(s), label).toEqual(before);
    }
    const said = everythingSaid(s, answers);
    for (const secret of [school.sToken, otherLocation, s.h.handles[0]!.sToken]) expect(said).not.toContain(secret);
  });
});
