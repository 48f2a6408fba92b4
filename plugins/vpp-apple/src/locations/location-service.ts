import {
  AuditLog,
  BadInputError,
  saying,
  Clock,
  Emitter,
  Inventory,
  Logger,
  NotFoundError,
  inject,
  injectable,
  listen,
  phrase,
  quoteInput,
  z,
  type ActiveWorkContribution,
  type Actor,
  type Disposable,
  type LifecycleContribution,
  type Said,
} from '@vpp-host/api';
import {
  CATALOG_PUBLICATIONS,
  CatalogReader,
  SyncService,
  TokenService,
  parseVppItemId,
  vppItemId,
  type LocationSettings,
  type LocationSettingsChange,
  type LocationSettingsChanged,
  type LocationSettingsService,
  type Publication,
  type SyncedAsset,
} from '../../api/index.js';
import { PolicyInputSchema } from '../distribution/policy.js';
import { LocationStore, type PublicationRecord } from './location-store.js';

export const LocationSettingsChangeSchema = z.strictObject({
  defaultPolicy: PolicyInputSchema.optional(),
  publication: z.enum(CATALOG_PUBLICATIONS as ['everything', 'automatic', 'manual']).optional(),
  licenseRestrictedToUserGroups: z.array(z.string().trim().min(1).max(200)).max(100).optional(),
  reason: z.string().trim().min(1).max(1000).optional(),
});

/** What automatic addition says of an app Apple sells only for macOS (MaaS360's rule). */
export const MAC_ONLY_NOT_ADDED = 'Adding apps automatically is not supported for macOS apps: add it to the catalog yourself';

/**
 * Per-location settings: the default distribution policy, how purchased content comes into the catalog, and the
 * user groups licenses are restricted to. Automatic addition runs after every completed sync of a location that asks
 * for it, and at once when a location is switched to it.
 */
@injectable()
export class LocationSettingsServiceImpl implements LocationSettingsService, LifecycleContribution, ActiveWorkContribution {
  private readonly changes = new Emitter<LocationSettingsChanged>();
  readonly onDidChangeLocationSettings = this.changes.event;

  constructor(
    @inject(LocationStore) private readonly store: LocationStore,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  async onStart(): Promise<void> {
    await this.store.open();
  }

  /** On the active host, which syncs: adds purchased content after each completed sync of a location that asks for it. */
  startActiveWork(): Disposable {
    return listen(this.sync.onDidSyncToken, (event) => {
      if (event.phase !== 'completed' || this.settingsOf(event.tokenId).publication !== 'automatic') return;
      this.addAutomatically(event.tokenId).catch((error: unknown) => this.logger.error('Could not add purchased content to the catalog', { tokenId: event.tokenId, error: String(error) }));
    });
  }

  get(token: string): LocationSettings {
    return this.settingsOf(this.tokens.require(token).id);
  }

  async update(token: string, input: LocationSettingsChange, actor: Actor): Promise<LocationSettings> {
    const tokenId = this.tokens.require(token).id;
    const parsed = LocationSettingsChangeSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const setting = issue.path.join('.') || '(all)';
      throw saying(new BadInputError(`Location setting "${setting}": ${issue.message}`, { field: issue.path.join('.') }), 'vpp.location.bad-setting', { setting, problem: settingProblem(issue) });
    }
    const change = parsed.data;
    const groups = [...(change.licenseRestrictedToUserGroups ?? []), ...(change.defaultPolicy?.licenseRestrictedToUserGroups ?? [])];
    for (const groupId of groups) {
      if (!this.inventory.getUserGroup(groupId)) {
        throw saying(new BadInputError(`No user group ${quoteInput(groupId)}`, { field: 'licenseRestrictedToUserGroups' }), 'vpp.location.no-group', { group: quoteInput(groupId) });
      }
    }
    const previous = this.settingsOf(tokenId);
    const settings: LocationSettings = {
      ...previous,
      ...(change.defaultPolicy !== undefined ? { defaultPolicy: change.defaultPolicy } : {}),
      ...(change.publication !== undefined ? { publication: change.publication } : {}),
      ...(change.licenseRestrictedToUserGroups !== undefined ? { licenseRestrictedToUserGroups: [...new Set(change.licenseRestrictedToUserGroups)] } : {}),
      updatedAt: this.clock.now().toISOString(),
    };
    const { tokenId: _same, ...record } = settings;
    await this.store.settings.put({ ...record, id: tokenId });
    await this.audit.record({
      actor,
      action: 'vpp.location.settings',
      target: { type: 'token', id: tokenId, name: this.tokens.get(tokenId)?.name ?? tokenId },
      ...(change.reason ? { reason: change.reason } : {}),
      details: { defaultPolicy: settings.defaultPolicy, publication: settings.publication, licenseRestrictedToUserGroups: settings.licenseRestrictedToUserGroups },
    });
    this.changes.fire({ settings, previous });
    if (settings.publication === 'automatic' && previous.publication !== 'automatic') await this.addAutomatically(tokenId);
    return settings;
  }

