// Every change that moves licenses can be previewed: the preview is the change's own account computed on the live
// state, changes nothing (ledger, queue, assignments, Apple, the MDM), and the change then answers the same account.
import { describe, expect, it } from 'vitest';
import { Inventory } from '@vpp-host/api';
import type { LocationSpec } from '../simulator/index.js';
import { ADMIN, SCHOOL_LOCATION, useHarness, type StartedHarness } from '../../test/harness.js';
import type { LicenseAccount } from '../../api/index.js';
import { DistributionRuntime } from './distribution-runtime.js';
import { VppPanelViews } from '../panel/bind-panel.js';
import type { LicenseRecord } from './model.js';

const GARAGEBAND = '682658836';
const BOOK = '1444';
const NORTHSIDE: LocationSpec = {
  ...SCHOOL_LOCATION,
  assets: [
    { adamId: GARAGEBAND, productType: 'App', totalCount: 3, name: 'GarageBand', supportedPlatforms: ['iOS', 'macOS'] },
    { adamId: BOOK, productType: 'Book', totalCount: 5, name: 'Field Guide' },
  ],
};
const LAB = { kind: 'device-group', id: 'lab' } as const;

const startHarness = useHarness();

/** Northside, synced, with a lab of five Macs joined in order; mac-old runs macOS 10.10, below device licenses' minimum. */
async function lab(): Promise<StartedHarness> {
  const h = await startHarness({ locations: [NORTHSIDE] });
  const token = await h.settle(h.tokens.add({ name: 'Northside School', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  const inventory = h.container.get<Inventory>(Inventory);
  const macs: [string, string][] = [['mac-1', '14.1'], ['mac-2', '14.1'], ['mac-old', '10.10'], ['mac-3', '14.1'], ['mac-4', '14.1']];
  await inventory.saveGroup('device-group', { id: 'lab', name: 'Music lab' }, ADMIN);
  for (const [id, osVersion] of macs) {
    await inventory.saveDevice({ id, serialNumber: `C02${id.replace('-', '').toUpperCase()}`, name: `Lab ${id}`, platform: 'macOS', osVersion }, ADMIN);
    await inventory.addMember('device-group', 'lab', id, ADMIN);
    await h.clock.advance(1000);
  }
  return h;
}

/** Everything a change could touch, to prove a preview touched none of it. */
async function state(h: StartedHarness): Promise<unknown> {
  const ledger = (await h.route('GET', '/licenses', { query: { limit: '1000' } })).body as { items: LicenseRecord[] };
  const queue = (await h.route('GET', '/queue/:item', { params: { item: 'GarageBand' } })).body as { waiting: unknown[]; counts: unknown };
  const assignments = (await h.route('GET', '/assignments')).body;
  return { ledger: ledger.items, queue, assignments, apple: h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount };
}

/** An account without its `preview` flag, to compare a preview with the change. */
function lines(account: LicenseAccount): Omit<LicenseAccount, 'preview'> {
  const { preview: _preview, ...rest } = account;
  return rest;
}

function removalsOf(h: StartedHarness): string[] {
  const seen: string[] = [];
  h.container.get(DistributionRuntime).service.onDidRequestRemoval.subscribe((r) => seen.push(`${r.holderId} ${r.cause}`));
  return seen;
}

describe('previews of license changes', () => {
  it('assigning GarageBand to the lab: who gets a license, who waits and where, who is passed over and why; then exactly that happens', async () => {
    const h = await lab();
    const before = await state(h);
    const preview = await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB, licenseType: 'device' }, query: { dryRun: 'true' } });
    expect(preview.status).toBe(200);
    const account = (preview.body as { account: LicenseAccount }).account;
    expect(account.preview).toBe(true);
    expect(account.granted.lines.map((l) => l.holder.id)).toEqual(['mac-1', 'mac-2', 'mac-3']);
    expect(account.granted.lines[0]).toEqual({
      holder: { kind: 'device', id: 'mac-1', name: 'Lab mac-1 (C02MAC1)' },
      item: { id: expect.stringContaining(GARAGEBAND), name: 'GarageBand', location: 'Northside School' },
    });
    expect(account.queued.lines.map((l) => [l.holder.id, l.position])).toEqual([['mac-4', 1]]);
    expect(account.skipped.lines.map((l) => [l.holder.id, l.rule])).toEqual([['mac-old', 'device-license-os-minimum']]);
    expect(account.skipped.lines[0]!.message).toContain('macOS 10.11');
    expect(account.irreversible.total).toBe(0);
    expect(await state(h)).toEqual(before);

    const applied = await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB, licenseType: 'device' } });
    expect(applied.status).toBe(201);
    const outcome = (applied.body as { account: LicenseAccount }).account;
    expect(outcome.preview).toBe(false);
    expect(lines(outcome)).toEqual(lines(account));
    await h.until(() => h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount === 3);
  });

  it('removing the assignment, revoking and changing exclusions: each preview changes nothing and matches what then happens', async () => {
    const h = await lab();
    const assigned = await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB, licenseType: 'device' } });
    const id = (assigned.body as { assignment: { id: string } }).assignment.id;
    await h.until(() => h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount === 3);
    const removals = removalsOf(h);

    // Leaving mac-1 out: it loses its license and mac-4, first in line, is served in its place.
    await h.container.get<Inventory>(Inventory).saveGroup('device-group', { id: 'pilot', name: 'Pilot', members: ['mac-1'] }, ADMIN);
    let before = await state(h);
    const exclusion = { exclusions: [{ kind: 'device-group', id: 'pilot' }] };
    const updatePreview = (await h.route('PATCH', '/assignments/:id', { params: { id }, body: exclusion, query: { dryRun: 'true' } })).body as { account: LicenseAccount; leftOut: number };
    expect(updatePreview.leftOut).toBe(1);
    expect(updatePreview.account.released.lines.map((l) => [l.holder.id, l.cause])).toEqual([['mac-1', 'left-target']]);
    expect(updatePreview.account.served.lines.map((l) => l.holder.id)).toEqual(['mac-4']);
    expect(updatePreview.account.appRemoved.lines.map((l) => l.holder.id)).toEqual(['mac-1']);
    expect(await state(h)).toEqual(before);
    expect(removals).toEqual([]);
    const updated = (await h.route('PATCH', '/assignments/:id', { params: { id }, body: exclusion })).body as { account: LicenseAccount };
    expect(lines(updated.account)).toEqual(lines(updatePreview.account));
    expect(removals).toEqual(['mac-1 left-target']);
    await h.settle(h.container.get(DistributionRuntime).service.whenSettled());

    before = await state(h);
    const revokePreview = (await h.route('POST', '/revocations', { body: { item: 'GarageBand', target: { kind: 'device', id: 'mac-2' } }, query: { dryRun: 'true' } }))
      .body as { account: LicenseAccount; revoked: number };
    expect(revokePreview.revoked).toBe(1);
    expect(revokePreview.account.released.lines.map((l) => [l.holder.id, l.cause])).toEqual([['mac-2', 'revoked']]);
    // The CLI's --dry-run computes the same account and prints its lines.
    const revokeCli = await h.command('revoke', { item: 'GarageBand', target: 'mac-2' }, { from: 'device', 'dry-run': true });
    expect((revokeCli.data as { account: LicenseAccount }).account).toEqual(revokePreview.account);
    expect(revokeCli.table!.rows.map((row) => row.slice(0, 2))).toEqual([['loses its license', 'device Lab mac-2 (C02MAC2)']]);
    expect(await state(h)).toEqual(before);
    const revoked = (await h.route('POST', '/revocations', { body: { item: 'GarageBand', target: { kind: 'device', id: 'mac-2' } } })).body as { account: LicenseAccount };
    expect(lines(revoked.account)).toEqual(lines(revokePreview.account));
    await h.settle(h.container.get(DistributionRuntime).service.whenSettled());

    before = await state(h);
    const removePreview = (await h.route('DELETE', '/assignments/:id', { params: { id }, query: { dryRun: 'true', reason: 'term over' } })).body as {
      account: LicenseAccount;
      released: number;
    };
    expect(removePreview.released).toBe(2);
    expect(removePreview.account.released.lines.map((l) => l.holder.id).sort()).toEqual(['mac-3', 'mac-4']);
    const removeCli = await h.command('assignment.remove', { id }, { reason: 'term over', 'dry-run': true });
    expect((removeCli.data as { account: LicenseAccount }).account).toEqual(removePreview.account);
    expect(removeCli.text).toMatch(/^Preview, nothing was changed: /);
    expect(await state(h)).toEqual(before);
    const removed = (await h.route('DELETE', '/assignments/:id', { params: { id } })).body as { account: LicenseAccount };
    expect(lines(removed.account)).toEqual(lines(removePreview.account));
  });

  it("a group losing a member: the preview names the license it takes back and who is served in its place, before the inventory changes", async () => {
    const h = await lab();
    await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB, licenseType: 'device' } });
    await h.until(() => h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount === 3);
    const before = await state(h);
    const preview = await h.route('POST', '/previews/membership', { body: { groupKind: 'device-group', groupId: 'lab', memberId: 'mac-2', change: 'left' } });
    expect(preview.status).toBe(200);
    const account = preview.body as LicenseAccount;
    expect(account.released.lines.map((l) => [l.holder.id, l.cause])).toEqual([['mac-2', 'left-target']]);
    expect(account.served.lines.map((l) => l.holder.id)).toEqual(['mac-4']);
    expect(await state(h)).toEqual(before);
    expect(h.container.get<Inventory>(Inventory).members('device-group', 'lab').map((m) => m.memberId)).toContain('mac-2');

    // The inventory's own command asks the plugin the same, and says it per plugin.
    const args = { kind: 'device-group', group: 'lab', member: 'mac-2' };
    const cliPreview = await h.command('inventory.member.remove', args, { 'dry-run': true });
    expect(cliPreview.text).toBe('Preview, nothing was changed: mac-2 would leave device group lab.\nvpp-apple: Preview, nothing was changed: 1 would be served from the queue, 1 would lose a license, 1 would have the app removed.');
    expect((cliPreview.data as { consequences: { details: LicenseAccount }[] }).consequences[0]!.details).toEqual(account);
    expect(await state(h)).toEqual(before);

    // The change itself does what the preview said, and says so.
    const made = await h.command('inventory.member.remove', args);
    expect(made.text).toBe('mac-2 left device group lab.\nvpp-apple: 1 was served from the queue, 1 lost a license, 1 had the app removed.');
    expect(lines((made.data as { consequences: { details: LicenseAccount }[] }).consequences[0]!.details)).toEqual(lines(account));
    await h.settle(h.container.get(DistributionRuntime).service.whenSettled());
    const ledger = ((await h.route('GET', '/licenses', { query: { limit: '100' } })).body as { items: LicenseRecord[] }).items;
    const live = ledger.filter((l) => l.state === 'requested' || l.state === 'confirmed').map((l) => l.holderId).sort();
    expect(live).toEqual(['mac-1', 'mac-3', 'mac-4']);

    // Joining again: it waits at the end of the queue, which the preview says too.
    const join = (await h.route('POST', '/previews/membership', { body: { groupKind: 'device-group', groupId: 'lab', memberId: 'mac-2', change: 'joined' } })).body as LicenseAccount;
    expect(join.queued.lines.map((l) => [l.holder.id, l.position])).toEqual([['mac-2', 1]]);
    expect(join.granted.total).toBe(0);

    // Bad input changes nothing and is refused as the inventory refuses the edit itself.
    expect(await h.route('POST', '/previews/membership', { body: { groupKind: 'device-group', groupId: 'lab', memberId: 'mac-9', change: 'left' } })).toMatchObject({
      status: 404,
      body: { message: '"mac-9" is not a member of device group "lab"' },
    });
    expect(await h.route('POST', '/previews/membership', { body: { groupKind: 'device-group', groupId: 'lab', memberId: 'mac-9', change: 'joined' } })).toMatchObject({
      status: 404,
      body: { message: 'No device "mac-9"' },
    });
    expect(await h.route('POST', '/previews/membership', { body: { groupKind: 'device-group', groupId: 'lab', memberId: 'mac-2', change: 'left' } })).toMatchObject({
      status: 404,
      body: { message: '"mac-2" is not a member of device group "lab"' },
    });
    expect(await h.route('POST', '/previews/membership', { body: { groupKind: 'team', groupId: 'lab', memberId: 'mac-2', change: 'left' } })).toMatchObject({ status: 400 });
  });

  it('a VPP book says it cannot be taken back; the CLI --dry-run prints the account and changes nothing', async () => {
    const h = await lab();
    const inventory = h.container.get<Inventory>(Inventory);
    await inventory.saveUser({ id: 'ann', name: 'Ann Peeters', email: 'ann@northside.test' }, ADMIN);
    await inventory.saveUser({ id: 'bob', name: 'Bob Martin', email: 'bob@northside.test' }, ADMIN);
    await inventory.saveGroup('user-group', { id: 'readers', name: 'Readers', members: ['ann', 'bob'] }, ADMIN);
    const before = await state(h);
    const result = await h.command('assign', { item: 'Field Guide', target: 'readers' }, { to: 'user-group', 'dry-run': true });
    const account = (result.data as { account: LicenseAccount }).account;
    expect(account.preview).toBe(true);
    // Nobody has accepted managed distribution yet: both wait to enrol, and the preview says so by name.
    expect(account.awaitingEnrolment.lines.map((l) => l.holder.name)).toEqual(['Ann Peeters', 'Bob Martin']);
    expect(result.text).toBe('Preview, nothing was changed: 2 would wait to enrol.');
    expect(result.table?.rows).toEqual([
      ['waits to enrol', 'user Ann Peeters', 'Field Guide @ Northside School', 'invite to managed distribution'],
      ['waits to enrol', 'user Bob Martin', 'Field Guide @ Northside School', 'invite to managed distribution'],
    ]);
    expect(await state(h)).toEqual(before);

    const devices = await h.command('assign', { item: 'GarageBand', target: 'lab' }, { to: 'device-group', license: 'device', 'dry-run': true });
    expect(devices.text).toBe('Preview, nothing was changed: 3 would get a license, 1 would wait in the queue, 1 would be passed over.');
    await expect(h.command('assign', { item: 'GarageBand', target: 'lab' }, { to: 'device-group', 'dry-run': 'yes' })).rejects.toThrow('--dry-run is a switch and takes no value');
    expect(await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB }, query: { dryRun: 'maybe' } })).toMatchObject({ status: 400 });
    expect(await state(h)).toEqual(before);
  });
});


