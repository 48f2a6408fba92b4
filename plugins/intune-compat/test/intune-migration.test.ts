// A location moves from Intune to this host: the Intune dump a Graph script collected (the fixture) is planned against
// Apple's live state, applied with take-over and verified; then written back out in Intune's shape. Apple holds what
// Intune assigned, under Intune's own clientUserIds, which the plan finds by the people's email.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Inventory, type InventorySnapshot } from '@vpp-host/api';
import { ADMIN, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import type { MigrationApplyResult, MigrationPlan, MigrationVerifyResult } from '../../vpp-apple/api/index.js';
import type { IntuneRequests } from '../src/migration/graph-requests.js';

const PAGES = '361309726';
const KEYNOTE = '361285480';
const FINAL_CUT = '424389933';
const SWIFT_BASICS = '881256329';

/** Apple as Intune left it: its users under its clientUserIds, and exactly the licences the dump lists (none free). */
const LOCATION: LocationSpec = {
  uId: '2049025000777001',
  locationName: 'Head Office',
  orgName: 'Contoso Ltd',
  websiteURL: 'https://business.apple.com',
  countryISO2ACode: 'US',
  assets: [
    { adamId: PAGES, productType: 'App', totalCount: 2, supportedPlatforms: ['iOS'] },
    { adamId: KEYNOTE, productType: 'App', totalCount: 2, deviceAssignable: true, supportedPlatforms: ['iOS'] },
    { adamId: FINAL_CUT, productType: 'App', totalCount: 1, deviceAssignable: true, supportedPlatforms: ['macOS'] },
    { adamId: SWIFT_BASICS, productType: 'Book', totalCount: 1 },
  ],
  users: [
    { clientUserId: 'intune-7f01', email: 'ann@contoso.example', status: 'Associated' },
    { clientUserId: 'intune-7f02', email: 'bram@contoso.example', status: 'Associated' },
    { clientUserId: 'intune-7f03', email: 'claire@contoso.onmicrosoft.example', status: 'Associated' },
  ],
  assignments: [
    { adamId: PAGES, pricingParam: 'STDQ', clientUserId: 'intune-7f01' },
    { adamId: PAGES, pricingParam: 'STDQ', clientUserId: 'intune-7f03' },
    { adamId: KEYNOTE, pricingParam: 'STDQ', serialNumber: 'DMPQ0001' },
    { adamId: KEYNOTE, pricingParam: 'STDQ', serialNumber: 'DMPQ0002' },
    { adamId: FINAL_CUT, pricingParam: 'STDQ', serialNumber: 'C02MAC0001' },
    { adamId: SWIFT_BASICS, pricingParam: 'STDQ', clientUserId: 'intune-7f02' },
  ],
};

/** This host's directory: the same people and devices under its own ids, the groups under the same names. */
const DIRECTORY: InventorySnapshot = {
  users: [
    { id: 'ann', name: 'Ann Archer', email: 'ann@contoso.example' },
    { id: 'bram', name: 'Bram de Vries', email: 'bram@contoso.example' },
    { id: 'claire', name: 'Claire Dubois', email: 'claire@contoso.onmicrosoft.example' },
    { id: 'dan', name: 'Dan Designer', email: 'dan@contoso.example' },
  ],
  userGroups: [
    { id: 'sales', name: 'Sales', members: ['ann', 'bram', 'claire'] },
    { id: 'contractors', name: 'Contractors', members: ['claire'] },
  ],
  devices: [
    { id: 'ipad-1', serialNumber: 'DMPQ0001', platform: 'iPadOS', osVersion: '17.2' },
    { id: 'ipad-2', serialNumber: 'DMPQ0002', platform: 'iPadOS', osVersion: '17.2' },
    { id: 'mac-1', serialNumber: 'C02MAC0001', platform: 'macOS', osVersion: '14.5', ownerUserId: 'dan' },
  ],
  deviceGroups: [{ id: 'shared-ipads', name: 'Shared iPads', members: ['ipad-1', 'ipad-2'] }],
};

const startHarness = useHarness();

describe('a location moves from Intune to this host', () => {
  it('plans the Intune dump clean, applies it with take-over and no Apple write, verifies, and writes it back in Intune\'s shape', async () => {
    const dump = await readFile(new URL('./fixtures/intune-dump.json', import.meta.url), 'utf8');
    const h = await startHarness({ locations: [LOCATION], bundled: ['intune-compat'] });
    h.simulator.setMdmInfo(LOCATION.uId, { id: 'intune-tenant-contoso', name: 'Microsoft Intune', metadata: 'contoso.onmicrosoft.example' });
    await h.container.get<Inventory>(Inventory).import(DIRECTORY, ADMIN);
    const sToken = h.handles[0]!.sToken;

    const planned = await h.settle(h.command('migrate.plan', { file: dump }, { format: 'intune', 'token-file': sToken }));
    const plan = planned.data as MigrationPlan;
    expect(plan).toMatchObject({
      clean: true,
      location: { uId: LOCATION.uId, managedBy: { name: 'Microsoft Intune' }, heldHere: false },
      source: { product: 'Microsoft Intune' },
      counts: { licencesAdopted: 6, licencesLost: 0, licencesUnexplained: 0, devicesMissing: 0, groupsMissing: 0, itemsMissing: 0 },
    });

    const requestsBefore = h.simulator.requests.length;
    const applied = await h.settle(h.command('migrate.apply', { file: dump }, { format: 'intune', 'token-file': sToken, 'take-over': true, name: 'Office' }));
    const result = applied.data as MigrationApplyResult;
    expect(result).toMatchObject({ tookOver: true, done: { licencesAdopted: 6 } });
    const writes = h.simulator.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && !r.path.endsWith('client/config'));
    expect(writes.map((r) => r.path)).toEqual([]);
    // Apple's users keep Intune's clientUserIds: this host names them to Apple so from now on.
    const enrolled = await h.command('enrolment', {}, { token: 'Office', status: 'enrolled' });
    expect((enrolled.data as { items: { userId: string; clientUserId: string }[] }).items.map((e) => [e.userId, e.clientUserId]).sort()).toEqual([
      ['ann', 'intune-7f01'],
      ['bram', 'intune-7f02'],
      ['claire', 'intune-7f03'],
    ]);

    const verified = await h.settle(h.command('migrate.verify', { file: dump }, { format: 'intune' }));
    expect((verified.data as MigrationVerifyResult).checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.failed).toBe(false);

    const exported = await h.command('migrate.export', {}, { token: 'Office', format: 'intune' });
    const back = JSON.parse(exported.output!) as IntuneRequests;
    const pages = `vpp:${result.tokenId}:${PAGES}:STDQ`;
    const assignOfPages = back.requests.find((request) => request.url === `/deviceAppManagement/mobileApps/${encodeURIComponent(pages)}/assign`);
    expect(assignOfPages).toBeDefined();
    const original = (JSON.parse(dump) as { mobileApps: { appStoreUrl?: string; assignments: { intent: string }[] }[] }).mobileApps.find((app) => app.appStoreUrl?.includes(`id${PAGES}`))!;
    expect(assignOfPages!.body.mobileAppAssignments!.map((a) => a.intent).sort()).toEqual(original.assignments.map((a) => a.intent).sort());
    expect(back.groups.map((group) => group.displayName).sort()).toEqual(expect.arrayContaining(['Contractors', 'Sales', 'Shared iPads']));
  });
});
