// Revoking from a target ends its licenses and keeps its holders from being served again until an admin assigns the
// item to them again; the licenses freed go to other targets' waiting holders, first come first served.
import { describe, expect, it } from 'vitest';
import { Inventory, type ViewActionRequest } from '@vpp-host/api';
import type { LocationSpec } from '../simulator/index.js';
import { ADMIN, SCHOOL_LOCATION, useHarness, type StartedHarness } from '../../test/harness.js';
import { VppPanelViews } from '../panel/bind-panel.js';
import type { LicenseRecord } from './model.js';

const CLIPS = '1212699939';
const NORTHSIDE: LocationSpec = { ...SCHOOL_LOCATION, assets: [{ adamId: CLIPS, productType: 'App', totalCount: 20, name: 'Clips' }] };
const STUDENTS = { kind: 'device-group', id: 'student-ipads' } as const;
const TEACHERS = { kind: 'device-group', id: 'teacher-ipads' } as const;

const startHarness = useHarness();

/** Northside School's token, synced: Clips with 20 licenses. */
async function northside(): Promise<StartedHarness> {
  const h = await startHarness({ locations: [NORTHSIDE] });
  const token = await h.settle(h.tokens.add({ name: 'Northside School', file: h.handles[0]!.sToken }, ADMIN));
  await h.settle(h.sync.sync(token.id));
  return h;
}

/** A device group of `count` iPads, `prefix01` upwards, all joined at once (ties go by id). */
async function ipads(h: StartedHarness, groupId: string, prefix: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
  await h.container.get<Inventory>(Inventory).import(
    {
      devices: ids.map((id) => ({ id, serialNumber: `DMP${id.toUpperCase()}`, platform: 'iPadOS' as const, osVersion: '17.2' })),
      deviceGroups: [{ id: groupId, name: groupId, members: ids }],
    },
    ADMIN,
  );
  await h.clock.advance(1000);
  return ids;
}

async function ledger(h: StartedHarness): Promise<LicenseRecord[]> {
  return ((await h.route('GET', '/licenses', { query: { item: 'Clips', limit: '1000' } })).body as { items: LicenseRecord[] }).items;
}

/** Devices holding a Clips license (requested or confirmed), from the ledger over REST. */
async function holders(h: StartedHarness): Promise<string[]> {
  return (await ledger(h)).filter((l) => l.state === 'requested' || l.state === 'confirmed').map((l) => l.holderId).sort();
}

async function waiting(h: StartedHarness): Promise<string[]> {
  return ((await h.route('GET', '/queue/:item', { params: { item: 'Clips' } })).body as { waiting: Array<{ holder: string }> }).waiting.map((w) => w.holder);
}

const assignedAtApple = (h: StartedHarness) => h.simulator.location(NORTHSIDE.uId).findAsset(CLIPS)!.assignedCount;

