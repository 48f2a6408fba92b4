import { BadInputError, ConflictError, phrase, saying, z, type Actor, type Clock, type Platform, type Repository } from '@vpp-host/api';
import { randomUUID } from 'node:crypto';
import type { SyncedAsset } from '../../api/index.js';
import { resolveItem } from './item-resolver.js';
import type { VppAssetSource } from './ports.js';
import { vppItemId, type CatalogItem, type InHouseItemRecord, type LicenseCounts, type VppAssetRef } from './model.js';

const PLATFORMS = ['iOS', 'iPadOS', 'macOS'] as const;

/** What the in-house item form's schema says of a field, in the reader's language too. */
const FIELD_PROBLEMS = {
  name: phrase('name must not be empty', 'vpp.catalog.empty-name'),
  bundleId: phrase('bundle id must look like com.example.app', 'vpp.catalog.bundle-id'),
  platforms: phrase('name at least one platform', 'vpp.catalog.no-platform'),
} as const;

export const InHouseItemInputSchema = z.strictObject({
  kind: z.enum(['in-house-app', 'in-house-book']),
  name: z.string().trim().min(1, FIELD_PROBLEMS.name.message).max(200),
  bundleId: z.string().regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, FIELD_PROBLEMS.bundleId.message).optional(),
  fileRef: z.string().trim().min(1).max(1000).optional(),
  platforms: z.array(z.enum(PLATFORMS)).min(1, FIELD_PROBLEMS.platforms.message),
});
export type InHouseItemInput = z.infer<typeof InHouseItemInputSchema>;

/** Apple's platforms as the inventory names them: an iOS app runs on iPhones and iPads. */
function platformsOf(asset: SyncedAsset): Platform[] {
  const platforms = new Set<Platform>();
  for (const platform of asset.supportedPlatforms) {
    if (platform === 'iOS') platforms.add('iOS').add('iPadOS');
    if (platform === 'macOS') platforms.add('macOS');
  }
  return [...platforms];
}

/** What an app or book is called until sync has looked up its store name. */
export function unnamedVppItem(kind: 'vpp-app' | 'vpp-book', adamId: string): string {
  return `${kind === 'vpp-book' ? 'Book' : 'App'} ${adamId}`;
}

/** The store's name once sync looked it up; until then "App <adamId>" or "Book <adamId>". */
export function vppItemOf(asset: SyncedAsset, counts: LicenseCounts | undefined): CatalogItem {
  const ref = { tokenId: asset.tokenId, adamId: asset.adamId, pricingParam: asset.pricingParam };
  const kind = asset.productType === 'Book' ? 'vpp-book' : 'vpp-app';
  return {
    id: vppItemId(ref),
    kind,
    name: asset.name ?? unnamedVppItem(kind, asset.adamId),
    platforms: platformsOf(asset),
    ...(asset.bundleId ? { bundleId: asset.bundleId } : {}),
    vpp: { ...ref, revocable: asset.revocable, deviceAssignable: asset.deviceAssignable },
    ...(counts ? { counts } : {}),
  };
}

const VPP_ID = /^vpp:([^:]+):([^:]+):(STDQ|PLUS)$/;
/** The `<token>|<adamId>|<pricing>` form CatalogReader gave before it used the item id: still accepted. */
const LEGACY_VPP_ID = /^([^|]+)\|([^|]+)\|(STDQ|PLUS)$/;

/** The location and asset a VPP item's id names; undefined for an in-house item's. */
export function vppRefOfItemId(id: string): VppAssetRef | undefined {
  const match = VPP_ID.exec(id) ?? LEGACY_VPP_ID.exec(id);
  return match ? { tokenId: match[1]!, adamId: match[2]!, pricingParam: match[3] as 'STDQ' | 'PLUS' } : undefined;
}

/** VPP apps and books from sync, per location, and the in-house apps and books admins add. */
export class Catalog {
  constructor(
    private readonly inHouse: Repository<InHouseItemRecord>,
    private readonly assets: VppAssetSource,
    private readonly clock: Clock,
    private readonly countsOf: (item: CatalogItem) => LicenseCounts | undefined,
    /** How messages name a location (token). */
    private readonly locationName: (tokenId: string) => string,
    /** Whether a VPP item is in the catalog (its location publishes everything, or it was added). */
    private readonly published: (itemId: string) => boolean,
  ) {}

