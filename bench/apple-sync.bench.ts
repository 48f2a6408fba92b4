// Incremental sync of a large location after 1,000 changes, through the real plugin in a real host against the
// simulator on localhost: how many requests it makes next to the full walk (target: proportional to the changes,
// not to the location). Run: node bin/run-ts.js bench/apple-sync.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../host/api/index.js';
import { Host } from '../host/runtime/host.js';
import { SyncService, TokenService } from '../plugins/vpp-apple/api/index.js';
import type { Assignment, UserStatus } from '../plugins/vpp-apple/src/client/index.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock } from '../plugins/vpp-apple/src/simulator/index.js';

const APPS = 50;
const DEVICES_PER_APP = 2_000;
const USERS = 20_000;
const UID = '2049025000999001';

function* users(): Generator<{ clientUserId: string; status: UserStatus }> {
  for (let i = 0; i < USERS; i++) yield { clientUserId: `user-${i}`, status: i % 2 ? 'Associated' : 'Registered' };
}

function* assignments(): Generator<Assignment> {
  for (let app = 0; app < APPS; app++) {
    for (let d = 0; d < DEVICES_PER_APP; d++) yield { adamId: String(5000 + app), pricingParam: 'STDQ', serialNumber: `SER-${app}-${d}` };
  }
}

const simulator = new AppleVppSimulator({ clock: systemClock, enforceRateLimit: true });
const { sToken } = simulator.addLocation({
  uId: UID,
  locationName: 'Large Location',
  assets: Array.from({ length: APPS }, (_, app) => ({ adamId: String(5000 + app), productType: 'App' as const, totalCount: DEVICES_PER_APP + 1_000 })),
  users: users(),
  assignments: assignments(),
});
const apple = await startAppleSimulatorServer(simulator);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'apple-sync-bench-'));
const host = await Host.start({ dataDir, onlyPlugins: ['vpp-apple'], port: 0, env: { VPP_APPLE_BASE_URL: apple.baseUrl }, logSink: () => {} });
try {
  const container = host.plugins.containerOf('vpp-apple');
  if (!container) throw new Error(`vpp-apple did not start: ${JSON.stringify(host.plugins.statuses())}`);
  const tokens = container.get<TokenService>(TokenService);
  const sync = container.get<SyncService>(SyncService);
  const token = await tokens.add({ name: 'Large', file: sToken }, SYSTEM_ACTOR);

  let mark = simulator.requests.length;
  let started = performance.now();
  const full = await sync.sync(token.id);
  const fullRequests = simulator.requests.length - mark;
  const fullMs = performance.now() - started;

  // 1,000 changes made at Apple: 600 new device licenses over 6 apps, 200 released from 2 apps, 200 new users.
  const location = simulator.location(UID);
  for (let app = 0; app < 6; app++) {
    simulator.associate(location, { assets: [{ adamId: String(5000 + app), pricingParam: 'STDQ' }], serialNumbers: Array.from({ length: 100 }, (_, i) => `NEW-${app}-${i}`) });
  }
  for (let app = 10; app < 12; app++) {
    simulator.disassociate(location, { assets: [{ adamId: String(5000 + app), pricingParam: 'STDQ' }], serialNumbers: Array.from({ length: 100 }, (_, i) => `SER-${app}-${i}`) });
  }
  for (let batch = 0; batch < 2; batch++) {
    simulator.createUsers(location, { users: Array.from({ length: 100 }, (_, i) => ({ clientUserId: `new-user-${batch}-${i}` })) });
  }
  simulator.processEvents();

  mark = simulator.requests.length;
  started = performance.now();
  const incremental = await sync.sync(token.id);
  const requests = simulator.requests.slice(mark);
  const incrementalMs = performance.now() - started;
  const perPath = new Map<string, number>();
  for (const request of requests) perPath.set(request.path, (perPath.get(request.path) ?? 0) + 1);
  const byPath = [...perPath].map(([p, n]) => `${p} ${n}`).join(', ');

  if (incremental.kind !== 'incremental' || incremental.assignments !== full.assignments + 600 - 200 || incremental.users !== full.users + 200) {
    throw new Error(`the incremental sync missed changes: ${JSON.stringify({ full, incremental })}`);
  }
  console.log(`BENCH apple.incremental-sync-1k.requests: ${requests.length} (full walk: ${fullRequests}; target proportional to changes)`);
  console.log(`BENCH apple.incremental-sync-1k.ms: ${incrementalMs.toFixed(0)} ms (full walk: ${fullMs.toFixed(0)} ms; requests by path: ${byPath})`);
  console.log(`BENCH apple.full-sync.records: ${full.assignments} assignments, ${full.users} users, ${full.assets} assets`);
} finally {
  await host.stop();
  await apple.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