  publications(token: string): Publication[] {
    const tokenId = this.tokens.require(token).id;
    return this.store.publications
      .find((record) => record.tokenId === tokenId)
      .sort((a, b) => (a.addedAt > b.addedAt ? -1 : a.addedAt < b.addedAt ? 1 : a.itemId < b.itemId ? -1 : 1))
      .map(publicationOf);
  }

  async publish(itemId: string, actor: Actor): Promise<Publication> {
    const asset = this.assetOf(itemId);
    const current = this.store.publications.get(itemId);
    if (current?.status === 'success') return publicationOf(current);
    const record: PublicationRecord = { id: itemId, itemId, tokenId: asset.tokenId, adamId: asset.adamId, addedAt: this.clock.now().toISOString(), addedBy: 'admin', status: 'success' };
    await this.store.publications.put(record);
    await this.audit.record({ actor, action: 'vpp.catalog.publish', target: { type: 'catalog-item', id: itemId, name: asset.name ?? asset.adamId } });
    return publicationOf(record);
  }

  isPublished(itemId: string): boolean {
    const key = parseVppItemId(itemId);
    if (!key) return false;
    if (this.settingsOf(key.tokenId).publication === 'everything') return true;
    return this.store.publications.get(itemId)?.status === 'success';
  }

  /** Adds the location's purchased content not yet in the catalog; macOS-only apps are recorded as not added, once. */
  async addAutomatically(tokenId: string): Promise<number> {
    const now = this.clock.now().toISOString();
    const added: PublicationRecord[] = [];
    for (const asset of this.catalog.assets({ tokenId, limit: Number.MAX_SAFE_INTEGER }).items) {
      const itemId = vppItemId(tokenId, asset);
      if (this.store.publications.has(itemId)) continue;
      const macOnly = asset.productType === 'App' && asset.supportedPlatforms.includes('macOS') && !asset.supportedPlatforms.includes('iOS');
      added.push({
        id: itemId,
        itemId,
        tokenId,
        adamId: asset.adamId,
        addedAt: now,
        addedBy: 'automatic',
        ...(macOnly ? { status: 'failed' as const, comment: MAC_ONLY_NOT_ADDED } : { status: 'success' as const }),
      });
    }
    if (added.length > 0) await this.store.publications.putMany(added);
    return added.length;
  }

  private settingsOf(tokenId: string): LocationSettings {
    const record = this.store.settings.get(tokenId);
    if (!record) return { tokenId, defaultPolicy: {}, publication: 'everything', licenseRestrictedToUserGroups: [] };
    const { id: _id, ...settings } = record;
    return { ...settings, tokenId };
  }

  private assetOf(itemId: string): SyncedAsset {
    const key = parseVppItemId(itemId);
    const asset = key ? this.catalog.asset(key.tokenId, key) : undefined;
    if (!asset) throw saying(new NotFoundError(`No VPP item ${quoteInput(itemId)}: give a VPP app's or book's item id`), 'vpp.location.no-item', { item: quoteInput(itemId) });
    return asset;
  }
}

function publicationOf(record: PublicationRecord): Publication {
  const { id: _id, ...publication } = record;
  return publication;
}

/** What is wrong with a setting: zod's English problem, said in other languages by the kind of problem. */
function settingProblem(issue: z.core.$ZodIssue): Said {
  const { message } = issue;
  switch (issue.code) {
    case 'unrecognized_keys':
      return phrase(message, 'vpp.location.setting.unknown', { keys: issue.keys.join(', ') });
    case 'invalid_value':
      return phrase(message, 'vpp.location.setting.one-of', { values: issue.values.map(String).join(', ') });
    case 'invalid_type':
      return phrase(message, 'vpp.location.setting.type', { expected: issue.expected });
    case 'too_small':
      if (issue.origin === 'string') return phrase(message, 'vpp.location.setting.short', { min: Number(issue.minimum) });
      return phrase(message, 'vpp.location.setting.few', { min: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return phrase(message, 'vpp.location.setting.long', { max: Number(issue.maximum) });
      return phrase(message, 'vpp.location.setting.many', { max: Number(issue.maximum) });
    default:
      return { message };
  }
}
