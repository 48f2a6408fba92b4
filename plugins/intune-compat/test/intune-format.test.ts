// The migration format `intune`: a dump of Intune's Graph objects read into a bundle, and a bundle written as the
// Graph assign requests that recreate its assignments in Intune.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError, type HostError } from '@vpp-host/api';
import { MigrationBundleSchema, type MigrationBundle } from '@vpp-host/plugins/vpp-apple/api';
import { ManualClock } from '../../../host/runtime/clock.js';
import { HOST_MESSAGES } from '../../../host/runtime/host-messages.js';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import { IntuneMigrationFormat } from '../src/migration/intune-format.js';
import type { IntuneRequests } from '../src/migration/graph-requests.js';

const DUMP_TEXT = readFileSync(new URL('./fixtures/intune-dump.json', import.meta.url), 'utf8');
const dump = () => JSON.parse(DUMP_TEXT) as any;
const format = new IntuneMigrationFormat(new ManualClock('2026-12-05T10:00:00.000Z'));

const TOKEN = '9d7a0b3e-4f5c-4a66-9d11-5c1e7b0f2a31';
const PAGES = '5e2b6a1c-0001-4d8e-9f00-00000000a100';
const KEYNOTE = '5e2b6a1c-0001-4d8e-9f00-00000000a200';
const FINAL_CUT = '5e2b6a1c-0001-4d8e-9f00-00000000a300';
const BOOK = '0b00c5e1-0001-4e7a-8a00-00000000b900';
const SALES = 'b7d1c0de-0000-4000-8000-00000000a001';
const CONTRACTORS = 'b7d1c0de-0000-4000-8000-00000000a002';
const IPADS = 'b7d1c0de-0000-4000-8000-00000000a003';
const ANN = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const BRAM = '3f2504e0-4f89-41d3-9a0c-0305e82c3302';
const CLAIRE = '3f2504e0-4f89-41d3-9a0c-0305e82c3303';
const DAN = '3f2504e0-4f89-41d3-9a0c-0305e82c3304';
const IPAD_1 = '7c3b9f10-1111-4a2b-9c3d-0000000000d1';
const IPAD_2 = '7c3b9f10-1111-4a2b-9c3d-0000000000d2';
const MAC = '7c3b9f10-1111-4a2b-9c3d-0000000000d3';
const EXPORTED = '2026-12-01T09:00:00Z';

const read = (data: unknown) => format.read(JSON.stringify(data));
const thrown = (text: string): HostError => {
  try {
    format.read(text);
  } catch (error) {
    expect(error).toBeInstanceOf(BadInputError);
    return error as HostError;
  }
  throw new Error('the dump was accepted');
};
const refusal = (text: string) => thrown(text).message;
const refusalOf = (data: unknown) => refusal(JSON.stringify(data));

