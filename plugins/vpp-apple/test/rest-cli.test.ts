import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Settings, SYSTEM_ACTOR } from '@vpp-host/api';
import { launchHost, type LaunchedHost } from '../../../host/cli/host-launcher.js';
import { runCli } from '../../../host/cli/test-support/run-cli.js';
import { AccountService } from '../../../host/http/auth/account-service.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock, type AppleSimulatorServer } from '../src/simulator/index.js';
import { SCHOOL_LOCATION, SMALL_LOCATION } from './harness.js';

let root: string;
let launched: LaunchedHost;
let apple: AppleSimulatorServer;
let simulator: AppleVppSimulator;
let files: { uId: string; sToken: string }[];
let apiToken: string;
const logs: string[] = [];

beforeAll(async () => {
  simulator = new AppleVppSimulator({ clock: systemClock, requireHttpsNotificationUrl: false });
  files = [SMALL_LOCATION, SCHOOL_LOCATION].map((spec) => simulator.addLocation(spec));
  apple = await startAppleSimulatorServer(simulator);
  root = await mkdtemp(path.join(os.tmpdir(), 'vpp-apple-rest-'));
  await mkdir(path.join(root, 'data'));
  launched = await launchHost({
    dataDir: path.join(root, 'data'),
    onlyPlugins: ['vpp-apple'],
    port: 0,
    env: { VPP_APPLE_BASE_URL: apple.baseUrl },
    logSink: (line) => logs.push(JSON.stringify(line)),
  });
  const accounts = launched.host.container.get<AccountService>(AccountService);
  apiToken = (await accounts.createApiToken({ name: 'migration script', role: 'admin' }, SYSTEM_ACTOR)).token;
  // Apple posts to this host itself; http is fine for the local simulator only.
  await launched.host.plugins.containerOf('vpp-apple')!.get<Settings>(Settings).update('notificationBaseUrl', launched.url, SYSTEM_ACTOR);
});

afterAll(async () => {
  await launched?.stop();
  await apple.dispose();
  await rm(root, { recursive: true, force: true });
});

