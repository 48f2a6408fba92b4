// Export of a location as a migration bundle, end to end: a real host (vpp-apple + mail) with Apple's simulator on
// loopback, people invited and enrolled, assignments with licences and a queue; then the bundle read back.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLog, BadInputError, z } from '@vpp-host/api';
import { runCli } from '../../../../host/cli/test-support/run-cli.js';
import { AccountService } from '../../../../host/http/auth/account-service.js';
import { REPO_ROOT } from '../../../../test/support/host-process.js';
import { MIGRATION_BUNDLE_FORMAT_VERSION, type MigrationBundle } from '../../api/index.js';
import { ADMIN, LOCATION } from '../invitations/testing/invitation-world.js';
import { MIGRATION_SCHEMA_FILE, migrationBundleJsonSchemaText } from './bundle-json-schema.js';
import { readBundle } from './bundle-reader.js';
import { useExportedLocation } from './testing/exported-location.js';

const PASSPHRASE = 'correct horse battery staple';

const held = useExportedLocation();

describe('migrate export', () => {
  it('writes a bundle the committed JSON Schema accepts, and the committed schema is the one the zod schema generates', async () => {
    const committed = await readFile(path.join(REPO_ROOT, MIGRATION_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(migrationBundleJsonSchemaText());
    const fromJsonSchema = z.fromJSONSchema(JSON.parse(committed) as Parameters<typeof z.fromJSONSchema>[0]);
    expect(fromJsonSchema.safeParse(JSON.parse(held.text)).error).toBeUndefined();
    expect(fromJsonSchema.safeParse({ ...held.bundle, location: { ...held.bundle.location, program: 'school' } }).success).toBe(false);
    expect(held.bundle.formatVersion).toBe(MIGRATION_BUNDLE_FORMAT_VERSION);
  });

  it('carries the location, the catalog with the in-house item, and the assignments with targets, modes, licence types and policies', () => {
    expect(held.bundle.location).toMatchObject({ uId: LOCATION.uId, name: 'Head Office', orgName: 'Contoso Ltd', program: 'business', countryCode: 'US' });
    expect(held.bundle.catalog.map((entry) => [entry.kind, entry.vpp?.adamId ?? entry.name]).sort()).toEqual([
      ['in-house-app', 'Field Notes'],
      ['vpp-app', '100'],
      ['vpp-app', '300'],
      ['vpp-book', '900'],
    ]);
    const byItem = Object.fromEntries(held.bundle.assignments.map((a) => [a.itemId, a]));
    expect(byItem[held.item('100')]).toMatchObject({ target: { kind: 'user-group', id: 'sales' }, installMode: 'manual', licenseType: 'user', state: 'active', policy: { requiresApproval: false } });
    expect(byItem[held.item('300')]).toMatchObject({ target: { kind: 'device-group', id: 'ipads' }, licenseType: 'device', quota: 2 });
    expect(held.bundle.location.settings).toMatchObject({ publication: 'manual', defaultPolicy: { preventBackup: true }, licenseRestrictedToUserGroups: [] });
    expect(byItem[held.item('900')]).toMatchObject({ target: { kind: 'user', id: 'ann' } });
    expect(held.bundle.groups.find((g) => g.id === 'ipads')!.members.map((m) => m.id)).toEqual(['ipad-1', 'ipad-2']);
  });

  it("names the people and devices behind Apple's clientUserIds and serial numbers, with enrolment in acceptance order", () => {
    const person = (id: string) => held.bundle.people.find((p) => p.id === id)!;
    expect(person('mia')).toMatchObject({ email: 'mia@contoso.example', managedAppleId: 'mia@appleid.contoso.example', clientUserId: 'mia', enrolment: { status: 'enrolled' } });
    expect(person('bram')).toMatchObject({ clientUserId: 'bram', enrolment: { status: 'invited', timesInvited: 1 } });
    expect(person('ann').enrolment!.acceptedAt! < person('claire').enrolment!.acceptedAt!).toBe(true);
    expect(held.bundle.devices.map((d) => [d.id, d.serialNumber, d.ownerUserId])).toEqual([
      ['ipad-1', 'DMPQ0001', 'bram'],
      ['ipad-2', 'DMPQ0002', undefined],
    ]);
  });

  it('keeps the queue in order and the licences held per holder, books and device licences included', () => {
    expect(held.bundle.queues).toEqual([{ itemId: held.item('100'), waiting: [expect.objectContaining({ holderKind: 'user', holderId: 'claire' })] }]);
    const licences = held.bundle.licences.map((l) => `${l.itemId.split(':')[2]} ${l.holderKind} ${l.appleHolderId}`).sort();
    expect(licences).toEqual(['100 user ann', '100 user mia', '300 device DMPQ0001', '300 device DMPQ0002', '900 user ann']);
  });

  it('holds no secret without --include-token: no token file, no notification secret', () => {
    expect(held.bundle.token).toBeUndefined();
    expect(held.text).not.toContain(held.world.sToken);
    expect(held.text).not.toContain(JSON.parse(Buffer.from(held.world.sToken, 'base64').toString('utf8')).token);
    expect(held.text).not.toMatch(/secret|password|passphrase/i);
  });

  it('carries the token encrypted with --include-token; the right passphrase opens it, a wrong one is refused', async () => {
    const exported = await held.h.command('migrate.export', {}, { token: 'Head office', 'include-token': true, 'passphrase-file': `${PASSPHRASE}\n` });
    const sealedText = exported.output!;
    expect(sealedText).not.toContain(held.world.sToken);
    expect(sealedText).not.toContain(PASSPHRASE);
    expect(JSON.parse(sealedText).token).toMatchObject({ kdf: { name: 'scrypt', N: 32768, r: 8, p: 1 }, cipher: 'aes-256-gcm' });
    const read = await readBundle(sealedText, PASSPHRASE);
    expect(read.sToken).toBe(held.world.sToken);
    expect(read.bundle.assignments).toEqual(held.bundle.assignments);
    await expect(readBundle(sealedText, 'not the passphrase at all')).rejects.toThrow("Cannot decrypt the bundle's token: the passphrase is wrong, or the token was altered");
    const tampered = JSON.parse(sealedText);
    tampered.token.ciphertext = Buffer.from('x'.repeat(40)).toString('base64');
    await expect(readBundle(JSON.stringify(tampered), PASSPHRASE)).rejects.toThrow(BadInputError);
  });

  it('refuses --include-token without a passphrase, and audits each export', async () => {
    await expect(held.h.command('migrate.export', {}, { token: 'Head office', 'include-token': true })).rejects.toThrow(/--include-token needs a passphrase/);
    await expect(held.h.command('migrate.export', {}, { token: 'Head office', 'include-token': true, 'passphrase-file': 'short' })).rejects.toThrow(/at least 12 characters/);
    const audit = held.h.container.get<AuditLog>(AuditLog).query({ action: 'vpp-migration.exported' }).items;
    expect(audit.map((entry) => (entry.details as { tokenIncluded: boolean }).tokenIncluded).sort()).toEqual([false, true]);
  });

  it('answers over REST with the same bundle', async () => {
    const answer = await held.h.route('POST', '/migration/export', { body: { token: 'Head office' } });
    expect(answer.status).toBe(200);
    const body = JSON.parse(Buffer.from(answer.body as Uint8Array).toString('utf8')) as MigrationBundle;
    expect(body.licences).toEqual(held.bundle.licences);
    const refused = await held.h.route('POST', '/migration/export', { body: { token: 'Head office', format: 'intune' } });
    expect(refused).toMatchObject({ status: 400, body: { message: 'No migration format "intune"; known formats: native' } });
  });

  it('reads the bundle back, and refuses damaged JSON, a foreign version and a damaged field with a clear error', async () => {
    expect((await readBundle(held.text)).bundle).toEqual(held.bundle);
    await expect(readBundle(held.text.slice(0, 200))).rejects.toThrow(/^The bundle is not JSON/);
    await expect(readBundle(JSON.stringify({ ...held.bundle, formatVersion: 2 }))).rejects.toThrow('The bundle is format version 2; this vpp-host reads version 1 only');
    await expect(readBundle('{"hello":"world"}')).rejects.toThrow('This is not a vpp-host migration bundle: it has no formatVersion');
    const damaged = { ...held.bundle, licences: held.bundle.licences.map((l, i) => (i === 0 ? { ...l, holderKind: 'printer' } : l)), location: { ...held.bundle.location, uId: '' } };
    await expect(readBundle(JSON.stringify(damaged))).rejects.toThrow(/^The bundle is damaged: location\.uId: .*; licences\.0\.holderKind: /);
  });

  it('vpp-host migrate export writes the bundle to --out (mode 0600) with the passphrase from VPP_MIGRATION_PASSPHRASE', async () => {
    const apiToken = (await held.h.host.container.get<AccountService>(AccountService).createApiToken({ name: 'migration script', role: 'admin' }, ADMIN)).token;
    const out = path.join(held.world.dataDir, 'office.bundle.json');
    const connection = ['--url', held.h.host.environment.publicUrl()!, '--api-token', apiToken];
    const run = await runCli(['migrate', 'export', '--token', 'Head office', '--include-token', '--out', out, ...connection], { VPP_MIGRATION_PASSPHRASE: PASSPHRASE });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^Exported "Head office" \(native\): 4 items, 4 assignments, 4 people, 2 devices, 5 licences, 1 waiting; the token encrypted with the passphrase\.\n$/);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    expect((await readBundle(await readFile(out, 'utf8'), PASSPHRASE)).sToken).toBe(held.world.sToken);

    const refused = await runCli(['migrate', 'export', '--token', 'Head office', '--include-token', '--out', `${out}.2`, ...connection]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--include-token needs a passphrase');
    await expect(stat(`${out}.2`)).rejects.toThrow(/ENOENT/);

    // In the reader's language: what the export prints, and its refusal.
    const dutch = await runCli(['migrate', 'export', '--token', 'Head office', '--out', `${out}.nl`, ...connection, '--lang', 'nl']);
    expect(dutch.stdout).toBe('"Head office" geëxporteerd (native): 4 items, 4 toewijzingen, 4 personen, 2 apparaten, 5 licenties, 1 in de wachtrij; geen token.\n');
    const french = await runCli(['migrate', 'export', '--token', 'Head office', '--include-token', '--out', `${out}.fr`, ...connection, '--lang', 'fr']);
    expect(french.stderr).toContain('--include-token a besoin d’une phrase secrète pour chiffrer le jeton : --passphrase-file FICHIER ou VPP_MIGRATION_PASSPHRASE');
  }, 60_000);
});
