// Failover of two hosts on one PostgreSQL database: the active host is killed (kill -9) and the time until the
// standby answers /api/ready with 200 is measured, with the default lease timeout (5 s). The last heartbeat came up to
// a third of the timeout before the kill and the standby checks every third of it, so the lease is taken between 2/3
// and 4/3 of the timeout after the kill; the rest is the takeover (applying the last changes). The standby's plugins
// are started already (it serves their reads): taking over starts their active work only, which the standby logs
// with its duration (read from its host.log). vpp-apple's ledger holds 1,000,000 licences, and the active host adds
// an in-house app just before each kill: the standby's licence pools are then out of date and are built again from
// the ledger as it takes over, before any work starts. Three takeovers back and forth: the killed host is started
// again and becomes the standby. Uses VPP_TEST_PG_URL, or a private cluster.
// Run: node bin/run-ts.js bench/failover.bench.ts
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { readCliFile } from '../host/cli/cli-file.js';
import { TOOK_OVER } from '../host/runtime/plugin-activation.js';
import { startHostProcess, type HostProcess } from '../test/support/host-process.js';
import { createBenchDatabase } from './postgres-database.js';
import { seedReleasedLedger } from './released-ledger.js';
import { median, report } from './support.js';

const TAKEOVERS = 3;
const LEASE_TIMEOUT_MS = 5_000;
const LEDGER = 1_000_000;
/** Ample for the standby to follow one change (it is told at each commit). */
const FOLLOW_MS = 1_000;

const { url, drop } = await createBenchDatabase('vpp_bench_failover');
const secretKey = randomBytes(32);
await seedReleasedLedger(url, secretKey, LEDGER);
const env = { VPP_HOST_SECRET_KEY: secretKey.toString('base64'), VPP_HOST_LEASE_TIMEOUT_MS: String(LEASE_TIMEOUT_MS) };
const dirs = [await mkdtemp(path.join(os.tmpdir(), 'vpp-failover-a-')), await mkdtemp(path.join(os.tmpdir(), 'vpp-failover-b-'))];
const start = (dir: string): Promise<HostProcess> => startHostProcess(['--port', '0', '--data-dir', dir, '--storage', url], env);

async function readyStatus(host: HostProcess): Promise<number> {
  return fetch(`${host.url}/api/ready`).then((r) => r.status, () => 0);
}

/** Adds an in-house app through the active host (with the API token it keeps in its data dir, once issued). */
async function addInHouseApp(host: HostProcess, dir: string, n: number): Promise<void> {
  const body = JSON.stringify({ kind: 'in-house-app', name: `Bench app ${n}`, bundleId: `com.example.bench${n}`, platforms: ['iOS'] });
  for (;;) {
    const token = (await readCliFile(dir))?.token;
    const answer = token && (await fetch(`${host.url}/api/plugins/vpp-apple/catalog`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body }));
    if (answer && answer.status === 201) return;
    await sleep(100);
  }
}

/** The takeovers logged in a data dir's host.log: how long each took to start the plugins' active work. */
async function takeoverMs(dir: string): Promise<number[]> {
  const lines = (await readFile(path.join(dir, 'host.log'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { message: string; fields?: { ms?: number } });
  return lines.flatMap((line) => (line.message === TOOK_OVER && line.fields?.ms !== undefined ? [line.fields.ms] : []));
}

/** Waits for a takeover past the `before` ones already logged in the data dir's host.log; returns its time. */
async function nextTakeoverMs(dir: string, before: number): Promise<number> {
  for (let logged = await takeoverMs(dir); ; logged = await takeoverMs(dir)) {
    if (logged.length > before) return logged[before]!;
    await sleep(20);
  }
}

const running: HostProcess[] = [];
try {
  running.push(await start(dirs[0]!), await start(dirs[1]!));
  const measured: number[] = [];
  const activeWork: number[] = [];
  for (let n = 0; n < TAKEOVERS; n++) {
    const [active, standby] = running as [HostProcess, HostProcess];
    const standbyDir = dirs[(n + 1) % 2]!;
    const takeoversBefore = (await takeoverMs(standbyDir)).length;
    await addInHouseApp(active, dirs[n % 2]!, n);
    await sleep(FOLLOW_MS);
    const killedAt = performance.now();
    active.child.kill('SIGKILL');
    await active.exited;
    while ((await readyStatus(standby)) !== 200) await sleep(20);
    measured.push(performance.now() - killedAt);
    activeWork.push(await nextTakeoverMs(standbyDir, takeoversBefore));
    running.splice(0, 2, standby, await start(dirs[n % 2]!));
  }
  report('failover.kill-to-ready-median', median(measured), 'ms');
  report('failover.kill-to-ready-max', Math.max(...measured), 'ms', '10000 ms');
  report('failover.start-active-work-1m-ledger-median', median(activeWork), 'ms');
  report('failover.start-active-work-1m-ledger-max', Math.max(...activeWork), 'ms', '2000 ms');
} finally {
  for (const host of running) await host.stop();
  await drop();
}
