// Taking over a large location from another product: `migrate plan` and `migrate apply` of a bundle of 100,000 users
// and 1,000,000 licences, through the real plugin in a real host against the simulator on localhost at Apple's rate
// limit. Compared in the same run with what a user would compare it with: a full sync of the same location.
// Targets: plan within 1.2x of the full sync; apply with no Apple write for the adopted licences.
// Run: node --expose-gc --max-old-space-size=8192 bin/run-ts.js bench/migration.bench.ts
// (MIGRATION_BENCH_USERS and MIGRATION_BENCH_APPS scale it: licences = users x apps.)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CommandContribution, Inventory, SYSTEM_ACTOR, type CommandResult, type Principal } from '../host/api/index.js';
import { Host } from '../host/runtime/host.js';
import { MIGRATION_BUNDLE_FORMAT_VERSION, SyncService, TokenService, type MigrationApplyResult, type MigrationBundle, type MigrationPlan } from '../plugins/vpp-apple/api/index.js';
import type { Assignment, UserStatus } from '../plugins/vpp-apple/src/client/index.js';
import { DEFAULT_POLICY } from '../plugins/vpp-apple/src/distribution/policy.js';
import { AppleVppSimulator, startAppleSimulatorServer, systemClock } from '../plugins/vpp-apple/src/simulator/index.js';
import { report, trackPeakRss } from './support.js';

const USERS = Number(process.env.MIGRATION_BENCH_USERS ?? 100_000);
const APPS = Number(process.env.MIGRATION_BENCH_APPS ?? 10);
const UID = '2049025000999777';
const EPOCH = Date.parse('2026-01-05T08:00:00Z');
const adamId = (app: number) => String(700_000 + app);
const at = (i: number) => new Date(EPOCH + i * 1_000).toISOString();
const WRITES = ['assets/associate', 'assets/disassociate', 'assets/revoke', 'users/create', 'users/update', 'users/retire'];

function* appleUsers(): Generator<{ clientUserId: string; email: string; status: UserStatus }> {
  for (let i = 0; i < USERS; i++) yield { clientUserId: `other-${i}`, email: `u${i}@contoso.example`, status: 'Associated' };
}

function* appleAssignments(): Generator<Assignment> {
  for (let app = 0; app < APPS; app++) for (let i = 0; i < USERS; i++) yield { adamId: adamId(app), pricingParam: 'STDQ', clientUserId: `other-${i}` };
}

/** What the other product exports: its people behind Apple's clientUserIds, one group assignment per app, every licence. */
function bundleOf(): MigrationBundle {
  const policy = { ...DEFAULT_POLICY, licenseRestrictedToUserGroups: [] };
  return {
    formatVersion: MIGRATION_BUNDLE_FORMAT_VERSION,
    exportedAt: new Date().toISOString(),
    source: { product: 'Other MDM' },
    location: { uId: UID, name: 'Large Location', orgName: 'Contoso Ltd', program: 'business', countryCode: 'US', tokenExpiresAt: '2027-12-31T00:00:00.000Z' },
    catalog: Array.from({ length: APPS }, (_, app) => ({
      id: `app-${app}`,
      kind: 'vpp-app' as const,
      name: `App ${app}`,
      platforms: ['iOS' as const, 'iPadOS' as const],
      vpp: { adamId: adamId(app), pricingParam: 'STDQ' as const, revocable: true, deviceAssignable: true, totalCount: USERS },
    })),
    assignments: Array.from({ length: APPS }, (_, app) => ({
      id: `assignment-${app}`,
      itemId: `app-${app}`,
      target: { kind: 'user-group' as const, id: 'staff' },
      installMode: 'automatic' as const,
      licenseType: 'user' as const,
      policy,
      state: 'active' as const,
      createdAt: at(0),
    })),
    people: Array.from({ length: USERS }, (_, i) => ({
      id: `u${i}`,
      name: `User ${i}`,
      email: `u${i}@contoso.example`,
      clientUserId: `other-${i}`,
      enrolment: { status: 'enrolled' as const, timesInvited: 1, invitedAt: at(i), acceptedAt: at(i + 1) },
    })),
    devices: [],
    groups: [{ kind: 'user-group', id: 'staff', name: 'Staff', members: Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, joinedAt: at(0) })) }],
    queues: [],
    licences: Array.from({ length: APPS * USERS }, (_, n) => {
      const app = Math.floor(n / USERS);
      const i = n % USERS;
      return { itemId: `app-${app}`, holderKind: 'user' as const, holderId: `u${i}`, appleHolderId: `other-${i}`, assignmentId: `assignment-${app}`, orderAt: at(i + 1), state: 'confirmed' as const, requestedAt: at(i + 2) };
    }),
  };
}

const ADMIN: Principal = { kind: 'admin', id: 'bench', name: 'Bench', role: 'admin' };

