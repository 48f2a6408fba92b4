// The format `intune` as the host offers it: loading intune-compat contributes it to vpp-apple's migration export, and
// what a Graph script assigned comes back out of `migrate export --format intune` as the same assign requests.
import { describe, expect, it } from 'vitest';
import type { InventorySnapshot } from '@vpp-host/api';
import { SMALL_LOCATION, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import type { IntuneRequests } from '../src/migration/graph-requests.js';
import { startSurface } from './graph-surface.js';

const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 5, name: 'Pages', bundleId: 'com.apple.Pages', deviceAssignable: true },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  assignments: [],
};

const INVENTORY: InventorySnapshot = {
  users: ['u1', 'u2'].map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })),
  userGroups: [
    { id: 'sales', name: 'Sales', members: ['u1', 'u2'] },
    { id: 'contractors', name: 'Contractors', members: ['u2'] },
  ],
  devices: [{ id: 'd1', serialNumber: 'C02D1', platform: 'iPadOS', osVersion: '17.2' }],
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['d1'] }],
};

const FILTERS = { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' };
const target = (type: string, groupId?: string) => ({ '@odata.type': `#microsoft.graph.${type}`, ...FILTERS, ...(groupId ? { groupId } : {}) });
const settings = (useDeviceLicensing: boolean) => ({
  '@odata.type': '#microsoft.graph.iosVppAppAssignmentSettings',
  useDeviceLicensing,
  vpnConfigurationId: null,
  uninstallOnDeviceRemoval: true,
  isRemovable: false,
  preventManagedAppBackup: true,
  preventAutoAppUpdate: false,
});
const APP_ENTRIES = [
  { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target: target('groupAssignmentTarget', 'sales'), settings: settings(false) },
  { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target: target('exclusionGroupAssignmentTarget', 'contractors'), settings: null },
  { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target: target('groupAssignmentTarget', 'ipads'), settings: settings(true) },
];
const BOOK_ENTRIES = [{ '@odata.type': '#microsoft.graph.iosVppEBookAssignment', installIntent: 'available', target: target('allLicensedUsersAssignmentTarget') }];

const startHarness = useHarness();
const byText = (entries: readonly unknown[]) => entries.map((entry) => JSON.stringify(entry, Object.keys(entry as object).sort())).sort();

describe('migrate export --format intune', () => {
  it("is offered once intune-compat is loaded, and writes back the assignments Graph's assign made", async () => {
    const s = await startSurface(startHarness, { locations: [LOCATION] }, INVENTORY);
    await s.h.settle(s.h.sync.sync(s.tokenId, { full: true }));
    const pages = `vpp:${s.tokenId}:100:STDQ`;
    const book = `vpp:${s.tokenId}:900:STDQ`;
    expect((await s.call('POST', `/beta/deviceAppManagement/mobileApps/${pages}/assign`, JSON.stringify({ mobileAppAssignments: APP_ENTRIES }))).status).toBe(204);
    expect((await s.call('POST', `/beta/deviceAppManagement/managedEBooks/${book}/assign`, JSON.stringify({ managedEBookAssignments: BOOK_ENTRIES }))).status).toBe(204);

    const exported = await s.h.command('migrate.export', {}, { token: 'Head office', format: 'intune' });
    expect(exported.data).toMatchObject({ format: 'intune', assignments: 3 });
    const written = JSON.parse(exported.output!) as IntuneRequests;
    expect(written.requests.map((request) => [request.method, request.url])).toEqual([
      ['POST', `/deviceAppManagement/mobileApps/${encodeURIComponent(pages)}/assign`],
      ['POST', `/deviceAppManagement/managedEBooks/${encodeURIComponent(book)}/assign`],
    ]);
    expect(byText(written.requests[0]!.body.mobileAppAssignments!)).toEqual(byText(APP_ENTRIES));
    expect(byText(written.requests[1]!.body.managedEBookAssignments!)).toEqual(byText(BOOK_ENTRIES));
    expect(written.groups.map((group) => [group.id, group.kind, group.members.map((member) => member.id)])).toEqual([
      ['ipads', 'device-group', ['d1']],
      ['contractors', 'user-group', ['u2']],
      ['sales', 'user-group', ['u1', 'u2']],
    ]);
    expect(written.apps.map((app) => [app.adamId, app.kind])).toEqual([
      ['100', 'vpp-app'],
      ['900', 'vpp-book'],
    ]);
    expect(written.notExpressible).toEqual([]);
  }, 60_000);
});
