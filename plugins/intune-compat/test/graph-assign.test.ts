// Intune's assignments through Graph, driven by Microsoft's JavaScript client: every assignment is a core assignment
// (seen in the core's REST and ledger), and every core assignment reads back through Graph.
import { describe, expect, it } from 'vitest';
import { AuditLog, type HostError, type InventorySnapshot } from '@vpp-host/api';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import { SMALL_LOCATION, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { startSurface, type Surface } from './graph-surface.js';

const PEOPLE = ['u1', 'u2', 'u3', 'u4', 'u5'];
const LOCATION: LocationSpec = {
  ...SMALL_LOCATION,
  assets: [
    { adamId: '100', productType: 'App', totalCount: 2, name: 'Pages', bundleId: 'com.apple.Pages' },
    { adamId: '300', productType: 'App', totalCount: 3, name: 'Final Cut Pro', bundleId: 'com.apple.FinalCut', supportedPlatforms: ['macOS'] },
    { adamId: '900', productType: 'Book', totalCount: 5, name: 'Swift Basics' },
  ],
  // Everyone has accepted the location's invitation: each sync enrols the inventory's user of that id.
  users: PEOPLE.map((id) => ({ clientUserId: id, email: `${id}@example.com`, status: 'Associated' as const })),
  assignments: [],
};

const INVENTORY: InventorySnapshot = {
  users: PEOPLE.map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })),
  userGroups: [
    { id: 'sales', name: 'Sales', members: ['u1', 'u2', 'u3'] },
    { id: 'contractors', name: 'Contractors', members: ['u3'] },
    { id: 'leavers', name: 'Leavers', members: [] },
  ],
  devices: [
    { id: 'd1', serialNumber: 'C02D1', platform: 'iPadOS', osVersion: '17.2' },
    { id: 'd2', serialNumber: 'C02D2', platform: 'iPadOS', osVersion: '17.2' },
  ],
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['d1', 'd2'] }],
};

const startHarness = useHarness();

async function surface(): Promise<Surface & { pages: string; book: string; finalCut: string }> {
  const s = await startSurface(startHarness, { locations: [LOCATION] }, INVENTORY);
  await s.h.settle(s.h.sync.sync(s.tokenId, { full: true }));
  return { ...s, pages: `vpp:${s.tokenId}:100:STDQ`, finalCut: `vpp:${s.tokenId}:300:STDQ`, book: `vpp:${s.tokenId}:900:STDQ` };
}

