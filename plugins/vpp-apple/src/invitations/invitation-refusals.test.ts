// Bad input and wrong settings: each refused or reported clearly, nothing sent twice, nothing lost.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, InventoryFacetContribution, Settings, ViewContribution, type PanelView, type ViewRequest } from '@vpp-host/api';
import { ADMIN, InvitationWorld, pointMailAt, waitFor, type RunningHost } from './testing/invitation-world.js';

const PEOPLE = {
  users: [
    { id: 'ann', name: 'Ann Archer', email: 'ann@contoso.example' },
  ],
  userGroups: [{ id: 'sales', name: 'Sales', members: ['ann'] }],
};

let world: InvitationWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

async function started(options: Parameters<typeof InvitationWorld.create>[0] = {}): Promise<{ w: InvitationWorld; h: RunningHost }> {
  const w = (world = await InvitationWorld.create(options));
  // Stored before the inventory refused such addresses: the invitation's own check must still refuse him.
  await w.storeLegacyUsers([{ id: 'bad', name: 'Bad Address', email: 'bad..dots@contoso.example' }]);
  const h = await w.startHost();
  await h.inventory.import(PEOPLE, ADMIN);
  return { w, h };
}

const createRequests = (w: InvitationWorld) => w.simulator.requests.filter((r) => r.path.endsWith('users/create')).length;

