// Whom an assignment covers: excluded groups, all users and all devices, uninstall assignments that remove the app
// and release the license, and changing an assignment in place.
import { afterEach, describe, expect, it } from 'vitest';
import type { RemovalRequest } from './distribution-service.js';
import { addDevices, ADMIN, createHarness, enrolUsers, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const APP = `vpp:${TOKEN_ID}:100:STDQ`;
const BOOK = `vpp:${TOKEN_ID}:900:STDQ`;
const FLEET = { kind: 'device-group', id: 'fleet' } as const;
const LOANERS = { kind: 'device-group', id: 'loaners' } as const;

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function harness(appLicenses: number): Promise<Harness> {
  h = await createHarness({
    assets: [
      { adamId: '100', productType: 'App', totalCount: appLicenses },
      { adamId: '900', productType: 'Book', totalCount: 5 },
    ],
  });
  return h;
}

const held = (h: Harness, item = APP) =>
  h.service
    .licenses({ item, limit: 1000 })
    .items.filter((r) => r.state === 'requested' || r.state === 'confirmed')
    .map((r) => r.holderId)
    .sort();
const waiting = (h: Harness, item = APP) => h.service.queue(item).waiting.map((w) => w.holder);

/** Fleet of six iPads a–f; loaners c and d are also in the loaners group. */
async function fleet(h: Harness): Promise<void> {
  await addDevices(h, 'fleet', ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id })));
  await h.inventory.saveGroup('device-group', { id: 'loaners', name: 'Loaners' }, ADMIN);
  for (const id of ['c', 'd']) await h.inventory.addMember('device-group', 'loaners', id, ADMIN);
}

describe('excluded groups', () => {
  it('leave their members out of the target, and follow them as they join and leave the excluded group', async () => {
    const h = await harness(10);
    await fleet(h);
    const summary = await h.service.assign({ item: APP, target: FLEET, exclusions: [LOANERS] }, ADMIN);
    await h.service.whenSettled();
    expect(summary).toMatchObject({ licensed: 4, queued: 0, assignment: { exclusions: [LOANERS] } });
    expect(held(h)).toEqual(['a', 'b', 'e', 'f']);

    // b joins the loaners: no longer covered, its license goes back (the policy's default for leaving the target).
    await h.inventory.addMember('device-group', 'loaners', 'b', ADMIN);
    await h.service.whenSettled();
    expect(held(h)).toEqual(['a', 'e', 'f']);
    // c leaves the loaners: covered again, it gets a license.
    await h.inventory.removeMember('device-group', 'loaners', 'c', ADMIN);
    await h.service.whenSettled();
    expect(held(h)).toEqual(['a', 'c', 'e', 'f']);
    expect(ledgerInvariants(h, '100')).toMatchObject({ duplicates: 0 });
  });

  it('refuses an exclusion that is not a group of the target\'s kind, unknown, or the target itself, and changes nothing', async () => {
    const h = await harness(10);
    await fleet(h);
    await h.inventory.saveGroup('user-group', { id: 'staff', name: 'Staff' }, ADMIN);
    const refusals = [
      [{ kind: 'user-group', id: 'staff' }, 'exclusion-kind'],
      [{ kind: 'device', id: 'a' }, 'exclusion-groups-only'],
      [FLEET, 'exclusion-is-target'],
    ] as const;
    for (const [group, rule] of refusals) {
      await expect(h.service.assign({ item: APP, target: FLEET, exclusions: [group] }, ADMIN)).rejects.toMatchObject({ details: { rule } });
    }
    await expect(h.service.assign({ item: APP, target: FLEET, exclusions: [{ kind: 'device-group', id: 'nope' }] }, ADMIN)).rejects.toThrow(/No device-group "nope"/);
    expect(h.service.listAssignments()).toEqual([]);
    expect(held(h)).toEqual([]);
  });
});

