// Export of a location as a migration bundle, end to end: a real host (vpp-apple + mail) with Apple's simulator on
// loopback, people invited and enrolled, assignments with licences and a queue; then the bundle read back.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, BadInputError, z, type CommandProgress } from '@vpp-host/api';
import { runCli } from '../../../../host/cli/test-support/run-cli.js';
import { AccountService } from '../../../../host/http/auth/account-service.js';
import { REPO_ROOT } from '../../../../test/support/host-process.js';
import { TokenService, MIGRATION_BUNDLE_FORMAT_VERSION, type MigrationApplyResult, type MigrationBundle, type MigrationPlan, type MigrationVerifyResult } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { ADMIN, InvitationWorld, LOCATION, waitFor, type RunningHost } from '../invitations/testing/invitation-world.js';
import { MIGRATION_SCHEMA_FILE, migrationBundleJsonSchemaText } from './bundle-json-schema.js';
import { readBundle } from './bundle-reader.js';

const PASSPHRASE = 'correct horse battery staple';
const PEOPLE = {
  users: [
    { id: 'ann', name: 'Ann Archer', email: 'ann@contoso.example' },
    { id: 'bram', name: 'Bram de Vries', email: 'bram@contoso.example' },
    { id: 'claire', name: 'Claire Dubois', email: 'claire@contoso.example' },
    { id: 'mia', name: 'Mia Managed', email: 'mia@contoso.example', managedAppleId: 'mia@appleid.contoso.example' },
  ],
  userGroups: [{ id: 'sales', name: 'Sales', members: ['ann', 'bram', 'claire', 'mia'] }],
  devices: [
    { id: 'ipad-1', serialNumber: 'DMPQ0001', platform: 'iPadOS' as const, osVersion: '17.2', ownerUserId: 'bram' },
    { id: 'ipad-2', serialNumber: 'DMPQ0002', platform: 'iPadOS' as const, osVersion: '17.2' },
  ],
  deviceGroups: [{ id: 'ipads', name: 'iPads', members: ['ipad-1', 'ipad-2'] }],
};

let world: InvitationWorld;
let h: RunningHost;
let text: string;
let bundle: MigrationBundle;
let item: (adamId: string) => string;

beforeAll(async () => {
  world = await InvitationWorld.create({
    location: { ...LOCATION, assets: [...LOCATION.assets!, { adamId: '300', productType: 'App', totalCount: 5, deviceAssignable: true }] },
  });
  h = await world.startHost();
  await h.inventory.import(PEOPLE, ADMIN);
  item = (adamId) => `vpp:${world.token.id}:${adamId}:STDQ`;
  const enrolled = (userId: string) => h.invitations.enrolment(userId).status === 'enrolled';
  // Mia has a Managed Apple ID: enrolled at once. Then Ann accepts, then Claire; Bram does not.
  await h.invitations.invite({ kind: 'user-group', id: 'sales' }, ADMIN);
  await waitFor(() => world.smtp.received.length === 3, 'the invitations');
  world.simulator.acceptInvitation(LOCATION.uId, 'ann');
  await waitFor(() => enrolled('ann'), 'Ann enrolled');
  world.simulator.acceptInvitation(LOCATION.uId, 'claire');
  await waitFor(() => enrolled('claire'), 'Claire enrolled');
  await h.idle();

  // Two licences of app 100 for four people: Mia and Ann hold them, Claire waits, Bram awaits enrolment.
  await h.distribution.assign({ item: item('100'), target: { kind: 'user-group', id: 'sales' }, licenseType: 'user', installMode: 'manual' }, ADMIN);
  await h.distribution.assign({ item: item('900'), target: { kind: 'user', id: 'ann' } }, ADMIN);
  await h.distribution.assign({ item: item('300'), target: { kind: 'device-group', id: 'ipads' }, licenseType: 'device', quota: 2 }, ADMIN);
  const inHouse = await h.command('catalog.add', { name: 'Field Notes' }, { kind: 'in-house-app', platform: 'iPadOS', 'bundle-id': 'com.contoso.notes' });
  await h.distribution.assign({ item: (inHouse.data as { id: string }).id, target: { kind: 'device', id: 'ipad-2' } }, ADMIN);
  await h.container.get(DistributionRuntime).service.whenSettled();
  // The location now publishes only what an admin adds: its items already assigned travel all the same.
  await h.command('location.set', { token: 'Head office' }, { publication: 'manual', 'default-policy': '{"preventBackup":true}' });

  const exported = await h.command('migrate.export', {}, { token: 'Head office' });
  text = exported.output!;
  bundle = JSON.parse(text) as MigrationBundle;
}, 60_000);

