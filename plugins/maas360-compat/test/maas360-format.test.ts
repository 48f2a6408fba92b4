// The format `maas360`: a MaaS360 export (the fixture) read into a bundle with concrete values, written back in the
// same shape (what MaaS360 can hold round-trips; what it cannot is named), and bad exports refused with clear errors.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BadInputError, type HostError } from '@vpp-host/api';
import { HOST_MESSAGES } from '../../../host/runtime/host-messages.js';
import { MessageCatalog } from '../../../host/runtime/message-catalog.js';
import { DEFAULT_POLICY, type MigrationBundle } from '../../vpp-apple/api/index.js';
import { Maas360ExportSchema } from '../src/migration/maas360-export.js';
import { Maas360MigrationFormat } from '../src/migration/maas360-format.js';

const TEXT = readFileSync(new URL('./fixtures/maas360-export.json', import.meta.url), 'utf8');
const format = new Maas360MigrationFormat();
const bundle = format.read(TEXT);

describe('migration format maas360', () => {
  it("reads the token's settings as the location's: its policies the default policy, automatic addition, the user-group restriction, each addition's status", () => {
    expect(bundle.source).toEqual({ product: 'IBM MaaS360' });
    expect(bundle.location).toMatchObject({ uId: 'maas360:Amsterdam Office', name: 'Amsterdam Office', orgName: 'Contoso Ltd', program: 'business', countryCode: 'NL' });
    expect(bundle.location.settings).toMatchObject({
      publication: 'automatic',
      licenseRestrictedToUserGroups: ['grp-staff'],
      defaultPolicy: {
        onDeviceUnenrolled: { removeApp: true, releaseLicense: true },
        onSelectiveWipe: { removeApp: true, releaseLicense: false },
        onDistributionStopped: { removeApp: false, releaseLicense: false },
        preventBackup: true,
        requiresApproval: false,
      },
    });
    expect(bundle.location.settings!.publications.find((p) => p.itemId === 'maas360-app:424389933')).toEqual({
      itemId: 'maas360-app:424389933',
      addedAt: '2026-03-02T10:00:00Z',
      addedBy: 'automatic',
      status: 'failed',
      comment: 'macOS apps are not added automatically',
    });
  });

  it('reads Token Details as the catalog, distributions as assignments with the token policy, and the VPP users with their clientUserIds and states', () => {
    expect(bundle.catalog.map((item) => [item.kind, item.vpp!.adamId, item.vpp!.totalCount])).toEqual([
      ['vpp-app', '361309726', 3],
      ['vpp-app', '361285480', 2],
      ['vpp-app', '424389933', 1],
      ['vpp-book', '881256329', 2],
    ]);
    const byId = Object.fromEntries(bundle.assignments.map((a) => [a.id, a]));
    expect(byId['dist-pages-staff']).toMatchObject({ target: { kind: 'user-group', id: 'grp-staff' }, installMode: 'automatic', licenseType: 'user', state: 'active' });
    expect(byId['dist-keynote-ipads']).toMatchObject({ target: { kind: 'device-group', id: 'grp-ipads' }, licenseType: 'device' });
    expect(byId['dist-book-ann']).toMatchObject({ target: { kind: 'user', id: 'maas-u1' }, installMode: 'manual' });
    expect(byId['dist-book-ann']!.licenseType).toBeUndefined();
    expect(byId['dist-pages-staff']!.policy).toEqual({
      ...DEFAULT_POLICY,
      onSelectiveWipe: { removeApp: true, releaseLicense: false },
      onDistributionStopped: { removeApp: false, releaseLicense: false },
      preventBackup: true,
      licenseRestrictedToUserGroups: [],
    });
    const person = (id: string) => bundle.people.find((p) => p.id === id)!;
    expect(person('maas-u1')).toMatchObject({ clientUserId: 'm360-ann', enrolment: { status: 'enrolled', acceptedAt: '2026-03-03T11:12:00Z', timesInvited: 1 } });
    expect(person('maas-u3')).toMatchObject({ clientUserId: 'm360-claire', enrolment: { status: 'invited', timesInvited: 1 } });
    expect(person('maas-u4')).toMatchObject({ managedAppleId: 'dirk@appleid.contoso.example', enrolment: { status: 'enrolled', timesInvited: 0 } });
  });

  it('reads licences with the distribution that covers each holder, Apple ids from the licence or the user and device', () => {
    expect(bundle.licences.map((l) => [l.itemId.split(':')[1], l.holderId, l.appleHolderId, l.assignmentId])).toEqual([
      ['361309726', 'maas-u1', 'm360-ann', 'dist-pages-staff'],
      ['361309726', 'maas-u4', 'm360-dirk', 'dist-pages-staff'],
      ['361309726', 'maas-u2', 'm360-bram', 'dist-pages-staff'],
      ['361285480', 'maas-dev-1', 'DMPQ1001', 'dist-keynote-ipads'],
      ['361285480', 'maas-dev-2', 'DMPQ1002', 'dist-keynote-ipads'],
      ['881256329', 'maas-u1', 'm360-ann', 'dist-book-ann'],
    ]);
    expect(bundle.queues).toEqual([]);
  });

  it('writes a bundle back in the same shape: what MaaS360 can hold reads back the same', () => {
    const written = format.write(bundle);
    expect(Maas360ExportSchema.safeParse(JSON.parse(written)).success).toBe(true);
    expect(format.read(written)).toEqual(bundle);
    expect(JSON.parse(written).notExpressible).toEqual([]);
  });

  it('names what MaaS360 cannot hold: in-house items, exclusions, quotas, uninstall, policies other than the token\'s', () => {
    const richer: MigrationBundle = {
      ...bundle,
      catalog: [...bundle.catalog, { id: 'notes', kind: 'in-house-app', name: 'Field Notes', platforms: ['iPadOS'] }],
      assignments: [
        { ...bundle.assignments[0]!, exclusions: [{ kind: 'user-group', id: 'grp-contractors' }], quota: 2 },
        { ...bundle.assignments[1]!, installMode: 'uninstall' },
        { ...bundle.assignments[2]!, policy: { ...bundle.assignments[2]!.policy, nonRemovable: true } },
      ],
    };
    const written = JSON.parse(format.write(richer)) as { notExpressible: { what: string; why: string }[]; distributions: unknown[] };
    expect(written.notExpressible).toEqual([
      { what: 'in-house item Field Notes (notes)', why: 'MaaS360 tokens carry App Store content only' },
      { what: 'assignment dist-pages-staff', why: 'MaaS360 has no excluded groups: written without them' },
      { what: 'assignment dist-pages-staff', why: 'MaaS360 has no licence quota: written without the quota of 2' },
      { what: 'assignment dist-keynote-ipads', why: 'MaaS360 has no uninstall distribution' },
      { what: 'assignment dist-book-ann', why: "MaaS360 keeps policies per token: written with the token's" },
    ]);
    expect(written.distributions).toHaveLength(2);
  });

  it('refuses what is not a valid MaaS360 export with a clear error, never echoing a long value', () => {
    const refuse = (text: string) => () => format.read(text);
    expect(refuse('{"token": ')).toThrow(/^The MaaS360 export is not JSON/);
    expect(refuse('{"vppTokens": []}')).toThrow('This is not a MaaS360 export: it has no token and tokenDetails');
    const data = JSON.parse(TEXT);
    const long = 'x'.repeat(10_000);
    expect(refuse(JSON.stringify({ ...data, token: { ...data.token, region: long } }))).toThrow(BadInputError);
    expect(refuse(JSON.stringify({ ...data, token: { ...data.token, region: long } }))).toThrow(/^The MaaS360 export is not valid: token\.region: must be a two-letter region code$/);
    expect(refuse(JSON.stringify({ ...data, distributions: [...data.distributions, { ...data.distributions[0], distributionId: 'dist-x', itunesAppId: '999' }] }))).toThrow(
      'The MaaS360 export distributes apps its Token Details do not list: dist-x (app 999)',
    );
    expect(refuse(JSON.stringify({ ...data, licenses: [...data.licenses, { itunesAppId: '881256329', holderType: 'user', holderId: 'maas-u2', assignedTime: '2026-04-12T08:00:00Z' }] }))).toThrow(
      'licenses.6: no distribution of app 881256329 covers user maas-u2; distribute or revoke it in MaaS360 and export again',
    );
  });

  it('says its refusals in Dutch and French as well', () => {
    const manifest = JSON.parse(readFileSync(new URL('../plugin.json', import.meta.url), 'utf8'));
    const messages = new MessageCatalog(() => [manifest, { contributes: { messages: HOST_MESSAGES } }]);
    const said = (data: unknown, language: string) => {
      try {
        format.read(JSON.stringify(data));
      } catch (error) {
        return messages.say(error as HostError, language);
      }
      throw new Error('the export was accepted');
    };
    const data = JSON.parse(TEXT);
    const uncovered = { ...data, licenses: [...data.licenses, { itunesAppId: '881256329', holderType: 'user', holderId: 'maas-u2', assignedTime: '2026-04-12T08:00:00Z' }] };
    expect(said(uncovered, 'nl')).toBe('licenses.6: geen enkele distributie van app 881256329 dekt gebruiker maas-u2; distribueer de app of trek de licentie in via MaaS360 en exporteer opnieuw');
    const unlisted = { ...data, distributions: [...data.distributions, { ...data.distributions[0], distributionId: 'dist-x', itunesAppId: '999' }] };
    expect(said(unlisted, 'fr')).toBe('L’export MaaS360 distribue des apps que ses Token Details ne listent pas : dist-x (app 999)');
    expect(said({ vppTokens: [] }, 'fr')).toBe('Ce n’est pas un export MaaS360 : il n’a ni token ni tokenDetails');
  });
});
