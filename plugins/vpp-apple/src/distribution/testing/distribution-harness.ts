import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setupServer } from 'msw/node';
import { Emitter, type Actor, type Clock, type Page } from '@vpp-host/api';
import { AuditLogService } from '../../../../../host/audit/audit-log-service.js';
import { InventoryService } from '../../../../../host/inventory/inventory-service.js';
import { FileStorageEngine } from '../../../../../host/storage/index.js';
import type { StorageEngine } from '../../../../../host/storage/storage-engine.js';
import type { AssetCountChange, AssetKey, SyncedAsset, SyncedAssignment, TokenRecord, TokenStateChange } from '../../../api/index.js';
import { AppleVppClient } from '../../client/index.js';
import { AppleVppSimulator, createAppleHandlers, type AssetSpec } from '../../simulator/index.js';
import { toResponseAsset } from '../../simulator/location-state.js';
import { InstantClock } from '../../simulator/testing/instant-clock.js';
import { MemoryLogger } from '../../simulator/testing/memory-logger.js';
import { ClientAppleGateway } from '../client-gateway.js';
import type { DistributionDeps } from '../distribution-core.js';
import { DistributionService } from '../distribution-service.js';
import { EnrolmentStore } from '../enrolment-store.js';
import { DEFAULT_LOCATIONS, type TokenHealthSource, type VppAssetSource } from '../ports.js';

export const TOKEN_ID = 'tok-hq';
export const ADMIN: Actor = { kind: 'admin', id: 'admin-1', name: 'Ada Admin' };
type MockServer = ReturnType<typeof setupServer>;
export type TestClock = Clock & { advance(ms: number): unknown };
const BASE_URL = 'https://vpp.itunes.apple.com/mdm/v2';

/**
 * Stands in for sync and Apple's notifications: Apple's counts and assignments as the simulator holds them, read
 * only when the test says "sync" or "notify", so the product works from what it last heard like it does in production.
 */
export class SimulatedSync implements VppAssetSource {
  private readonly changes = new Emitter<AssetCountChange>();
  /** By `tokenId|adamId|pricingParam`. */
  private snapshot = new Map<string, SyncedAsset>();
  /** By `tokenId|adamId|pricingParam`, as SyncedData indexes them. */
  private assignmentSnapshot = new Map<string, SyncedAssignment[]>();
  readonly onDidChangeAssetCount = this.changes.event;

  constructor(
    private readonly simulator: AppleVppSimulator,
    /** The simulator's location (uId) behind each token. */
    private readonly locations: ReadonlyMap<string, string>,
  ) {
    this.syncAssignments();
    this.read();
  }

  /** Reads Apple's assignments and counts again and announces each asset, as a completed sync leaves them. */
  sync(): void {
    this.syncAssignments();
    this.syncCounts();
  }

  /** The first half of a sync: Apple's counts are read and announced before its assignments are. */
  syncCounts(): void {
    for (const asset of this.read()) this.changes.fire({ tokenId: asset.tokenId, asset, source: 'sync' });
  }

  /** The second half of a sync: Apple's assignments, which announce nothing. */
  syncAssignments(): void {
    this.assignmentSnapshot = new Map();
    for (const [tokenId, uId] of this.locations) {
      for (const a of this.simulator.location(uId).assignments.all()) {
        const key = `${tokenId}|${a.adamId}|${a.pricingParam}`;
        const synced: SyncedAssignment = { id: `${a.adamId}|${a.serialNumber ?? a.clientUserId}`, tokenId, adamId: a.adamId, pricingParam: a.pricingParam, ...(a.serialNumber !== undefined ? { serialNumber: a.serialNumber } : { clientUserId: a.clientUserId! }) };
        const ofAsset = this.assignmentSnapshot.get(key);
        if (ofAsset) ofAsset.push(synced);
        else this.assignmentSnapshot.set(key, [synced]);
      }
    }
  }

  /** An ASSET_MANAGEMENT notification: Apple's assignments first, then every count that moved is announced. */
  notify(): void {
    const before = this.snapshot;
    this.syncAssignments();
    for (const asset of this.read()) {
      const previous = before.get(asset.id);
      if (previous?.assignedCount !== asset.assignedCount || previous.totalCount !== asset.totalCount) {
        this.changes.fire({ tokenId: asset.tokenId, asset, source: 'notification' });
      }
    }
  }

  assets(): Page<SyncedAsset> {
    const items = [...this.snapshot.values()];
    return { items, total: items.length };
  }

  asset(tokenId: string, key: AssetKey): SyncedAsset | undefined {
    return this.snapshot.get(`${tokenId}|${key.adamId}|${key.pricingParam}`);
  }

  /** Apple's assignments of an asset as the last sync or notification left them. */
  assignmentsOfAsset(tokenId: string, key: AssetKey): SyncedAssignment[] {
    return this.assignmentSnapshot.get(`${tokenId}|${key.adamId}|${key.pricingParam}`) ?? [];
  }