afterAll(async () => {
  await world?.dispose();
});

describe('migrate export', () => {
  it('writes a bundle the committed JSON Schema accepts, and the committed schema is the one the zod schema generates', async () => {
    const committed = await readFile(path.join(REPO_ROOT, MIGRATION_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(migrationBundleJsonSchemaText());
    const fromJsonSchema = z.fromJSONSchema(JSON.parse(committed) as Parameters<typeof z.fromJSONSchema>[0]);
    expect(fromJsonSchema.safeParse(JSON.parse(text)).error).toBeUndefined();
    expect(fromJsonSchema.safeParse({ ...bundle, location: { ...bundle.location, program: 'school' } }).success).toBe(false);
    expect(bundle.formatVersion).toBe(MIGRATION_BUNDLE_FORMAT_VERSION);
  });

  it('carries the location, the catalog with the in-house item, and the assignments with targets, modes, licence types and policies', () => {
    expect(bundle.location).toMatchObject({ uId: LOCATION.uId, name: 'Head Office', orgName: 'Contoso Ltd', program: 'business', countryCode: 'US' });
    expect(bundle.catalog.map((entry) => [entry.kind, entry.vpp?.adamId ?? entry.name]).sort()).toEqual([
      ['in-house-app', 'Field Notes'],
      ['vpp-app', '100'],
      ['vpp-app', '300'],
      ['vpp-book', '900'],
    ]);
    const byItem = Object.fromEntries(bundle.assignments.map((a) => [a.itemId, a]));
    expect(byItem[item('100')]).toMatchObject({ target: { kind: 'user-group', id: 'sales' }, installMode: 'manual', licenseType: 'user', state: 'active', policy: { requiresApproval: false } });
    expect(byItem[item('300')]).toMatchObject({ target: { kind: 'device-group', id: 'ipads' }, licenseType: 'device', quota: 2 });
    expect(bundle.location.settings).toMatchObject({ publication: 'manual', defaultPolicy: { preventBackup: true }, licenseRestrictedToUserGroups: [] });
    expect(byItem[item('900')]).toMatchObject({ target: { kind: 'user', id: 'ann' } });
    expect(bundle.groups.find((g) => g.id === 'ipads')!.members.map((m) => m.id)).toEqual(['ipad-1', 'ipad-2']);
  });

  it("names the people and devices behind Apple's clientUserIds and serial numbers, with enrolment in acceptance order", () => {
    const person = (id: string) => bundle.people.find((p) => p.id === id)!;
    expect(person('mia')).toMatchObject({ email: 'mia@contoso.example', managedAppleId: 'mia@appleid.contoso.example', clientUserId: 'mia', enrolment: { status: 'enrolled' } });
    expect(person('bram')).toMatchObject({ clientUserId: 'bram', enrolment: { status: 'invited', timesInvited: 1 } });
    expect(person('ann').enrolment!.acceptedAt! < person('claire').enrolment!.acceptedAt!).toBe(true);
    expect(bundle.devices.map((d) => [d.id, d.serialNumber, d.ownerUserId])).toEqual([
      ['ipad-1', 'DMPQ0001', 'bram'],
      ['ipad-2', 'DMPQ0002', undefined],
    ]);
  });

  it('keeps the queue in order and the licences held per holder, books and device licences included', () => {
    expect(bundle.queues).toEqual([{ itemId: item('100'), waiting: [expect.objectContaining({ holderKind: 'user', holderId: 'claire' })] }]);
    const held = bundle.licences.map((l) => `${l.itemId.split(':')[2]} ${l.holderKind} ${l.appleHolderId}`).sort();
    expect(held).toEqual(['100 user ann', '100 user mia', '300 device DMPQ0001', '300 device DMPQ0002', '900 user ann']);
  });

  it('holds no secret without --include-token: no token file, no notification secret', () => {
    expect(bundle.token).toBeUndefined();
    expect(text).not.toContain(world.sToken);
    expect(text).not.toContain(JSON.parse(Buffer.from(world.sToken, 'base64').toString('utf8')).token);
    expect(text).not.toMatch(/secret|password|passphrase/i);
  });

  it('carries the token encrypted with --include-token; the right passphrase opens it, a wrong one is refused', async () => {
    const exported = await h.command('migrate.export', {}, { token: 'Head office', 'include-token': true, 'passphrase-file': `${PASSPHRASE}\n` });
    const sealedText = exported.output!;
    expect(sealedText).not.toContain(world.sToken);
    expect(sealedText).not.toContain(PASSPHRASE);
    expect(JSON.parse(sealedText).token).toMatchObject({ kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 }, cipher: 'aes-256-gcm' });
    const read = await readBundle(sealedText, PASSPHRASE);
    expect(read.sToken).toBe(world.sToken);
    expect(read.bundle.assignments).toEqual(bundle.assignments);
    await expect(readBundle(sealedText, 'not the passphrase at all')).rejects.toThrow("Cannot decrypt the bundle's token: the passphrase is wrong, or the token was altered");
    const tampered = JSON.parse(sealedText);
    tampered.token.ciphertext = Buffer.from('x'.repeat(40)).toString('base64');
    await expect(readBundle(JSON.stringify(tampered), PASSPHRASE)).rejects.toThrow(BadInputError);
  });

  it('refuses --include-token without a passphrase, and audits each export', async () => {
    await expect(h.command('migrate.export', {}, { token: 'Head office', 'include-token': true })).rejects.toThrow(/--include-token needs a passphrase/);
    await expect(h.command('migrate.export', {}, { token: 'Head office', 'include-token': true, 'passphrase-file': 'short' })).rejects.toThrow(/at least 12 characters/);
    const audit = h.container.get<AuditLog>(AuditLog).query({ action: 'vpp-migration.exported' }).items;
    expect(audit.map((entry) => (entry.details as { tokenIncluded: boolean }).tokenIncluded).sort()).toEqual([false, true]);
  });

  it('answers over REST with the same bundle', async () => {
    const answer = await h.route('POST', '/migration/export', { body: { token: 'Head office' } });
    expect(answer.status).toBe(200);
    const body = JSON.parse(Buffer.from(answer.body as Uint8Array).toString('utf8')) as MigrationBundle;
    expect(body.licences).toEqual(bundle.licences);
    const refused = await h.route('POST', '/migration/export', { body: { token: 'Head office', format: 'intune' } });
    expect(refused).toMatchObject({ status: 400, body: { message: 'No migration format "intune"; known formats: native' } });
  });

  it('reads the bundle back, and refuses damaged JSON, a foreign version and a damaged field with a clear error', async () => {
    expect((await readBundle(text)).bundle).toEqual(bundle);
    await expect(readBundle(text.slice(0, 200))).rejects.toThrow(/^The bundle is not JSON/);
    await expect(readBundle(JSON.stringify({ ...bundle, formatVersion: 2 }))).rejects.toThrow('The bundle is format version 2; this vpp-host reads version 1 only');
    await expect(readBundle('{"hello":"world"}')).rejects.toThrow('This is not a vpp-host migration bundle: it has no formatVersion');
    const damaged = { ...bundle, licences: bundle.licences.map((l, i) => (i === 0 ? { ...l, holderKind: 'printer' } : l)), location: { ...bundle.location, uId: '' } };
    await expect(readBundle(JSON.stringify(damaged))).rejects.toThrow(/^The bundle is damaged: location\.uId: .*; licences\.0\.holderKind: /);
  });

  it('vpp-host migrate export writes the bundle to --out (mode 0600) with the passphrase from VPP_MIGRATION_PASSPHRASE', async () => {
    const apiToken = (await h.host.container.get<AccountService>(AccountService).createApiToken({ name: 'migration script', role: 'admin' }, ADMIN)).token;
    const out = path.join(world.dataDir, 'office.bundle.json');
    const connection = ['--url', h.host.environment.publicUrl()!, '--api-token', apiToken];
    const run = await runCli(['migrate', 'export', '--token', 'Head office', '--include-token', '--out', out, ...connection], { VPP_MIGRATION_PASSPHRASE: PASSPHRASE });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Exported "Head office" \(native\): 4 items, 4 assignments, 4 people, 2 devices, 5 licences, 1 waiting; the token encrypted with the passphrase\.\n$/);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await readBundle(await readFile(out, 'utf8'), PASSPHRASE)).sToken).toBe(world.sToken);

    const refused = await runCli(['migrate', 'export', '--token', 'Head office', '--include-token', '--out', `${out}.2`, ...connection]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--include-token needs a passphrase');
    await expect(stat(`${out}.2`)).rejects.toThrow(/ENOENT/);
  }, 60_000);
});

