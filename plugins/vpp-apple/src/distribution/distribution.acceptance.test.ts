// Replays seeds 000-002: managed distribution to devices, groups and users, first come first served, revocation.
import { afterEach, describe, expect, it } from 'vitest';
import { actAs } from '../../../../host/runtime/acting-principal.js';
import { addDevices, ADMIN, createHarness, enrolUsers, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const APP = `vpp:${TOKEN_ID}:100:STDQ`;
const SCARCE_APP = `vpp:${TOKEN_ID}:200:STDQ`;
const BOOK = `vpp:${TOKEN_ID}:900:STDQ`;

let h: Harness | undefined;
afterEach(async () => {
  await h?.dispose();
  h = undefined;
});

async function harness(): Promise<Harness> {
  h = await createHarness({
    assets: [
      { adamId: '100', productType: 'App', totalCount: 10, supportedPlatforms: ['iOS', 'macOS'] },
      { adamId: '200', productType: 'App', totalCount: 2 },
      { adamId: '900', productType: 'Book', totalCount: 5 },
    ],
  });
  return h;
}

describe('managed distribution (seeds 000-002)', () => {
  it('a VPP app assigned to a device group lowers the count by the group size; a revocation raises it', async () => {
    const h = await harness();
    await addDevices(h, 'ipads', [{ id: 'd1' }, { id: 'd2' }, { id: 'd3' }]);
    const summary = await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'ipads' } }, ADMIN);
    expect(summary.licensed).toBe(3);
    expect(summary.assignment.licenseType).toBe('device');
    expect(h.service.countsOf({ tokenId: TOKEN_ID, adamId: '100', pricingParam: 'STDQ' }).available).toBe(7);
    await h.service.whenSettled();
    expect(h.simulator.location(h.uId).findAsset('100')!.assignedCount).toBe(3);
    expect(h.service.licenses({ item: APP, state: 'confirmed' }).total).toBe(3);

    // As the REST route does it: the host stamps the admin acting on the audit entry.
    const revoked = await actAs({ ...ADMIN, kind: 'admin', role: 'admin' }, () => h.service.revoke({ item: APP, target: { kind: 'device', id: 'd2' }, reason: 'lost' }, ADMIN));
    expect(revoked.revoked).toBe(1);
    expect(revoked.counts.available).toBe(8);
    await h.service.whenSettled();
    expect(h.simulator.location(h.uId).findAsset('100')!.assignedCount).toBe(2);
    expect(h.service.licenses({ item: APP, holder: 'd2' }).items[0]).toMatchObject({ state: 'released', releaseCause: 'revoked' });
    const audit = h.audit.query({ action: 'vpp.license.revoke' }).items;
    expect(audit[0]).toMatchObject({ actor: { id: ADMIN.id }, reason: 'lost' });
  });

  it('gives scarce licenses in enrolment order; the queue is served in that order on acceptance and revocation', async () => {
    const h = await harness();
    await h.inventory.saveGroup('user-group', { id: 'sales', name: 'Sales' }, ADMIN);
    // Enrolment order: carol, alice, bob, dave (joined the group in another order).
    await enrolUsers(h, ['carol', 'alice', 'bob', 'dave']);
    for (const id of ['alice', 'bob', 'carol', 'dave', 'erin']) await h.inventory.addMember('user-group', 'sales', id === 'erin' ? await newUser(h, id) : id, ADMIN);
    const summary = await h.service.assign({ item: SCARCE_APP, target: { kind: 'user-group', id: 'sales' } }, ADMIN);
    expect(summary).toMatchObject({ licensed: 2, queued: 2, awaitingEnrolment: 1 });
    const holders = () =>
      h!.service
        .licenses({ item: SCARCE_APP })
        .items.filter((r) => r.state === 'requested' || r.state === 'confirmed')
        .map((r) => r.holderId)
        .sort();
    expect(holders()).toEqual(['alice', 'carol']);
    expect(h.service.queue(SCARCE_APP).waiting.map((w) => w.holder)).toEqual(['user:bob', 'user:dave']);
    expect(h.service.queue(SCARCE_APP).awaitingEnrolment).toEqual(['user:erin']);
    await h.service.whenSettled();

    // erin accepts: she queues behind bob and dave.
    await enrolUsers(h, ['erin']);
    expect(h.service.queue(SCARCE_APP).waiting.map((w) => w.holder)).toEqual(['user:bob', 'user:dave', 'user:erin']);

    // carol's license is revoked: bob, first in the queue, gets it.
    await h.service.revoke({ item: SCARCE_APP, target: { kind: 'user', id: 'carol' } }, ADMIN);
    expect(holders()).toEqual(['alice', 'bob']);
    expect(h.service.queue(SCARCE_APP).waiting.map((w) => w.holder)).toEqual(['user:dave', 'user:erin']);
    await h.service.whenSettled();
    const apple = h.simulator.location(h.uId);
    expect(apple.holds({ adamId: '200', pricingParam: 'STDQ' }, { clientUserId: 'bob' })).toBe(true);
    expect(apple.holds({ adamId: '200', pricingParam: 'STDQ' }, { clientUserId: 'carol' })).toBe(false);

    // A purchase seen on sync serves the next one.
    h.simulator.addLicenses(h.uId, '200', 1);
    h.sync.sync();
    await h.service.whenSettled();
    await waitFor(() => holders().includes('dave'));
    expect(h.service.queue(SCARCE_APP).waiting.map((w) => w.holder)).toEqual(['user:erin']);
    expect(ledgerInvariants(h, '200')).toMatchObject({ held: 3, total: 3, duplicates: 0 });
    await waitFor(() => h!.audit.query({ action: 'vpp.license.automatic' }).total > 0);
    const automatic = h.audit.query({ action: 'vpp.license.automatic' }).items[0];
    expect(automatic).toMatchObject({ actor: { kind: 'system' }, reason: "Apple's count changed: 3 in total", details: { granted: 1 } });
  });

  it('refuses a VPP book for a device, an in-house book for a Mac, and revoking a VPP book', async () => {
    const h = await harness();
    await addDevices(h, undefined, [{ id: 'ipad' }, { id: 'mac', platform: 'macOS', osVersion: '14.2' }]);
    await expect(h.service.assign({ item: BOOK, target: { kind: 'device', id: 'ipad' } }, ADMIN)).rejects.toThrow(
      'VPP books can only be assigned to users or user groups',
    );
    const book = await h.service.addInHouseItem({ kind: 'in-house-book', name: 'Handbook', fileRef: 'files/handbook.epub', platforms: ['iOS', 'macOS'] }, ADMIN);
    await expect(h.service.assign({ item: book.id, target: { kind: 'device', id: 'mac' } }, ADMIN)).rejects.toThrow(
      'In-house books cannot be assigned to Macs',
    );
    await expect(h.service.revoke({ item: BOOK }, ADMIN)).rejects.toThrow('VPP books cannot be revoked');
    expect(h.service.listAssignments()).toEqual([]);
  });

  it('forces in-house apps to install automatically and asks the MDM to install them', async () => {
    const h = await harness();
    await addDevices(h, 'fleet', [{ id: 'd1' }, { id: 'd2', platform: 'macOS', osVersion: '10.10' }]);
    const app = await h.service.addInHouseItem({ kind: 'in-house-app', name: 'Field Tool', bundleId: 'com.example.field', platforms: ['iOS', 'macOS'] }, ADMIN);
    const installs: string[] = [];
    h.service.onDidRequestInstall.subscribe((request) => installs.push(request.deviceId));
    const summary = await h.service.assign({ item: app.id, target: { kind: 'device-group', id: 'fleet' }, installMode: 'manual' }, ADMIN);
    expect(summary.assignment.installMode).toBe('automatic');
    expect(summary.notes).toContain('In-house apps always install automatically');
    expect(installs.sort()).toEqual(['d1', 'd2']);
  });

  it('enforces the device-license OS minimums and keeps users who are not enrolled waiting', async () => {
    const h = await harness();
    await addDevices(h, 'old', [{ id: 'ios8', osVersion: '8.4' }, { id: 'yosemite', platform: 'macOS', osVersion: '10.10.5' }, { id: 'ok', osVersion: '9.0' }]);
    await expect(h.service.assign({ item: APP, target: { kind: 'device', id: 'ios8' } }, ADMIN)).rejects.toThrow(
      'Device licenses need iOS 9 or later',
    );
    const summary = await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'old' } }, ADMIN);
    expect(summary.licensed).toBe(1);
    expect(summary.ineligible.map((r) => r.rule)).toEqual(['device-license-os-minimum', 'device-license-os-minimum']);
    await newUser(h, 'zoe');
    const forUser = await h.service.assign({ item: APP, target: { kind: 'user', id: 'zoe' } }, ADMIN);
    expect(forUser).toMatchObject({ licensed: 0, awaitingEnrolment: 1 });
    await enrolUsers(h, ['zoe']);
    expect(h.service.licenses({ item: APP, holder: 'zoe' }).items[0]?.state).toMatch(/requested|confirmed/);
  });

  it('releases a leaving member app license per policy, keeps it when the policy says so', async () => {
    const h = await harness();
    await addDevices(h, 'kiosks', [{ id: 'k1' }, { id: 'k2' }]);
    await addDevices(h, 'labs', [{ id: 'l1' }]);
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'kiosks' } }, ADMIN);
    await h.service.assign({ item: APP, target: { kind: 'device-group', id: 'labs' }, policy: { onLeftTarget: { releaseLicense: false } } }, ADMIN);
    await h.service.whenSettled();
    await h.inventory.removeMember('device-group', 'kiosks', 'k1', ADMIN);
    await h.inventory.removeMember('device-group', 'labs', 'l1', ADMIN);
    await waitFor(() => h.service.licenses({ item: APP, holder: 'k1' }).items[0]?.state !== 'confirmed');
    expect(h.service.licenses({ item: APP, holder: 'k1' }).items[0]).toMatchObject({ releaseCause: 'left-target' });
    expect(h.service.licenses({ item: APP, holder: 'l1' }).items[0]?.state).toBe('confirmed');
  });

  it('answers bad input with a clear error and changes nothing', async () => {
    const h = await harness();
    await addDevices(h, 'g', [{ id: 'd1' }]);
    await expect(h.service.assign({ item: 'nope', target: { kind: 'device', id: 'd1' } }, ADMIN)).rejects.toThrow('No catalog item "nope"');
    await expect(h.service.assign({ item: APP, target: { kind: 'device-group', id: 'ghost' } }, ADMIN)).rejects.toThrow('No device-group "ghost"');
    await expect(h.service.assign({ item: APP, target: { kind: 'user', id: 'd1' } }, ADMIN)).rejects.toThrow('No user "d1"');
    await expect(h.service.assign({ item: APP, target: { kind: 'device', id: 'd1' }, licenseType: 'user' }, ADMIN)).rejects.toThrow(
      'User licenses can only be assigned to users or user groups',
    );
    await expect(h.service.assign({ item: APP, target: { kind: 'device', id: 'd1' }, policy: { preventBackup: 'yes' } }, ADMIN)).rejects.toThrow(
      'Policy field "preventBackup"',
    );
    h.tokens.set('expired');
    await expect(h.service.assign({ item: APP, target: { kind: 'device', id: 'd1' } }, ADMIN)).rejects.toThrow('Token "HQ" is expired');
    h.tokens.set('valid');
    await expect(h.service.revoke({ item: APP, target: { kind: 'device-group', id: 'ghost' } }, ADMIN)).rejects.toThrow('No device-group');
    await expect(h.service.removeAssignment('asg-nope', ADMIN)).rejects.toThrow('No assignment "asg-nope"');
    expect(() => h.service.licenses({ limit: -5 })).toThrow('limit must be a whole number of 1 or more, got -5');
    const tool = await h.service.addInHouseItem({ kind: 'in-house-app', name: 'Tool', bundleId: 'com.example.tool', platforms: ['iOS'] }, ADMIN);
    await expect(h.service.revoke({ item: tool.id }, ADMIN)).rejects.toThrow('in-house item: it holds no license to revoke');
    expect(() => h.service.queue(tool.id)).toThrow('has no queue');
    await expect(h.service.addInHouseItem({ kind: 'in-house-app', name: 'Nameless', platforms: [] }, ADMIN)).rejects.toThrow('name at least one platform');
    expect(h.service.listAssignments()).toEqual([]);
    expect(h.service.licenses().total).toBe(0);
    expect(h.audit.query({ action: 'vpp.assignment' }).total).toBe(0);
    expect(h.audit.query({ action: 'vpp.catalog.add' }).total).toBe(1);
  });
});

async function newUser(h: Harness, id: string): Promise<string> {
  await h.inventory.saveUser({ id, name: `User ${id}`, email: `${id}@example.com` }, ADMIN);
  return id;
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