/** Runs one of the plugin's commands as the CLI and REST reach it (the plugin's classes are its own to load). */
function command(host: Host, id: string, file: string, options: Record<string, string | boolean>): Promise<CommandResult> {
  const handler = host.plugins
    .containerOf('vpp-apple')!
    .getAll<CommandContribution>(CommandContribution)
    .flatMap((contribution) => contribution.commands)
    .find((candidate) => candidate.id === id)!;
  return handler.run({ args: { file }, options }, { principal: ADMIN, progress: () => {} });
}

async function startHost(appleUrl: string): Promise<{ host: Host; dataDir: string }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'migration-bench-'));
  const host = await Host.start({ dataDir, onlyPlugins: ['vpp-apple'], port: 0, env: { VPP_APPLE_BASE_URL: appleUrl }, logSink: () => {} });
  if (!host.plugins.containerOf('vpp-apple')) throw new Error(`vpp-apple did not start: ${JSON.stringify(host.plugins.statuses())}`);
  return { host, dataDir };
}

const simulator = new AppleVppSimulator({ clock: systemClock, enforceRateLimit: true });
const { sToken } = simulator.addLocation({
  uId: UID,
  locationName: 'Large Location',
  assets: Array.from({ length: APPS }, (_, app) => ({ adamId: adamId(app), productType: 'App' as const, totalCount: USERS, deviceAssignable: true })),
  users: appleUsers(),
  assignments: appleAssignments(),
});
simulator.setMdmInfo(UID, { id: 'other-mdm', name: 'Other MDM', metadata: 'bench' });
const apple = await startAppleSimulatorServer(simulator);
const started: { host: Host; dataDir: string }[] = [];
try {
  // What a user compares the plan with: this host's own full sync of the location, at Apple's rate limit.
  const syncing = await startHost(apple.baseUrl);
  started.push(syncing);
  const syncContainer = syncing.host.plugins.containerOf('vpp-apple')!;
  const held = await syncContainer.get<TokenService>(TokenService).add({ name: 'Large', file: sToken, takeOver: true }, SYSTEM_ACTOR);
  let mark = performance.now();
  const full = await syncContainer.get<SyncService>(SyncService).sync(held.id, { full: true });
  const syncMs = performance.now() - mark;
  await syncing.host.stop();
  started.splice(0);
  await rm(syncing.dataDir, { recursive: true, force: true });

  const taking = await startHost(apple.baseUrl);
  started.push(taking);
  const container = taking.host.plugins.containerOf('vpp-apple')!;
  await container.get<Inventory>(Inventory).import(
    {
      users: Array.from({ length: USERS }, (_, i) => ({ id: `u${i}`, name: `User ${i}`, email: `u${i}@contoso.example` })),
      userGroups: [{ id: 'staff', name: 'Staff', members: Array.from({ length: USERS }, (_, i) => `u${i}`) }],
    },
    SYSTEM_ACTOR,
  );
  const text = JSON.stringify(bundleOf());
  const peak = trackPeakRss();

  mark = performance.now();
  const plan = (await command(taking.host, 'migrate.plan', text, { 'token-file': sToken })).data as MigrationPlan;
  const planMs = performance.now() - mark;
  if (!plan.clean || plan.counts.licencesAdopted !== APPS * USERS) throw new Error(`the plan is not what the bench built: ${JSON.stringify(plan.counts)}`);

  const before = simulator.requests.length;
  mark = performance.now();
  const applied = (await command(taking.host, 'migrate.apply', text, { 'token-file': sToken, 'take-over': true })).data as MigrationApplyResult;
  const applyMs = performance.now() - mark;
  const writes = simulator.requests.slice(before).filter((request) => WRITES.some((write) => request.path.endsWith(write))).length;
  if (applied.done.licencesAdopted !== APPS * USERS) throw new Error(`apply adopted ${applied.done.licencesAdopted} licences`);

  const size = `${USERS.toLocaleString('en')} users, ${(APPS * USERS).toLocaleString('en')} licences`;
  report('migration.full-sync', Math.round(syncMs), 'ms', `the comparison: ${full.assignments} assignments, ${full.users} users at Apple's rate limit`);
  report('migration.plan', Math.round(planMs), 'ms', `≤ 1.2x the full sync; ${size}, bundle ${Math.round(text.length / 2 ** 20)} MB`);
  report('migration.plan-vs-full-sync', Number((planMs / syncMs).toFixed(2)), 'x', '≤ 1.2');
  report('migration.apply', Math.round(applyMs), 'ms', `${size}; includes claiming the location and its first full sync`);
  report('migration.apply.apple-writes', writes, 'requests', '0');
  report('migration.peak-rss', Math.round(peak()), 'MB');
} finally {
  for (const { host, dataDir } of started) {
    await host.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
  await apple.dispose();
}
