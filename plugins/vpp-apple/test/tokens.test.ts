import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AuditLog, BadInputError, ConflictError, listen, Messages } from '@vpp-host/api';
import type { TokenStateChange } from '../api/index.js';
import { OTHER_MDM, writesSent } from './apple-world.js';
import { ADMIN, SCHOOL_LOCATION, SMALL_LOCATION, type Harness, useHarness } from './harness.js';

const DAY_MS = 24 * 3600_000;
const start = useHarness();

function audit(h: Harness, action: string) {
  return h.host.container.get<AuditLog>(AuditLog).query({ action }).items;
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  // Temporary files of a write in flight may be gone by the time they are read.
  return Promise.all(entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), 'utf8').catch(() => '')));
}

/** Day by day, letting each day's checks and syncs finish their writes before the next day. */
async function passDays(h: Harness, days: number): Promise<void> {
  for (let day = 0; day < days; day++) {
    await h.clock.advance(DAY_MS);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('adding a token', () => {
  it('stores the location, country, program and uId; the secret is encrypted at rest and in no answer', async () => {
    const h = await start({ locations: [SMALL_LOCATION, SCHOOL_LOCATION] });
    const added = await h.command('token.add', { file: h.handles[0]!.sToken }, { name: 'Head office' });
    expect(added.data).toMatchObject({ name: 'Head office', uId: SMALL_LOCATION.uId, locationName: 'Head Office', countryCode: 'NL', program: 'business', orgName: 'Contoso Ltd', health: { state: 'valid' } });
    const school = await h.settle(h.tokens.add({ name: 'School', file: h.handles[1]!.sToken }, ADMIN));
    expect(school).toMatchObject({ program: 'education', countryCode: 'BE' });

    // The location is claimed with this installation's stable mdmInfo.
    const claimed = h.simulator.location(SMALL_LOCATION.uId).mdmInfo;
    expect(claimed).toMatchObject({ name: 'vpp-host' });
    expect(h.simulator.location(SCHOOL_LOCATION.uId).mdmInfo?.id).toBe(claimed?.id);

    await h.route('GET', '/tokens');
    await h.route('GET', '/tokens/:id', { params: { id: school.id } });
    await h.command('token.list');
    await h.host.storage.flush?.();
    const stored = (await filesUnder(h.host.environment.dataDir)).join('\n');
    expect(stored).toContain('Head Office');
    for (const { sToken } of h.handles) {
      expect(stored).not.toContain(sToken);
      expect(JSON.stringify(h.outputs)).not.toContain(sToken);
      expect(JSON.stringify(h.logs)).not.toContain(sToken);
    }
    expect(audit(h, 'vpp.token.add').map((e) => e.target?.name).sort()).toEqual(['Head office', 'School']);
  });

  it.each([
    ['empty', '', /empty/],
    ['not Base64', '%%% not a token %%%', /not Base64/],
    ['not JSON', Buffer.from('token=abc').toString('base64'), /not JSON/],
    ['missing fields', Buffer.from('{"token":"abc"}').toString('base64'), /lacks "expDate", "orgName"/],
    ['expired', Buffer.from('{"token":"abc","expDate":"2020-01-01T00:00:00+0000","orgName":"X"}').toString('base64'), /expired on 2020-01-01/],
    ['10 MB of junk', 'QUJD'.repeat(2_621_440), /10485760 bytes/],
  ])('refuses a file that is %s, saying so, and stores nothing', async (_kind, content, message) => {
    const h = await start();
    const error = await rejection(h.command('token.add', { file: content }, { name: 'Bad' }));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toMatch(message);
    expect(h.tokens.list()).toEqual([]);
    expect(h.simulator.requests).toEqual([]);
    expect(audit(h, 'vpp.token.add')).toEqual([]);
  });

  it('refuses a token Apple rejects, naming its state', async () => {
    const h = await start();
    h.simulator.revokeToken(SMALL_LOCATION.uId);
    const error = await rejection(h.settle(h.tokens.add({ name: 'Revoked', file: h.handles[0]!.sToken }, ADMIN)));
    expect(error).toBeInstanceOf(BadInputError);
    expect(error.message).toMatch(/Apple refuses this token: it is revoked/);
    expect(h.tokens.list()).toEqual([]);
    expect(writesSent(h.simulator)).toEqual([]);
  });

  it('refuses a second token of the same location and a duplicate name', async () => {
    const h = await start({ locations: [SMALL_LOCATION, SCHOOL_LOCATION] });
    await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    const second = h.simulator.renewToken(SMALL_LOCATION.uId).sToken;
    const duplicate = await h.route('POST', '/tokens', { body: { name: 'Another name', file: second } });
    expect(duplicate).toMatchObject({ status: 409, body: { message: expect.stringMatching(/already added as token "Head office"; renew that token instead/) } });
    const sameName = await rejection(h.settle(h.tokens.add({ name: 'head office', file: h.handles[1]!.sToken }, ADMIN)));
    expect(sameName).toBeInstanceOf(ConflictError);
    expect(h.tokens.list().map((t) => t.name)).toEqual(['Head office']);
  });
});

describe('a token added without a name, or for an expected program', () => {
  it("takes its location's name, numbered when a token has that name already", async () => {
    const h = await start({ locations: [SMALL_LOCATION, SCHOOL_LOCATION] });
    await h.settle(h.tokens.add({ name: 'Head Office', file: h.handles[1]!.sToken }, ADMIN));
    const added = await h.route('POST', '/tokens', { body: { file: h.handles[0]!.sToken } });
    expect(added).toMatchObject({ status: 201, body: { name: 'Head Office (2)', locationName: 'Head Office' } });
    expect(audit(h, 'vpp.token.add').map((e) => e.target?.name).sort()).toEqual(['Head Office', 'Head Office (2)']);
    await h.command('token.delete', { name: 'Head Office (2)' });
    const byCommand = await h.command('token.add', { file: h.handles[0]!.sToken });
    expect(byCommand.data).toMatchObject({ name: 'Head Office (2)' });
  });

  it('is refused for a location of the other program before anything reaches Apple or the store', async () => {
    const h = await start({ locations: [SCHOOL_LOCATION] });
    const refused = await h.route('POST', '/tokens', { body: { name: 'School', file: h.handles[0]!.sToken, program: 'business' } });
    expect(refused).toMatchObject({ status: 400, body: { message: expect.stringMatching(/Apple School Manager, not of Apple Business Manager/), details: { program: 'education', expected: 'business' } } });
    expect(h.tokens.list()).toEqual([]);
    expect(writesSent(h.simulator)).toEqual([]);
    expect(audit(h, 'vpp.token.add')).toEqual([]);
    const byCommand = await rejection(h.command('token.add', { file: h.handles[0]!.sToken }, { program: 'business' }));
    expect(byCommand).toBeInstanceOf(BadInputError);
    expect(h.tokens.list()).toEqual([]);
    const accepted = await h.route('POST', '/tokens', { body: { file: h.handles[0]!.sToken, program: 'education' } });
    expect(accepted).toMatchObject({ status: 201, body: { program: 'education' } });
  });
});

describe('taking a location over from another MDM', () => {
  it('is refused without consent, naming the other MDM, and changes nothing', async () => {
    const h = await start();
    h.simulator.setMdmInfo(SMALL_LOCATION.uId, OTHER_MDM);
    const refused = await h.route('POST', '/tokens', { body: { name: 'Head office', file: h.handles[0]!.sToken } });
    expect(refused).toMatchObject({ status: 409, body: { message: expect.stringContaining('managed by another MDM ("Jamf Pro")'), details: { otherMdm: { name: 'Jamf Pro' } } } });
    expect(h.tokens.list()).toEqual([]);
    expect(h.simulator.location(SMALL_LOCATION.uId).mdmInfo).toEqual(OTHER_MDM);
    expect(writesSent(h.simulator)).toEqual([]);
  });

  it('with consent claims the location and records whom it was taken from', async () => {
    const h = await start();
    h.simulator.setMdmInfo(SMALL_LOCATION.uId, OTHER_MDM);
    const result = await h.command('token.add', { file: h.handles[0]!.sToken }, { name: 'Head office', 'take-over': true });
    expect(result.data).toMatchObject({ health: { state: 'valid' } });
    expect(h.simulator.location(SMALL_LOCATION.uId).mdmInfo).toMatchObject({ name: 'vpp-host' });
    expect(audit(h, 'vpp.token.add')[0]?.details).toMatchObject({ tookOverFrom: 'Jamf Pro' });
  });

  it('detects a takeover on any response: claimed-elsewhere, an event, an audit entry, no writes; take-over restores', async () => {
    const h = await start();
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    const changes: TokenStateChange[] = [];
    listen(h.tokens.onDidChangeTokenHealth, (change) => changes.push(change));

    // Before the scheduled sync (12 hours after the first) is due, so this sync is the only one.
    h.clock.set('2026-06-01T18:00:00Z');
    h.simulator.setMdmInfo(SMALL_LOCATION.uId, OTHER_MDM);
    await expect(h.settle(h.sync.sync(token.id))).rejects.toThrow(/managed by another MDM \("Jamf Pro"\)/);
    const claimed = h.tokens.get(token.id)!;
    expect(claimed.health).toMatchObject({ state: 'claimed-elsewhere', reason: 'Another MDM ("Jamf Pro") manages this location' });
    expect(claimed.health.since >= '2026-06-01T18:00:00.000Z' && claimed.health.since <= h.clock.now().toISOString()).toBe(true);
    expect(claimed.claimedBy).toMatchObject({ name: 'Jamf Pro' });
    await vi.waitFor(() => expect(changes.map((c) => [c.previous.state, c.current.state])).toEqual([['valid', 'claimed-elsewhere']]));
    expect(audit(h, 'vpp.token.state')[0]).toMatchObject({ actor: { kind: 'apple' }, details: { from: 'valid', to: 'claimed-elsewhere', claimedBy: 'Jamf Pro' } });
    expect(h.sync.state(token.id)).toMatchObject({ status: 'failed', reason: expect.stringContaining('Jamf Pro') });

    const before = h.simulator.requests.length;
    const refusal = await rejection(h.tokens.clientFor(token.id).associate([{ adamId: '100', pricingParam: 'STDQ' }], { serialNumbers: ['SER-9'] }));
    expect(refusal).toMatchObject({ status: 409, message: expect.stringMatching(/Nothing is sent to Apple for token "Head office": it is claimed-elsewhere/) });
    expect(h.simulator.requests.length).toBe(before);

    const retaken = await h.command('token.take-over', { name: 'Head office' });
    expect(retaken.data).toMatchObject({ health: { state: 'valid' } });
    expect(retaken.data).not.toHaveProperty('claimedBy');
    expect(h.simulator.location(SMALL_LOCATION.uId).mdmInfo).toMatchObject({ name: 'vpp-host' });
    expect(audit(h, 'vpp.token.take-over')[0]?.details).toMatchObject({ tookOverFrom: 'Jamf Pro' });
    await expect(h.settle(h.sync.sync(token.id))).resolves.toMatchObject({ kind: 'incremental' });
  });
});

describe('token states', () => {
  it('moves valid -> expiring -> expired with the clock, each with reason, since, event and audit entry', async () => {
    const h = await start({ locations: [{ ...SMALL_LOCATION, expiresAt: new Date('2026-07-11T09:00:00Z') }] });
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    expect(token.health).toMatchObject({ state: 'valid', reason: 'The token is valid until Jul 11, 2026, 9:00 AM UTC', messageId: 'vpp.token.valid', params: { date: '2026-07-11T09:00:00.000Z' }, since: expect.stringMatching(/^2026-06-01T09:/) });
    const changes: TokenStateChange[] = [];
    listen(h.tokens.onDidChangeTokenHealth, (change) => changes.push(change));

    await passDays(h, 11);
    expect(h.tokens.get(token.id)!.health).toMatchObject({ state: 'expiring', reason: expect.stringMatching(/expires in (29|30) days/) });
    await passDays(h, 30);
    // The daily check or a scheduled sync's answer from Apple (9621), whichever comes first.
    expect(h.tokens.get(token.id)!.health).toMatchObject({ state: 'expired', reason: expect.stringMatching(/The token expired on Jul 11, 2026|Apple says the token expired \(Apple error 9621\)/) });
    expect(changes.map((c) => c.current.state)).toEqual(['expiring', 'expired']);
    expect(audit(h, 'vpp.token.state').map((e) => e.details?.to)).toEqual(['expired', 'expiring']);

    const before = h.simulator.requests.length;
    await expect(h.tokens.clientFor(token.id).createUsers([{ clientUserId: 'new-user' }])).rejects.toThrow(/it is expired/);
    expect(h.simulator.requests.length).toBe(before);
  });

  it('takes revoked and invalid from Apple answers; a renewed file makes the token valid again and keeps every assignment', async () => {
    const h = await start();
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    await h.holdings.track(token.id, [{ kind: 'assignment', adamId: '100', pricingParam: 'STDQ', serialNumber: 'SER-1' }]);

    h.simulator.injectFault({ kind: 'token-invalid', httpStatus: 200 }, { path: 'client/config' });
    await expect(h.settle(h.tokens.checkHealth(token.id))).rejects.toThrow(/9622/);
    expect(h.tokens.get(token.id)!.health).toMatchObject({ state: 'invalid', reason: 'Apple does not accept the token (Apple error 9622)' });

    h.simulator.revokeToken(SMALL_LOCATION.uId);
    await expect(h.settle(h.sync.sync(token.id))).rejects.toThrow(/9625/);
    expect(h.tokens.get(token.id)!.health.state).toBe('revoked');
    await expect(h.settle(h.tokens.clientFor(token.id).revoke({ serialNumbers: ['SER-1'] }))).rejects.toThrow(/it is revoked/);
    expect(writesSent(h.simulator).filter((p) => p !== 'client/config')).toEqual([]);

    const renewal = h.simulator.renewToken(SMALL_LOCATION.uId, { expiresAt: new Date('2027-06-01T00:00:00Z') }).sToken;
    const renewed = await h.command('token.renew', { name: 'Head office', file: renewal });
    expect(renewed.data).toMatchObject({ id: token.id, health: { state: 'valid' }, expiresAt: '2027-06-01T00:00:00.000Z' });
    // What the CLI prints and refuses, in the reader's language (the date as the language writes it).
    const messages = h.container.get<Messages>(Messages);
    expect(renewed.text).toBe('Token "Head office" renewed; it is valid until 2027-06-01T00:00:00.000Z. Every assignment stays.');
    expect([messages.say(renewed.said!, 'nl'), messages.say(renewed.said!, 'fr')]).toEqual([
      'Token "Head office" vernieuwd; het is geldig tot 1 jun 2027, 00:00 UTC. Alle toewijzingen blijven behouden.',
      'Jeton « Head office » renouvelé ; il est valide jusqu’au 1 juin 2027, 00:00 UTC. Toutes les affectations sont conservées.',
    ]);
    const unnamed = await rejection(h.command('token.rename', { name: 'Head office' }));
    expect([unnamed.message, messages.say(unnamed, 'nl'), messages.say(unnamed, 'fr')]).toEqual(['Give the new-name', 'Geef new-name op', 'Indiquez new-name']);
    expect(h.catalog.assignments(token.id)).toHaveLength(2);
    expect(h.catalog.untracked(token.id).assignments.map((a) => a.clientUserId ?? a.serialNumber)).toEqual(['u1']);
    await expect(h.settle(h.sync.sync(token.id))).resolves.toMatchObject({ kind: 'incremental', assignments: 2 });
    expect(JSON.stringify([h.outputs, h.logs])).not.toContain(renewal);
  });

  it('refuses a renewal file of another location', async () => {
    const h = await start({ locations: [SMALL_LOCATION, SCHOOL_LOCATION] });
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    const wrong = await h.route('PUT', '/tokens/:id/file', { params: { id: token.id }, body: { file: h.handles[1]!.sToken } });
    expect(wrong).toMatchObject({ status: 400, body: { message: expect.stringMatching(/is for location "Northside School".*not for token "Head office"/) } });
  });

  it('renames and deletes, dropping the synced data', async () => {
    const h = await start();
    const token = await h.settle(h.tokens.add({ name: 'Head office', file: h.handles[0]!.sToken }, ADMIN));
    await h.settle(h.sync.sync(token.id));
    expect(await h.route('PATCH', '/tokens/:id', { params: { id: token.id }, body: { name: 'HQ' } })).toMatchObject({ status: 200, body: { name: 'HQ' } });
    // The CLI's preview, in the reader's language.
    const preview = await h.command('token.delete', { name: 'HQ' }, { 'dry-run': true });
    const messages = h.container.get<Messages>(Messages);
    expect(preview.text).toBe('Preview, nothing was changed: deleting token "HQ" would\n  - 3 purchased item(s) leave the catalog with the data synced for it');
    expect(messages.say(preview.said!, 'nl')).toBe('Voorbeeld, er is niets gewijzigd. Wat het verwijderen van token "HQ" zou doen:\n  - 3 gekochte items verdwijnen uit de catalogus, met de gegevens die ervoor gesynchroniseerd zijn');
    expect(messages.say(preview.said!, 'fr')).toBe('Aperçu, rien n’a été modifié. Ce que ferait la suppression du jeton « HQ » :\n  - 3 éléments achetés quittent le catalogue avec les données synchronisées pour eux');
    expect(await h.route('DELETE', '/tokens/:id', { params: { id: 'HQ' } })).toMatchObject({ status: 204 });
    expect(h.tokens.list()).toEqual([]);
    await vi.waitFor(() => {
      expect(h.catalog.assets({ tokenId: token.id }).total).toBe(0);
      expect(h.catalog.assignments(token.id)).toEqual([]);
      expect(h.catalog.users(token.id)).toEqual([]);
      expect(h.sync.state(token.id).status).toBe('none');
    });
    expect(audit(h, 'vpp.token.delete')).toHaveLength(1);
  });
});
