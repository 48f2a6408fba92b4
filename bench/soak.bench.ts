// Memory under read load: the demo host as `npm start` runs it (a process of its own, from the build), 10 rounds of
// 50 clients reading panel pages and the REST API; after each round its RSS (from /proc) as `ps` shows it, then RSS
// and heap (through the inspector) after a full GC. A host that keeps what requests allocated grows round after round.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT, startHostProcess } from '../test/support/host-process.js';
import { connectInspector, freePort } from './inspector.js';
import { report } from './support.js';

const ROUNDS = 10;
const CLIENTS = 50;
const REQUESTS_PER_CLIENT = 40;
const PAGES = ['dashboard', 'catalog', 'assignments', 'invitations', 'tokens'].map((view) => `/views/vpp-apple/${view}`).concat(['users', 'user-groups', 'devices', 'device-groups', 'activity', 'plugins'].map((view) => `/views/host/${view}`));
const API = ['audit', 'inventory/users', 'inventory/devices', 'inventory/user-groups', 'inventory/device-groups', 'plugins', 'admins', 'api-tokens', 'commands', 'plugins/mail/outbox', 'plugins/vpp-apple/tokens', 'plugins/vpp-apple/catalog', 'plugins/vpp-apple/assignments', 'plugins/vpp-apple/licenses', 'plugins/vpp-apple/enrolment', 'openapi.json'].map((route) => `/api/${route}`);
const MB = 2 ** 20;

if (spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/build.mjs'), '--if-stale'], { stdio: 'inherit' }).status !== 0) throw new Error('The build failed');
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-soak-'));
const inspectPort = await freePort();
const host = await startHostProcess(['--demo', '--port', '0', '--data-dir', dataDir], { NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}` });
const inspector = await connectInspector(inspectPort);
try {
  const password = /^\s+password\s+(\S+)$/m.exec(host.banner)![1]!;
  const signIn = await fetch(`${host.url}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'admin', password }) });
  const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('vpp_session='))!.split(';')[0]!;
  const { token } = JSON.parse(await readFile(path.join(dataDir, 'cli.json'), 'utf8')) as { token: string };

  /** Client i's n-th request: pages with the session cookie, the API with the cookie or the API token in turn. */
  const request = async (i: number, n: number) => {
    const k = i + n;
    const address = k % 2 === 0 ? PAGES[(k >> 1) % PAGES.length]! : API[(k >> 1) % API.length]!;
    const headers: Record<string, string> = address.startsWith('/api/') && k % 4 === 1 ? { authorization: `Bearer ${token}` } : { cookie };
    const response = await fetch(`${host.url}${address}`, { headers });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${address} answered ${response.status}`);
  };
  const rss = async () => Number(/^VmRSS:\s+(\d+) kB/m.exec(await readFile(`/proc/${host.child.pid}/status`, 'utf8'))![1]) / 1024;
  /** RSS as `ps` shows it, then RSS and heap after a full GC: what the host holds on to. */
  const measure = async () => {
    const seen = await rss();
    const heap = await inspector.heapAfterGc();
    return { seen, rss: await rss(), heapUsed: heap.heapUsed / MB, heapTotal: heap.heapTotal / MB, external: heap.external / MB };
  };
  console.log('round  requests/s  RSS MB | after a full GC: RSS MB  heap used MB  heap total MB  external MB');
  const show = (round: string, rate: string, m: Awaited<ReturnType<typeof measure>>) =>
    console.log(`${round.padStart(5)}  ${rate.padStart(10)}  ${m.seen.toFixed(0).padStart(6)} | ${m.rss.toFixed(0).padStart(22)}  ${m.heapUsed.toFixed(1).padStart(12)}  ${m.heapTotal.toFixed(1).padStart(13)}  ${m.external.toFixed(1).padStart(11)}`);

  const idle = await measure();
  show('idle', '', idle);
  const rounds: (typeof idle)[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, i) => {
        for (let n = 0; n < REQUESTS_PER_CLIENT; n++) await request(i, n);
      }),
    );
    const rate = (CLIENTS * REQUESTS_PER_CLIENT) / ((performance.now() - started) / 1000);
    rounds.push(await measure());
    show(String(round), rate.toFixed(0), rounds.at(-1)!);
  }

  const first = rounds[0]!;
  const last = rounds.at(-1)!;
  const aboveFirst = (pick: (m: typeof idle) => number) => (100 * Math.max(...rounds.slice(1).map(pick))) / pick(first) - 100;
  report('soak.rss.idle', idle.rss, 'MB');
  report('soak.rss.most-seen', Math.max(...rounds.map((m) => m.seen)), 'MB');
  report('soak.rss-after-gc.round-1', first.rss, 'MB');
  report('soak.rss-after-gc.round-10', last.rss, 'MB');
  report('soak.rss-after-gc.round-10-above-idle', last.rss - idle.rss, 'MB', '< 50 MB');
  report('soak.rss-after-gc.rounds-2-10-above-round-1', aboveFirst((m) => m.rss), '%', '≤ +10 %');
  report('soak.heap-used-after-gc.round-1', first.heapUsed, 'MB');
  report('soak.heap-used-after-gc.round-10', last.heapUsed, 'MB');
  report('soak.heap-used-after-gc.rounds-2-10-above-round-1', aboveFirst((m) => m.heapUsed), '%', '≤ +10 %');
} finally {
  inspector.close();
  await host.stop();
  await rm(dataDir, { recursive: true, force: true });
}
