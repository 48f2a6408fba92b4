// A location moves from MaaS360 to this host: the MaaS360 export (the fixture) is planned against Apple's live state,
// applied with take-over and verified, with the token's restriction to a user group mapped onto this host's group;
// then written back out in MaaS360's shape.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Inventory, type InventorySnapshot } from '@vpp-host/api';
import { ADMIN, useHarness } from '../../vpp-apple/test/harness.js';
import type { LocationSpec } from '../../vpp-apple/src/simulator/index.js';
import { LocationSettingsService, type MigrationApplyResult, type MigrationPlan, type MigrationVerifyResult } from '../../vpp-apple/api/index.js';
import { Maas360ExportSchema } from '../src/migration/maas360-export.js';

const PAGES = '361309726';
const KEYNOTE = '361285480';
const FINAL_CUT = '424389933';
const SWIFT_BASICS = '881256329';

/** Apple as MaaS360 left it: its users under its clientUserIds, exactly the licences the export lists. */
const LOCATION: LocationSpec = {
  uId: '2049025000888002',
  locationName: 'Amsterdam Office',
  orgName: 'Contoso Ltd',
  websiteURL: 'https://business.apple.com',
  countryISO2ACode: 'NL',
  assets: [
    { adamId: PAGES, productType: 'App', totalCount: 3, supportedPlatforms: ['iOS'] },
    { adamId: KEYNOTE, productType: 'App', totalCount: 2, deviceAssignable: true, supportedPlatforms: ['iOS'] },
    { adamId: FINAL_CUT, productType: 'App', totalCount: 1, deviceAssignable: true, supportedPlatforms: ['macOS'] },
    { adamId: SWIFT_BASICS, productType: 'Book', totalCount: 2 },
  ],
  users: [
    { clientUserId: 'm360-ann', email: 'ann@contoso.example', status: 'Associated' },
    { clientUserId: 'm360-bram', email: 'bram@contoso.example', status: 'Associated' },
    { clientUserId: 'm360-claire', email: 'claire@contoso.example', status: 'Registered' },
    { clientUserId: 'm360-dirk', email: 'dirk@contoso.example', status: 'Associated' },
  ],
  assignments: [
    { adamId: PAGES, pricingParam: 'STDQ', clientUserId: 'm360-ann' },
    { adamId: PAGES, pricingParam: 'STDQ', clientUserId: 'm360-bram' },
    { adamId: PAGES, pricingParam: 'STDQ', clientUserId: 'm360-dirk' },
    { adamId: KEYNOTE, pricingParam: 'STDQ', serialNumber: 'DMPQ1001' },
    { adamId: KEYNOTE, pricingParam: 'STDQ', serialNumber: 'DMPQ1002' },
    { adamId: SWIFT_BASICS, pricingParam: 'STDQ', clientUserId: 'm360-ann' },
  ],
};

/** This host's directory: the same people and devices under its own ids, the groups under the same names. */
const DIRECTORY: InventorySnapshot = {
  users: [
    { id: 'ann', name: 'Ann Archer', email: 'ann@contoso.example' },
    { id: 'bram', name: 'Bram de Vries', email: 'bram@contoso.example' },
    { id: 'claire', name: 'Claire Dubois', email: 'claire@contoso.example' },
    { id: 'dirk', name: 'Dirk Jansen', email: 'dirk@contoso.example', managedAppleId: 'dirk@appleid.contoso.example' },
  ],
  userGroups: [{ id: 'staff', name: 'Staff', members: ['ann', 'bram', 'claire', 'dirk'] }],
  devices: [
    { id: 'ipad-1', serialNumber: 'DMPQ1001', platform: 'iPadOS', osVersion: '17.2' },
    { id: 'ipad-2', serialNumber: 'DMPQ1002', platform: 'iPadOS', osVersion: '17.2' },
  ],
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['ipad-1', 'ipad-2'] }],
};