describe('revoking from a target', () => {
  it('ends a 60-iPad group\'s 20 licenses and empties its queue: nobody of the group is served again, not even after a sync', async () => {
    const h = await northside();
    const students = await ipads(h, 'student-ipads', 's', 60);
    const assigned = await h.route('POST', '/assignments', { body: { item: 'Clips', target: STUDENTS } });
    expect(assigned).toMatchObject({ status: 201, body: { licensed: 20, queued: 40 } });
    await h.until(() => assignedAtApple(h) === 20);

    const revoked = await h.route('POST', '/revocations', { body: { item: 'Clips', target: STUDENTS, reason: 'exam week' } });
    expect(revoked).toMatchObject({
      status: 200,
      body: { revoked: 20, counts: { total: 20, held: 0, available: 20, queued: 0 }, queue: { dropped: 40, servedOthers: 0, servedHolders: [] } },
    });
    expect(await holders(h)).toEqual([]);
    expect(await waiting(h)).toEqual([]);

    // Apple releases them; the sync that follows serves the queue, which has nobody of the group in it.
    await h.until(async () => (await ledger(h)).every((l) => l.state === 'released'));
    await h.settle(h.sync.sync(h.tokens.list()[0]!.id));
    expect(await holders(h)).toEqual([]);
    expect(await waiting(h)).toEqual([]);
    expect(assignedAtApple(h)).toBe(0);
    const records = await ledger(h);
    expect(records.map((l) => `${l.holderId} ${l.state} ${l.releaseCause}`).sort()).toEqual(students.slice(0, 20).map((id) => `${id} released revoked`));
  });

  it('gives the freed licenses to another target\'s waiting holders, first come first served, and says so in the CLI', async () => {
    const h = await northside();
    await ipads(h, 'student-ipads', 's', 60);
    await h.route('POST', '/assignments', { body: { item: 'Clips', target: STUDENTS } });
    const teachers = await ipads(h, 'teacher-ipads', 't', 5);
    const teachersAssigned = await h.route('POST', '/assignments', { body: { item: 'Clips', target: TEACHERS } });
    expect(teachersAssigned.body).toMatchObject({ licensed: 0, queued: 5 });
    expect((await waiting(h)).slice(-5)).toEqual(teachers.map((id) => `device:${id}`));

    const result = await h.command('revoke', { item: 'Clips', target: 'student-ipads' }, { from: 'device-group' });
    expect(result.data).toMatchObject({
      revoked: 20,
      counts: { total: 20, held: 5, available: 15, queued: 0 },
      queue: { dropped: 40, servedOthers: 5, servedHolders: teachers.map((id) => `device:${id}`) },
    });
    expect(result.text).toBe(
      '20 license(s) revoked from device-group student-ipads; its 40 waiting holder(s) left the queue until the item is assigned to them again; ' +
        '5 license(s) went to other waiting holders (device:t01, device:t02, device:t03, device:t04, device:t05); available now 15 of 20, 0 waiting.',
    );
    expect(await holders(h)).toEqual(teachers);
    await h.until(() => assignedAtApple(h) === 5);
    await h.settle(h.sync.sync(h.tokens.list()[0]!.id));
    expect(await holders(h)).toEqual(teachers);
  });

  it('serves the group again only once an admin assigns the item to it again, and the panel says what a revocation did to the queue', async () => {
    const h = await northside();
    const students = await ipads(h, 'student-ipads', 's', 60);
    const first = await h.route('POST', '/assignments', { body: { item: 'Clips', target: STUDENTS } });
    const assignmentId = (first.body as { assignment: { id: string } }).assignment.id;
    await h.route('POST', '/revocations', { body: { item: 'Clips', target: STUDENTS } });
    await h.until(() => assignedAtApple(h) === 0);
    await h.clock.advance(1000);

    const again = await h.route('POST', '/assignments', { body: { item: 'Clips', target: STUDENTS, reason: 'exams are over' } });
    expect(again).toMatchObject({ status: 201, body: { assignment: { id: assignmentId }, licensed: 20, queued: 40 } });
    expect((again.body as { notes: string[] }).notes).toContain(
      `Assigned again after a revocation: its holders may be served again; the install mode and policy of ${assignmentId} are unchanged`,
    );
    expect(await holders(h)).toEqual(students.slice(0, 20));
    expect(await waiting(h)).toEqual(students.slice(20).map((id) => `device:${id}`));
    // Nothing revoked since: assigning it once more is refused as before.
    expect(await h.route('POST', '/assignments', { body: { item: 'Clips', target: STUDENTS } })).toMatchObject({ status: 409 });

    // The panel revokes one holder: its license goes to the first student waiting, and the flash says so.
    const view = h.container.get(VppPanelViews).views.find((v) => v.id === 'assignments')!;
    const request: { -readonly [K in keyof ViewActionRequest]: ViewActionRequest[K] } = {
      principal: ADMIN,
      language: 'en',
      query: { id: assignmentId },
      csrfToken: 'csrf-1',
      url: '/views/vpp-apple/assignments',
      action: 'revoke',
      form: { holderKind: 'device', holderId: 's01' },
      files: {},
    };
    // The first click leads to the preview, which names the holder losing the license and who is served in its place.
    const previewed = await h.settle(view.handleAction!(request));
    expect(previewed).toEqual({ query: { id: assignmentId, preview: 'revoke', holderKind: 'device', holderId: 's01' } });
    const page = String((await h.settle(view.render({ ...request, query: previewed.query! }))).body);
    expect(page).toContain('Lose their license (1)');
    expect(page).toContain('Served from the queue in their place (1)');
    expect(await holders(h)).toEqual(students.slice(0, 20));
    request.form = { ...request.form, confirmed: 'yes' };
    const flash = (await h.settle(view.handleAction!(request))).flash;
    expect(flash).toEqual({
      kind: 'success',
      message: '1 license revoked; 0 of 20 now available; 1 license went to others waiting',
    });
    expect(await holders(h)).toEqual([...students.slice(1, 21)]);
    const nl = (await h.settle(view.handleAction!({ ...request, language: 'nl', form: { holderKind: 'device', holderId: 's02', confirmed: 'yes' } }))).flash;
    expect(nl?.message).toBe('1 licentie ingetrokken; nu 0 van 20 beschikbaar; 1 licentie naar andere wachtenden');
    // Revoking from everyone empties the queue: nobody is served from it.
    const fr = (await h.settle(view.handleAction!({ ...request, language: 'fr', form: { confirmed: 'yes' } }))).flash;
    expect(fr?.message).toBe('20 licences révoquées ; 20 sur 20 désormais disponibles ; 38 détenteurs en attente retirés de la file jusqu’à une nouvelle attribution');
    expect(await holders(h)).toEqual([]);
    expect(await waiting(h)).toEqual([]);
  });
});