async function api(method: string, route: string, body?: unknown, language?: string): Promise<{ status: number; body: any; text: string }> {
  const response = await fetch(`${launched.url}/api/plugins/vpp-apple${route}`, {
    method,
    headers: { authorization: `Bearer ${apiToken}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(language ? { 'accept-language': language } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, text };
}

const cli = (...args: string[]) => runCli([...args, '--data-dir', path.join(root, 'data')]);

describe('tokens and sync over REST and the CLI', () => {
  it('adds a token over REST, syncs it, and shows the counts; the secret is in no answer', async () => {
    const bad = await api('POST', '/tokens', { name: 'Broken', file: 'not a token file' });
    expect(bad).toMatchObject({ status: 400, body: { error: 'bad_input', message: expect.stringMatching(/not Base64/) } });

    const added = await api('POST', '/tokens', { name: 'Head office', file: files[0]!.sToken });
    expect(added).toMatchObject({ status: 201, body: { name: 'Head office', locationName: 'Head Office', program: 'business', notifications: true, health: { state: 'valid' } } });
    const synced = await api('POST', `/tokens/${added.body.id}/sync`);
    expect(synced).toMatchObject({ status: 200, body: { outcome: 'completed', licenses: { total: 17, assigned: 2, available: 15 } } });
    const assets = await api('GET', `/assets?tokenId=${added.body.id}&productType=App`);
    expect(assets.body).toMatchObject({ total: 2, items: [{ adamId: '100', totalCount: 10, assignedCount: 2, availableCount: 8 }, { adamId: '200' }] });

    // Apple's notification reaches the host's webhook over HTTP.
    simulator.addLicenses(SMALL_LOCATION.uId, '200', 3);
    await simulator.whenNotificationsDelivered();
    expect((await api('GET', `/assets?search=200`)).body.items[0]).toMatchObject({ totalCount: 5, availableCount: 5 });
    const forged = await fetch(`${launched.url}/api/plugins/vpp-apple/notifications/${added.body.id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged' },
      body: JSON.stringify({ notificationId: 'x', notificationType: 'ASSET_COUNT', uId: SMALL_LOCATION.uId, notification: { adamId: '200', pricingParam: 'STDQ', countDelta: 100 } }),
    });
    expect(forged.status).toBe(401);

    const listed = await api('GET', '/tokens');
    for (const answer of [added, synced, assets, listed]) expect(answer.text).not.toContain(files[0]!.sToken);
  });

  it('adds a token from its file with the CLI, syncs with a progress bar and lists the locations with counts', async () => {
    const file = path.join(root, 'school.vpptoken');
    await writeFile(file, files[1]!.sToken);
    const add = await cli('token', 'add', file, '--name', 'School');
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Token "School" added for location "Northside School"/);

    const sync = await cli('sync');
    expect(sync.code).toBe(0);
    expect(sync.stdout).toMatch(/School\s+Northside School\s+completed/);
    expect(sync.stdout).toMatch(/Head office\s+Head Office\s+completed\s+incremental\s+3\s+20\s+2\s+18/);
    // A command's own --token names the location; the API token has a flag of its own.
    const one = await cli('sync', '--token', 'School');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/School\s+Northside School\s+completed/);
    expect(one.stdout).not.toMatch(/Head office/);

    const list = await cli('token', 'list', '--json');
    expect(JSON.parse(list.stdout).map((t: { name: string; program: string; sync: { status: string } }) => [t.name, t.program, t.sync.status])).toEqual([
      ['Head office', 'business', 'completed'],
      ['School', 'education', 'completed'],
    ]);

    const junk = path.join(root, 'junk.vpptoken');
    await writeFile(junk, Buffer.alloc(10 * 1024 * 1024, 'x'));
    const refused = await cli('token', 'add', junk, '--name', 'Junk');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/bytes|large|too big/i);

    const everything = [add, sync, list, refused].map((r) => r.stdout + r.stderr).join('\n') + logs.join('\n');
    for (const { sToken } of files) expect(everything).not.toContain(sToken);
  });

  it('answers a 1 MB item name with a short refusal that names its length, over REST and the CLI', async () => {
    const huge = 'Pages'.repeat(200_000);
    const rest = await api('POST', '/assignments', { item: huge, target: { kind: 'device', id: 'nobody' } });
    expect(rest.status).toBe(400);
    expect(rest.text.length).toBeLessThan(1_000);
    expect(rest.body.message).toBe(`No catalog item "${'Pages'.repeat(20)}…" (1,000,000 characters)`);

    // One argument of a command line holds at most 128 KiB.
    const cliRun = await cli('assign', 'Pages'.repeat(20_000), 'nobody', '--to', 'device');
    expect(cliRun.code).toBe(2);
    expect(cliRun.stderr).toBe(`vpp-host: No catalog item "${'Pages'.repeat(20)}…" (100,000 characters)\n`);
    expect(logs.join('\n')).not.toContain('Pages'.repeat(21));
  });

  it("says distribution's refusals and a dry run's account in the reader's language, over REST and the CLI", async () => {
    const rest = await api('POST', '/assignments', { item: 'Nothing', target: { kind: 'device', id: 'nobody' } }, 'fr-BE,fr;q=0.9');
    expect(rest).toMatchObject({ status: 400, body: { message: 'Aucun élément « Nothing » au catalogue', messageId: 'vpp.item.unknown', params: { name: 'Nothing' } } });

    const refused = await cli('assign', '100', 'nobody', '--to', 'device', '--token', 'Head office', '--lang', 'nl');
    expect(refused).toMatchObject({ code: 2, stderr: 'vpp-host: Geen apparaat "nobody"\n' });
    const preview = await cli('assign', '100', '--to', 'all-devices', '--token', 'Head office', '--dry-run', '--lang', 'fr');
    expect(preview.stderr).toBe('');
    expect(preview.stdout).toContain('Aperçu, rien n’a changé : aucune licence ne bougerait.');
    const tokens = await cli('token', 'list', '--lang', 'nl');
    expect(tokens.stdout).toMatch(/^NAAM\s+LOCATIE\s+PROGRAMMA\s+LAND\s+TOESTAND\s+SINDS\s+VERLOOPT\s+SYNCHRONISATIE\s+LAATSTE SUCCES\n/);
    expect((await cli('catalog', '--token', 'Head office', '--lang', 'fr')).stdout).toMatch(/^\(aucun\)\n/);
  });
});