  /** The catalog: in-house items and the VPP items their locations publish (`unlisted`: every VPP item, published or not). */
  list(filter: { kind?: CatalogItem['kind']; tokenId?: string; unlisted?: boolean } = {}): CatalogItem[] {
    const vpp = this.assets
      .assets({ ...(filter.tokenId ? { tokenId: filter.tokenId } : {}), limit: Number.MAX_SAFE_INTEGER })
      .items.filter((asset) => filter.unlisted === true || this.published(vppItemId(asset)))
      .map((asset) => this.withCounts(vppItemOf(asset, undefined)));
    const own = filter.tokenId ? [] : [...this.inHouse.values()].map(toItem);
    return [...own, ...vpp].filter((item) => filter.kind === undefined || item.kind === filter.kind);
  }

  /** Whether admins may assign it: in-house items always, VPP items once in the catalog. */
  isListed(item: CatalogItem): boolean {
    return !item.vpp || this.published(item.id);
  }

  /** Any item by id, listed or not: assignments made before a location stopped publishing an item still work. */
  get(id: string): CatalogItem | undefined {
    const ref = vppRefOfItemId(id);
    if (ref) {
      const asset = this.assets.asset(ref.tokenId, { adamId: ref.adamId, pricingParam: ref.pricingParam });
      return asset ? this.withCounts(vppItemOf(asset, undefined)) : undefined;
    }
    const record = this.inHouse.get(id);
    return record ? toItem(record) : undefined;
  }

  /**
   * By id, or by an adamId, bundle id or exact name that names exactly one item, within one location (token) when
   * `tokenId` is given; otherwise BadInputError with the candidates.
   */
  require(reference: string, tokenId?: string): CatalogItem {
    const exact = this.get(reference);
    if (exact && (tokenId === undefined || exact.vpp === undefined || exact.vpp.tokenId === tokenId)) return exact;
    return resolveItem(this.list(), reference, { ...(tokenId !== undefined ? { tokenId } : {}), locationName: this.locationName });
  }

  async add(input: unknown, actor: Actor): Promise<CatalogItem> {
    const parsed = InHouseItemInputSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.join('.') || 'input';
      // zod's own wording (a wrong kind, a field too long) stays English; the schema's own problems are said.
      const problem = Object.values(FIELD_PROBLEMS).find((p) => p.message === issue.message) ?? issue.message;
      throw saying(new BadInputError(`In-house item ${field}: ${issue.message}`, { issues: parsed.error.issues }), 'vpp.catalog.bad-field', { field, problem });
    }
    const value = parsed.data;
    if (!value.bundleId && !value.fileRef) throw saying(new BadInputError('An in-house item needs a bundle id or a file reference'), 'vpp.catalog.bundle-or-file');
    if (value.kind === 'in-house-book' && value.bundleId) throw saying(new BadInputError('In-house books take a file reference, not a bundle id'), 'vpp.catalog.book-bundle-id');
    const duplicate = [...this.inHouse.values()].find(
      (r) => r.name === value.name || (value.bundleId !== undefined && r.bundleId === value.bundleId),
    );
    if (duplicate) throw saying(new ConflictError(`The catalog already has "${duplicate.name}" (${duplicate.id})`), 'vpp.catalog.duplicate', { name: duplicate.name, id: duplicate.id });
    const record: InHouseItemRecord = {
      id: `inhouse-${randomUUID().slice(0, 8)}`,
      kind: value.kind,
      name: value.name,
      platforms: [...new Set(value.platforms)],
      ...(value.bundleId ? { bundleId: value.bundleId } : {}),
      ...(value.fileRef ? { fileRef: value.fileRef } : {}),
      createdAt: this.clock.now().toISOString(),
      createdBy: { kind: actor.kind, id: actor.id, ...(actor.name ? { name: actor.name } : {}) },
    };
    await this.inHouse.put(record);
    return toItem(record);
  }

  private withCounts(item: CatalogItem): CatalogItem {
    const counts = this.countsOf(item);
    return counts ? { ...item, counts } : item;
  }
}

function toItem(record: InHouseItemRecord): CatalogItem {
  return {
    id: record.id,
    kind: record.kind,
    name: record.name,
    platforms: record.platforms,
    ...(record.bundleId ? { bundleId: record.bundleId } : {}),
    ...(record.fileRef ? { fileRef: record.fileRef } : {}),
  };
}
