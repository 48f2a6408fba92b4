import { Clock, Inventory, inject, injectable, type Device, type GroupKind, type User } from '@vpp-host/api';
import {
  Invitations,
  LocationSettingsService,
  MIGRATION_BUNDLE_FORMAT_VERSION,
  TokenService,
  type EnrolmentEntry,
  type MigrationBundle,
  type TokenRecord,
  vppItemId,
} from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { targetOfKey, type AssignmentRecord, type CatalogItem, type HolderKind, type LicenseRecord } from '../distribution/model.js';
import { holderKeysOfTarget } from '../distribution/holders.js';
import { TokenStore } from '../tokens/token-store.js';
import { sealToken } from './token-sealing.js';

type Bundle = { -readonly [K in keyof MigrationBundle]: MigrationBundle[K] };
const HELD_STATES = new Set(['requested', 'confirmed', 'releasing']);
const ENROLMENT_PAGE = 1_000;

/**
 * Gathers one location's bundle from the plugin's services: the location, its catalog (and the in-house items),
 * assignments, the people and devices behind them and behind Apple's clientUserIds and serial numbers, enrolment,
 * the queues in order and the licences held. The token file only when asked, sealed with the passphrase.
 */
@injectable()
export class BundleExporter {
  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(DistributionRuntime) private readonly distribution: DistributionRuntime,
    @inject(Invitations) private readonly invitations: Invitations,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Clock) private readonly clock: Clock,
    @inject(LocationSettingsService) private readonly locations: LocationSettingsService,
  ) {}

  /** The location's default policy, publication and restriction, and why each item is in its catalog. */
  private settingsOf(tokenId: string): NonNullable<MigrationBundle['location']['settings']> {
    const { defaultPolicy, publication, licenseRestrictedToUserGroups } = this.locations.get(tokenId);
    const publications = this.locations.publications(tokenId).map(({ itemId, addedAt, addedBy, status, comment }) => ({
      itemId,
      addedAt,
      addedBy,
      status,
      ...(comment !== undefined ? { comment } : {}),
    }));
    type Settings = NonNullable<MigrationBundle['location']['settings']>;
    return { defaultPolicy: structuredClone(defaultPolicy) as Settings['defaultPolicy'], publication, licenseRestrictedToUserGroups: [...licenseRestrictedToUserGroups], publications };
  }

  async export(tokenIdOrName: string, options: { passphrase?: string } = {}): Promise<MigrationBundle> {
    const token = this.tokens.require(tokenIdOrName);
    const service = this.distribution.service;
    const catalog = [...service.catalog.list({ kind: 'in-house-app' }), ...service.catalog.list({ kind: 'in-house-book' }), ...service.catalog.list({ tokenId: token.id, unlisted: true })];
    const itemIds = new Set(catalog.map((item) => item.id));
    const assignments = service.listAssignments().filter((assignment) => itemIds.has(assignment.itemId));
    const licences = service
      .licenses({ limit: Number.MAX_SAFE_INTEGER })
      .items.filter((record) => record.tokenId === token.id && HELD_STATES.has(record.state))
      // By place in line, then by asset and holder: the same holdings export alike whatever ids this host gave them.
      .sort((a, b) => (a.orderAt < b.orderAt ? -1 : a.orderAt > b.orderAt ? 1 : compareText(licenceKey(a), licenceKey(b))));
    const queues = catalog
      .filter((item) => item.vpp)
      .map((item) => ({
        itemId: item.id,
        waiting: service.queue(item.id).waiting.map((entry) => {
          const { kind, id } = targetOfKey(entry.holder) as { kind: HolderKind; id: string };
          return { holderKind: kind, holderId: id, at: entry.at, assignmentId: entry.assignmentId };
        }),
      }))
      .filter((queue) => queue.waiting.length > 0);

    const holders = new Holders(this.inventory);
    const enrolments = this.enrolments(token.id);
    for (const entry of enrolments.values()) if (entry.status !== 'not-invited') holders.addUser(entry.userId);
    for (const assignment of assignments) holders.addTarget(assignment);
    for (const licence of licences) holders.add(licence.holderKind, licence.holderId);
    for (const queue of queues) for (const entry of queue.waiting) holders.add(entry.holderKind, entry.holderId);

    const devices = holders.devices();
    const bundle: Bundle = {
      formatVersion: MIGRATION_BUNDLE_FORMAT_VERSION,
      exportedAt: this.clock.now().toISOString(),
      source: { product: 'vpp-host' },
      location: { ...locationOf(token), settings: this.settingsOf(token.id) },
      catalog: catalog.map(catalogEntry),
      assignments: assignments.map((assignment) => assignmentEntry(assignment, (tokenId) => this.tokens.get(tokenId)?.uId)),
      devices: devices.map(deviceEntry),
      people: holders.users().map((user) => personEntry(user, enrolments.get(user.id))),
      groups: holders.groups(),
      queues,
      licences: licences.map((record) => ({
        itemId: vppItemId(record.tokenId, record),
        holderKind: record.holderKind,
        holderId: record.holderId,
        appleHolderId: record.appleHolderId,
        assignmentId: record.assignmentId,
        orderAt: record.orderAt,
        state: record.state as 'requested' | 'confirmed' | 'releasing',
        requestedAt: record.requestedAt,
      })),
    };
    if (options.passphrase !== undefined) bundle.token = await sealToken(this.store.sToken(token.id), options.passphrase);
    return bundle;
  }

  /** Every user's enrolment at the location, by directory id. */
  private enrolments(tokenId: string): Map<string, EnrolmentEntry> {
    const entries = new Map<string, EnrolmentEntry>();
    for (let offset = 0; ; offset += ENROLMENT_PAGE) {
      const page = this.invitations.list({ tokenId, offset, limit: ENROLMENT_PAGE });
      for (const entry of page.items) entries.set(entry.userId, entry);
      if (page.items.length < ENROLMENT_PAGE) return entries;
    }
  }
}