describe('migrate plan, apply and verify: another host takes the location over', () => {
  let b: RunningHost;
  let mailsBefore: number;
  let requestsBefore: number;

  beforeAll(async () => {
    b = await world.startOtherHost();
    await b.inventory.import(PEOPLE, ADMIN);
    mailsBefore = world.smtp.received.length;
    requestsBefore = world.simulator.requests.length;
  }, 60_000);

  it('plans clean from the live Apple: every licence adopted, the enrolments carried, the other host named as the manager', async () => {
    const progress: CommandProgress[] = [];
    const { data, text: report } = await b.command('migrate.plan', { file: text }, { 'token-file': world.sToken }, progress);
    expect(data).toMatchObject({
      clean: true,
      location: { uId: LOCATION.uId, managedBy: { name: 'vpp-host' }, heldHere: false },
      counts: { licencesAdopted: 5, licencesLost: 0, licencesMissingAtApple: 0, licencesUnexplained: 0, peopleAdopted: 4, peopleMissing: 0, devicesMatched: 2, assignmentsRecreated: 4, queued: 1, inHouseItemsToAdd: 1 },
    });
    expect(report).toContain('CLEAN, no licence lost');
    expect(progress.map((p) => p.label)).toContain("Reading Apple's assignments");
    expect(b.container.get<TokenService>(TokenService).list()).toEqual([]);
  });

  it('refuses a token file of another location, and names people missing from the directory and the licences they would lose', async () => {
    const other = world.simulator.addLocation({ uId: '7000000000001', locationName: 'Branch', assets: [] }).sToken;
    await expect(b.command('migrate.plan', { file: text }, { 'token-file': other })).rejects.toThrow(
      `The token file is for location "Branch" (7000000000001), but the bundle is for "Head Office" (${LOCATION.uId}): give the token file of the bundle's location`,
    );
    const strangers = { ...bundle, people: bundle.people.map((p) => (p.id === 'ann' ? { ...p, id: 'ann-elsewhere', email: 'ann@elsewhere.example' } : p)), licences: bundle.licences.map((l) => (l.holderId === 'ann' ? { ...l, holderId: 'ann-elsewhere' } : l)) };
    const { data } = await b.command('migrate.plan', { file: JSON.stringify(strangers) }, { 'token-file': world.sToken });
    expect(data).toMatchObject({ clean: false, counts: { licencesLost: 2, peopleMissing: 1 } });
    expect((data as MigrationPlan).problems.filter((p) => p.loss).map((p) => p.kind)).toEqual(['person-missing', 'person-missing']);
    await expect(b.command('migrate.apply', { file: JSON.stringify(strangers) }, { 'token-file': world.sToken, 'take-over': true })).rejects.toThrow(/^The plan is not clean: 2 licence\(s\) would be lost/);
    await expect(b.command('migrate.apply', { file: text }, { 'token-file': world.sToken })).rejects.toThrow(/manages the location "Head Office" now: apply with --take-over/);
    expect(b.container.get<TokenService>(TokenService).list()).toEqual([]);
  });

  it('applies with take-over: no Apple write for what Apple holds, nobody mailed, the first host sees the location claimed elsewhere; verify finds nothing different', async () => {
    const { data } = await b.command('migrate.apply', { file: text }, { 'token-file': world.sToken, 'take-over': true });
    expect(data).toMatchObject({ tookOver: true, resumed: false, done: { licencesAdopted: 5, enrolmentsAdopted: 4, assignmentsCreated: 4, inHouseItemsAdded: 1 } });
    await b.container.get(DistributionRuntime).service.whenSettled();
    const writes = world.simulator.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && !r.path.includes('client/config'));
    expect(writes.map((r) => r.path)).toEqual([]);
    expect(world.smtp.received.length).toBe(mailsBefore);

    const queue = b.container.get(DistributionRuntime).service.queue(item('100').replace(world.token.id, (data as MigrationApplyResult).tokenId));
    expect(queue.waiting.map((w) => w.holder)).toEqual(['user:claire']);
    const enrolment = (userId: string) => b.invitations.enrolment(userId, (data as MigrationApplyResult).tokenId);
    expect(enrolment('ann').acceptedAt).toBe(h.invitations.enrolment('ann').acceptedAt);
    expect(enrolment('bram')).toMatchObject({ status: 'invited', timesInvited: 1 });
    const verified = await b.command('migrate.verify', { file: text });
    expect(verified).toMatchObject({ failed: false, data: { ok: true } });
    expect((verified.data as MigrationVerifyResult).checks.map((c) => [c.name, c.ok])).toEqual([
      ['location-held', true],
      ['licences-held', true],
      ['no-disassociation', true],
      ['no-invitation', true],
      ['queue-order', true],
      ['assignments', true],
    ]);
    const firstTokens = h.container.get<TokenService>(TokenService);
    await expect(firstTokens.checkHealth('Head office')).rejects.toThrow('The location is managed by another MDM ("vpp-host")');
    expect(firstTokens.require('Head office').health.state).toBe('claimed-elsewhere');
  }, 60_000);

  it('applied again, does nothing twice; a licence given back afterwards makes verify fail', async () => {
    const { data } = await b.command('migrate.apply', { file: text });
    expect(data).toMatchObject({ resumed: false, done: { licencesAdopted: 0, enrolmentsAdopted: 0, assignmentsCreated: 0 } });
    const tokenId = (data as MigrationApplyResult).tokenId;
    await b.distribution.revoke({ item: `vpp:${tokenId}:100:STDQ`, target: { kind: 'user', id: 'ann' } }, ADMIN);
    await b.container.get(DistributionRuntime).service.whenSettled();
    const verified = await b.command('migrate.verify', { file: text });
    expect(verified.failed).toBe(true);
    const checks = Object.fromEntries((verified.data as MigrationVerifyResult).checks.map((c) => [c.name, c]));
    expect(checks['no-disassociation']).toMatchObject({ ok: false, differences: 1 });
    expect(checks['licences-held']!.ok).toBe(false);
  }, 60_000);
});
