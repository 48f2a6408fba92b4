// Invitations end to end: a real host (vpp-apple + mail), Apple's simulator served on loopback posting its
// notifications to the host, and a real SMTP server whose mails are parsed back with mailparser.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog } from '@vpp-host/api';
import { actAs } from '../../../../host/runtime/acting-principal.js';
import { SyncService, type EnrolmentEntry, type InvitationAccount, type InviteSummary } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { clientUserIdOf } from './client-user-id.js';
import { ADMIN, InvitationWorld, LOCATION, waitFor, type RunningHost } from './testing/invitation-world.js';

const PEOPLE = {
  users: [
    { id: 'ann', name: 'Ann Archer', email: 'ann@contoso.example', language: 'en' },
    { id: 'bram', name: 'Bram de Vries', email: 'bram@contoso.example', language: 'nl-BE' },
    { id: 'claire', name: 'Claire Dubois', email: 'claire@contoso.example', language: 'fr' },
    { id: 'mia', name: 'Mia Managed', email: 'mia@contoso.example', managedAppleId: 'mia@appleid.contoso.example' },
  ],
  userGroups: [{ id: 'sales', name: 'Sales', members: ['ann', 'bram', 'claire', 'dan', 'mia'] }],
  devices: [
    { id: 'ipad-1', serialNumber: 'DMPQ0001', platform: 'iPadOS' as const, osVersion: '17.2', ownerUserId: 'bram' },
    { id: 'ipad-2', serialNumber: 'DMPQ0002', platform: 'iPadOS' as const, osVersion: '17.2' },
  ],
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['ipad-1', 'ipad-2'] }],
};

let world: InvitationWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

/** Stored before the inventory refused such addresses: the invitation must still skip him. */
const DAN = { id: 'dan', name: 'Dan Broken', email: 'dan..broken@contoso.example' };

async function started(options: Parameters<typeof InvitationWorld.create>[0] = {}): Promise<{ w: InvitationWorld; h: RunningHost }> {
  const w = (world = await InvitationWorld.create(options));
  await w.storeLegacyUsers([DAN]);
  const h = await w.startHost();
  await h.inventory.import(PEOPLE, ADMIN);
  return { w, h };
}

function entry(h: RunningHost, userId: string): EnrolmentEntry {
  return h.invitations.enrolment(userId);
}

function appleUser(w: InvitationWorld, clientUserId: string) {
  return w.simulator.location(LOCATION.uId).users.get(clientUserId);
}

