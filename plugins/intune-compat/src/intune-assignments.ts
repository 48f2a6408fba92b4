import { Inventory, inject, injectable, type Actor } from '@vpp-host/api';
import { CatalogReader, Distribution, parseVppItemId, type AssignmentRecord, type LicenseHolder, type SyncedAsset, type Target } from '@vpp-host/plugins/vpp-apple/api';
import { INTENT_OF, exclusionEntries, exclusionId, includeEntry, type Collection, type DesiredAssignment, type GraphEntry, type Intent } from './assignment-model.js';
import { desiredAssignments, type AssignedContent } from './assignment-translation.js';
import { GraphError } from './graph-errors.js';
import { isMacOnly } from './graph-objects.js';
import type { GraphObject } from './odata.js';
import { VpnSettings } from './vpn-settings.js';

export type { Collection } from './assignment-model.js';

const INSTALL_INTENTS: readonly Intent[] = ['required', 'available', 'uninstall'];

/**
 * Intune's assignments of a VPP app or book, read from and written to the core's assignments: nothing is stored
 * twice. An include is one core assignment (its id is the core's); an exclusion entry is a group the core
 * assignments of that intent leave out. Changes carry no audit reason: a reason is what an admin typed, and the
 * entry's actor already says who asked (a Graph client's API token, or the admin on the page).
 */
@injectable()
export class IntuneAssignments {
  constructor(
    @inject(Distribution) private readonly distribution: Distribution,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(VpnSettings) private readonly vpn: VpnSettings,
  ) {}

  /** The app or book behind a Graph id; ResourceNotFound otherwise. */
  asset(collection: Collection, id: string): SyncedAsset {
    const key = parseVppItemId(id);
    const asset = key ? this.catalog.asset(key.tokenId, key) : undefined;
    if (!asset || (asset.productType === 'Book') !== (collection === 'managedEBooks')) {
      throw new GraphError(404, `No ${collection === 'mobileApps' ? 'mobileApp' : 'managedEBook'} with id '${id.slice(0, 100)}'.`);
    }
    return asset;
  }

  async list(collection: Collection, id: string): Promise<GraphObject[]> {
    const asset = this.asset(collection, id);
    const assignments = this.distribution.listAssignments({ item: asset.id });
    const vpn = await this.vpn.of(assignments.map((a) => a.id));
    const includes = assignments.map((a) => includeEntry(collection, a, isMacOnly(asset), vpn.get(a.id) ?? null));
    return [...includes, ...exclusionEntries(collection, assignments)];
  }

  async get(collection: Collection, id: string, assignmentId: string): Promise<GraphObject> {
    const found = (await this.list(collection, id)).find((object) => object.id === assignmentId);
    if (!found) throw new GraphError(404, `No assignment with id '${assignmentId.slice(0, 100)}'.`);
    return found;
  }

  /** Graph's `assign`: the list given becomes the item's whole set of assignments. */
  async replace(collection: Collection, id: string, entries: readonly GraphEntry[], actor: Actor): Promise<void> {
    const asset = this.asset(collection, id);
    const desired = desiredAssignments(entries, contentOf(asset), this.inventory);
    const current = new Map(this.distribution.listAssignments({ item: asset.id }).map((a) => [keyOf(a.target), a]));
    const fresh: DesiredAssignment[] = [];
    const kept: Array<[AssignmentRecord, DesiredAssignment]> = [];
    const remade: Array<[AssignmentRecord, DesiredAssignment]> = [];
    for (const wish of desired) {
      const existing = current.get(keyOf(wish.target));
      current.delete(keyOf(wish.target));
      if (!existing) fresh.push(wish);
      else (changeableInPlace(existing, wish) ? kept : remade).push([existing, wish]);
    }
    // New targets first: a refusal there (an unhealthy token, a device rule) comes before anything has changed.
    for (const wish of fresh) await this.create(asset, wish, actor);
    for (const [existing, wish] of kept) await this.update(existing, wish, actor);
    for (const [existing, wish] of remade) {
      await this.distribution.removeAssignment(existing.id, actor);
      await this.vpn.set(existing.id, null);
      await this.create(asset, wish, actor);
    }
    for (const gone of current.values()) {
      await this.distribution.removeAssignment(gone.id, actor);
      await this.vpn.set(gone.id, null);
    }
  }

  /** Deletes an include (the core assignment) or an exclusion (the group, from every assignment of that intent). */
  async remove(collection: Collection, id: string, assignmentId: string, actor: Actor): Promise<void> {
    const asset = this.asset(collection, id);
    const assignments = this.distribution.listAssignments({ item: asset.id });
    const include = assignments.find((a) => a.id === assignmentId);
    if (include) {
      await this.distribution.removeAssignment(include.id, actor);
      await this.vpn.set(include.id, null);
      return;
    }
    const narrowed = INSTALL_INTENTS.flatMap((intent) =>
      assignments.flatMap((a) => (INTENT_OF[a.installMode] === intent ? (a.exclusions ?? []).filter((g) => exclusionId(intent, g) === assignmentId).map(() => a) : [])),
    );
    if (narrowed.length === 0) throw new GraphError(404, `No assignment with id '${assignmentId.slice(0, 100)}'.`);
    for (const assignment of narrowed) {
      const exclusions = (assignment.exclusions ?? []).filter((g) => exclusionId(INTENT_OF[assignment.installMode], g) !== assignmentId);
      await this.distribution.updateAssignment(assignment.id, { exclusions }, actor);
    }
  }

