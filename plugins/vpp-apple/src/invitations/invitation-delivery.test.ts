// Invitation mail through SMTP failures and host restarts: every chosen user gets their invitation exactly once.
import { afterEach, describe, expect, it } from 'vitest';
import { FileStorageEngine } from '../../../../host/storage/index.js';
import { InvitationInterruptedError } from './invitation-service.js';
import type { InvitationBatch } from './invitation-store.js';
import { ADMIN, InvitationWorld, people, waitFor } from './testing/invitation-world.js';


let world: InvitationWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** Each of the users received exactly one mail, and no Message-ID arrived twice. */
function expectEachOnce(w: InvitationWorld, userIds: readonly string[]): void {
  const perUser = userIds.map((id) => w.mailsTo(`${id}@contoso.example`).length);
  const doubledIds = [...w.smtp.countsByMessageId().values()].filter((n) => n > 1).length;
  expect({ missing: perUser.filter((n) => n === 0).length, doubled: perUser.filter((n) => n > 1).length, doubledIds, received: w.smtp.received.length }).toEqual({
    missing: 0,
    doubled: 0,
    doubledIds: 0,
    received: userIds.length,
  });
}

const ids = (count: number) => Array.from({ length: count }, (_, i) => `u${i}`);

describe('invitation delivery', () => {
  it('the SMTP server down during a bulk invite, then up again: every invitation delivered exactly once', async () => {
    const w = (world = await InvitationWorld.create());
    const h = await w.startHost();
    await h.inventory.import(people(300), ADMIN);
    const invite = h.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN);
    await waitFor(() => w.smtp.received.length >= 20, 'the bulk under way');
    await w.smtp.stop();
    expect(await invite).toMatchObject({ invited: 300 });
    await waitFor(() => h.invitations.list({ status: 'invited', limit: 1000 }).items.some((e) => e.delivery?.state === 'retrying'), 'a retrying invitation');
    const retrying = h.invitations.list({ status: 'invited', limit: 1000 }).items.find((e) => e.delivery?.state === 'retrying')!;
    expect(retrying.delivery!.error).toBeTruthy();
    await w.smtp.start();
    await waitFor(() => h.invitations.list({ limit: 1000 }).items.every((e) => e.delivery?.state === 'sent'), 'every invitation sent');
    expectEachOnce(w, ids(300));
  });

  it('survives a host restart with the SMTP server down in between: each member exactly once in total', async () => {
    const w = (world = await InvitationWorld.create());
    const first = await w.startHost();
    await first.inventory.import(people(150), ADMIN);
    const invite = first.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN);
    await waitFor(() => w.smtp.received.length >= 10, 'part of the bulk sent');
    await w.smtp.stop();
    await invite;
    await waitFor(() => first.mail.list({ state: 'retrying' }).total > 0, 'a failed attempt');
    await w.stopHost(first.host);

    await w.smtp.start();
    const second = await w.startHost();
    await waitFor(() => second.invitations.list({ limit: 1000 }).items.every((e) => e.delivery?.state === 'sent'), 'every invitation sent by the second host');
    expectEachOnce(w, ids(150));
    expect(second.invitations.list({ status: 'invited', limit: 1000 }).total).toBe(150);
  });

  it('finishes a batch a stopped host left behind: sent invitations are not sent again, the others are sent once', async () => {
    const w = (world = await InvitationWorld.create());
    const first = await w.startHost();
    await first.inventory.import(people(40), ADMIN);
    await first.invitations.invite({ kind: 'user', id: 'u0' }, ADMIN);
    await first.invitations.invite({ kind: 'user', id: 'u1' }, ADMIN);
    await waitFor(() => w.smtp.received.length === 2, 'the first two invitations');
    const tokenId = w.token.id;
    await w.stopHost(first.host);

    // What a host that died half-way through a group invitation leaves: the batch, with u0 and u1 already mailed.
    const storage = new FileStorageEngine({ dataDir: w.dataDir });
    const batches = await storage.namespace('vpp-apple').collection<InvitationBatch>('invitation-batches');
    await batches.put({
      id: 'inv-left-behind',
      tokenId,
      target: { kind: 'user-group', id: 'staff' },
      entries: ids(40).map((userId) => ({ userId, sendNumber: 1 })),
      actor: ADMIN,
      resend: false,
      createdAt: new Date().toISOString(),
    });
    await storage.close();

    const second = await w.startHost();
    await second.idle();
    await waitFor(() => w.smtp.received.length >= 40, 'the rest of the batch');
    await waitFor(() => second.mail.list({ state: 'sent' }).total === 40, 'all recorded as sent');
    expectEachOnce(w, ids(40));
    expect(second.invitations.enrolment('u0')).toMatchObject({ status: 'invited', timesInvited: 1 });
    expect(second.invitations.enrolment('u39')).toMatchObject({ status: 'invited', timesInvited: 1 });
  });

  it('a host stopped in the middle of a pipelined invite finishes it at the next start: each member registered and mailed once', async () => {
    // Ten users per users/create request: twenty requests at Apple's rate limit, mails going out after each.
    const w = (world = await InvitationWorld.create({ limits: { maxUsers: 10 } }));
    const first = await w.startHost();
    await first.inventory.import(people(200), ADMIN);
    const invite = first.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN);
    const outcome = invite.then(
      () => 'finished',
      (error: Error) => error,
    );
    await waitFor(() => first.mail.list({ limit: 1 }).total >= 30, 'the first requests registered and their mails queued');
    await w.stopHost(first.host);
    const interrupted = await outcome;
    expect(interrupted).toBeInstanceOf(InvitationInterruptedError);
    expect((interrupted as Error).message).toMatch(/stopping: \d+ of 200 invitation\(s\) queued/);
    const queuedByFirst = (interrupted as InvitationInterruptedError).details as { invited: number };
    expect(queuedByFirst.invited).toBeGreaterThanOrEqual(30);
    expect(queuedByFirst.invited).toBeLessThan(200);

    const second = await w.startHost();
    await second.idle();
    await waitFor(() => second.mail.list({ state: 'sent' }).total === 200, 'every invitation sent by the second host');
    expectEachOnce(w, ids(200));
    expect(second.invitations.list({ status: 'invited', limit: 1000 }).items.map((e) => e.timesInvited)).toEqual(Array(200).fill(1));
    // Nobody was registered twice: twenty accepted requests of ten users across both hosts.
    expect(w.simulator.requests.filter((r) => r.path.endsWith('users/create') && r.httpStatus === 200).length).toBe(20);
  });

  it("a 5xx rejection marks that invitation's mail failed with the server's words; the others are sent", async () => {
    const w = (world = await InvitationWorld.create());
    const h = await w.startHost();
    await h.inventory.import(people(5), ADMIN);
    w.smtp.rejections.set('u2@contoso.example', { code: 550, message: 'No such user here' });
    await h.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN);
    await waitFor(() => h.invitations.enrolment('u2').delivery?.state === 'failed', 'the rejected invitation failed');
    await waitFor(() => w.smtp.received.length === 4, 'the others');
    expect(h.invitations.enrolment('u2').delivery!.error).toContain('No such user here');
    const listed = await h.command('enrolment', {}, { search: 'u2@' });
    expect(listed.table!.rows[0]![6]).toContain('failed: 550');
    expectEachOnce(w, ['u0', 'u1', 'u3', 'u4']);
  });
});