describe('invitations refuse bad input and report bad settings', () => {
  it('refuses unknown users, groups and devices (naming near matches), a bad kind or choice, and an invalid address: nothing registered, nothing queued', async () => {
    const { w, h } = await started();
    const answers = await Promise.all([
      h.route('POST', '/invitations', { body: { kind: 'user', id: 'nobody' } }),
      h.route('POST', '/invitations', { body: { kind: 'group', id: 'no-group' } }),
      h.route('POST', '/invitations', { body: { kind: 'device', id: 'no-device' } }),
      h.route('POST', '/invitations', { body: { kind: 'device-group', id: 'no-devices' } }),
      h.route('POST', '/invitations', { body: { kind: 'printer', id: 'ann' } }),
      h.route('POST', '/invitations', { body: { kind: 'user', id: 'bad' } }),
      h.route('POST', '/invitations', { body: { kind: 'user', id: 'ann', tokenId: 'no-such-token' } }),
      h.route('POST', '/invitations', { body: { kind: 'group', id: 'Sale' } }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 409, 404, 400]);
    expect((answers[0]!.body as { message: string }).message).toBe('No user "nobody"');
    expect((answers[1]!.body as { message: string }).message).toBe('No user group "no-group"');
    expect((answers[7]!.body as { message: string }).message).toBe('No user group "Sale"; did you mean "Sales" (sales)?');
    await expect(h.invitations.invite({ kind: 'user-group', id: 'Sale' }, ADMIN)).rejects.toMatchObject({ details: { problem: 'unknown', candidates: [{ id: 'sales', label: 'Sales' }] } });
    expect((answers[5]!.body as { message: string }).message).toBe('Bad Address has an invalid email address "bad..dots@contoso.example" (it has characters or dots that are not allowed before "@"); nothing was sent');
    await expect(h.command('invite', { kind: 'group', id: 'sales' }, { only: 'everyone' })).rejects.toThrow('--only must be not-invited or not-enrolled');
    expect(createRequests(w)).toBe(0);
    expect(h.mail.list().total).toBe(0);
    expect(h.invitations.list({ status: 'invited' }).total).toBe(0);
  });

  it("refuses to invite when Apple's service configuration has no usable invitation link", async () => {
    const { w, h } = await started({ invitationUrlTemplate: 'not a link' });
    await expect(h.invitations.invite({ kind: 'user-group', id: 'sales' }, ADMIN)).rejects.toThrow(
      `Apple's service configuration gives no usable invitation link (urls.invitationEmail: "not a link"); nothing was sent`,
    );
    expect(createRequests(w)).toBe(0);
    expect(h.mail.list().total).toBe(0);
  });

  it('the invitation template refuses a message missing a value, by name', async () => {
    const { h } = await started();
    await expect(
      h.mail.enqueue({ templateId: 'vpp-invitation', to: { address: 'ann@contoso.example' }, values: { userName: 'Ann', organisationName: 'Contoso', locationName: 'HQ' }, idempotencyKey: 'x' }),
    ).rejects.toThrow('Template "vpp-invitation" needs "invitationUrl", which is missing');
    expect(h.mail.list().total).toBe(0);
  });

  it('refuses an impossible SMTP setting; with a wrong SMTP port the invitation waits (reported) and goes once the setting is fixed', async () => {
    const { w, h } = await started();
    const settings = h.host.plugins.containerOf('mail')!.get<Settings>(Settings);
    await expect(settings.update('smtpPort', 70_000, ADMIN)).rejects.toThrow();
    expect(settings.get<number>('smtpPort')).toBe(w.smtp.port);

    await settings.update('smtpPort', 1, ADMIN);
    await h.invitations.invite({ kind: 'user', id: 'ann' }, ADMIN);
    await waitFor(() => h.invitations.enrolment('ann').delivery?.state === 'retrying', 'the invitation retrying');
    expect(h.invitations.enrolment('ann').delivery!.error).toMatch(/ECONNREFUSED|connect/i);
    await pointMailAt(settings, w.smtp.port);
    await waitFor(() => h.invitations.enrolment('ann').delivery?.state === 'sent', 'sent after the fix');
    expect(w.mailsTo('ann@contoso.example')).toHaveLength(1);
  });

  it('resends only an invited user (a new mail, audited); retiring needs a registered user', async () => {
    const { w, h } = await started();
    await expect(h.invitations.resend('ann', ADMIN)).rejects.toThrow('Ann Archer is not-invited at Head office: only an invited user');
    await expect(h.invitations.retire('ann', ADMIN)).rejects.toThrow('Ann Archer is not registered with Apple at Head office');
    await h.invitations.invite({ kind: 'user', id: 'ann' }, ADMIN);
    const resent = await h.route('POST', '/invitations/:userId/resend', { params: { userId: 'ann' }, body: { reason: 'lost it' } });
    expect(resent).toMatchObject({ status: 200, body: { invited: 1 } });
    await waitFor(() => w.mailsTo('ann@contoso.example').length === 2, 'two mails');
    await h.idle();
    expect(h.invitations.enrolment('ann')).toMatchObject({ timesInvited: 2 });
    expect(h.container.get<AuditLog>(AuditLog).query({ action: 'vpp.invitation.resend' }).items[0]).toMatchObject({ reason: 'lost it', target: { id: 'ann' } });

    w.simulator.acceptInvitation(w.simulator.locations()[0]!.identity.uId, 'ann');
    await waitFor(() => h.invitations.enrolment('ann').status === 'enrolled', 'enrolled');
    await expect(h.invitations.resend('ann', ADMIN)).rejects.toThrow('Ann Archer is enrolled');
    await expect(h.invitations.invite({ kind: 'user', id: 'ann' }, ADMIN)).rejects.toThrow('Ann Archer is already enrolled at Head office; nothing was sent');
  });

  it('shows the status list with resend in the panel and each user’s enrolment on the users pages', async () => {
    const { w, h } = await started();
    const view = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'invitations')!;
    const request: ViewRequest = { principal: ADMIN, language: 'nl', query: {}, csrfToken: 'csrf', url: '/panel/plugins/vpp-apple/invitations' };
    // Typed by name, as the distribution form takes it; a typo is refused in the admin's language.
    await expect(view.handleAction!({ ...request, action: 'invite', form: { kind: 'user-group', id: 'Sale', tokenId: w.token.id }, files: {} })).rejects.toThrow(
      'Er is geen gebruikersgroep "Sale". Bedoelde u "Sales"?',
    );
    const form = { kind: 'user-group', id: 'Sales', only: 'not-invited', tokenId: w.token.id };
    // First the preview, in Dutch: one mail in English to Ann, nothing sent yet.
    const previewed = await view.handleAction!({ ...request, action: 'invite', form, files: {} });
    expect(previewed).toEqual({ query: { token: w.token.id, preview: 'invite', kind: 'user-group', id: 'sales', only: 'not-invited' } });
    const preview = (await view.render({ ...request, query: previewed.query! })).body.value;
    expect(preview).toContain('1 uitnodiging(en) te versturen voor Head office');
    expect(preview).toContain('1 in het Engels');
    expect(preview).toContain('<input type="hidden" name="confirmed" value="yes">');
    await h.idle();
    expect(w.smtp.received).toHaveLength(0);
    const result = await view.handleAction!({ ...request, action: 'invite', form: { ...form, confirmed: 'yes' }, files: {} });
    expect(result.flash).toEqual({ kind: 'success', message: '1 uitnodiging in de wachtrij.' });
    expect(h.container.get<AuditLog>(AuditLog).query({ action: 'vpp.invitation.send' }).items[0]).toMatchObject({ target: { type: 'user-group', id: 'sales' } });
    await h.idle();
    await waitFor(() => h.invitations.enrolment('ann').delivery?.state === 'sent', 'the mail sent');
    const page = (await view.render(request)).body.value;
    expect(page).toContain('Gebruikers die nog niet zijn uitgenodigd');
    expect(page).toContain('badge-info">Uitgenodigd');
    expect(page).toContain('badge-ok">verstuurd');
    expect(page).toContain('sort=6&#38;dir=asc">Bezorging</a></th>');
    expect(page).toContain('value="resend"');
    const facet = h.container.getAll<InventoryFacetContribution>(InventoryFacetContribution).find((f) => f.id === 'vpp-enrolment')!;
    const cells = await facet.cells!('user', [h.inventory.getUser('ann')!, h.inventory.getUser('bad')!], 'en');
    expect(cells.map(String)).toEqual([expect.stringContaining('>Invited<'), expect.stringContaining('>Not invited<')]);
    expect(String(await facet.section!('user', 'ann', { ...request, language: 'en' }))).toContain('Invited');
  });
});
