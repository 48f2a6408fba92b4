import { BadInputError, Inventory, inject, injectable, quoteInput, saying, type Actor } from '@vpp-host/api';
import { CatalogReader, type SyncedAsset } from '@vpp-host/plugins/vpp-apple/api';
import { TARGET_TYPES, type GraphEntry, type GraphSettings, type GraphTarget, type Intent } from './assignment-model.js';
import { isMacOnly } from './graph-objects.js';
import { IntuneAssignments, type Collection } from './intune-assignments.js';
import type { GraphObject } from './odata.js';

/** One group added to an app's or book's assignments as an Intune admin does it: an intent, a group, its settings. */
export interface GroupEdit {
  readonly intent: Exclude<Intent, 'availableWithoutEnrollment'>;
  /** A group's id or exact name, `all-users` or `all-devices`. */
  readonly group: string;
  /** Left out of the intent's assignments instead of included. */
  readonly exclude?: boolean;
  /** Apps only; absent: the core's defaults for the target. */
  readonly settings?: {
    readonly useDeviceLicensing?: boolean;
    readonly uninstallOnDeviceRemoval?: boolean;
    readonly isRemovable?: boolean;
    readonly preventManagedAppBackup?: boolean;
    readonly preventAutoAppUpdate?: boolean;
    readonly vpnConfigurationId?: string;
  };
}

/**
 * What the panel and the CLI share: find the app or book, and add a group to its Intune assignments (replacing that
 * group's entry of any intent), through the same translation and rules as Graph's `assign`.
 */
@injectable()
export class AssignmentEdits {
  constructor(
    @inject(IntuneAssignments) private readonly assignments: IntuneAssignments,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(Inventory) private readonly inventory: Inventory,
  ) {}

  /** By item id, or an adamId or exact name that names one VPP app or book. */
  find(reference: string): { collection: Collection; asset: SyncedAsset } {
    const value = reference.trim();
    const matches = this.catalog.assets({ limit: Number.MAX_SAFE_INTEGER }).items.filter((a) => a.id === value || a.adamId === value || a.name === value);
    const exact = matches.find((a) => a.id === value);
    const asset = exact ?? (matches.length === 1 ? matches[0] : undefined);
    if (!asset && matches.length > 1) {
      const ids = matches.slice(0, 5).map((a) => a.id).join(', ');
      throw saying(new BadInputError(`${matches.length} VPP items are called ${quoteInput(value)}: give the item id (${ids})`), 'intune.item-ambiguous', { count: matches.length, name: value, ids });
    }
    if (!asset) throw saying(new BadInputError(`No VPP app or book ${quoteInput(value)}: give its item id, adamId or name`), 'intune.item-unknown', { name: value });
    return { collection: asset.productType === 'Book' ? 'managedEBooks' : 'mobileApps', asset };
  }

  async add(reference: string, edit: GroupEdit, actor: Actor): Promise<GraphObject[]> {
    const { collection, asset } = this.find(reference);
    const target = this.targetOf(edit.group, edit.exclude === true);
    const current = (await this.assignments.list(collection, asset.id)).map(entryOf).filter((entry) => !sameTarget(entry.target, target));
    const settings = collection === 'mobileApps' && !edit.exclude && edit.settings ? settingsOf(asset, edit.settings) : undefined;
    const entry: GraphEntry = { intent: edit.intent, target, ...(settings ? { settings } : {}) };
    await this.assignments.replace(collection, asset.id, [...current, entry], actor);
    return this.assignments.list(collection, asset.id);
  }

  private targetOf(group: string, exclude: boolean): GraphTarget {
    const value = group.trim();
    if (!exclude && value === 'all-users') return { '@odata.type': TARGET_TYPES.allUsers };
    if (!exclude && value === 'all-devices') return { '@odata.type': TARGET_TYPES.allDevices };
    const byName = (kind: 'user-group' | 'device-group') =>
      (kind === 'user-group' ? this.inventory.listUserGroups({ search: value }) : this.inventory.listDeviceGroups({ search: value })).items.filter((g) => g.name === value);
    const named = this.inventory.getUserGroup(value) || this.inventory.getDeviceGroup(value) ? [] : [...byName('user-group'), ...byName('device-group')];
    if (named.length > 1) throw saying(new BadInputError(`${named.length} groups are called ${quoteInput(value)}: give the group's id`), 'intune.group-ambiguous', { count: named.length, name: value });
    const groupId = named[0]?.id ?? value;
    return { '@odata.type': exclude ? TARGET_TYPES.exclusion : TARGET_TYPES.group, groupId };
  }
}

/** A listed Graph assignment as the entry `assign` takes back. */
function entryOf(object: GraphObject): GraphEntry {
  const intent = (object.intent ?? object.installIntent) as Intent;
  const settings = object.settings as GraphSettings | null | undefined;
  return { intent, target: object.target as GraphTarget, ...(settings ? { settings } : {}) };
}

function sameTarget(a: GraphTarget, b: GraphTarget): boolean {
  const groupOf = (target: GraphTarget) => ('groupId' in target ? target.groupId : '');
  const kind = (target: GraphTarget) => (target['@odata.type'] === TARGET_TYPES.exclusion ? TARGET_TYPES.group : target['@odata.type']);
  return kind(a) === kind(b) && groupOf(a) === groupOf(b);
}

function settingsOf(asset: SyncedAsset, given: NonNullable<GroupEdit['settings']>): GraphSettings {
  const common = {
    useDeviceLicensing: given.useDeviceLicensing ?? false,
    uninstallOnDeviceRemoval: given.uninstallOnDeviceRemoval ?? false,
    preventManagedAppBackup: given.preventManagedAppBackup ?? false,
    preventAutoAppUpdate: given.preventAutoAppUpdate ?? false,
  };
  return isMacOnly(asset)
    ? { '@odata.type': '#microsoft.graph.macOsVppAppAssignmentSettings', ...common }
    : { '@odata.type': '#microsoft.graph.iosVppAppAssignmentSettings', ...common, isRemovable: given.isRemovable ?? true, vpnConfigurationId: given.vpnConfigurationId ?? null };
}
