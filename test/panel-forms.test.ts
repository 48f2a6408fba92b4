// Refused panel forms through the real shell: each comes back with what was typed, the field marked invalid and
// described by the error (in the admin's language), and nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../host/api/actor.js';
import { AccountService } from '../host/http/auth/account-service.js';
import { signIn, type Signed } from '../host/http/http-test-kit.js';
import { Settings } from '../host/api/settings.js';
import { TokenService } from '../plugins/vpp-apple/api/index.js';
import { DistributionRuntime } from '../plugins/vpp-apple/src/distribution/distribution-runtime.js';
import { startVppPanelHost, type VppPanelHost } from './browser/support/vpp-panel-host.js';

let vpp: VppPanelHost;
let admin: Signed;
let dutch: Signed;

beforeAll(async () => {
  vpp = await startVppPanelHost();
  await vpp.panel.inventory.import(
    {
      // Two people of one name: their emails tell them apart.
      users: [
        { id: 'u-ann', name: 'Ann Peeters', email: 'ann@example.org' },
        { id: 'u-ann-2', name: 'Ann Peeters', email: 'ann.p@example.org' },
      ],
      devices: [{ id: 'd-1', serialNumber: 'SNFORM1', name: 'Cart iPad', platform: 'iPadOS', osVersion: '17.4' }],
      deviceGroups: [{ id: 'g-cart', name: 'Cart', members: ['d-1'] }, { id: 'g-empty', name: 'Empty cart', members: [] }],
    },
    SYSTEM_ACTOR,
  );
  const school = await vpp.addLocation({ uId: '3000000000000071', locationName: 'Forms School', assets: [{ adamId: '61001', productType: 'App', totalCount: 2 }] });
  await vpp.plugin.get<TokenService>(TokenService).add({ name: 'Forms', file: school.sToken }, SYSTEM_ACTOR);
  await vpp.panel.host.container.get<AccountService>(AccountService).createAdmin({ name: 'nora', password: 'taal langue language', role: 'admin', language: 'nl' }, SYSTEM_ACTOR);
  admin = await signIn(vpp.panel.url, vpp.panel.admin.name, vpp.panel.admin.password);
  dutch = await signIn(vpp.panel.url, 'nora', 'taal langue language');
});

afterAll(async () => {
  await vpp?.stop();
});