/** The people, devices and groups a bundle names, each once, with device owners and group members included. */
class Holders {
  private readonly userIds = new Set<string>();
  private readonly deviceIds = new Set<string>();
  private readonly groupKeys = new Map<string, { kind: GroupKind; id: string }>();

  constructor(private readonly inventory: Inventory) {}

  add(kind: HolderKind, id: string): void {
    if (kind === 'user') this.addUser(id);
    else this.deviceIds.add(id);
  }

  addUser(id: string): void {
    this.userIds.add(id);
  }

  addTarget(assignment: AssignmentRecord): void {
    const { kind, id } = assignment.target;
    if (kind === 'user' || kind === 'device') return this.add(kind, id);
    for (const group of assignment.exclusions ?? []) this.groupKeys.set(`${group.kind}:${group.id}`, { kind: group.kind as GroupKind, id: group.id });
    if (kind === 'all-users' || kind === 'all-devices') {
      for (const key of holderKeysOfTarget(this.inventory, assignment.target)) this.add(kind === 'all-users' ? 'user' : 'device', key.slice(key.indexOf(':') + 1));
      return;
    }
    this.groupKeys.set(`${kind}:${id}`, { kind, id });
    for (const member of this.inventory.members(kind, id)) this.add(kind === 'user-group' ? 'user' : 'device', member.memberId);
  }

  devices(): Device[] {
    const devices = [...this.deviceIds].flatMap((id) => this.inventory.getDevice(id) ?? []);
    for (const device of devices) if (device.ownerUserId !== undefined) this.userIds.add(device.ownerUserId);
    return devices.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Call after devices(): their owners are people too. */
  users(): User[] {
    return [...this.userIds].flatMap((id) => this.inventory.getUser(id) ?? []).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Sorted by kind and id, so the same location exports the same bundle whatever order its assignments were made in. */
  groups(): MigrationBundle['groups'] {
    const keys = [...this.groupKeys.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, group]) => group);
    return keys.flatMap(({ kind, id }) => {
      const group = kind === 'user-group' ? this.inventory.getUserGroup(id) : this.inventory.getDeviceGroup(id);
      if (!group) return [];
      return [{ kind, id, name: group.name, members: this.inventory.members(kind, id).map((member) => ({ id: member.memberId, joinedAt: member.joinedAt })) }];
    });
  }
}