describe('all users and all devices', () => {
  it('all-devices covers every managed device, including one enrolled later', async () => {
    const h = await harness(10);
    await addDevices(h, undefined, [{ id: 'a' }, { id: 'b' }]);
    const summary = await h.service.assign({ item: APP, target: { kind: 'all-devices', id: 'all' } }, ADMIN);
    expect(summary).toMatchObject({ licensed: 2, assignment: { licenseType: 'device' } });
    await addDevices(h, undefined, [{ id: 'c' }]);
    await h.service.whenSettled();
    expect(held(h)).toEqual(['a', 'b', 'c']);
  });

  it('all-users covers every enrolled user first come first served, less an excluded user group', async () => {
    const h = await harness(2);
    await enrolUsers(h, ['ann', 'bob', 'cat', 'dan']);
    await h.inventory.saveGroup('user-group', { id: 'contractors', name: 'Contractors' }, ADMIN);
    await h.inventory.addMember('user-group', 'contractors', 'bob', ADMIN);
    const summary = await h.service.assign({ item: APP, target: { kind: 'all-users', id: 'all' }, exclusions: [{ kind: 'user-group', id: 'contractors' }] }, ADMIN);
    await h.service.whenSettled();
    expect(summary).toMatchObject({ licensed: 2, queued: 1 });
    expect(held(h)).toEqual(['ann', 'cat']);
    expect(waiting(h)).toEqual(['user:dan']);
    // A user enrolled later joins the queue behind Dan.
    await enrolUsers(h, ['eve']);
    await h.service.whenSettled();
    expect(waiting(h)).toEqual(['user:dan', 'user:eve']);
  });

  it('refuses another id than "all"', async () => {
    const h = await harness(2);
    await expect(h.service.assign({ item: APP, target: { kind: 'all-users', id: 'everyone' } }, ADMIN)).rejects.toThrow(/No all-users "everyone"/);
  });
});

describe('uninstall assignments', () => {
  it('remove the app and release the license from everyone they cover, serve the queue, and give way when removed', async () => {
    const h = await harness(4);
    await fleet(h);
    const removals: RemovalRequest[] = [];
    h.service.onDidRequestRemoval.subscribe((r) => removals.push(r));
    await h.service.assign({ item: APP, target: FLEET }, ADMIN);
    await h.service.whenSettled();
    expect(held(h)).toEqual(['a', 'b', 'c', 'd']);
    expect(waiting(h)).toEqual(['device:e', 'device:f']);

    const uninstall = await h.service.assign({ item: APP, target: LOANERS, installMode: 'uninstall' }, ADMIN);
    await h.service.whenSettled();
    expect(uninstall).toMatchObject({ removed: 2, released: 2, licensed: 0, assignment: { installMode: 'uninstall' } });
    expect(removals.map((r) => [r.holderId, r.cause])).toEqual([
      ['c', 'uninstalled'],
      ['d', 'uninstalled'],
    ]);
    expect(held(h)).toEqual(['a', 'b', 'e', 'f']);
    expect(h.service.licenses({ item: APP, holder: 'c' }).items[0]).toMatchObject({ releaseCause: 'uninstalled' });

    // A loaner that joins the fleet later is not covered while the uninstall assignment stands.
    await addDevices(h, 'loaners', [{ id: 'g' }]);
    await h.inventory.addMember('device-group', 'fleet', 'g', ADMIN);
    await h.service.whenSettled();
    expect(waiting(h)).toEqual([]);

    // Removed: the loaners are covered by the fleet's assignment again and wait for a license.
    await h.service.removeAssignment(uninstall.assignment.id, ADMIN);
    await h.service.whenSettled();
    expect(waiting(h).sort()).toEqual(['device:c', 'device:d', 'device:g']);
    expect(ledgerInvariants(h, '100')).toMatchObject({ duplicates: 0 });
  });

  it('refuses to uninstall a VPP book', async () => {
    const h = await harness(4);
    await enrolUsers(h, ['ann']);
    await expect(h.service.assign({ item: BOOK, target: { kind: 'user', id: 'ann' }, installMode: 'uninstall' }, ADMIN)).rejects.toMatchObject({
      details: { rule: 'vpp-book-not-uninstallable' },
    });
  });
});