const page = async (address: string, who: Signed = admin) => (await fetch(`${vpp.panel.url}${address}`, { headers: { cookie: who.cookie } })).text();
const post = (address: string, fields: Record<string, string>, who: Signed = admin) =>
  fetch(`${vpp.panel.url}${address}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: who.cookie, origin: vpp.panel.url, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: who.csrfToken, ...fields }),
  });

/** Posts a form that is refused, and reads the page it is sent back to. */
async function refused(address: string, fields: Record<string, string>, who: Signed = admin): Promise<string> {
  const response = await post(address, fields, who);
  expect(response.status).toBe(303);
  return page(response.headers.get('location')!, who);
}

/** The field's input (or select) tag, as the page renders it. */
function control(html: string, name: string): string {
  return new RegExp(`<(?:input|select) id="field-${name}" name="${name}"[^>]*>`).exec(html)?.[0] ?? `no field ${name}`;
}

/** The message under the field, which the field's aria-describedby names. */
function fieldError(html: string, name: string): string | undefined {
  return new RegExp(`<p class="field-error" id="field-${name}-error">([^<]*)</p>`).exec(html)?.[1];
}

function expectRefusedAt(html: string, name: string, value: string): void {
  const tag = control(html, name);
  expect(tag).toContain(`value="${value}"`);
  expect(tag).toContain(`aria-invalid="true" aria-describedby="field-${name}-error"`);
  expect(fieldError(html, name)).toBeTruthy();
}

describe('refused panel forms keep what was typed', () => {
  it('the assign form: a name two users share is refused at the target field with the choices by name and email, the other fields kept', async () => {
    const before = vpp.plugin.get(DistributionRuntime).service.listAssignments().length;
    const back = await refused('/views/vpp-apple/assignments', { _action: 'assign', item: 'Nothing', targetKind: 'user', target: 'Ann Peeters', exclude: '', quota: '7', installMode: 'manual', licenseType: '', reason: 'term start' });
    expectRefusedAt(back, 'target', 'Ann Peeters');
    expect(fieldError(back, 'target')).toBe(
      'Refused: More than one user is called &#34;Ann Peeters&#34;: &#34;Ann Peeters &#60;ann@example.org&#62;&#34;, &#34;Ann Peeters &#60;ann.p@example.org&#62;&#34;. Pick one from the list.',
    );
    expect(back).not.toContain('u-ann');
    // The list now offers the users like what was typed, each with its kind.
    expect(back).toContain('<option value="Ann Peeters &#60;ann@example.org&#62;" label="User">User</option>');
    expect(control(back, 'quota')).toContain('value="7"');
    expect(control(back, 'reason')).toContain('value="term start"');
    expect(back).toMatch(/<select id="field-installMode" name="installMode">[^]*?<option value="manual" selected>/);
    expect(vpp.plugin.get(DistributionRuntime).service.listAssignments().length).toBe(before);
  });

  it('the invite form: an unknown user is refused at its field in Dutch, the name kept', async () => {
    const back = await refused('/views/vpp-apple/invitations', { _action: 'invite', kind: 'user', id: 'Nobody Here', only: 'not-invited', tokenId: '' }, dutch);
    expectRefusedAt(back, 'id', 'Nobody Here');
    expect(fieldError(back, 'id')).toBe('Er is geen gebruiker &#34;Nobody Here&#34;.');
    expect(control(back, 'kind')).toContain('name="kind"');
    expect(back).toMatch(/<option value="user" selected>/);
  });

  it('the member and group forms of the inventory pages', async () => {
    const member = await refused('/views/host/device-groups?id=g-empty', { _action: 'add-member', member: 'SN-NONE' });
    expectRefusedAt(member, 'member', 'SN-NONE');
    expect(fieldError(member, 'member')).toBe('There is no device with serial number or id &#34;SN-NONE&#34;.');
    expect(vpp.panel.inventory.members('device-group', 'g-empty')).toEqual([]);

    const joining = await refused('/views/host/devices?id=d-1', { _action: 'join-group', group: 'Carts' }, dutch);
    expectRefusedAt(joining, 'group', 'Carts');
    expect(fieldError(joining, 'group')).toBe('Er is geen groep met de naam &#34;Carts&#34;.');
    expect(vpp.panel.inventory.groupsOf('device-group', 'd-1').map((m) => m.groupId)).toEqual(['g-cart']);

    const creating = await refused('/views/host/device-groups', { _action: 'create-group', name: 'Cart' });
    expectRefusedAt(creating, 'name', 'Cart');
    expect(vpp.panel.inventory.listDeviceGroups({}).total).toBe(2);

    const editing = await refused('/views/host/users?id=u-ann', { _action: 'edit-user', name: 'Ann P.', email: 'not an address', language: 'nl', managedAppleId: '' }, dutch);
    expectRefusedAt(editing, 'email', 'not an address');
    expect(fieldError(editing, 'email')).toBe('E-mail: moet eruitzien als naam@example.com, niet &#34;not an address&#34;');
    expect(control(editing, 'name')).toContain('value="Ann P."');
    expect(vpp.panel.inventory.getUser('u-ann')).toMatchObject({ name: 'Ann Peeters', email: 'ann@example.org' });
  });

  it('the token schedule and the mail test, and never a password', async () => {
    const settings = vpp.plugin.get<Settings>(Settings);
    const hours = settings.get<number>('syncIntervalHours');
    const schedule = await refused('/views/vpp-apple/tokens', { _action: 'schedule', hours: '-3', warningDays: '30' });
    expectRefusedAt(schedule, 'hours', '-3');
    expect(control(schedule, 'warningDays')).toContain('value="30"');
    expect(settings.get<number>('syncIntervalHours')).toBe(hours);

    const mail = await refused('/views/mail/mail', { _action: 'test', to: 'not an address', language: 'fr' });
    expectRefusedAt(mail, 'to', 'not an address');
    expect(mail).toMatch(/<select id="field-language" name="language">[^]*?<option value="fr" selected>/);

    // A refused password form comes back with the password field empty.
    const password = await refused('/views/mail/mail', { _action: 'password', server: 'nowhere', password: 'hunter2-secret' });
    expect(password).not.toContain('hunter2-secret');
  });
});
