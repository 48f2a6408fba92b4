// Failover of two hosts on one PostgreSQL database: the active host is killed (kill -9) and the time until the
// standby answers /api/ready with 200 is measured, with the default lease timeout (5 s). The last heartbeat came up to
// a third of the timeout before the kill and the standby checks every third of it, so the lease is taken between 2/3
// and 4/3 of the timeout after the kill; the rest is the takeover (applying the last changes, starting the plugins).
// Three takeovers back and forth: the killed host is started again and becomes the standby. Uses VPP_TEST_PG_URL, or
// a private cluster.
// Run: node bin/run-ts.js bench/failover.bench.ts
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHostProcess, type HostProcess } from '../test/support/host-process.js';
import { createBenchDatabase } from './postgres-database.js';
import { median, report } from './support.js';

const TAKEOVERS = 3;
const LEASE_TIMEOUT_MS = 5_000;

const { url, drop } = await createBenchDatabase('vpp_bench_failover');
const env = { VPP_HOST_SECRET_KEY: randomBytes(32).toString('base64'), VPP_HOST_LEASE_TIMEOUT_MS: String(LEASE_TIMEOUT_MS) };
const dirs = [await mkdtemp(path.join(os.tmpdir(), 'vpp-failover-a-')), await mkdtemp(path.join(os.tmpdir(), 'vpp-failover-b-'))];
const start = (dir: string): Promise<HostProcess> => startHostProcess(['--port', '0', '--data-dir', dir, '--storage', url], env);

async function readyStatus(host: HostProcess): Promise<number> {
  return fetch(`${host.url}/api/ready`).then((r) => r.status, () => 0);
}

const running: HostProcess[] = [];
try {
  running.push(await start(dirs[0]!), await start(dirs[1]!));
  const measured: number[] = [];
  for (let n = 0; n < TAKEOVERS; n++) {
    const [active, standby] = running as [HostProcess, HostProcess];
    const killedAt = performance.now();
    active.child.kill('SIGKILL');
    await active.exited;
    while ((await readyStatus(standby)) !== 200) await sleep(20);
    measured.push(performance.now() - killedAt);
    running.splice(0, 2, standby, await start(dirs[n % 2]!));
  }
  report('failover.kill-to-ready-median', median(measured), 'ms');
  report('failover.kill-to-ready-max', Math.max(...measured), 'ms', '10000 ms');
} finally {
  for (const host of running) await host.stop();
  await drop();
}
