// A group invitation interrupted by kill -9 while Apple answers users/create with 503: the restarted host keeps
// trying the batch with backoff, and once Apple recovers every member gets one invitation, without another restart.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { InvitationWorld, waitFor } from './testing/invitation-world.js';

const GROUP = 100;

let world: InvitationWorld | undefined;
afterEach(async () => {
  await world?.dispose();
  world = undefined;
});

const refusedCreates = (w: InvitationWorld) => w.simulator.requests.filter((r) => r.path.endsWith('users/create') && r.httpStatus === 503).length;

/** Runs a host process that invites the group, and kills it with SIGKILL `delayMs` after it started inviting. */
function killInvitingHostAfter(w: InvitationWorld, delayMs: number): Promise<void> {
  const options = { dataDir: w.dataDir, hostPort: w.hostPort, appleBaseUrl: w.apple.baseUrl, smtpPort: w.smtp.port, sToken: w.sToken };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'plugins/vpp-apple/src/invitations/testing/invite-crash-child.ts', JSON.stringify(options), String(GROUP)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('INVITING')) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child ended without being killed: ${out}\n${err}`))));
  });
}

describe('an invitation batch interrupted by kill -9 while Apple is unavailable', () => {
  it('is finished by the restarted host once Apple recovers: each member mailed once, no second restart', async () => {
    const w = (world = await InvitationWorld.create());
    w.simulator.injectFault({ kind: 'unavailable' }, { path: 'users/create', times: 1_000_000 });
    await killInvitingHostAfter(w, 400);
    expect(w.smtp.received).toHaveLength(0);

    const refusedBefore = refusedCreates(w);
    const h = await w.startHost();
    // The restarted host's client gave up on its retries (six attempts): the resumed batch failed for now.
    await waitFor(() => refusedCreates(w) - refusedBefore >= 6, 'the resumed batch refused by Apple', 60_000);
    expect(w.smtp.received).toHaveLength(0);

    w.simulator.clearFaults();
    await waitFor(() => w.smtp.received.length >= GROUP, 'every invitation mailed after Apple recovered', 60_000);
    await waitFor(() => h.mail.list({ state: 'sent', limit: 1 }).total === GROUP, 'every invitation recorded as sent');
    const perUser = Array.from({ length: GROUP }, (_, i) => w.mailsTo(`u${i}@contoso.example`).length);
    expect(perUser).toEqual(Array(GROUP).fill(1));
    expect(h.invitations.list({ status: 'invited', limit: 1000 }).total).toBe(GROUP);
  }, 180_000);
});