describe('the intune format reads an Intune dump', () => {
  const bundle = format.read(DUMP_TEXT);
  const assignment = (id: string) => bundle.assignments.find((a) => a.id === id)!;

  it('makes a valid bundle of the token, from Microsoft Intune, with no queue', () => {
    expect(MigrationBundleSchema.safeParse(bundle).success).toBe(true);
    expect(bundle.exportedAt).toBe(EXPORTED);
    expect(bundle.source).toEqual({ product: 'Microsoft Intune' });
    expect(bundle.location).toEqual({ uId: `intune:${TOKEN}`, name: 'Head Office', orgName: 'Contoso Ltd', program: 'business', countryCode: 'US', tokenExpiresAt: '2027-06-30T12:00:00Z' });
    expect(bundle.queues).toEqual([]);
  });

  it("lists the apps and the book with Apple's ids from their store URLs, platforms, device licensing and counts", () => {
    expect(bundle.catalog).toEqual([
      { id: PAGES, kind: 'vpp-app', name: 'Pages', platforms: ['iOS', 'iPadOS'], bundleId: 'com.apple.Pages', vpp: { adamId: '361309726', pricingParam: 'STDQ', revocable: true, deviceAssignable: true, totalCount: 50 } },
      { id: KEYNOTE, kind: 'vpp-app', name: 'Keynote', platforms: ['iPadOS'], bundleId: 'com.apple.Keynote', vpp: { adamId: '361285480', pricingParam: 'STDQ', revocable: true, deviceAssignable: true, totalCount: 10 } },
      { id: FINAL_CUT, kind: 'vpp-app', name: 'Final Cut Pro', platforms: ['macOS'], bundleId: 'com.apple.FinalCut', vpp: { adamId: '424389933', pricingParam: 'STDQ', revocable: true, deviceAssignable: true, totalCount: 3 } },
      { id: BOOK, kind: 'vpp-book', name: 'Swift Basics', platforms: ['iOS', 'iPadOS'], vpp: { adamId: '881256329', pricingParam: 'STDQ', revocable: false, deviceAssignable: false, totalCount: 20 } },
    ]);
  });

  it('turns intents into install modes, groups into user or device groups by their members, exclusions into the includes they narrow, settings into licence type and policy', () => {
    expect(bundle.assignments.map((a) => [a.itemId, a.installMode, a.target.kind, a.target.id, a.licenseType ?? null])).toEqual([
      [PAGES, 'automatic', 'user-group', SALES, 'user'],
      [PAGES, 'manual', 'all-users', 'all', 'user'],
      [KEYNOTE, 'automatic', 'device-group', IPADS, 'device'],
      [KEYNOTE, 'uninstall', 'user-group', CONTRACTORS, 'user'],
      [FINAL_CUT, 'automatic', 'all-devices', 'all', 'device'],
      [BOOK, 'automatic', 'user-group', SALES, null],
    ]);
    const salesPages = assignment(`${PAGES}:${SALES}_0_0`);
    expect(salesPages.exclusions).toEqual([{ kind: 'user-group', id: CONTRACTORS }]);
    expect(salesPages.policy).toMatchObject({ preventBackup: true, nonRemovable: false, preventAutoUpdate: false, onDeviceUnenrolled: { removeApp: true, releaseLicense: true }, requiresApproval: false });
    const allUsers = assignment(`${PAGES}:acacacac-9df4-4c7d-9d50-4ef0226f57a9_1_0`);
    expect('exclusions' in allUsers).toBe(false);
    expect(allUsers.policy).toMatchObject({ onDeviceUnenrolled: { removeApp: false, releaseLicense: true }, preventAutoUpdate: true });
    expect(assignment(`${KEYNOTE}:${IPADS}_0_0`).policy.nonRemovable).toBe(true);
    expect(bundle.assignments.every((a) => a.state === 'active' && a.createdAt === EXPORTED)).toBe(true);
  });

  it('names the people by Azure AD id and mail (else UPN) without a clientUserId, the Apple devices by serial number, the groups with their members', () => {
    expect(bundle.people).toEqual([
      { id: ANN, name: 'Ann Archer', email: 'ann@contoso.example' },
      { id: BRAM, name: 'Bram de Vries', email: 'bram@contoso.example' },
      { id: CLAIRE, name: 'Claire Dubois', email: 'claire@contoso.onmicrosoft.example' },
      { id: DAN, name: 'Dan Designer', email: 'dan@contoso.example' },
    ]);
    // The Windows laptop holds no VPP content: it is no device of the bundle.
    expect(bundle.devices).toEqual([
      { id: IPAD_1, serialNumber: 'DMPQ0001', name: 'iPad Front Desk', platform: 'iPadOS', state: 'enrolled' },
      { id: IPAD_2, serialNumber: 'DMPQ0002', name: 'iPad Meeting Room', platform: 'iPadOS', state: 'enrolled' },
      { id: MAC, serialNumber: 'C02MAC0001', name: "Dan's MacBook Pro", platform: 'macOS', ownerUserId: DAN, state: 'enrolled' },
    ]);
    expect(bundle.groups).toEqual([
      { kind: 'user-group', id: SALES, name: 'Sales', members: [ANN, BRAM, CLAIRE].map((id) => ({ id, joinedAt: EXPORTED })) },
      { kind: 'user-group', id: CONTRACTORS, name: 'Contractors', members: [{ id: CLAIRE, joinedAt: EXPORTED }] },
      { kind: 'device-group', id: IPADS, name: 'Shared iPads', members: [IPAD_1, IPAD_2].map((id) => ({ id, joinedAt: EXPORTED })) },
    ]);
  });

  it('holds each licence under the assignment that covers its holder, with the serial number as Apple holder id of a device', () => {
    expect(bundle.licences.map((l) => [l.itemId, l.holderKind, l.holderId, l.appleHolderId ?? null, l.assignmentId])).toEqual([
      [PAGES, 'user', ANN, null, `${PAGES}:${SALES}_0_0`],
      // Claire is excluded from Sales' required assignment: all users' available one covers her.
      [PAGES, 'user', CLAIRE, null, `${PAGES}:acacacac-9df4-4c7d-9d50-4ef0226f57a9_1_0`],
      [KEYNOTE, 'device', IPAD_1, 'DMPQ0001', `${KEYNOTE}:${IPADS}_0_0`],
      [KEYNOTE, 'device', IPAD_2, 'DMPQ0002', `${KEYNOTE}:${IPADS}_0_0`],
      [FINAL_CUT, 'device', MAC, 'C02MAC0001', `${FINAL_CUT}:adadadad-808e-44e2-905a-0b7873a8a531_0_0`],
      [BOOK, 'user', BRAM, null, `${BOOK}:${SALES}_0_0`],
    ]);
    expect(bundle.licences.every((l) => l.state === 'confirmed' && l.orderAt === EXPORTED && l.requestedAt === EXPORTED)).toBe(true);
  });

  it('takes the export time from the clock when the dump does not say it', () => {
    const { exportedAt: _, ...undated } = dump();
    expect(read(undated).exportedAt).toBe('2026-12-05T10:00:00.000Z');
  });
});

