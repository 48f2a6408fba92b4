// intune-compat's Graph surface against the core's own REST in the same host, over the same HTTP connections:
// (1) listing 10,000 VPP apps through Graph, following @odata.nextLink page by page ($top=999), against one
//     GET of the core's catalog of VPP apps; (2) one Graph `assign` of an app to a user group of 100,000 enrolled
//     users (60,000 licenses), against the core's POST /assignments of another app with the same licenses to the
//     same group. Each answer returns once the allocation is durable; Apple hears of it afterwards.
// Run: npm run bench -- intune-graph
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { SYSTEM_ACTOR } from '../host/api/actor.js';
import { Inventory } from '../host/api/inventory.js';
import { AccountService } from '../host/http/auth/account-service.js';
import { Host } from '../host/runtime/host.js';
import { SyncService, TokenService } from '../plugins/vpp-apple/api/index.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock, type AssetSpec } from '../plugins/vpp-apple/src/simulator/index.js';
import { median, report, whenIdle } from './support.js';

const APPS = 10_000;
const USERS = 100_000;
const LICENSES = 60_000;
const RUNS = 5;
const TARGET = 'Graph within 1.5x of the core REST';

const userIds = Array.from({ length: USERS }, (_, i) => `u${String(i).padStart(6, '0')}`);
const listed: AssetSpec[] = Array.from({ length: APPS }, (_, i) => ({ adamId: String(800_000_000 + i), productType: 'App', totalCount: 1 + (i % 50) }));
// Two apps with the same licenses for the assign comparison: one through Graph, one through the core's REST.
const assigned: AssetSpec[] = ['1', '2'].map((n) => ({ adamId: `90000000${n}`, productType: 'App', totalCount: LICENSES }));

const simulator = new AppleVppSimulator({ clock: systemClock, eventDelayMs: 0, enforceRateLimit: false });
const location = simulator.addLocation({
  uId: '4000000000000002',
  locationName: 'Bench District',
  assets: [...listed, ...assigned],
  users: userIds.map((id) => ({ clientUserId: id, email: `${id}@bench.example`, status: 'Associated' as const })),
});
const server = await startAppleSimulatorServer(simulator);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'vpp-bench-intune-'));
const host = await Host.start({
  dataDir,
  bundledPluginsDir: null,
  pluginDirs: [path.join(import.meta.dirname, '..', 'plugins')],
  port: 0,
  logSink: () => {},
  env: { ...process.env, VPP_APPLE_BASE_URL: server.baseUrl },
});
try {
  await host.container.get<Inventory>(Inventory).import(
    { users: userIds.map((id) => ({ id, name: id, email: `${id}@bench.example` })), userGroups: [{ id: 'everyone', name: 'Everyone', members: userIds }] },
    SYSTEM_ACTOR,
  );
  const plugin = host.plugins.containerOf('vpp-apple')!;
  const token = await plugin.get<TokenService>(TokenService).add({ name: 'Bench', file: location.sToken }, SYSTEM_ACTOR);
  // The sync enrols every inventory user Apple has as Associated.
  await plugin.get<SyncService>(SyncService).sync(token.id, { full: true });
  await whenIdle();
  const apiToken = (await host.container.get<AccountService>(AccountService).createApiToken({ name: 'bench', role: 'admin' }, SYSTEM_ACTOR)).token;
  const url = host.environment.publicUrl();
  const headers = { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' };
  const json = async (address: string, init: RequestInit = {}) => {
    const response = await fetch(address.startsWith('http') ? address : `${url}${address}`, { ...init, headers });
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${address}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
  };

  const graphList = async () => {
    let count = 0;
    for (let next: string | undefined = `/api/plugins/intune-compat/beta/deviceAppManagement/mobileApps?$top=999`; next; ) {
      const page = (await json(next))!;
      count += (page.value as unknown[]).length;
      next = page['@odata.nextLink'] as string | undefined;
    }
    if (count !== APPS + assigned.length) throw new Error(`Graph listed ${count} apps`);
  };
  const coreList = async () => {
    const page = (await json('/api/plugins/vpp-apple/catalog?kind=vpp-app'))!;
    if ((page.items as unknown[]).length !== APPS + assigned.length) throw new Error('The core listed too few apps');
  };
  // Turn about, so whatever else the host is still doing after the set-up weighs on both alike.
  const samples = { graph: [] as number[], core: [] as number[] };
  await graphList();
  await coreList();
  for (let i = 0; i < RUNS; i++) {
    for (const [name, once] of [['graph', graphList], ['core', coreList]] as const) {
      const started = performance.now();
      await once();
      samples[name].push(performance.now() - started);
    }
  }
  const graphListMs = median(samples.graph);
  const coreListMs = median(samples.core);
  report('intune.graph-list-10k-apps', graphListMs, 'ms');
  report('intune.core-rest-list-10k-apps', coreListMs, 'ms');
  report('intune.graph-list-ratio', graphListMs / coreListMs, 'x', TARGET);

  const item = (adamId: string) => `vpp:${token.id}:${adamId}:STDQ`;
  let started = performance.now();
  await json(`/api/plugins/vpp-apple/assignments`, { method: 'POST', body: JSON.stringify({ item: item(assigned[0]!.adamId), target: { kind: 'user-group', id: 'everyone' } }) });
  const coreAssignMs = performance.now() - started;
  started = performance.now();
  await json(`/api/plugins/intune-compat/beta/deviceAppManagement/mobileApps/${item(assigned[1]!.adamId)}/assign`, {
    method: 'POST',
    body: JSON.stringify({ mobileAppAssignments: [{ intent: 'required', target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId: 'everyone' } }] }),
  });
  const graphAssignMs = performance.now() - started;
  report('intune.graph-assign-100k-users', graphAssignMs, 'ms');
  report('intune.core-rest-assign-100k-users', coreAssignMs, 'ms');
  report('intune.graph-assign-ratio', graphAssignMs / coreAssignMs, 'x', TARGET);
} finally {
  await host.stop();
  await server.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
