// Bad input and wrong settings: each refused or reported clearly, nothing sent twice, nothing lost.
import { afterEach, describe, expect, it } from 'vitest';
import { AuditLog, HostError, InventoryFacetContribution, Messages, Settings, ViewContribution, type PanelView, type Said, type ViewRequest } from '@vpp-host/api';
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

  it('says its refusals, why users are left out and what the CLI prints in Dutch and French', async () => {
    const { w, h } = await started();
    const messages = h.container.get<Messages>(Messages);
    const said = (something: Said) => [messages.say(something, 'nl'), messages.say(something, 'fr')];
    const refusal = (attempt: Promise<unknown>) => attempt.then(() => expect.unreachable('refused'), (error: unknown) => error as HostError);

    // The address's own fault is said inside the refusal, in the same language.
    const badAddress = await refusal(h.invitations.invite({ kind: 'user', id: 'bad' }, ADMIN));
    expect(said(badAddress)).toEqual([
      'Bad Address heeft een ongeldig e-mailadres "bad..dots@contoso.example" (het heeft tekens of punten die vóór "@" niet zijn toegestaan); er is niets verstuurd',
      'Bad Address a une adresse électronique non valide « bad..dots@contoso.example » (elle contient avant « @ » des caractères ou des points non autorisés) ; rien n’a été envoyé',
    ]);
    expect(said(await refusal(h.invitations.resend('ann', ADMIN)))).toEqual([
      'Ann Archer is nog niet uitgenodigd bij Head office: alleen de uitnodiging van een uitgenodigde gebruiker kan opnieuw worden verstuurd (nodig deze gebruiker eerst uit)',
      'Ann Archer n’est pas encore invité à Head office : seule l’invitation d’un utilisateur invité peut être renvoyée (invitez-le d’abord)',
    ]);

    const preview = await h.command('invite', { kind: 'group', id: 'sales' }, { 'dry-run': true });
    expect(preview.text).toBe('Preview, nothing was sent: 1 invitation mail would be sent (1 in English), for Head office.');
    expect(said(preview.said!)).toEqual([
      'Voorbeeld, er is niets verstuurd: 1 uitnodiging te versturen (1 in het Engels), voor Head office.',
      'Aperçu, rien n’a été envoyé : 1 invitation à envoyer (1 en anglais), pour Head office.',
    ]);

    // Once Ann is invited, a second invitation of those not invited leaves her out, and says why.
    await h.invitations.invite({ kind: 'user', id: 'ann' }, ADMIN);
    const again = await h.command('invite', { kind: 'group', id: 'sales' }, { only: 'not-invited' });
    expect(again.text).toBe('0 invitation mails queued, 1 skipped.\n  - Ann Archer was invited before');
    expect(said(again.said!)).toEqual(['0 uitnodigingen in de wachtrij; 1 overgeslagen. Waarom: Ann Archer is al eerder uitgenodigd', '0 invitation en file d’attente ; 1 ignoré. Pourquoi : Ann Archer a déjà été invité']);
    const view = h.container.getAll<ViewContribution>(ViewContribution).flatMap((c) => [...c.views]).find((v: PanelView) => v.id === 'invitations')!;
    const query = { preview: 'invite', kind: 'user-group', id: 'sales', only: 'not-invited', token: w.token.id };
    const page = (await view.render({ principal: ADMIN, language: 'fr', query, csrfToken: 'csrf', url: '/panel/plugins/vpp-apple/invitations' })).body.value;
    expect(page).toContain('Ann Archer a déjà été invité');
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
    expect(preview).toContain('1 uitnodiging te versturen voor Head office');
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
