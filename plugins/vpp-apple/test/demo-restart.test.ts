// A restarted demo is the same organisation: Apple's registered users and assignments and the SMTP sink's mail are
// kept in the data directory, after a clean stop and after a kill -9 alike.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InvitationService } from '../src/invitations/invitation-service.js';
import { freePort } from '../src/invitations/testing/invitation-world.js';
import { ADAM_ID, confirmed, crowd, CROWD, DEVICES, PEOPLE, personIds, serials, startDemo, until, useOrganisation, type DemoHost } from './demo-scenario.js';

let running: DemoHost | undefined;
let dataDir = '';
afterEach(async () => {
  await running?.launched.stop();
  running = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs the demo child on `scenario` until it prints `marker`, then kills it with SIGKILL after `delayMs`. */
function killDemoChild(dir: string, port: number, scenario: 'organisation' | 'crowd', marker: string, delayMs = 0): Promise<void> {
  return new Promise((resolve, reject) => {
    // Through tsx alone, without the plugin loader's isolation: the child drives and reads the demo through vpp-apple's
    // and mail's internal classes, which the isolation would load as other instances than the plugins' own.
    const child = spawn(process.execPath, ['--import', 'tsx', 'plugins/vpp-apple/test/demo-crash-child.ts', dir, String(port), scenario], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker)) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed: ${out}\n${err}`))));
  });
}

/** The restarted demo still knows what the first one did, at Apple, in the ledger and in the sink. */
async function expectSameOrganisation(demo: DemoHost): Promise<void> {
  const tokenId = demo.token.id;
  expect(personIds.map((id) => demo.catalog.user(tokenId, id)?.status)).toEqual(Array(PEOPLE).fill('Registered'));
  const heldAtApple = demo.catalog.assignments(tokenId, { adamId: ADAM_ID }).map((a) => a.serialNumber).filter((s) => s !== undefined);
  expect(heldAtApple.sort()).toEqual([...serials].sort());
  await demo.distribution.whenSettled();
  expect(demo.distribution.licenses({ item: demo.item, state: 'failed' }).total).toBe(0);
  expect(confirmed(demo)).toBe(DEVICES);
  const mailedTo = demo.sink.received(100).flatMap((m) => m.envelopeTo);
  expect(mailedTo.sort()).toEqual(personIds.map((id) => `${id}@contoso.example`).sort());
  expect(demo.invitations.list({ status: 'invited', limit: 100 }).total).toBe(PEOPLE);
}

describe('a restarted demo', () => {
  it('after a clean stop: Apple, the ledger and the sink are as the first demo left them', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-demo-restart-'));
    const first = (running = await startDemo(dataDir));
    await useOrganisation(first);
    await first.launched.stop();
    running = undefined;
    // The state file holds the locations' tokens: only its owner may read it.
    expect((await stat(path.join(dataDir, 'demo', 'apple-simulator.json'))).mode & 0o777).toBe(0o600);

    running = await startDemo(dataDir);
    await expectSameOrganisation(running);
  });

  it('after kill -9 of the demo host: Apple, the ledger and the sink are as the killed demo left them', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-demo-kill-'));
    const port = await freePort();
    await killDemoChild(dataDir, port, 'organisation', 'READY');
    running = await startDemo(dataDir, port);
    await expectSameOrganisation(running);
  });

  it('after kill -9 in the middle of a group invitation: the batch resumes against the demo Apple and everyone is mailed once', async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-demo-invite-kill-'));
    // The same port, as `vpp-host start --demo` keeps: Apple's webhook still reaches the restarted host.
    const port = await freePort();
    await killDemoChild(dataDir, port, 'crowd', 'INVITING', 400);
    const demo = (running = await startDemo(dataDir, port));
    await until(() => demo.sink.count() >= CROWD, 'the whole crowd mailed by the restarted demo', 60_000);
    await demo.launched.host.plugins.containerOf('vpp-apple')!.get(InvitationService).whenIdle();
    const mailedTo = demo.sink.received(CROWD * 2).flatMap((m) => m.envelopeTo);
    expect(mailedTo.sort()).toEqual(crowd(CROWD).sort());
    expect(demo.logs.filter((l) => l.message.startsWith('Could not finish an invitation batch'))).toEqual([]);
  });
});