describe('users waiting to enrol', () => {
  it("are listed by name on the assignment's page and the item's page, with the way to invite them", async () => {
    const h = await lab();
    const inventory = h.container.get<Inventory>(Inventory);
    await inventory.saveUser({ id: 'ann', name: 'Ann Peeters', email: 'ann@northside.test' }, ADMIN);
    await inventory.saveUser({ id: 'bob', name: 'Bob Martin', email: 'bob@northside.test' }, ADMIN);
    await inventory.saveGroup('user-group', { id: 'readers', name: 'Readers', members: ['ann', 'bob'] }, ADMIN);
    const assigned = await h.command('assign', { item: 'Field Guide', target: 'readers' }, { to: 'user-group' });
    const id = (assigned.data as { assignment: { id: string } }).assignment.id;
    const views = h.container.get(VppPanelViews).views;
    const render = async (view: string, query: Record<string, string>) =>
      String((await views.find((v) => v.id === view)!.render({ principal: ADMIN, language: 'en', query, csrfToken: 'c', url: `/views/vpp-apple/${view}` })).body);
    const page = await render('assignments', { id });
    expect(page).toContain('Wait to enrol in managed distribution (2)');
    expect(page).toContain('<td>Ann Peeters</td><td>ann@northside.test</td>');
    expect(page).toContain('href="/views/vpp-apple/invitations?kind=user-group&#38;id=readers">Invite these users</a>');
    const item = await render('catalog', { id: (assigned.data as { assignment: { itemId: string } }).assignment.itemId });
    expect(item).toContain('Wait to enrol in managed distribution (2)');
    expect(item).toContain('<td>Bob Martin</td><td>bob@northside.test</td>');
  });
});