  private read(): SyncedAsset[] {
    const assets = [...this.locations].flatMap(([tokenId, uId]) =>
      [...this.simulator.location(uId).assets.values()].map((asset) => ({ ...toResponseAsset(asset), id: `${tokenId}|${asset.adamId}|${asset.pricingParam}`, tokenId })),
    );
    this.snapshot = new Map(assets.map((a) => [a.id, a]));
    return assets;
  }
}

/** One token whose health a test can change. */
export class TokenHealthStub implements TokenHealthSource {
  private readonly changes = new Emitter<TokenStateChange>();
  readonly onDidChangeTokenHealth = this.changes.event;
  state: TokenRecord['health']['state'] = 'valid';

  /** `names`: every token's name by id, HQ's first. */
  constructor(private readonly names: ReadonlyMap<string, string> = new Map([[TOKEN_ID, 'HQ']])) {}

  get(id: string): TokenRecord | undefined {
    const name = this.names.get(id);
    if (name === undefined) return undefined;
    return {
      id,
      name,
      orgName: 'Example Org',
      expiresAt: '2030-01-01T00:00:00.000Z',
      uId: 'loc-hq',
      locationName: 'HQ',
      countryCode: 'US',
      program: 'business',
      health: { state: this.state, reason: this.state === 'valid' ? 'ok' : 'Apple answered 9621', since: '2026-01-01T00:00:00.000Z' },
      notifications: false,
      createdAt: '2026-01-01T00:00:00.000Z',
    };
  }

  list(): TokenRecord[] {
    return [...this.names.keys()].map((id) => this.get(id)!);
  }

  set(state: TokenRecord['health']['state']): void {
    const before = this.get(TOKEN_ID)!;
    this.state = state;
    const token = this.get(TOKEN_ID)!;
    this.changes.fire({ token, previous: before.health, current: token.health });
  }
}

export interface HarnessOptions {
  readonly assets: readonly AssetSpec[];
  readonly dataDir?: string;
  /** Another storage engine than the file engine on `dataDir` (PostgreSQL, say); the harness closes it. */
  readonly engine?: StorageEngine;
  /** An InstantClock by default; a ManualClock keeps Apple's events unanswered until it is moved. */
  readonly clock?: TestClock;
  /** Apple's events stay PENDING until `simulator.processEvents()`. */
  readonly holdAppleEvents?: boolean;
  /** clientUserIds already Associated at Apple. */
  readonly appleUsers?: readonly string[];
  /** Reuse a simulator (a restart keeps Apple's side). */
  readonly simulator?: AppleVppSimulator;
  readonly server?: MockServer;
  /** Locations beside HQ (TOKEN_ID), each with its own token and assets at Apple. */
  readonly otherLocations?: readonly { readonly tokenId: string; readonly name: string; readonly assets: readonly AssetSpec[] }[];
}

export interface Harness {
  readonly dataDir: string;
  readonly clock: TestClock;
  readonly simulator: AppleVppSimulator;
  readonly uId: string;
  readonly server: MockServer;
  readonly inventory: InventoryService;
  readonly audit: AuditLogService;
  readonly enrolments: EnrolmentStore;
  readonly sync: SimulatedSync;
  readonly tokens: TokenHealthStub;
  readonly service: DistributionService;
  /** Another service on the same records that does no work: what a standby host holds, to `refresh` after changes. */
  openView(): Promise<DistributionService>;
  readonly logger: MemoryLogger;
  /** Closes the product side (storage flushed); the simulator and msw stay for a restart. */
  close(): Promise<void>;
  /** Closes everything. */
  dispose(): Promise<void>;
}

const uIdOf = new WeakMap<AppleVppSimulator, { uId: string; sToken: string }>();
/** The other locations a harness's simulator was made with, kept for a restart on the same simulator. */
const othersOf = new WeakMap<AppleVppSimulator, { tokenId: string; name: string; uId: string; sToken: string }[]>();