const startHarness = useHarness();

describe('a location moves from MaaS360 to this host', () => {
  it('plans the MaaS360 export clean, applies it with take-over and no Apple write, verifies, and writes it back in MaaS360\'s shape', async () => {
    const exported = await readFile(new URL('./fixtures/maas360-export.json', import.meta.url), 'utf8');
    const h = await startHarness({ locations: [LOCATION], bundled: ['maas360-compat'] });
    h.simulator.setMdmInfo(LOCATION.uId, { id: 'maas360-30012345', name: 'IBM MaaS360', metadata: 'billing 30012345' });
    await h.container.get<Inventory>(Inventory).import(DIRECTORY, ADMIN);
    const sToken = h.handles[0]!.sToken;

    const planned = await h.settle(h.command('migrate.plan', { file: exported }, { format: 'maas360', 'token-file': sToken }));
    expect(planned.data as MigrationPlan).toMatchObject({
      clean: true,
      location: { uId: LOCATION.uId, managedBy: { name: 'IBM MaaS360' } },
      source: { product: 'IBM MaaS360' },
      counts: { licencesAdopted: 6, licencesLost: 0, licencesUnexplained: 0, peopleAdopted: 4, peopleMissing: 0, groupsMissing: 0, assignmentsRecreated: 3 },
    });

    const requestsBefore = h.simulator.requests.length;
    const applied = await h.settle(h.command('migrate.apply', { file: exported }, { format: 'maas360', 'token-file': sToken, 'take-over': true, name: 'Amsterdam' }));
    const result = applied.data as MigrationApplyResult;
    expect(result).toMatchObject({ tookOver: true, done: { licencesAdopted: 6, enrolmentsAdopted: 4, assignmentsCreated: 3 } });
    expect(h.simulator.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && !r.path.endsWith('client/config')).map((r) => r.path)).toEqual([]);
    const settings = h.container.get<LocationSettingsService>(LocationSettingsService).get(result.tokenId);
    expect(settings).toMatchObject({ publication: 'automatic', licenseRestrictedToUserGroups: ['staff'], defaultPolicy: { preventBackup: true } });
    const claire = await h.command('enrolment', {}, { token: 'Amsterdam', search: 'claire' });
    expect((claire.data as { items: unknown[] }).items).toEqual([expect.objectContaining({ userId: 'claire', clientUserId: 'm360-claire', status: 'invited', timesInvited: 1 })]);

    const verified = await h.settle(h.command('migrate.verify', { file: exported }, { format: 'maas360' }));
    expect((verified.data as MigrationVerifyResult).checks.filter((c) => !c.ok)).toEqual([]);

    const back = await h.command('migrate.export', {}, { token: 'Amsterdam', format: 'maas360' });
    const written = Maas360ExportSchema.parse(JSON.parse(back.output!));
    expect(written.token).toMatchObject({ region: 'NL', addAppsAutomatically: true, restrictDataBackup: true, restrictToUserGroups: ['staff'], removeAppOn: ['mdm-removal', 'selective-wipe'], revokeLicenseOn: ['mdm-removal'] });
    expect(written.distributions.map((d) => [d.itunesAppId, d.target.type, d.target.id, d.instantInstall]).sort()).toEqual([
      [KEYNOTE, 'deviceGroup', 'ipads', true],
      [PAGES, 'userGroup', 'staff', true],
      [SWIFT_BASICS, 'user', 'ann', false],
    ]);
    expect(written.licenses.map((l) => `${l.itunesAppId} ${l.vppClientUserId ?? l.serialNumber}`).sort()).toEqual([
      `${KEYNOTE} DMPQ1001`,
      `${KEYNOTE} DMPQ1002`,
      `${PAGES} m360-ann`,
      `${PAGES} m360-bram`,
      `${PAGES} m360-dirk`,
      `${SWIFT_BASICS} m360-ann`,
    ]);
  });
});
