import { afterAll, beforeAll } from 'vitest';
import { DistributionRuntime } from '../../distribution/distribution-runtime.js';
import { ADMIN, InvitationWorld, LOCATION, waitFor, type RunningHost } from '../../invitations/testing/invitation-world.js';
import type { MigrationBundle } from '../../../api/index.js';

/** The directory of the exported location: four people (one with a Managed Apple ID), two iPads, a group of each. */
export const PEOPLE = {
  users: [
    { id: 'ann', name: 'Ann Archer', email: 'ann@contoso.example' },
    { id: 'bram', name: 'Bram de Vries', email: 'bram@contoso.example' },
    { id: 'claire', name: 'Claire Dubois', email: 'claire@contoso.example' },
    { id: 'mia', name: 'Mia Managed', email: 'mia@contoso.example', managedAppleId: 'mia@appleid.contoso.example' },
  ],
  userGroups: [{ id: 'sales', name: 'Sales', members: ['ann', 'bram', 'claire', 'mia'] }],
  devices: [
    { id: 'ipad-1', serialNumber: 'DMPQ0001', platform: 'iPadOS' as const, osVersion: '17.2', ownerUserId: 'bram' },
    { id: 'ipad-2', serialNumber: 'DMPQ0002', platform: 'iPadOS' as const, osVersion: '17.2' },
  ],
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['ipad-1', 'ipad-2'] }],
};

export interface ExportedLocation {
  readonly world: InvitationWorld;
  /** The host that holds the location. */
  readonly h: RunningHost;
  /** Its native bundle, as `migrate export` wrote it. */
  readonly text: string;
  readonly bundle: MigrationBundle;
  /** The item id of an adamId at the location. */
  item(adamId: string): string;
}

/**
 * A real host (vpp-apple + mail) with Apple's simulator on loopback holding a location: people invited and enrolled
 * in a known order, app licences for users with one waiting, a book, device licences under a quota, an in-house app,
 * manual publication with a default policy; exported as a native bundle.
 */
export async function exportedLocation(): Promise<ExportedLocation> {
  const world = await InvitationWorld.create({
    location: { ...LOCATION, assets: [...LOCATION.assets!, { adamId: '300', productType: 'App', totalCount: 5, deviceAssignable: true }] },
  });
  const h = await world.startHost();
  await h.inventory.import(PEOPLE, ADMIN);
  const item = (adamId: string) => `vpp:${world.token.id}:${adamId}:STDQ`;
  const enrolled = (userId: string) => h.invitations.enrolment(userId).status === 'enrolled';
  // Mia has a Managed Apple ID: enrolled at once. Then Ann accepts, then Claire; Bram does not.
  await h.invitations.invite({ kind: 'user-group', id: 'sales' }, ADMIN);
  await waitFor(() => world.smtp.received.length === 3, 'the invitations');
  world.simulator.acceptInvitation(LOCATION.uId, 'ann');
  await waitFor(() => enrolled('ann'), 'Ann enrolled');
  world.simulator.acceptInvitation(LOCATION.uId, 'claire');
  await waitFor(() => enrolled('claire'), 'Claire enrolled');
  await h.idle();

  // Two licences of app 100 for four people: Mia and Ann hold them, Claire waits, Bram awaits enrolment.
  await h.distribution.assign({ item: item('100'), target: { kind: 'user-group', id: 'sales' }, licenseType: 'user', installMode: 'manual' }, ADMIN);
  await h.distribution.assign({ item: item('900'), target: { kind: 'user', id: 'ann' } }, ADMIN);
  await h.distribution.assign({ item: item('300'), target: { kind: 'device-group', id: 'ipads' }, licenseType: 'device', quota: 2 }, ADMIN);
  const inHouse = await h.command('catalog.add', { name: 'Field Notes' }, { kind: 'in-house-app', platform: 'iPadOS', 'bundle-id': 'com.contoso.notes' });
  await h.distribution.assign({ item: (inHouse.data as { id: string }).id, target: { kind: 'device', id: 'ipad-2' } }, ADMIN);
  await h.container.get(DistributionRuntime).service.whenSettled();
  // The location now publishes only what an admin adds: its items already assigned travel all the same.
  await h.command('location.set', { token: 'Head office' }, { publication: 'manual', 'default-policy': '{"preventBackup":true}' });

  const exported = await h.command('migrate.export', {}, { token: 'Head office' });
  const text = exported.output!;
  return { world, h, text, bundle: JSON.parse(text) as MigrationBundle, item };
}

/** Registers the test file's hooks: the location is exported before its tests and disposed of after them. */
export function useExportedLocation(): ExportedLocation {
  const shared = {} as { -readonly [K in keyof ExportedLocation]: ExportedLocation[K] };
  beforeAll(async () => {
    Object.assign(shared, await exportedLocation());
  }, 60_000);
  afterAll(async () => {
    await shared.world?.dispose();
  });
  return shared;
}