describe('the intune format writes the Graph requests that recreate the assignments', () => {
  const written = JSON.parse(format.write(format.read(DUMP_TEXT))) as IntuneRequests;
  /** An entry as `assign` takes it: without the ids and source Intune gives. */
  const assignable = ({ id: _id, source: _source, sourceId: _sourceId, ...entry }: Record<string, unknown>) => JSON.stringify(entry, Object.keys(entry).sort());
  const sorted = (entries: Array<Record<string, unknown>>) => entries.map(assignable).map((text) => JSON.parse(text)).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  it("sends one assign per item holding all of the dump's entries: intents, targets, exclusions and settings round-trip", () => {
    const original = dump();
    expect(written.requests.map((r) => r.url)).toEqual([
      `/deviceAppManagement/mobileApps/${PAGES}/assign`,
      `/deviceAppManagement/mobileApps/${KEYNOTE}/assign`,
      `/deviceAppManagement/mobileApps/${FINAL_CUT}/assign`,
      `/deviceAppManagement/managedEBooks/${BOOK}/assign`,
    ]);
    expect(written.requests.every((r) => r.method === 'POST')).toBe(true);
    original.mobileApps.forEach((app: any, index: number) => {
      expect(sorted(written.requests[index]!.body.mobileAppAssignments as any)).toEqual(sorted(app.assignments));
    });
    expect(sorted(written.requests[3]!.body.managedEBookAssignments as any)).toEqual(sorted(original.managedEBooks[0].assignments));
    expect(written.notExpressible).toEqual([]);
  });

  it('lists the groups to match or create, with their members, and the VPP items by adamId', () => {
    expect(written.groups.map((g) => [g.id, g.displayName, g.kind, g.members.map((m) => m.mail ?? m.serialNumber)])).toEqual([
      [SALES, 'Sales', 'user-group', ['ann@contoso.example', 'bram@contoso.example', 'claire@contoso.onmicrosoft.example']],
      [CONTRACTORS, 'Contractors', 'user-group', ['claire@contoso.onmicrosoft.example']],
      [IPADS, 'Shared iPads', 'device-group', ['DMPQ0001', 'DMPQ0002']],
    ]);
    expect(written.apps).toContainEqual({ id: FINAL_CUT, adamId: '424389933', bundleId: 'com.apple.FinalCut', name: 'Final Cut Pro', kind: 'vpp-app' });
    expect(written.apps).toContainEqual({ id: BOOK, adamId: '881256329', name: 'Swift Basics', kind: 'vpp-book' });
  });

  it('lists what Intune cannot say: single users and devices, approval and in-house items are left out; quotas and policy fields are dropped', () => {
    const bundle = format.read(DUMP_TEXT);
    const base = bundle.assignments.find((a) => a.id === `${PAGES}:${SALES}_0_0`)!;
    const changed: MigrationBundle = {
      ...bundle,
      catalog: [...bundle.catalog, { id: 'in-house-1', kind: 'in-house-app', name: 'Field Notes', platforms: ['iPadOS'] }],
      assignments: [
        { ...base, quota: 5, policy: { ...base.policy, requiresApproval: true, licenseRestrictedToUserGroups: [SALES] } },
        { ...base, id: 'to-ann', target: { kind: 'user', id: ANN }, exclusions: undefined },
        { ...base, id: 'waiting', target: { kind: 'all-users', id: 'all' }, exclusions: undefined, state: 'awaiting-approval' },
        { ...base, id: 'notes', itemId: 'in-house-1', exclusions: undefined },
      ],
    };
    const out = JSON.parse(format.write(changed)) as IntuneRequests;
    expect(out.notExpressible.map((n) => n.assignmentId)).toEqual([base.id, base.id, 'to-ann', 'waiting', 'notes']);
    expect(out.notExpressible[0]!.why).toContain('no licence quota per group (5)');
    expect(out.notExpressible[1]!.why).toContain('requiresApproval, licenseRestrictedToUserGroups');
    expect(out.notExpressible[2]!.why).toMatch(/not to a single user.*Left out\.$/);
    expect(out.requests).toHaveLength(1);
    const entries = out.requests[0]!.body.mobileAppAssignments!;
    expect(entries.map((e) => [e.intent, (e.target as any)['@odata.type'], (e.target as any).groupId])).toEqual([
      ['required', '#microsoft.graph.groupAssignmentTarget', SALES],
      ['required', '#microsoft.graph.exclusionGroupAssignmentTarget', CONTRACTORS],
    ]);
  });
});