  /** Who holds the app's licenses, as Graph's assignedLicenses. */
  assignedLicenses(id: string): GraphObject[] {
    const asset = this.asset('mobileApps', id);
    return this.distribution.licenseHolders(asset.id).map((holder) => this.assignedLicense(holder));
  }

  /** `revokeAllLicenses`, `revokeUserLicense`, `revokeDeviceLicense`. */
  async revoke(id: string, target: Target | undefined, actor: Actor): Promise<void> {
    const asset = this.asset('mobileApps', id);
    if (target?.kind === 'user' && !this.inventory.getUser(target.id)) throw new GraphError(404, `No user with id '${target.id.slice(0, 100)}'.`);
    if (target?.kind === 'device' && !this.inventory.getDevice(target.id)) throw new GraphError(404, `No managedDevice with id '${target.id.slice(0, 100)}'.`);
    await this.distribution.revoke({ item: asset.id, ...(target ? { target } : {}) }, actor);
  }

  private async create(asset: SyncedAsset, wish: DesiredAssignment, actor: Actor): Promise<void> {
    const summary = await this.distribution.assign(
      {
        item: asset.id,
        target: wish.target,
        installMode: wish.installMode,
        ...(wish.licenseType && asset.productType !== 'Book' ? { licenseType: wish.licenseType } : {}),
        ...(wish.policy ? { policy: wish.policy } : {}),
        ...(wish.exclusions.length > 0 ? { exclusions: wish.exclusions } : {}),
      },
      actor,
    );
    if (wish.vpnConfigurationId !== undefined) await this.vpn.set(summary.assignment.id, wish.vpnConfigurationId);
  }

  private async update(existing: AssignmentRecord, wish: DesiredAssignment, actor: Actor): Promise<void> {
    const installMode = wish.installMode !== existing.installMode && wish.installMode !== 'uninstall' ? { installMode: wish.installMode } : {};
    const policy = wish.policy && policyChanges(existing, wish) ? { policy: wish.policy } : {};
    const exclusions = sameGroups(existing.exclusions ?? [], wish.exclusions) ? {} : { exclusions: wish.exclusions };
    if (Object.keys({ ...installMode, ...policy, ...exclusions }).length > 0) {
      await this.distribution.updateAssignment(existing.id, { ...installMode, ...policy, ...exclusions }, actor);
    }
    if (wish.vpnConfigurationId !== undefined) await this.vpn.set(existing.id, wish.vpnConfigurationId);
  }

  private assignedLicense(holder: LicenseHolder): GraphObject {
    const device = holder.kind === 'device' ? this.inventory.getDevice(holder.id) : undefined;
    const user = holder.kind === 'user' ? this.inventory.getUser(holder.id) : device?.ownerUserId ? this.inventory.getUser(device.ownerUserId) : undefined;
    const userFields = { userEmailAddress: user?.email ?? null, userId: user?.id ?? null, userName: user?.name ?? null, userPrincipalName: user?.managedAppleId ?? user?.email ?? null };
    return holder.kind === 'device'
      ? { '@odata.type': '#microsoft.graph.iosVppAppAssignedDeviceLicense', id: `device:${holder.id}`, ...userFields, managedDeviceId: holder.id, deviceName: device?.name ?? device?.serialNumber ?? null }
      : { '@odata.type': '#microsoft.graph.iosVppAppAssignedUserLicense', id: `user:${holder.id}`, ...userFields };
  }
}

function contentOf(asset: SyncedAsset): AssignedContent {
  return { kind: asset.productType === 'Book' ? 'book' : 'app', mac: isMacOnly(asset) };
}

function keyOf(target: Target): string {
  return `${target.kind}:${target.id}`;
}

/** Same licensing, and install ↔ install or uninstall ↔ uninstall: the core changes it in place; otherwise it is made anew. */
function changeableInPlace(existing: AssignmentRecord, wish: DesiredAssignment): boolean {
  const sameLicense = wish.licenseType === undefined || existing.licenseType === undefined || wish.licenseType === existing.licenseType;
  return sameLicense && (existing.installMode === 'uninstall') === (wish.installMode === 'uninstall');
}

function policyChanges(existing: AssignmentRecord, wish: DesiredAssignment): boolean {
  const { policy } = existing;
  const given = wish.policy!;
  return (
    given.onDeviceUnenrolled?.removeApp !== policy.onDeviceUnenrolled.removeApp ||
    given.nonRemovable !== policy.nonRemovable ||
    given.preventBackup !== policy.preventBackup ||
    given.preventAutoUpdate !== policy.preventAutoUpdate
  );
}

function sameGroups(a: readonly Target[], b: readonly Target[]): boolean {
  const keys = new Set(a.map(keyOf));
  return a.length === b.length && b.every((group) => keys.has(keyOf(group)));
}
