// Deleting a token drops what the plugin kept of its location; this checks it also when the host stopped before the
// drop ran, and that nobody at the location is mailed once the token is gone. Real host, Apple and SMTP on loopback.
import { afterEach, describe, expect, it } from 'vitest';
import { CatalogReader } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { TokenStore } from '../tokens/token-store.js';
import { InvitationService } from './invitation-service.js';
import { INVITATION_TEMPLATE_ID } from './invitation-template.js';
import { ADMIN, importPeople, InvitationWorld, LOCATION, people, waitFor, type RunningHost } from './testing/invitation-world.js';

const APP = { adamId: '100', pricingParam: 'STDQ' as const };
/** Apple cannot take users/create now, and says to try again at once (so the batch is kept without a long wait). */
const CREATE_UNAVAILABLE = [{ kind: 'unavailable', retryAfter: '0' }, { path: 'users/create', times: 1_000_000 }] as const;

let world: InvitationWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** What the plugin keeps of a location, part by part. */
function kept(h: RunningHost, tokenId: string) {
  const runtime = h.container.get(DistributionRuntime);
  const invitations = h.container.get(InvitationService).locationFootprint(tokenId);
  return {
    assignments: runtime.service.listAssignments().length,
    licenses: runtime.service.licensesOfLocation(tokenId).length,
    unsentInvitations: invitations.unsent.total,
    enrolled: invitations.enrolled.total,
    enrolment: runtime.enrolments.enrolment(tokenId, 'u0') !== undefined,
    syncedAssets: h.container.get<CatalogReader>(CatalogReader).assets({ tokenId }).total,
  };
}

const invitationMails = (h: RunningHost) => h.mail.list({ templateId: INVITATION_TEMPLATE_ID }).total;

describe('deleting a token', () => {
  it('cut short by a stop right after the token record was removed, is finished at the next start: nothing is left, asked of Apple or mailed', async () => {
    const w = (world = await InvitationWorld.create());
    const h = await w.startHost();
    const tokenId = w.token.id;
    await importPeople(h.inventory, people(3));
    // u0 is invited, accepts and holds a license; u1 and u2 wait in a batch Apple cannot take now.
    await h.invitations.invite({ kind: 'user', id: 'u0' }, ADMIN);
    w.simulator.acceptInvitation(LOCATION.uId, 'u0');
    await waitFor(() => h.invitations.enrolment('u0').status === 'enrolled', 'u0 enrolled');
    await h.distribution.assign({ item: APP.adamId, target: { kind: 'user', id: 'u0' }, licenseType: 'user' }, ADMIN);
    await waitFor(() => w.simulator.location(LOCATION.uId).holds(APP, { clientUserId: 'u0' }), 'u0 licensed at Apple');
    w.simulator.injectFault(...CREATE_UNAVAILABLE);
    await expect(h.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN)).rejects.toThrow(/kept/);

    // The first write of a deletion, and then the host stops before anything else of it ran.
    await h.container.get(TokenStore).remove(tokenId);
    expect(kept(h, tokenId)).toEqual({ assignments: 1, licenses: 1, unsentInvitations: 2, enrolled: 1, enrolment: true, syncedAssets: 2 });
    const mailsBefore = invitationMails(h);
    await w.stopHost(h.host);
    w.simulator.clearFaults();
    const appleRequestsBefore = w.simulator.requests.length;
    const smtpBefore = w.smtp.received.length;

    const again = await w.startHost({ addToken: false });
    await again.idle();
    await again.container.get(DistributionRuntime).service.whenSettled();

    expect(kept(again, tokenId)).toEqual({ assignments: 0, licenses: 0, unsentInvitations: 0, enrolled: 0, enrolment: false, syncedAssets: 0 });
    const dropped = w.logs.filter((line) => line.message.startsWith('Dropped what') && line.fields?.id === tokenId);
    expect(dropped.map((line) => line.message)).toEqual([
      'Dropped what sync still kept of a deleted token',
      'Dropped what distribution still kept of a deleted token',
      'Dropped what invitations still kept of a deleted token',
    ]);
    expect(dropped[0]!.fields).toMatchObject({ assets: 2 });
    expect(dropped[1]!.fields).toMatchObject({ assignments: 1, licenses: 1, counts: 2 });
    expect(dropped[2]!.fields).toMatchObject({ batches: 1, invitations: 1, enrolments: 1 });
    expect(w.simulator.requests.slice(appleRequestsBefore).filter((request) => request.uId === LOCATION.uId)).toEqual([]);
    expect(invitationMails(again)).toBe(mailsBefore);
    expect(w.smtp.received).toHaveLength(smtpBefore);
  }, 60_000);

  it('drops the invitations waiting for Apple at once: none is sent when Apple is back, nobody is mailed', async () => {
    const w = (world = await InvitationWorld.create());
    const h = await w.startHost();
    const tokenId = w.token.id;
    await importPeople(h.inventory, people(3));
    w.simulator.injectFault(...CREATE_UNAVAILABLE);
    await expect(h.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN)).rejects.toThrow(/kept/);
    expect(h.container.get(InvitationService).locationFootprint(tokenId).unsent.total).toBe(3);

    expect(await h.route('DELETE', '/tokens/:id', { params: { id: tokenId } })).toMatchObject({ status: 204 });
    await h.idle();
    expect(h.container.get(InvitationService).locationFootprint(tokenId).unsent.total).toBe(0);
    w.simulator.clearFaults();
    const deletedAt = w.simulator.requests.length;
    // Past the longest pause before the batch's next try (5 s).
    await new Promise((resolve) => setTimeout(resolve, 5_500));
    await h.idle();

    expect(w.simulator.requests.slice(deletedAt).filter((request) => request.uId === LOCATION.uId)).toEqual([]);
    expect(invitationMails(h)).toBe(0);
    expect(w.smtp.received).toHaveLength(0);
  }, 60_000);

  it('while Apple is still registering its invited users mails none of them, and keeps no record of them', async () => {
    // Apple completes users/create a while after taking it: the token is deleted in between.
    const w = (world = await InvitationWorld.create({ eventDelayMs: 1_500 }));
    const h = await w.startHost();
    const tokenId = w.token.id;
    await importPeople(h.inventory, people(3));
    const inviting = h.invitations.invite({ kind: 'user-group', id: 'staff' }, ADMIN).catch((error: unknown) => error);
    await waitFor(() => w.simulator.requests.some((request) => request.path.endsWith('users/create')), 'the users sent to Apple');

    expect(await h.route('DELETE', '/tokens/:id', { params: { id: tokenId } })).toMatchObject({ status: 204 });
    await inviting;
    await h.idle();

    // Apple did register them: only this host's mails and records are what must not happen.
    expect(w.simulator.location(LOCATION.uId).users.get('u0')?.inviteCode).toBeDefined();
    expect(invitationMails(h)).toBe(0);
    expect(h.container.get(InvitationService).statusesOf(tokenId, ['u0', 'u1', 'u2'])).toEqual(['not-invited', 'not-invited', 'not-invited']);
    expect(h.container.get(InvitationService).locationFootprint(tokenId).unsent.total).toBe(0);
  }, 60_000);
});