describe('the intune format refuses what is no Intune dump or what a bundle cannot carry', () => {
  it('refuses text that is not JSON, JSON without vppTokens, and more than one token', () => {
    expect(refusal('{"vppTokens": [')).toMatch(/^The Intune dump is not JSON/);
    expect(refusalOf({ formatVersion: 1 })).toBe('This is not an Intune dump: it has no vppTokens (GET /deviceAppManagement/vppTokens)');
    const data = dump();
    expect(refusalOf({ ...data, vppTokens: [data.vppTokens[0], { ...data.vppTokens[0], id: 'other' }] })).toMatch(/holds 2 vppTokens; a bundle moves one location/);
  });

  it('names at most five problems by path and never repeats a long value', () => {
    const data = dump();
    const long = 'x'.repeat(100_000);
    data.vppTokens[0].countryOrRegion = long;
    data.mobileApps[0].appStoreUrl = long;
    data.mobileApps[1].totalLicenseCount = -1;
    data.mobileApps[2]['@odata.type'] = '#microsoft.graph.win32LobApp';
    data.managedEBooks[0].informationUrl = null;
    data.managedDevices[0].serialNumber = '';
    data.surprise = true;
    const message = refusalOf(data);
    expect(message).toMatch(/^The Intune dump is not valid: /);
    expect(message).toContain('vppTokens.0.countryOrRegion: must be a two-letter country code');
    expect(message).toContain("mobileApps.0.appStoreUrl: must be the store's URL, ending in /id<Apple's id>");
    expect(message).toContain('mobileApps.1.totalLicenseCount');
    expect(message).toMatch(/; and \d+ more$/);
    expect(message.length).toBeLessThan(1_000);
  });

  it('refuses a filter or availableWithoutEnrollment, naming the app and the assignment', () => {
    const filtered = dump();
    filtered.mobileApps[0].assignments[2].target.deviceAndAppManagementAssignmentFilterId = 'f1';
    filtered.mobileApps[0].assignments[2].target.deviceAndAppManagementAssignmentFilterType = 'include';
    expect(refusalOf(filtered)).toBe(
      'mobileApps.0 (Pages), the assignment "acacacac-9df4-4c7d-9d50-4ef0226f57a9_1_0": Assignment filters are not supported: use a group, and exclusion groups to leave members out. A bundle cannot carry it: change it in Intune and collect the dump again.',
    );
    const unenrolled = dump();
    unenrolled.mobileApps[1].assignments.push({ ...unenrolled.mobileApps[1].assignments[1], id: 'awe', intent: 'availableWithoutEnrollment', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: SALES } });
    expect(refusalOf(unenrolled)).toMatch(/^mobileApps\.1 \(Keynote\), the assignment "awe": The intent availableWithoutEnrollment is not supported/);
  });

  it('refuses an unknown group, naming it, and a VPN configuration the core cannot hold', () => {
    const unknown = dump();
    unknown.managedEBooks[0].assignments[0].target.groupId = 'no-such-group';
    expect(refusalOf(unknown)).toBe(
      `managedEBooks.0 (Swift Basics), the assignment "${SALES}_0_0": No group with id "no-such-group". A bundle cannot carry it: change it in Intune and collect the dump again.`,
    );
    const vpn = dump();
    vpn.mobileApps[1].assignments[0].settings.vpnConfigurationId = 'vpn-1';
    expect(refusalOf(vpn)).toMatch(/^mobileApps\.1 \(Keynote\), the assignment "b7d1c0de-0000-4000-8000-00000000a003_0_0": Its VPN configuration/);
  });

  it('refuses a licence no assignment covers, a group of users and devices, and content of another token', () => {
    const uncovered = dump();
    uncovered.mobileApps[2].assignments = [];
    expect(refusalOf(uncovered)).toMatch(/^mobileApps\.2\.assignedLicenses\.0 \(Final Cut Pro\): the device "7c3b9f10-1111-4a2b-9c3d-0000000000d3" holds a licence no assignment of the item covers/);
    const mixed = dump();
    mixed.groups[0].members.push(mixed.groups[2].members[0]);
    expect(refusalOf(mixed)).toMatch(/^groups\.0 \(Sales\) holds both users and devices/);
    const foreign = dump();
    foreign.managedEBooks[0].vppTokenId = 'another-token';
    expect(refusalOf(foreign)).toBe('The Intune dump holds content of another token: managedEBooks.0 has vppTokenId another-token');
  });

  it('says its refusals in Dutch and French as well, keeping the paths and ids as they are', () => {
    const manifest = JSON.parse(readFileSync(new URL('../plugin.json', import.meta.url), 'utf8'));
    const messages = new MessageCatalog(() => [manifest, { contributes: { messages: HOST_MESSAGES } }]);
    const said = (data: unknown, language: string) => messages.say(thrown(JSON.stringify(data)), language);
    const uncovered = dump();
    uncovered.mobileApps[2].assignments = [];
    expect(said(uncovered, 'nl')).toMatch(/^mobileApps\.2\.assignedLicenses\.0 \(Final Cut Pro\): apparaat "7c3b9f10-1111-4a2b-9c3d-0000000000d3" heeft een licentie die door geen enkele toewijzing/);
    const foreign = dump();
    foreign.managedEBooks[0].vppTokenId = 'another-token';
    expect(said(foreign, 'fr')).toBe('L’export Intune contient le contenu d’un autre jeton : managedEBooks.0 a le vppTokenId another-token');
    const vpn = dump();
    vpn.mobileApps[1].assignments[0].settings.vpnConfigurationId = 'vpn-1';
    expect(said(vpn, 'nl')).toMatch(/^mobileApps\.1 \(Keynote\), de toewijzing "b7d1c0de-0000-4000-8000-00000000a003_0_0": Zijn VPN-configuratie \(vpnConfigurationId\) heeft geen plaats in de kern/);
    expect(said({ formatVersion: 1 }, 'fr')).toBe('Ce n’est pas un export Intune : il n’a pas de vppTokens (GET /deviceAppManagement/vppTokens)');
  });
});