describe('invitations to VPP managed distribution', () => {
  it('invites a group: each chosen member gets one mail in their language with the invitation link for their own code', async () => {
    const { w, h } = await started();
    // As the REST route does it: the host stamps the admin acting on the audit entry.
    const summary = await actAs(ADMIN, () => h.invitations.invite({ kind: 'user-group', id: 'sales', reason: 'pilot' }, ADMIN));
    expect(summary).toMatchObject({ invited: 3, managedAppleIds: 1, skippedCount: 1 });
    expect(summary.skipped[0]!.reason).toBe('Dan Broken has an invalid email address "dan..broken@contoso.example" (it has characters or dots that are not allowed before "@")');
    await waitFor(() => w.smtp.received.length >= 3, 'three invitations');
    await h.idle();

    const expected = { ann: ['en', 'Join VPP managed distribution at Contoso Ltd', 'Sign In'], bram: ['nl', 'Schrijf u in voor beheerde distributie via het VPP bij Contoso Ltd', 'Log in'], claire: ['fr', 'Inscrivez-vous à la distribution gérée VPP de Contoso Ltd', 'Se connecter'] } as const;
    for (const [userId, [, subject, button]] of Object.entries(expected)) {
      const mails = w.mailsTo(`${userId}@contoso.example`);
      expect(mails).toHaveLength(1);
      const mail = mails[0]!;
      const code = appleUser(w, userId)!.inviteCode!;
      const link = w.simulator.invitationUrl(code);
      expect(mail.subject).toBe(subject);
      expect(mail.html).toContain(`href="${link}"`);
      expect(mail.html).toContain(`>${button}</a>`);
      expect(mail.html).toContain('Head Office');
      expect(mail.text).toContain(link);
      // The link works: Apple's page for this user's own invitation.
      expect(await (await fetch(link)).text()).toContain(`/__simulator/invitations/${code}/accept`);
    }
    expect(w.mailsTo('mia@contoso.example')).toHaveLength(0);
    expect(w.mailsTo('dan..broken@contoso.example')).toHaveLength(0);
    expect(appleUser(w, 'dan')).toBeUndefined();
    expect(appleUser(w, 'mia')).toMatchObject({ status: 'Associated', managedAppleId: 'mia@appleid.contoso.example' });

    expect(entry(h, 'ann')).toMatchObject({ status: 'invited', timesInvited: 1, delivery: { state: 'sent' } });
    expect(entry(h, 'mia')).toMatchObject({ status: 'enrolled', managedAppleId: true, timesInvited: 0 });
    expect(entry(h, 'dan')).toMatchObject({ status: 'not-invited' });
    const audit = h.container.get<AuditLog>(AuditLog).query({ action: 'vpp.invitation.send' }).items;
    expect(audit).toEqual([expect.objectContaining({ actor: expect.objectContaining({ id: ADMIN.id }), reason: 'pilot', target: { type: 'user-group', id: 'sales' }, details: expect.objectContaining({ invited: 3, managedAppleIds: 1, skipped: 1 }) })]);
  });

  it('--only not-enrolled skips enrolled users; --only not-invited skips everyone invited (CLI commands)', async () => {
    const { w, h } = await started();
    await h.invitations.invite({ kind: 'user-group', id: 'sales' }, ADMIN);
    await waitFor(() => w.smtp.received.length === 3, 'the first invitations');
    w.simulator.acceptInvitation(LOCATION.uId, 'ann');
    await waitFor(() => entry(h, 'ann').status === 'enrolled', 'Ann enrolled');

    const progress: unknown[] = [];
    const again = await h.command('invite', { kind: 'group', id: 'sales' }, { only: 'not-enrolled' }, progress as never);
    expect(again.data).toMatchObject({ invited: 2, managedAppleIds: 0 });
    expect(again.text).toContain('2 invitation mails queued');
    expect(progress.length).toBeGreaterThan(0);
    await waitFor(() => w.smtp.received.length === 5, 'the second invitations');
    await h.idle();
    expect([w.mailsTo('ann@contoso.example').length, w.mailsTo('bram@contoso.example').length, w.mailsTo('claire@contoso.example').length]).toEqual([1, 2, 2]);
    // A send again is a new message (new Message-ID) carrying the same invitation link.
    const [first, second] = w.mailsTo('bram@contoso.example');
    expect(first!.messageId).not.toBe(second!.messageId);
    expect(second!.text).toBe(first!.text);
    expect(entry(h, 'bram')).toMatchObject({ status: 'invited', timesInvited: 2 });

    const none = await h.command('invite', { kind: 'group', id: 'sales' }, { only: 'not-invited' });
    expect(none.data).toMatchObject({ invited: 0 });
    const enrolled = await h.command('enrolment', {}, { status: 'enrolled' });
    expect((enrolled.data as { items: EnrolmentEntry[] }).items.map((e) => e.userId).sort()).toEqual(['ann', 'mia']);
    expect(enrolled.table!.rows.find((r) => r[0] === 'ann')![3]).toBe('enrolled');
  });

  it('a user accepting in Apple makes them enrolled and serves their waiting licenses in acceptance order; retiring releases apps, not books', async () => {
    const { w, h } = await started();
    await h.invitations.invite({ kind: 'user-group', id: 'sales' }, ADMIN);
    await waitFor(() => w.smtp.received.length === 3, 'the invitations');
    // Two licenses of app 100: Mia (Managed Apple ID) takes one at once; the others wait for their enrolment.
    await h.distribution.assign({ item: '100', target: { kind: 'user-group', id: 'sales' }, licenseType: 'user' }, ADMIN);
    await h.distribution.assign({ item: '900', target: { kind: 'user', id: 'claire' } }, ADMIN);
    const location = w.simulator.location(LOCATION.uId);
    const app = { adamId: '100', pricingParam: 'STDQ' as const };
    const book = { adamId: '900', pricingParam: 'STDQ' as const };
    await waitFor(() => location.holds(app, { clientUserId: 'mia' }), 'Mia licensed');
    // No sync from here on: first come, first served works from Apple's notifications and status alone.

    // Claire follows the link in her mail; then Ann and Bram accept.
    const link = /href="([^"]+)"/.exec(w.mailsTo('claire@contoso.example')[0]!.html as string)![1]!;
    const accepted = await fetch(`${link}/accept`, { method: 'POST' });
    expect(accepted.status).toBe(200);
    await waitFor(() => entry(h, 'claire').status === 'enrolled', 'Claire enrolled');
    for (const userId of ['ann', 'bram']) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      w.simulator.acceptInvitation(LOCATION.uId, userId);
      await waitFor(() => entry(h, userId).status === 'enrolled', `${userId} enrolled`);
    }
    const [claire, ann, bram] = ['claire', 'ann', 'bram'].map((id) => entry(h, id).acceptedAt!);
    expect(claire! < ann! && ann! < bram!).toBe(true);
    // Enrolled users list in that order (Mia, a Managed Apple ID, enrolled when registered), by name when asked.
    const ids = (page: unknown) => (page as { items: EnrolmentEntry[] }).items.map((e) => e.userId);
    expect(ids((await h.route('GET', '/enrolment', { query: { status: 'enrolled' } })).body)).toEqual(['mia', 'claire', 'ann', 'bram']);
    expect(ids((await h.route('GET', '/enrolment', { query: { status: 'enrolled', sort: 'name' } })).body)).toEqual(['ann', 'bram', 'claire', 'mia']);
    expect(ids((await h.command('enrolment', {}, { sort: 'accepted' })).data)).toEqual(['mia', 'claire', 'ann', 'bram', 'dan']);
    await waitFor(() => location.holds(app, { clientUserId: 'claire' }) && location.holds(book, { clientUserId: 'claire' }), 'Claire licensed');
    expect(location.holds(app, { clientUserId: 'ann' }) || location.holds(app, { clientUserId: 'bram' })).toBe(false);
    await h.idle();
    const accepts = h.container.get<AuditLog>(AuditLog).query({ action: 'vpp.enrolment.accept' }).items;
    expect(accepts.map((a) => a.target?.id).sort()).toEqual(['ann', 'bram', 'claire', 'mia']);
    // Apple reported these: no reason, as no admin gave one; whether by a Managed Apple ID is in the details.
    expect(accepts.map((a) => [a.reason, typeof a.details?.managedAppleId])).toEqual(accepts.map(() => [undefined, 'boolean']));

    // Retiring Claire gives her app license to the next in line (Ann accepted before Bram); her book stays.
    const retired = await h.route('POST', '/enrolment/:userId/retire', { params: { userId: 'claire' }, body: { reason: 'left the company' } });
    expect(retired).toMatchObject({ status: 200, body: { status: 'retired' } });
    await waitFor(() => location.holds(app, { clientUserId: 'ann' }), 'Ann licensed next');
    expect(location.holds(app, { clientUserId: 'claire' })).toBe(false);
    expect(location.holds(app, { clientUserId: 'bram' })).toBe(false);
    expect(location.holds(book, { clientUserId: 'claire' })).toBe(true);
    expect(location.users.get('claire')!.status).toBe('Retired');
    expect(h.container.get<AuditLog>(AuditLog).query({ action: 'vpp.user.retire' }).items[0]).toMatchObject({ reason: 'left the company', target: { id: 'claire' }, details: { releasedApps: 1 } });

    // Retired, Claire is enrolled no more and waits in no queue; only a new enrolment puts her back, behind Bram.
    const distribution = h.container.get(DistributionRuntime);
    expect(distribution.enrolments.enrolment(w.token.id, 'claire')).toBeUndefined();
    expect(distribution.service.queue('100').waiting.map((e) => e.holder)).toEqual(['user:bram']);
    await h.invitations.invite({ kind: 'user', id: 'claire' }, ADMIN);
    await waitFor(() => w.mailsTo('claire@contoso.example').length === 2, 'a new invitation for Claire');
    w.simulator.acceptInvitation(LOCATION.uId, 'claire');
    await waitFor(() => entry(h, 'claire').status === 'enrolled', 'Claire enrolled again');
    await h.idle();
    await waitFor(() => distribution.service.queue('100').waiting.length === 2, 'Claire queued again');
    expect(distribution.service.queue('100').waiting.map((e) => e.holder)).toEqual(['user:bram', 'user:claire']);
    expect(location.holds(book, { clientUserId: 'claire' })).toBe(true);
  });

  it('a sync that shows a user Associated enrols them too (Apple\'s notification lost) and serves their waiting license', async () => {
    const { w, h } = await started();
    await h.invitations.invite({ kind: 'user', id: 'ann' }, ADMIN);
    await waitFor(() => w.mailsTo('ann@contoso.example').length === 1, 'the invitation');
    await h.distribution.assign({ item: '100', target: { kind: 'user', id: 'ann' }, licenseType: 'user' }, ADMIN);
    // Ann accepts, but Apple's USER_ASSOCIATED notification never arrives: the next sync shows her Associated.
    const location = w.simulator.location(LOCATION.uId);
    location.putUser({ ...location.users.get(clientUserIdOf('ann'))!, status: 'Associated' }, location.bumpVersion());
    await h.container.get<SyncService>(SyncService).sync(w.token.id);
    await waitFor(() => entry(h, 'ann').status === 'enrolled', 'Ann enrolled by the sync');
    await h.idle();
    expect(h.container.get(DistributionRuntime).enrolments.enrolment(w.token.id, 'ann')).toMatchObject({ clientUserId: clientUserIdOf('ann'), via: 'invitation' });
    await waitFor(() => location.holds({ adamId: '100', pricingParam: 'STDQ' }, { clientUserId: clientUserIdOf('ann') }), 'Ann licensed');
    expect(h.container.get<AuditLog>(AuditLog).query({ action: 'vpp.enrolment.accept' }).items.map((a) => a.target?.id)).toEqual(['ann']);
  });
});