describe('previews of deleting a token', () => {
  it('says what deleting the token stops and leaves at Apple, and deletes nothing', async () => {
    const h = await lab();
    await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB, licenseType: 'device' } });
    await h.until(() => h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount === 3);
    const token = h.tokens.list()[0]!;
    const before = await state(h);
    const preview = await h.route('DELETE', '/tokens/:id', { params: { id: token.id }, query: { dryRun: 'true' } });
    expect(preview).toMatchObject({ status: 200, body: { preview: true, tokenId: token.id, name: 'Northside School' } });
    const effects = (preview.body as { effects: { id: string; count: number }[] }).effects;
    expect(effects.map((e) => [e.id, e.count])).toEqual([
      ['catalog-items-dropped', 2],
      ['assignments-stop', 1],
      ['licenses-stay-at-apple', 3],
      ['queue-dropped', 1],
    ]);
    // Each effect names the first of what it counts: the lab's assignment, the Macs holding a license, the one waiting.
    const named = Object.fromEntries((preview.body as { effects: { id: string; lines: { who?: { name: string }; item?: { name: string } }[] }[] }).effects.map((e) => [e.id, e.lines]));
    expect(named['catalog-items-dropped']!.map((l) => l.item!.name).sort()).toEqual(['Field Guide', 'GarageBand']);
    expect(named['assignments-stop']).toEqual([{ who: { kind: 'device-group', id: 'lab', name: 'Music lab' }, item: expect.objectContaining({ name: 'GarageBand' }) }]);
    expect(named['licenses-stay-at-apple']!.map((l) => l.who!.name).sort()).toEqual(['Lab mac-1 (C02MAC1)', 'Lab mac-2 (C02MAC2)', 'Lab mac-3 (C02MAC3)']);
    expect(named['queue-dropped']!.map((l) => [l.who!.name, l.item!.name])).toEqual([['Lab mac-4 (C02MAC4)', 'GarageBand']]);
    expect(effects.map((e) => (e as { outcome?: string }).outcome)).toEqual(['stops', 'stops', 'stays-at-apple', 'stops']);
    const cli = await h.command('token.delete', { name: 'Northside School' }, { 'dry-run': true });
    expect(cli.text).toBe(
      [
        'Preview, nothing was changed: deleting token "Northside School" would',
        '  - 2 purchased item(s) leave the catalog with the data synced for it',
        '  - 1 assignment(s) of its items stop: nobody else gets these apps or books from them',
        '  - 3 license(s) stay assigned at Apple but are no longer managed here: revoke them first, or move the location (vpp-host migrate export) to keep them managed',
        '  - 1 holder(s) waiting for a license are never served',
      ].join('\n'),
    );
    expect(h.tokens.get(token.id)).toBeDefined();
    expect(await state(h)).toEqual(before);
  });

  it('then does what it said: the assignment and the queue go, the licenses stay at Apple and are no longer managed here', async () => {
    const h = await lab();
    await h.route('POST', '/assignments', { body: { item: 'GarageBand', target: LAB, licenseType: 'device' } });
    await h.until(() => h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount === 3);
    const token = h.tokens.list()[0]!;
    const service = h.container.get(DistributionRuntime).service;
    expect(service.locationFootprint(token.id).licenses.total).toBe(3);
    expect(await h.route('DELETE', '/tokens/:id', { params: { id: token.id } })).toMatchObject({ status: 204 });
    await h.until(() => service.listAssignments().length === 0);
    expect(service.licensesOfLocation(token.id)).toEqual([]);
    expect(service.locationFootprint(token.id)).toEqual({ items: { total: 0, lines: [] }, assignments: { total: 0, lines: [] }, licenses: { total: 0, lines: [] }, waiting: { total: 0, lines: [] } });
    expect(h.simulator.location(NORTHSIDE.uId).findAsset(GARAGEBAND)!.assignedCount).toBe(3);
  });
});

describe('previews of books', () => {
  it('a VPP book to enrolled users: the preview lists the licenses that cannot be taken back, and the assignment gives exactly those', async () => {
    const { createHarness, enrolUsers, TOKEN_ID, ADMIN: actor } = await import('./testing/distribution-harness.js');
    const h = await createHarness({ assets: [{ adamId: '900', productType: 'Book', totalCount: 5 }] });
    try {
      await enrolUsers(h, ['ann', 'bob']);
      const input = { item: `vpp:${TOKEN_ID}:900:STDQ`, target: { kind: 'user', id: 'ann' } } as const;
      const preview = await h.service.assign(input, actor, { dryRun: true });
      expect(preview.account.irreversible.lines.map((l) => l.holder.id)).toEqual(['ann']);
      expect(preview.account.granted.lines.map((l) => l.holder.id)).toEqual(['ann']);
      expect(h.service.licenseHolders(input.item)).toEqual([]);
      expect(h.service.listAssignments()).toEqual([]);
      const applied = await h.service.assign(input, actor);
      expect(lines(applied.account)).toEqual(lines(preview.account));
      expect(h.service.licenseHolders(input.item).map((holder) => holder.id)).toEqual(['ann']);
    } finally {
      await h.dispose();
    }
  });
});