function licenceKey(record: LicenseRecord): string {
  return `${record.adamId}|${record.pricingParam}|${record.holderKind}:${record.holderId}`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function locationOf(token: TokenRecord): MigrationBundle['location'] {
  return { uId: token.uId, name: token.locationName, orgName: token.orgName, program: token.program, countryCode: token.countryCode, tokenExpiresAt: token.expiresAt };
}

function catalogEntry(item: CatalogItem): MigrationBundle['catalog'][number] {
  return {
    id: item.id,
    kind: item.kind,
    name: item.name,
    platforms: [...item.platforms],
    ...(item.bundleId !== undefined ? { bundleId: item.bundleId } : {}),
    ...(item.fileRef !== undefined ? { fileRef: item.fileRef } : {}),
    ...(item.vpp
      ? {
          vpp: {
            adamId: item.vpp.adamId,
            pricingParam: item.vpp.pricingParam,
            revocable: item.vpp.revocable,
            deviceAssignable: item.vpp.deviceAssignable,
            ...(item.counts ? { totalCount: item.counts.total } : {}),
          },
        }
      : {}),
  };
}

/** `uIdOf`: Apple's library id of a token's location, which names the locations of an order in any product. */
function assignmentEntry(assignment: AssignmentRecord, uIdOf: (tokenId: string) => string | undefined): MigrationBundle['assignments'][number] {
  const locations = assignment.locations?.map(uIdOf).filter((uId) => uId !== undefined);
  const { policy } = assignment;
  return {
    id: assignment.id,
    itemId: assignment.itemId,
    target: { kind: assignment.target.kind, id: assignment.target.id },
    ...(assignment.exclusions?.length ? { exclusions: assignment.exclusions.map((group) => ({ kind: group.kind, id: group.id })) } : {}),
    ...(assignment.quota !== undefined ? { quota: assignment.quota } : {}),
    ...(locations ? { locations } : {}),
    installMode: assignment.installMode,
    ...(assignment.licenseType !== undefined ? { licenseType: assignment.licenseType } : {}),
    policy: { ...policy, licenseRestrictedToUserGroups: [...policy.licenseRestrictedToUserGroups] },
    state: assignment.state,
    createdAt: assignment.createdAt,
    ...(assignment.reassignedAt !== undefined ? { reassignedAt: assignment.reassignedAt } : {}),
    ...(assignment.reason !== undefined ? { reason: assignment.reason } : {}),
  };
}

function personEntry(user: User, enrolment: EnrolmentEntry | undefined): MigrationBundle['people'][number] {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    ...(user.managedAppleId !== undefined ? { managedAppleId: user.managedAppleId } : {}),
    ...(enrolment && enrolment.status !== 'not-invited' ? { clientUserId: enrolment.clientUserId } : {}),
    ...(enrolment
      ? {
          enrolment: {
            status: enrolment.status,
            timesInvited: enrolment.timesInvited,
            ...(enrolment.invitedAt !== undefined ? { invitedAt: enrolment.invitedAt } : {}),
            ...(enrolment.acceptedAt !== undefined ? { acceptedAt: enrolment.acceptedAt } : {}),
            ...(enrolment.retiredAt !== undefined ? { retiredAt: enrolment.retiredAt } : {}),
          },
        }
      : {}),
  };
}

function deviceEntry(device: Device): MigrationBundle['devices'][number] {
  return {
    id: device.id,
    serialNumber: device.serialNumber,
    ...(device.name !== undefined ? { name: device.name } : {}),
    platform: device.platform,
    ...(device.ownerUserId !== undefined ? { ownerUserId: device.ownerUserId } : {}),
    state: device.state,
  };
}
