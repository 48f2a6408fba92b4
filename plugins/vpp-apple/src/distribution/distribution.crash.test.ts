// Kills the process with SIGKILL while it allocates and revokes, restarts, and checks nothing was lost or doubled.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CRASH_ASSET, CRASH_USERS } from './testing/crash-scenario.js';
import { createHarness, importEnrolledGroup, ledgerInvariants, TOKEN_ID, type Harness } from './testing/distribution-harness.js';

const ITEM = `vpp:${TOKEN_ID}:${CRASH_ASSET.adamId}:STDQ`;
let h: Harness | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await h?.dispose();
  h = undefined;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** Runs the child until it prints `marker`, waits `delayMs`, then kills it with SIGKILL. */
function killChildAfter(dataDir: string, marker: string, delayMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/run-ts.js', 'plugins/vpp-apple/src/distribution/testing/crash-child.ts', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(marker) && !child.killed) setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(out) : reject(new Error(`child ended without being killed: ${out}\n${err}`))));
  });
}

describe('crash safety', () => {
  it.each([
    ['just as the assignment is made', 'ALLOCATING', 0],
    ['while the first allocation is written', 'ALLOCATING', 15],
    ['once the first allocation is queued for Apple', 'ASSIGNED', 0],
    ['while revocations serve the queue', 'REVOKED 3', 0],
  ])('SIGKILL %s: after restart nothing is over-allocated, lost or doubled', async (_label, marker, delayMs) => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-distribution-crash-'));
    dirs.push(dataDir);
    const setup = await createHarness({ dataDir, assets: [CRASH_ASSET] });
    await importEnrolledGroup(setup, 'crew', CRASH_USERS, Date.parse('2026-02-01T00:00:00Z'));
    await setup.dispose();

    const output = await killChildAfter(dataDir, marker, delayMs);
    expect(output).toContain(marker);

    h = await createHarness({ dataDir, assets: [CRASH_ASSET], appleUsers: CRASH_USERS });
    const counts = h.service.countsOf({ tokenId: TOKEN_ID, adamId: CRASH_ASSET.adamId, pricingParam: 'STDQ' });
    expect(counts.held).toBeLessThanOrEqual(counts.total);
    const before = ledgerInvariants(h, CRASH_ASSET.adamId);
    expect(before.duplicates).toBe(0);

    const assigned = h.service.listAssignments({ item: ITEM }).length === 1;
    const queue = h.service.queue(ITEM).waiting.map((w) => w.holder.slice('user:'.length));
    const live = new Set(
      h.service.licenses({ item: ITEM, limit: 10_000 }).items.filter((r) => r.state === 'requested' || r.state === 'confirmed').map((r) => r.holderId),
    );
    const revoked = new Set(h.service.licenses({ item: ITEM, limit: 10_000 }).items.filter((r) => r.releaseCause === 'revoked').map((r) => r.holderId));
    if (assigned) {
      // Every member is licensed, waiting or revoked: none lost, none twice.
      for (const id of CRASH_USERS) expect([live.has(id), queue.includes(id), revoked.has(id) && !live.has(id)].filter(Boolean).length).toBe(1);
      expect(live.size).toBe(Math.min(CRASH_ASSET.totalCount, CRASH_USERS.length - revoked.size));
      // The queue is in enrolment order.
      expect(queue).toEqual([...queue].sort());
    } else {
      expect(live.size).toBe(0);
    }

    // What was reserved before the crash reaches Apple after it, exactly once.
    await h.service.whenSettled();
    const after = ledgerInvariants(h, CRASH_ASSET.adamId);
    expect(after.duplicates).toBe(0);
    expect(h.service.licenses({ item: ITEM, state: 'failed' }).total).toBe(0);
    expect(h.simulator.location(h.uId).findAsset(CRASH_ASSET.adamId)!.assignedCount).toBe(h.service.licenses({ item: ITEM, state: 'confirmed' }).total);
    expect(h.service.licenses({ item: ITEM, state: 'requested' }).total).toBe(0);
  });
});