/** The real storage engine on a temp dir, the real inventory and audit log, the real client against the simulator. */
export async function createHarness(options: HarnessOptions): Promise<Harness> {
  const clock: TestClock = options.clock ?? new InstantClock(new Date('2026-03-01T09:00:00Z'));
  let simulator = options.simulator;
  if (!simulator) {
    simulator = new AppleVppSimulator({ clock, autoCompleteEvents: !options.holdAppleEvents, enforceRateLimit: false });
    const users = (options.appleUsers ?? []).map((clientUserId) => ({ clientUserId, status: 'Associated' as const }));
    uIdOf.set(simulator, simulator.addLocation({ uId: 'loc-hq', locationName: 'HQ', assets: options.assets, users }));
    const added = simulator;
    othersOf.set(simulator, (options.otherLocations ?? []).map((other) => ({ ...other, ...added.addLocation({ uId: `loc-${other.tokenId}`, locationName: other.name, assets: other.assets }) })));
  }
  const location = uIdOf.get(simulator)!;
  const others = othersOf.get(simulator) ?? [];
  const server = options.server ?? setupServer(...createAppleHandlers(simulator));
  if (!options.server) server.listen({ onUnhandledRequest: 'error' });
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'vpp-distribution-')));
  const engine = options.engine ?? new FileStorageEngine({ dataDir });
  const hostStorage = engine.namespace('host');
  const storage = engine.namespace('vpp-apple');
  const audit = await AuditLogService.open(hostStorage, clock);
  const inventory = await InventoryService.open(hostStorage, clock, audit.forSource('host'));
  const enrolments = await EnrolmentStore.open(storage, inventory, clock);
  const logger = new MemoryLogger();
  const clientOf = (sToken: string) => new AppleVppClient({ sToken, clock, logger, baseUrl: BASE_URL, random: () => 0.5, eventPollIntervalMs: 1000 });
  const clients = new Map([[TOKEN_ID, clientOf(location.sToken)], ...others.map((other) => [other.tokenId, clientOf(other.sToken)] as const)]);
  const sync = new SimulatedSync(simulator, new Map([[TOKEN_ID, location.uId], ...others.map((other) => [other.tokenId, other.uId] as const)]));
  const tokens = new TokenHealthStub(new Map([[TOKEN_ID, 'HQ'], ...others.map((other) => [other.tokenId, other.name] as const)]));
  const deps: DistributionDeps = {
    storage,
    clock,
    logger,
    audit: audit.forSource('vpp-apple'),
    directory: inventory,
    enrolments,
    assets: sync,
    tokens,
    locations: DEFAULT_LOCATIONS,
    gateway: new ClientAppleGateway((tokenId) => clients.get(tokenId)!),
    appleRetryDelayMs: 1000,
  };
  const service = await DistributionService.open(deps);
  // The harness is the active host: it resumes distribution's own work at once.
  await service.resume();
  const close = async () => {
    await service.dispose();
    await engine.close();
  };
  return {
    dataDir,
    clock,
    simulator,
    uId: location.uId,
    server,
    inventory,
    audit,
    enrolments,
    sync,
    tokens,
    service,
    openView: () => DistributionService.open(deps),
    logger,
    close,
    dispose: async () => {
      await close();
      if (!options.server) server.close();
    },
  };
}

/** A group of users enrolled one second apart in the order given, with one durable write per collection. */
export async function importEnrolledGroup(h: Harness, groupId: string, userIds: readonly string[], startMs: number): Promise<void> {
  await h.inventory.import(
    {
      users: userIds.map((id) => ({ id, name: `User ${id}`, email: `${id}@example.com` })),
      userGroups: [{ id: groupId, name: groupId, members: [...userIds] }],
    },
    ADMIN,
  );
  await h.enrolments.recordAcceptances(
    userIds.map((id, i) => ({ tokenId: TOKEN_ID, userId: id, clientUserId: id, acceptedAt: new Date(startMs + i * 1000).toISOString() })),
  );
}

/** Users who accepted enrolment (Associated at Apple) one after another, a second apart, in the order given. */
export async function enrolUsers(h: Harness, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    if (!h.inventory.getUser(id)) await h.inventory.saveUser({ id, name: `User ${id}`, email: `${id}@example.com` }, ADMIN);
    h.clock.advance(1000);
    const apple = h.simulator.location(h.uId);
    apple.putUser({ clientUserId: id, email: `${id}@example.com`, status: 'Associated', idHash: `hash-${id}`, version: apple.version }, apple.bumpVersion());
    await h.enrolments.recordAcceptances([{ tokenId: TOKEN_ID, userId: id, clientUserId: id }]);
  }
}

/** Managed devices that join a device group one after another, in the order given. */
export async function addDevices(
  h: Harness,
  groupId: string | undefined,
  devices: ReadonlyArray<{ id: string; platform?: 'iOS' | 'iPadOS' | 'macOS'; osVersion?: string }>,
): Promise<void> {
  if (groupId && !h.inventory.getDeviceGroup(groupId)) await h.inventory.saveGroup('device-group', { id: groupId, name: groupId }, ADMIN);
  for (const d of devices) {
    await h.inventory.saveDevice({ id: d.id, serialNumber: serialOf(d.id), platform: d.platform ?? 'iOS', osVersion: d.osVersion ?? '17.1' }, ADMIN);
    h.clock.advance(1000);
    if (groupId) await h.inventory.addMember('device-group', groupId, d.id, ADMIN);
  }
}

/** Checks the ledger's invariants for one asset: never over Apple's total, one live license per holder. */
export function ledgerInvariants(h: Harness, adamId: string): { held: number; total: number; duplicates: number; live: number } {
  const live = new Map<string, number>();
  let held = 0;
  for (const record of h.service.licenses({ limit: Number.MAX_SAFE_INTEGER }).items) {
    if (record.adamId !== adamId) continue;
    if (record.state === 'requested' || record.state === 'confirmed') held++;
    if (record.state === 'requested' || record.state === 'confirmed' || record.state === 'releasing') {
      live.set(record.holderId, (live.get(record.holderId) ?? 0) + 1);
    }
  }
  const total = h.simulator.location(h.uId).findAsset(adamId)!.totalCount;
  return { held, total, duplicates: [...live.values()].filter((n) => n > 1).length, live: live.size };
}

/** The serial number the harness gives a device id (letters and digits, like Apple's). */
export function serialOf(deviceId: string): string {
  return `C02${deviceId.toUpperCase().replace(/[^A-Z0-9]/g, '')}`;
}
