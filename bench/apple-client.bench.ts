// Apple client against the simulator over localhost HTTP, at Apple's real 15 requests per second.
// (1) a full sync of one location with 1,000,000 assignments and 100,000 users;
// (2) associating one app to 100,000 serial numbers.
import { AppleVppClient } from '../plugins/vpp-apple/src/client/index.js';
import type { Assignment, UserStatus } from '../plugins/vpp-apple/src/client/index.js';
import {
  AppleVppSimulator,
  maxInAnyWindow,
  startAppleSimulatorServer,
  systemClock,
} from '../plugins/vpp-apple/src/simulator/index.js';
import type { Logger } from '../host/api/index.js';

const USERS = 100_000;
const APPS_PER_USER = 10;
const SERIALS = 100_000;

const quietLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (message, fields) => console.warn(message, fields),
  error: (message, fields) => console.error(message, fields),
  child: () => quietLogger,
};

function* users(): Generator<{ clientUserId: string; status: UserStatus }> {
  for (let i = 0; i < USERS; i++) yield { clientUserId: `user-${i}`, status: 'Associated' };
}

function* assignments(): Generator<Assignment> {
  for (let i = 0; i < USERS; i++) {
    for (let app = 0; app < APPS_PER_USER; app++) yield { adamId: String(1000 + app), pricingParam: 'STDQ', clientUserId: `user-${i}` };
  }
}

const apps = Array.from({ length: APPS_PER_USER }, (_, app) => ({ adamId: String(1000 + app), productType: 'App' as const, totalCount: USERS }));

function bench(name: string, value: string | number, target?: string): void {
  console.log(`BENCH ${name}: ${value}${target ? ` (target ${target})` : ''}`);
}

const simulator = new AppleVppSimulator({ clock: systemClock });
const seedStarted = performance.now();
const big = simulator.addLocation({ uId: '9000000000000001', locationName: 'Bench Large', assets: apps, users: users(), assignments: assignments() });
const small = simulator.addLocation({
  uId: '9000000000000002',
  locationName: 'Bench Devices',
  assets: [{ adamId: '2000', productType: 'App', totalCount: SERIALS }],
});
console.log(`seeded 1,000,000 assignments and 100,000 users in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
const server = await startAppleSimulatorServer(simulator);

try {
  // (1) Full sync: every assignment page and every user page.
  const client = new AppleVppClient({ sToken: big.sToken, clock: systemClock, logger: quietLogger, baseUrl: server.baseUrl });
  let items = 0;
  const started = performance.now();
  const assignmentWalk = await client.walkAssignments({ onPage: (page) => void (items += page.items.length) });
  const userWalk = await client.walkUsers({ onPage: (page) => void (items += page.items.length) });
  const seconds = (performance.now() - started) / 1000;
  const pages = assignmentWalk.pages + userWalk.pages;
  const requests = simulator.requests.filter((r) => r.uId === big.uId);
  const ideal = pages / 15;
  bench('apple.full-sync-1M.items', items, '1100000');
  bench('apple.full-sync-1M.pages', pages);
  bench('apple.full-sync-1M.requests', requests.length);
  bench('apple.full-sync-1M.rejected', requests.filter((r) => r.httpStatus !== 200).length, '0');
  bench('apple.full-sync-1M.wall', `${seconds.toFixed(1)} s`);
  bench('apple.full-sync-1M.ideal', `${ideal.toFixed(1)} s`);
  bench('apple.full-sync-1M.ratio', (seconds / ideal).toFixed(3), '<= 1.2');
  bench('apple.full-sync-1M.max-per-second', maxInAnyWindow(requests.map((r) => r.at)), '<= 15');

  // (2) One app to 100,000 devices.
  const deviceClient = new AppleVppClient({ sToken: small.sToken, clock: systemClock, logger: quietLogger, baseUrl: server.baseUrl });
  const limits = await deviceClient.getLimits();
  const serials = Array.from({ length: SERIALS }, (_, i) => `C02BENCH${String(i).padStart(6, '0')}`);
  const associateStarted = performance.now();
  const submitted = await deviceClient.associate([{ adamId: '2000', pricingParam: 'STDQ' }], { serialNumbers: serials });
  const associateSeconds = (performance.now() - associateStarted) / 1000;
  const minimum = Math.ceil(1 / limits.maxAssets) * Math.ceil(SERIALS / limits.maxSerialNumbers);
  simulator.processEvents();
  const deviceRequests = simulator.requests.filter((r) => r.uId === small.uId);
  bench('apple.associate-100k.requests', submitted.length, `exactly ${minimum}`);
  bench('apple.associate-100k.minimum', minimum);
  bench('apple.associate-100k.assigned', simulator.location(small.uId).assets.get('2000|STDQ')!.assignedCount, String(SERIALS));
  bench('apple.associate-100k.wall', `${associateSeconds.toFixed(1)} s`);
  bench('apple.associate-100k.max-per-second', maxInAnyWindow(deviceRequests.map((r) => r.at)), '<= 15');
  bench('apple.peak-rss', `${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  await server.dispose();
}