describe('changing an assignment in place', () => {
  it('excluding a group releases its members\' licenses to the queue; clearing the exclusion queues them again', async () => {
    const h = await harness(4);
    await fleet(h);
    const { assignment } = await h.service.assign({ item: APP, target: FLEET }, ADMIN);
    await h.service.whenSettled();
    expect(held(h)).toEqual(['a', 'b', 'c', 'd']);

    const excluded = await h.service.updateAssignment(assignment.id, { exclusions: [LOANERS], policy: { preventBackup: true } }, ADMIN);
    await h.service.whenSettled();
    expect(excluded).toMatchObject({ leftOut: 2, released: 2, covered: 0, assignment: { exclusions: [LOANERS], policy: { preventBackup: true, nonRemovable: false } } });
    expect(held(h)).toEqual(['a', 'b', 'e', 'f']);
    expect(waiting(h)).toEqual([]);

    const cleared = await h.service.updateAssignment(assignment.id, { exclusions: [] }, ADMIN);
    expect(cleared).toMatchObject({ leftOut: 0, covered: 2, queued: 2 });
    expect(cleared.assignment).not.toHaveProperty('exclusions');
    expect(cleared.assignment.policy.preventBackup).toBe(true);
    expect(waiting(h)).toEqual(['device:c', 'device:d']);
  });

  it('refuses to turn an uninstall assignment into an install, and a policy field that does not exist, changing nothing', async () => {
    const h = await harness(4);
    await fleet(h);
    const { assignment } = await h.service.assign({ item: APP, target: LOANERS, installMode: 'uninstall' }, ADMIN);
    await expect(h.service.updateAssignment(assignment.id, { installMode: 'automatic' }, ADMIN)).rejects.toMatchObject({ details: { rule: 'uninstall-fixed' } });
    await expect(h.service.updateAssignment(assignment.id, { policy: { preventBackupp: true } }, ADMIN)).rejects.toThrow(/Policy field/);
    expect(h.service.getAssignment(assignment.id)).toEqual(assignment);
  });
});

describe('a group\'s quota', () => {
  it('holds a group to N licenses while the rest of it waits over quota in its place; others are served past it; raising the quota serves it', async () => {
    const h = await harness(6);
    await fleet(h);
    await addDevices(h, 'lab', [{ id: 'x' }, { id: 'y' }]);
    const { assignment } = await h.service.assign({ item: APP, target: FLEET, quota: 2 }, ADMIN);
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'lab' } }, ADMIN);
    await h.service.whenSettled();
    // The fleet (a–f) joined first but takes only two; the lab, behind it in the queue, is served past it.
    expect(held(h)).toEqual(['a', 'b', 'x', 'y']);
    const queue = h.service.queue(APP);
    expect(queue.waiting.map((w) => [w.holder, w.overQuota ?? false])).toEqual([
      ['device:c', true],
      ['device:d', true],
      ['device:e', true],
      ['device:f', true],
    ]);
    expect(queue.counts).toMatchObject({ total: 6, held: 4, available: 2 });

    // Raised to 3: the next of the fleet in line is served; lifted: the rest as licenses allow.
    expect(await h.service.updateAssignment(assignment.id, { quota: 3 }, ADMIN)).toMatchObject({ licensed: 1, assignment: { quota: 3 } });
    expect(held(h)).toEqual(['a', 'b', 'c', 'x', 'y']);
    await h.service.updateAssignment(assignment.id, { quota: null }, ADMIN);
    expect(held(h)).toEqual(['a', 'b', 'c', 'd', 'x', 'y']);
    expect(h.service.getAssignment(assignment.id)).not.toHaveProperty('quota');
    expect(ledgerInvariants(h, '100')).toMatchObject({ duplicates: 0 });
  });

  it('refuses a quota on a single device or user, on an uninstall, or not a whole number', async () => {
    const h = await harness(6);
    await fleet(h);
    await expect(h.service.assign({ item: APP, target: { kind: 'device', id: 'a' }, quota: 1 }, ADMIN)).rejects.toMatchObject({ details: { rule: 'quota-groups-only' } });
    await expect(h.service.assign({ item: APP, target: LOANERS, installMode: 'uninstall', quota: 1 }, ADMIN)).rejects.toMatchObject({ details: { rule: 'quota-not-for-uninstall' } });
    await expect(h.service.assign({ item: APP, target: FLEET, quota: 1.5 }, ADMIN)).rejects.toMatchObject({ details: { rule: 'quota-whole-number' } });
    expect(h.service.listAssignments()).toEqual([]);
  });
});
