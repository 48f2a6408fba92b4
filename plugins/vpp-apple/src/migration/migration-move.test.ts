// Another host takes a location over from a bundle, in-process on real sockets: plan against Apple's live state,
// apply with take-over (no Apple write for what Apple holds, nobody mailed), verify, and a second apply that does nothing.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, Messages, type CommandProgress, type HostError } from '@vpp-host/api';
import { TokenService, type MigrationApplyResult, type MigrationPlan, type MigrationVerifyResult } from '../../api/index.js';
import { runCli } from '../../../../host/cli/test-support/run-cli.js';
import { AccountService } from '../../../../host/http/auth/account-service.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { ADMIN, LOCATION, type RunningHost } from '../invitations/testing/invitation-world.js';
import { useExportedLocation, PEOPLE } from './testing/exported-location.js';

const held = useExportedLocation();

describe('migrate plan, apply and verify: another host takes the location over', () => {
  let b: RunningHost;
  let mailsBefore: number;
  let requestsBefore: number;

  beforeAll(async () => {
    b = await held.world.startOtherHost();
    await b.inventory.import(PEOPLE, ADMIN);
    mailsBefore = held.world.smtp.received.length;
    requestsBefore = held.world.simulator.requests.length;
  }, 60_000);

  it('plans clean from the live Apple: every licence adopted, the enrolments carried, the other host named as the manager', async () => {
    const progress: CommandProgress[] = [];
    const { data, text: report } = await b.command('migrate.plan', { file: held.text }, { 'token-file': held.world.sToken }, progress);
    expect(data).toMatchObject({
      clean: true,
      location: { uId: LOCATION.uId, managedBy: { name: 'vpp-host' }, heldHere: false },
      counts: { licencesAdopted: 5, licencesLost: 0, licencesMissingAtApple: 0, licencesUnexplained: 0, peopleAdopted: 4, peopleMissing: 0, devicesMatched: 2, assignmentsRecreated: 4, queued: 1, inHouseItemsToAdd: 1 },
    });
    expect(report).toContain('CLEAN, no licence lost');
    expect(progress.map((p) => p.label)).toContain("Reading Apple's assignments");
    expect(b.container.get<TokenService>(TokenService).list()).toEqual([]);
  });

  it('plans from a bundle that carries its token, opened with the passphrase, and asks for the passphrase without one', async () => {
    const passphrase = 'correct horse battery staple';
    const sealed = (await held.h.command('migrate.export', {}, { token: 'Head office', 'include-token': true, 'passphrase-file': passphrase })).output!;
    const { data } = await b.command('migrate.plan', { file: sealed }, { 'passphrase-file': `${passphrase}\n` });
    expect(data).toMatchObject({ clean: true, counts: { licencesAdopted: 5 } });
    await expect(b.command('migrate.plan', { file: sealed })).rejects.toThrow(/^The bundle carries its token encrypted: give the passphrase/);
    await expect(b.command('migrate.plan', { file: held.text })).rejects.toThrow(/^Give the location's token file/);
  });

  it('refuses a token file of another location, and names people missing from the directory and the licences they would lose', async () => {
    const other = held.world.simulator.addLocation({ uId: '7000000000001', locationName: 'Branch', assets: [] }).sToken;
    await expect(b.command('migrate.plan', { file: held.text }, { 'token-file': other })).rejects.toThrow(
      `The token file is for location "Branch" (7000000000001), but the bundle is for "Head Office" (${LOCATION.uId}): give the token file of the bundle's location`,
    );
    const strangers = { ...held.bundle, people: held.bundle.people.map((p) => (p.id === 'ann' ? { ...p, id: 'ann-elsewhere', email: 'ann@elsewhere.example' } : p)), licences: held.bundle.licences.map((l) => (l.holderId === 'ann' ? { ...l, holderId: 'ann-elsewhere' } : l)) };
    const { data } = await b.command('migrate.plan', { file: JSON.stringify(strangers) }, { 'token-file': held.world.sToken });
    expect(data).toMatchObject({ clean: false, counts: { licencesLost: 2, peopleMissing: 1 } });
    expect((data as MigrationPlan).problems.filter((p) => p.loss).map((p) => p.kind)).toEqual(['person-missing', 'person-missing']);
    await expect(b.command('migrate.apply', { file: JSON.stringify(strangers) }, { 'token-file': held.world.sToken, 'take-over': true })).rejects.toThrow(/^The plan is not clean: 2 licence\(s\) would be lost/);
    const messages = b.container.get<Messages>(Messages);
    const unclean = (await b.command('migrate.apply', { file: JSON.stringify(strangers) }, { 'token-file': held.world.sToken, 'take-over': true }).catch((error: unknown) => error)) as HostError;
    const planned = await b.command('migrate.plan', { file: JSON.stringify(strangers) }, { 'token-file': held.world.sToken });
    // The refusal and the plan in the reader's language, each problem said in it too; the English stays as it was.
    const app = held.item('100');
    expect(messages.say(unclean, 'nl')).toMatch(/^Het plan is niet in orde: 2 licenties zouden verloren gaan \(De licentie van gebruiker ann-elsewhere voor vpp:.+:100:STDQ zou verloren gaan: de gebruiker staat niet in de inventaris van deze host; /);
    expect(messages.say(unclean, 'fr')).toMatch(/^Le plan n’est pas sans perte : 2 licences seraient perdues \(La licence de l’utilisateur ann-elsewhere pour vpp:.+ serait perdue : l’utilisateur n’est pas dans l’inventaire de cet hôte ; /);
    expect(planned.text).toContain(`\n  LOSS person-missing: The licence of user ann-elsewhere for ${app} would be lost: the user is not in this host's directory\n`);
    const dutchPlan = messages.say(planned.said!, 'nl').split('\n');
    expect(dutchPlan[0]).toMatch(/^Plan voor "Head Office" \(\d+\) uit vpp-host, geëxporteerd op [^T]+ UTC: NIET IN ORDE, 2 licenties zouden verloren gaan$/);
    expect(dutchPlan).toContain('  personen   overgenomen zonder nieuwe uitnodiging: 3, niet in deze inventaris: 1');
    expect(dutchPlan).toContain(`  VERLIES person-missing: De licentie van gebruiker ann-elsewhere voor ${app} zou verloren gaan: de gebruiker staat niet in de inventaris van deze host`);
    expect(dutchPlan).toContain('  person-missing: Ann Archer <ann@elsewhere.example> staat niet in de inventaris van deze host');
    const frenchPlan = messages.say(planned.said!, 'fr').split('\n');
    expect(frenchPlan).toContain('Problèmes (5) :');
    expect(frenchPlan.find((line) => line.startsWith('  assignment-not-recreated : '))).toMatch(/^  assignment-not-recreated : L’affectation \S+ ne peut pas être recréée : sa cible \(l’utilisateur ann\) n’est pas dans l’inventaire de cet hôte$/);
    expect(frenchPlan).toContain('  location-managed-elsewhere : « vpp-host » gère maintenant le site : apply ne le reprend qu’avec --take-over');
    await expect(b.command('migrate.apply', { file: held.text }, { 'token-file': held.world.sToken })).rejects.toThrow(/manages the location "Head Office" now: apply with --take-over/);
    expect(b.container.get<TokenService>(TokenService).list()).toEqual([]);
  });

  it('applies with take-over: no Apple write for what Apple holds, nobody mailed, the first host sees the location claimed elsewhere; verify finds nothing different', async () => {
    const { data } = await b.command('migrate.apply', { file: held.text }, { 'token-file': held.world.sToken, 'take-over': true });
    expect(data).toMatchObject({ tookOver: true, resumed: false, done: { licencesAdopted: 5, enrolmentsAdopted: 4, assignmentsCreated: 4, inHouseItemsAdded: 1 } });
    await b.container.get(DistributionRuntime).service.whenSettled();
    const writes = held.world.simulator.requests.slice(requestsBefore).filter((r) => r.method === 'POST' && !r.path.includes('client/config'));
    expect(writes.map((r) => r.path)).toEqual([]);
    expect(held.world.smtp.received.length).toBe(mailsBefore);
    // The audit names the product moved from as a fact, not as a reason in English no admin gave.
    const [applied] = b.container.get<AuditLog>(AuditLog).query({ action: 'vpp-migration.applied' }).items;
    expect(applied).toMatchObject({ details: { from: expect.any(String), tookOver: true } });
    expect(applied!.reason).toBeUndefined();

    const queue = b.container.get(DistributionRuntime).service.queue(held.item('100').replace(held.world.token.id, (data as MigrationApplyResult).tokenId));
    expect(queue.waiting.map((w) => w.holder)).toEqual(['user:claire']);
    const enrolment = (userId: string) => b.invitations.enrolment(userId, (data as MigrationApplyResult).tokenId);
    expect(enrolment('ann').acceptedAt).toBe(held.h.invitations.enrolment('ann').acceptedAt);
    expect(enrolment('bram')).toMatchObject({ status: 'invited', timesInvited: 1 });
    const verified = await b.command('migrate.verify', { file: held.text });
    expect(verified).toMatchObject({ failed: false, data: { ok: true } });
    expect((verified.data as MigrationVerifyResult).checks.map((c) => [c.name, c.ok])).toEqual([
      ['location-held', true],
      ['licences-held', true],
      ['no-disassociation', true],
      ['no-invitation', true],
      ['queue-order', true],
      ['assignments', true],
    ]);
    const firstTokens = held.h.container.get<TokenService>(TokenService);
    await expect(firstTokens.checkHealth('Head office')).rejects.toThrow('The location is managed by another MDM ("vpp-host")');
    expect(firstTokens.require('Head office').health.state).toBe('claimed-elsewhere');
  }, 60_000);

  it('takes the location back with take-over when the first host took it again, doing nothing twice, and still verifies', async () => {
    const firstTokens = held.h.container.get<TokenService>(TokenService);
    await firstTokens.takeOver('Head office', ADMIN);
    const { data: plan } = await b.command('migrate.plan', { file: held.text });
    expect(plan).toMatchObject({ clean: true, location: { heldHere: true, managedBy: { name: 'vpp-host' } } });
    await expect(b.command('migrate.apply', { file: held.text })).rejects.toThrow(/apply with --take-over/);
    const { data } = await b.command('migrate.apply', { file: held.text }, { 'take-over': true });
    expect(data).toMatchObject({ tookOver: true, resumed: false, done: { licencesAdopted: 0, enrolmentsAdopted: 0, assignmentsCreated: 0 } });
    expect((await b.command('migrate.verify', { file: held.text })).failed).toBe(false);
  }, 60_000);

  it('applied again, does nothing twice; a licence given back afterwards makes verify fail', async () => {
    const { data } = await b.command('migrate.apply', { file: held.text });
    expect(data).toMatchObject({ resumed: false, done: { licencesAdopted: 0, enrolmentsAdopted: 0, assignmentsCreated: 0 } });
    const tokenId = (data as MigrationApplyResult).tokenId;
    await b.distribution.revoke({ item: `vpp:${tokenId}:100:STDQ`, target: { kind: 'user', id: 'ann' } }, ADMIN);
    await b.container.get(DistributionRuntime).service.whenSettled();
    const verified = await b.command('migrate.verify', { file: held.text });
    expect(verified.failed).toBe(true);
    const checks = Object.fromEntries((verified.data as MigrationVerifyResult).checks.map((c) => [c.name, c]));
    expect(checks['no-disassociation']).toMatchObject({ ok: false, differences: 1 });
    expect(checks['licences-held']!.ok).toBe(false);
  }, 60_000);

  it('answers scripts over REST: the plan of a held location, verify with its differences, and a bad body refused naming the field', async () => {
    const apiToken = (await b.host.container.get<AccountService>(AccountService).createApiToken({ name: 'migration script', role: 'read-only' }, ADMIN)).token;
    const post = (route: string, body: unknown) =>
      fetch(`${b.host.environment.publicUrl()}/api/plugins/vpp-apple${route}`, { method: 'POST', headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const plan = await post('/migration/plan', { bundle: held.text });
    expect(plan.status).toBe(200);
    expect(await plan.json()).toMatchObject({ clean: true, location: { heldHere: true }, counts: { licencesAdopted: 4, licencesMissingAtApple: 1 } });
    const verify = await post('/migration/verify', { bundle: held.text });
    expect(await verify.json()).toMatchObject({ ok: false, uId: LOCATION.uId });
    const bad = await post('/migration/plan', { bundle: held.text, takeOver: true });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('takeOver');
    expect((await post('/migration/apply', { bundle: held.text })).status).toBe(403);

    const file = path.join(held.world.dataDir, 'move.bundle.json');
    await writeFile(file, held.text);
    const cli = await runCli(['migrate', 'verify', file, '--url', b.host.environment.publicUrl()!, '--api-token', apiToken]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('DIFFERENCES FOUND');
    expect(cli.stdout).toMatch(/FAIL no-disassociation \(1\)/);
    const dutch = await runCli(['migrate', 'plan', file, '--url', b.host.environment.publicUrl()!, '--api-token', apiToken, '--lang', 'nl']);
    const french = await runCli(['migrate', 'verify', file, '--url', b.host.environment.publicUrl()!, '--api-token', apiToken, '--lang', 'fr']);
    // With --lang: the plan, the verification and the progress lines in the reader's language.
    expect(dutch.code).toBe(0);
    expect(dutch.stdout).toMatch(/^Plan voor "Head Office" \(\d+\) uit vpp-host, geëxporteerd op .+: IN ORDE, geen licentie gaat verloren\n  deze host beheert de locatie al\n/);
    expect(dutch.stdout).toContain(`  licence-missing-at-apple: Apple heeft de licentie van gebruiker ann voor ${held.item('100')} niet meer: de houder wacht weer op zijn plaats in de wachtrij\n`);
    expect(dutch.stderr).toMatch(/^Head Office synchroniseren: \S/);
    expect(dutch.stderr).not.toContain('Syncing');
    expect(french.code).toBe(1);
    expect(french.stdout).toMatch(/^Vérification du site \d+ : DIFFÉRENCES TROUVÉES\n  ok    location-held\n  ÉCHEC licences-held \(1\)\n/);
    // Each difference named in the language too, its date as French writes dates.
    expect(french.stdout).toMatch(/^ {9}Apple ne détient plus la licence de user:ann pour vpp:\S+:100:STDQ\n/m);
    expect(french.stdout).toMatch(/^ {9}La licence de utilisateur ann \(\S+\) pour la ressource 100 a été rendue le \d+ \S+ \d{4}/m);
    expect(french.stdout).not.toMatch(/no longer holds|was given back/);
    expect(french.stderr).toMatch(/^Synchronisation de Head Office : \S/);
  }, 60_000);
});
