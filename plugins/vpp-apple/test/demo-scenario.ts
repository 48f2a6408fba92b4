// A demo organisation in use: people invited (Apple registers them, their mail goes to the SMTP sink) and an app
// assigned to a group of iPads (Apple holds the assignments). Shared by the in-process test and the child a test kills.
import { Inventory, type InventorySnapshot } from '@vpp-host/api';
import { launchHost, type LaunchedHost } from '../../../host/cli/host-launcher.js';
import type { LogLine } from '../../../host/runtime/logger.js';
import { DemoSmtpSink } from '../../mail/src/demo-sink.js';
import { CatalogReader, Invitations, TokenService, type TokenRecord } from '../api/index.js';
import { DistributionRuntime } from '../src/distribution/distribution-runtime.js';
import { vppItemId } from '../src/distribution/model.js';
import { DEMO_ASSET_NAMES, DEMO_LOCATIONS } from '../src/simulator/index.js';
import { ADMIN } from './harness.js';

export const PEOPLE = 5;
export const DEVICES = 6;
/** A group invited at once, large enough to take several requests to Apple. */
export const CROWD = 100;
/** The first app of the demo catalogue (Pages: licences enough for every device). */
export const ADAM_ID = [...DEMO_ASSET_NAMES.keys()][0]!;
const HEAD_OFFICE = DEMO_LOCATIONS[0]!.uId;

export const personIds = Array.from({ length: PEOPLE }, (_, i) => `demo-u${i}`);
export const serials = Array.from({ length: DEVICES }, (_, i) => `DEMOSER${i}`);

const ORGANISATION: InventorySnapshot = {
  users: personIds.map((id, i) => ({ id, name: `Person ${i}`, email: `${id}@contoso.example` })),
  userGroups: [{ id: 'demo-staff', name: 'Staff', members: personIds }],
  devices: serials.map((serialNumber, i) => ({ id: `dev${i}`, serialNumber, platform: 'iOS', osVersion: '17.4' })),
  deviceGroups: [{ id: 'demo-ipads', name: 'iPads', members: serials.map((_, i) => `dev${i}`) }],
};

export interface DemoHost {
  readonly launched: LaunchedHost;
  readonly logs: LogLine[];
  readonly token: TokenRecord;
  readonly item: string;
  readonly catalog: CatalogReader;
  readonly invitations: Invitations;
  readonly distribution: DistributionRuntime['service'];
  readonly sink: DemoSmtpSink;
}

/** `vpp-host start --demo` on the data directory (and port: the same one keeps Apple's webhook), once both demo locations are synced. */
export async function startDemo(dataDir: string, port = 0): Promise<DemoHost> {
  const logs: LogLine[] = [];
  const launched = await launchHost({ dataDir, onlyPlugins: ['vpp-apple'], port, demo: true, logSink: (line) => logs.push(line) });
  await until(() => logs.filter((l) => l.message === 'Demo location synced').length === DEMO_LOCATIONS.length, 'the demo locations synced', 60_000);
  const container = launched.host.plugins.containerOf('vpp-apple')!;
  const token = container.get<TokenService>(TokenService).list().find((t) => t.uId === HEAD_OFFICE)!;
  const distribution = container.get(DistributionRuntime).service;
  return {
    launched,
    logs,
    token,
    item: vppItemId({ tokenId: token.id, adamId: ADAM_ID, pricingParam: 'STDQ' }),
    catalog: container.get<CatalogReader>(CatalogReader),
    invitations: container.get<Invitations>(Invitations),
    distribution,
    sink: launched.host.plugins.containerOf('mail')!.get(DemoSmtpSink),
  };
}

/** Invites the staff and assigns the app to the iPads; resolves once Apple confirmed every licence and the sink has every mail. */
export async function useOrganisation(demo: DemoHost): Promise<void> {
  const container = demo.launched.host.plugins.containerOf('vpp-apple')!;
  await container.get<Inventory>(Inventory).import(ORGANISATION, ADMIN);
  await demo.invitations.invite({ kind: 'user-group', id: 'demo-staff', tokenId: demo.token.id }, ADMIN);
  await demo.distribution.assign({ item: demo.item, target: { kind: 'device-group', id: 'demo-ipads' } }, ADMIN);
  await until(() => confirmed(demo) === DEVICES, 'Apple confirmed every licence', 60_000);
  await until(() => demo.sink.count() === PEOPLE, 'every invitation in the sink', 60_000);
}

export const crowd = (count: number) => Array.from({ length: count }, (_, i) => `crowd${i}@contoso.example`);

/**
 * Imports a crowd of `count` people and invites them all; resolves once the batch is stored and its first request
 * to Apple sent (the invitation itself goes on).
 */
export async function startInvitingCrowd(demo: DemoHost, count: number): Promise<void> {
  const users = crowd(count).map((email, i) => ({ id: `crowd${i}`, name: `Crowd ${i}`, email }));
  const container = demo.launched.host.plugins.containerOf('vpp-apple')!;
  await container.get<Inventory>(Inventory).import({ users, userGroups: [{ id: 'demo-crowd', name: 'Crowd', members: users.map((u) => u.id) }] }, ADMIN);
  await new Promise<void>((resolve, reject) => {
    demo.invitations.invite({ kind: 'user-group', id: 'demo-crowd', tokenId: demo.token.id }, ADMIN, () => resolve()).catch(reject);
  });
}

export function confirmed(demo: DemoHost): number {
  return demo.distribution.licenses({ item: demo.item, state: 'confirmed' }).total;
}

export async function until(condition: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