const group = (groupId: string) => ({ '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId });
const exclusion = (groupId: string) => ({ '@odata.type': '#microsoft.graph.exclusionGroupAssignmentTarget', groupId });
const SETTINGS = {
  '@odata.type': '#microsoft.graph.iosVppAppAssignmentSettings',
  useDeviceLicensing: false,
  vpnConfigurationId: 'vpn-sales',
  uninstallOnDeviceRemoval: true,
  isRemovable: false,
  preventManagedAppBackup: true,
  preventAutoAppUpdate: true,
};

/** The core's own view, over its REST. */
async function core(s: Surface, item: string) {
  const get = async (path: string) => (await s.h.route('GET', path, { query: { item } })).body as any;
  const holders = (await get('/licenses')).items.filter((l: any) => l.state === 'requested' || l.state === 'confirmed').map((l: any) => l.holderId).sort();
  const queue = ((await s.h.route('GET', '/queue/:item', { params: { item } })).body as any).waiting.map((w: any) => w.holder);
  return { assignments: (await get('/assignments')).items as any[], holders, queue };
}

describe('intune-compat: assignments through Microsoft Graph', () => {
  it('assigns Required to a user group with settings and an exclusion, reads it back identically, and the core holds it', async () => {
    const s = await surface();
    const wanted = [
      { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target: group('sales'), settings: SETTINGS },
      { '@odata.type': '#microsoft.graph.mobileAppAssignment', intent: 'required', target: exclusion('contractors'), settings: null },
    ];
    expect(await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assign`).post({ mobileAppAssignments: wanted })).toBeUndefined();

    const listed = (await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assignments`).get()) as { value: any[] };
    const filterless = { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' };
    expect(listed.value).toEqual([
      { '@odata.type': '#microsoft.graph.mobileAppAssignment', id: expect.stringMatching(/^asg-/), intent: 'required', target: { ...group('sales'), ...filterless }, settings: SETTINGS, source: 'direct', sourceId: null },
      { '@odata.type': '#microsoft.graph.mobileAppAssignment', id: 'exclusion_required_contractors', intent: 'required', target: { ...exclusion('contractors'), ...filterless }, settings: null, source: 'direct', sourceId: null },
    ]);

    const seen = await core(s, s.pages);
    expect(seen.assignments).toEqual([
      expect.objectContaining({
        id: listed.value[0].id,
        target: { kind: 'user-group', id: 'sales' },
        exclusions: [{ kind: 'user-group', id: 'contractors' }],
        installMode: 'automatic',
        licenseType: 'user',
        policy: expect.objectContaining({ preventBackup: true, nonRemovable: true, preventAutoUpdate: true, onDeviceUnenrolled: { removeApp: true, releaseLicense: true } }),
      }),
    ]);
    // u3 is left out; u1 and u2 take the two licenses.
    expect(seen.holders).toEqual(['u1', 'u2']);
    // A reason is what an admin typed: the product writes none of its own English there.
    const logged = s.h.host.container.get<AuditLog>(AuditLog).query({ limit: 500 }).items.filter((entry) => entry.target?.id === listed.value[0].id);
    expect(logged.length).toBeGreaterThan(0);
    expect(logged.map((entry) => entry.reason)).toEqual(logged.map(() => undefined));

    // What a script read, sent back as it is, changes nothing.
    await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assign`).post({ mobileAppAssignments: listed.value });
    expect((await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assignments`).get()).value).toEqual(listed.value);

    // The group outgrows the licenses: the core queues the newcomer, and Graph's counts tell the truth.
    await s.h.container.get<any>((await import('@vpp-host/api')).Inventory).addMember('user-group', 'sales', 'u4', { kind: 'admin', id: 'admin-1' });
    await s.h.until(async () => (await core(s, s.pages)).queue.length === 1);
    expect((await core(s, s.pages)).queue).toEqual(['user:u4']);
    const app = await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}`).expand('assignments').get();
    expect(app).toMatchObject({ totalLicenseCount: 2, assignments: listed.value });
  });

  it('Uninstall removes the app and releases the license, serving the queue; a deleted assignment goes from the core', async () => {
    const s = await surface();
    const required = { intent: 'required', target: group('sales') };
    await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assign`).post({ mobileAppAssignments: [required] });
    expect((await core(s, s.pages)).queue).toEqual(['user:u3']);
    await s.h.container.get<any>((await import('@vpp-host/api')).Inventory).addMember('user-group', 'leavers', 'u1', { kind: 'admin', id: 'admin-1' });

    await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assign`).post({ mobileAppAssignments: [required, { intent: 'uninstall', target: group('leavers') }] });
    const after = await core(s, s.pages);
    expect(after.holders).toEqual(['u2', 'u3']);
    expect(after.assignments.map((a) => [a.target.id, a.installMode])).toEqual([
      ['sales', 'automatic'],
      ['leavers', 'uninstall'],
    ]);
    const released = ((await s.h.route('GET', '/licenses', { query: { item: s.pages, holder: 'u1' } })).body as any).items[0];
    expect(released).toMatchObject({ state: expect.stringMatching(/releas/), releaseCause: 'uninstalled' });

    const licenses = await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/microsoft.graph.iosVppApp/assignedLicenses`).get();
    expect(licenses.value.map((l: any) => l.userId).sort()).toEqual(['u2', 'u3']);
    expect(licenses.value[0]).toMatchObject({ '@odata.type': '#microsoft.graph.iosVppAppAssignedUserLicense', userEmailAddress: expect.stringMatching(/@example.com$/) });

    const uninstallId = after.assignments[1].id;
    await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assignments/${uninstallId}`).delete();
    expect((await core(s, s.pages)).assignments.map((a) => a.id)).not.toContain(uninstallId);
  });

  it('reads a core assignment made with the CLI as the closest Intune assignment', async () => {
    const s = await surface();
    await s.h.command('assign', { item: s.pages, target: 'ipads' }, { to: 'device-group' });
    await s.h.command('assign', { item: s.finalCut, target: 'u5' }, { to: 'user', install: 'manual' });
    const ios = (await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assignments`).get()).value;
    expect(ios).toEqual([
      expect.objectContaining({
        intent: 'required',
        target: expect.objectContaining(group('ipads')),
        settings: expect.objectContaining({ '@odata.type': '#microsoft.graph.iosVppAppAssignmentSettings', useDeviceLicensing: true, vpnConfigurationId: null, isRemovable: true }),
      }),
    ]);
    const mac = (await s.graph.api(`/deviceAppManagement/mobileApps/${s.finalCut}/assignments`).get()).value;
    expect(mac).toEqual([
      expect.objectContaining({ intent: 'available', target: expect.objectContaining(group('user:u5')), settings: expect.objectContaining({ '@odata.type': '#microsoft.graph.macOsVppAppAssignmentSettings', useDeviceLicensing: false }) }),
    ]);
    expect(mac[0].settings).not.toHaveProperty('isRemovable');
  });

  it('assigns books to user groups only, as Available or Required, and all users and all devices as targets', async () => {
    const s = await surface();
    await s.graph.api(`/deviceAppManagement/managedEBooks/${s.book}/assign`).post({
      managedEBookAssignments: [{ '@odata.type': '#microsoft.graph.iosVppEBookAssignment', installIntent: 'available', target: group('sales') }],
    });
    const books = (await s.graph.api(`/deviceAppManagement/managedEBooks/${s.book}/assignments`).get()).value;
    expect(books).toEqual([expect.objectContaining({ '@odata.type': '#microsoft.graph.iosVppEBookAssignment', installIntent: 'available', target: expect.objectContaining(group('sales')) })]);
    expect((await core(s, s.book)).holders).toEqual(['u1', 'u2', 'u3']);

    await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assign`).post({
      mobileAppAssignments: [
        { intent: 'required', target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' }, settings: { ...SETTINGS, useDeviceLicensing: true } },
        { intent: 'available', target: { '@odata.type': '#microsoft.graph.allLicensedUsersAssignmentTarget' } },
      ],
    });
    expect((await core(s, s.pages)).assignments.map((a) => [a.target.kind, a.installMode]).sort()).toEqual([
      ['all-devices', 'automatic'],
      ['all-users', 'manual'],
    ]);
  });

  it("refuses in Graph's error shape what Intune refuses, and changes nothing", async () => {
    const s = await surface();
    await s.graph.api(`/deviceAppManagement/mobileApps/${s.pages}/assign`).post({ mobileAppAssignments: [{ intent: 'required', target: group('sales') }] });
    const before = await core(s, s.pages);
    const assign = (id: string, body: unknown, collection = 'mobileApps') => s.call('POST', `/beta/deviceAppManagement/${collection}/${id}/assign`, typeof body === 'string' ? body : JSON.stringify(body));
    const refusals: Array<[Promise<{ status: number; body: any }>, number, RegExp]> = [
      [assign(s.pages, '{"mobileAppAssignments": ['), 400, /not valid JSON/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.userAssignmentTarget', groupId: 'sales' } }] }), 400, /target/],
      [assign(s.pages, { mobileAppAssignments: [{ target: group('sales') }] }), 400, /intent/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'available', target: group('ipads') }] }), 400, /available is not supported for device groups/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'availableWithoutEnrollment', target: group('sales') }] }), 400, /availableWithoutEnrollment/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'required', target: group('nobody') }] }), 400, /No group with id "nobody"/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'required', target: exclusion('contractors') }] }), 400, /leaves nobody out/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'required', target: { ...group('sales'), deviceAndAppManagementAssignmentFilterId: 'f1', deviceAndAppManagementAssignmentFilterType: 'include' } }] }), 400, /filters/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'required', target: group('sales'), settings: { ...SETTINGS, '@odata.type': '#microsoft.graph.macOsVppAppAssignmentSettings' } }] }), 400, /settings|vpnConfigurationId|isRemovable/],
      [assign(s.pages, { mobileAppAssignments: [{ intent: 'required', target: group('ipads'), settings: SETTINGS }] }), 400, /User licenses can only be assigned to users/],
      [assign(`vpp:${s.tokenId}:777:STDQ`, { mobileAppAssignments: [] }), 404, /No mobileApp/],
      [assign(s.book, { managedEBookAssignments: [{ installIntent: 'required', target: group('ipads') }] }, 'managedEBooks'), 400, /Books can only be assigned to user groups/],
      [assign(s.book, { managedEBookAssignments: [{ installIntent: 'uninstall', target: group('sales') }] }, 'managedEBooks'), 400, /cannot be uninstalled/],
      [s.call('GET', `/beta/deviceAppManagement/mobileApps/${s.pages}/assignments/nope`), 404, /No assignment/],
      [s.call('POST', `/beta/deviceAppManagement/mobileApps/${s.pages}/revokeUserLicense`, JSON.stringify({ userId: 'ghost' })), 404, /No user/],
      [s.call('POST', `/beta/deviceAppManagement/mobileApps/${s.book}/revokeAllLicenses`, '{}'), 404, /No mobileApp/],
    ];
    for (const [call, status, message] of refusals) {
      const answer = await call;
      expect(answer.status, JSON.stringify(answer.body)).toBe(status);
      expect(answer.body.error.message).toMatch(message);
      expect(Object.keys(answer.body.error.innerError).sort()).toEqual(['date', 'request-id']);
    }
    const unauthenticated = await fetch(`${s.base}/beta/deviceAppManagement/mobileApps/${s.pages}/assignments`);
    expect(unauthenticated.status).toBe(401);
    expect(((await unauthenticated.json()) as any).error.code).toBe('InvalidAuthenticationToken');
    expect(await core(s, s.pages)).toEqual(before);
  });
});

describe('intune-compat: the intune commands', () => {
  it('assigns a group with an intent and settings, lists it as Intune shows it, and unassigns it; bad input changes nothing', async () => {
    const s = await surface();
    const assigned = await s.h.command('intune.assign', { item: 'Pages', group: 'Sales' }, { intent: 'required', 'prevent-backup': true, removable: 'no', exclude: 'contractors' } as Record<string, string | boolean>);
    expect(assigned.text).toBe('Pages: Sales assigned as required.');
    const listed = await s.h.command('intune.assignments', { item: s.pages });
    expect(listed.table!.rows.map((row) => row.slice(1, 4))).toEqual([
      ['required', 'sales', 'included'],
      ['required', 'contractors', 'excluded'],
    ]);
    expect(listed.table!.rows[0]![4]).toContain('preventManagedAppBackup=true');
    expect((await core(s, s.pages)).assignments).toEqual([
      expect.objectContaining({ target: { kind: 'user-group', id: 'sales' }, exclusions: [{ kind: 'user-group', id: 'contractors' }], policy: expect.objectContaining({ preventBackup: true, nonRemovable: true }) }),
    ]);

    await expect(s.h.command('intune.assign', { item: 'Pages', group: 'iPads' }, { intent: 'available' })).rejects.toThrow(/available is not supported for device groups/);
    await expect(s.h.command('intune.assign', { item: 'Pages', group: 'sales' }, { intent: 'sometimes' })).rejects.toThrow('--intent takes required, available, uninstall');
    await expect(s.h.command('intune.assign', { item: 'Nothing', group: 'sales' }, { intent: 'required' })).rejects.toThrow(/No VPP app or book "Nothing"/);
    expect((await core(s, s.pages)).assignments).toHaveLength(1);

    const id = (listed.data as Array<{ id: string }>)[0]!.id;
    await s.h.command('intune.unassign', { item: s.pages, assignment: id });
    expect((await core(s, s.pages)).assignments).toEqual([]);
  });

  it("says the commands' texts and refusals in Dutch and French, keeping the English", async () => {
    const s = await surface();
    const messages = new MessageCatalog(() => s.h.host.plugins.manifests());
    const assigned = await s.h.command('intune.assign', { item: 'Pages', group: 'Sales' }, { intent: 'available' });
    expect(assigned.text).toBe('Pages: Sales assigned as available.');
    expect(messages.say(assigned.said!, 'nl')).toBe('Pages: Sales toegewezen als available.');
    expect(messages.say(assigned.said!, 'fr')).toBe('Pages : Sales affecté comme available.');
    const refused = await s.h.command('intune.assign', { item: 'Pages', group: 'sales' }, { intent: 'sometimes' }).catch((error: HostError) => error);
    expect(messages.say(refused as HostError, 'nl')).toBe('--intent aanvaardt required, available, uninstall');
    expect(messages.say(refused as HostError, 'fr')).toBe('--intent accepte required, available, uninstall');
    const id = ((await s.h.command('intune.assignments', { item: s.pages })).data as Array<{ id: string }>)[0]!.id;
    const removed = await s.h.command('intune.unassign', { item: s.pages, assignment: id });
    expect(messages.say(removed.said!, 'fr')).toBe(`Affectation ${id} retirée de Pages.`);
    expect(messages.say((await s.h.command('intune.assignments', { item: s.pages })).said!, 'nl')).toBe('Niet toegewezen.');
  });
});