function withoutFlag(account: InvitationAccount): Omit<InvitationAccount, 'preview'> {
  const { preview: _preview, ...rest } = account;
  return rest;
}

// Inviting can be previewed: how many mails go to whom and in which language, who is enrolled by a Managed Apple ID
// without one, who is left out and why. The preview sends and registers nothing, and the send reaches exactly them.
describe('invitation previews', () => {
  it('a group: mails per language, the Managed Apple ID enrolled without one, the bad address left out; nothing sent or registered; then the send reaches exactly them', async () => {
    const { w, h } = await started();
    const preview = await h.route('POST', '/invitations', { body: { kind: 'group', id: 'sales' }, query: { dryRun: 'true' } });
    expect(preview.status).toBe(200);
    const summary = preview.body as InviteSummary;
    expect(summary).toMatchObject({ invited: 0, batchId: '' });
    expect(summary.account).toEqual({
      preview: true,
      location: 'Head office',
      mails: {
        total: 3,
        byLanguage: { en: 1, nl: 1, fr: 1 },
        lines: [
          { userId: 'ann', name: 'Ann Archer', email: 'ann@contoso.example', language: 'en' },
          { userId: 'bram', name: 'Bram de Vries', email: 'bram@contoso.example', language: 'nl' },
          { userId: 'claire', name: 'Claire Dubois', email: 'claire@contoso.example', language: 'fr' },
        ],
      },
      managedAppleIds: { total: 1, lines: [{ userId: 'mia', name: 'Mia Managed' }] },
      // The reason in English, and the message that says it in the reader's language.
      skipped: { total: 1, lines: [{ userId: 'dan', reason: expect.stringContaining('invalid email address'), messageId: 'vpp.invitation.bad-email', params: expect.objectContaining({ user: 'Dan Broken' }) }] },
    });
    await h.idle();
    expect(w.smtp.received).toHaveLength(0);
    expect(w.simulator.location(LOCATION.uId).users.size).toBe(0);
    expect(entry(h, 'ann').status).toBe('not-invited');

    const sent = await h.invitations.invite({ kind: 'user-group', id: 'sales' }, ADMIN);
    expect(sent).toMatchObject({ invited: 3, managedAppleIds: 1 });
    expect(withoutFlag(sent.account)).toEqual(withoutFlag(summary.account));
    await waitFor(() => w.smtp.received.length >= 3, 'three invitations');
  });

  it('the CLI --dry-run for a device group, a user and a device names the owner mailed and the device without one; once invited, a not-invited preview leaves her out', async () => {
    const { w, h } = await started();
    const result = await h.command('invite', { kind: 'device-group', id: 'ipads' }, { 'dry-run': true });
    expect(result.text).toBe('Preview, nothing was sent: 1 invitation mail would be sent (1 in Dutch), 1 left out, for Head office.');
    expect(result.table?.rows).toEqual([
      ['bram', 'Bram de Vries', 'bram@contoso.example', 'invitation mail', 'nl'],
      ['', '', '', 'left out: Device DMPQ0002 belongs to no user', ''],
    ]);
    // A user and a device on their own, as the group's lines say them.
    const user = await h.command('invite', { kind: 'user', id: 'bram' }, { 'dry-run': true });
    expect(user.table?.rows).toEqual([result.table!.rows[0]]);
    const owned = await h.command('invite', { kind: 'device', id: 'ipad-1' }, { 'dry-run': true });
    expect(owned.table?.rows).toEqual([result.table!.rows[0]]);
    const ownerless = await h.command('invite', { kind: 'device', id: 'ipad-2' }, { 'dry-run': true });
    expect(ownerless.text).toBe('Preview, nothing was sent: 0 invitation mails would be sent, 1 left out, for Head office.');
    expect(ownerless.table?.rows).toEqual([result.table!.rows[1]]);
    await h.idle();
    expect(w.smtp.received).toHaveLength(0);

    await h.command('invite', { kind: 'device-group', id: 'ipads' });
    await waitFor(() => w.smtp.received.length >= 1, 'the invitation');
    const again = (await h.command('invite', { kind: 'device-group', id: 'ipads' }, { only: 'not-invited', 'dry-run': true })).data as InviteSummary;
    expect(again.account.mails.total).toBe(0);
    expect(again.account.skipped.lines.map((s) => s.userId)).toContain('bram');
    await expect(h.command('invite', { kind: 'device-group', id: 'ipads' }, { 'dry-run': 'no' })).rejects.toThrow('--dry-run is a switch and takes no value');
  });
});
