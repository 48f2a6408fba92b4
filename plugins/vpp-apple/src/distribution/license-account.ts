import type { AccountLine, AccountList, HolderLabel, ItemLabel, LicenseAccount, ReleaseCause } from '../../api/index.js';
import { holderKeyOfLicense } from './ledger.js';
import type { Change, Waiting } from './license-desk.js';
import { assetKeyOf, vppItemId, type CatalogItem, type HolderKind, type LicenseRecord, type Target } from './model.js';
import type { DistributionDirectory } from './ports.js';

/** Lines an account lists of each kind; the totals count them all. */
export const MAX_ACCOUNT_LINES = 100;

/** What names holders and items in an account. */
export interface AccountLabels {
  readonly directory: Pick<DistributionDirectory, 'getUser' | 'getDevice' | 'getUserGroup' | 'getDeviceGroup'>;
  readonly item: (itemId: string) => CatalogItem | undefined;
  readonly locationName: (tokenId: string) => string;
}

/**
 * The first entries of a list, as many as an account shows, and how many there are in all: a step that passes
 * 100,000 holders over keeps 100 of them.
 */
export class FirstOf<T> {
  total = 0;
  readonly entries: T[] = [];
  /** Counts the entry, and builds it only while the list still has room. */
  add(entry: () => T): void {
    if (this.total++ < MAX_ACCOUNT_LINES) this.entries.push(entry());
  }
  /** The account's list, each kept entry turned into its line. */
  listed<L>(line: (entry: T) => L): AccountList<L> {
    return { total: this.total, lines: this.entries.map(line) };
  }
}

/** The account of a decided step (its moves settled): the same function for a preview and for the change itself. */
export function accountOf(change: Change, labels: AccountLabels, preview: boolean): LicenseAccount {
  const holder = (kind: HolderKind, id: string): HolderLabel => ({ kind, id, name: holderName(labels, kind, id) });
  const line = (kind: HolderKind, id: string, itemId: string): AccountLine => ({ holder: holder(kind, id), item: itemLabel(labels, itemId) });
  const ofLicense = (record: LicenseRecord): AccountLine => line(record.holderKind, record.holderId, vppItemId(record));
  const granted = new FirstOf<AccountLine>();
  const served = new FirstOf<AccountLine & { waitingSince: string }>();
  const irreversible = new FirstOf<AccountLine>();
  // What each asset needs looked up once, not once per license: a step can grant 100,000 of one asset's licenses.
  const assets = new Map<string, { readonly book: boolean; readonly taken: readonly ReadonlyMap<string, Waiting>[] }>();
  for (const record of change.grants) {
    const key = assetKeyOf(record);
    let asset = assets.get(key);
    if (!asset) assets.set(key, (asset = { book: labels.item(vppItemId(record))?.kind === 'vpp-book', taken: takenFor(change, record) }));
    const holderKey = asset.taken.length > 0 ? holderKeyOfLicense(record) : '';
    const waited = asset.taken.find((taken) => taken.has(holderKey))?.get(holderKey);
    if (waited) served.add(() => ({ ...ofLicense(record), waitingSince: waited.at }));
    else granted.add(() => ofLicense(record));
    if (asset.book) irreversible.add(() => ofLicense(record));
  }
  const queued = new FirstOf<AccountLine & { position: number }>();
  for (const { pool, moved } of change.moves.values()) {
    for (const { entry, position } of moved.joined) queued.add(() => ({ ...line(entry.holderKind, entry.holderId, vppItemId(pool.ref)), position }));
  }
  const released = new FirstOf<AccountLine & { cause: ReleaseCause }>();
  for (const record of change.releases) released.add(() => ({ ...ofLicense(record), cause: record.releaseCause ?? 'cancelled' }));
  const kept = <L>(list: FirstOf<L>) => list.listed((entry) => entry);
  return {
    preview,
    granted: kept(granted),
    served: kept(served),
    queued: kept(queued),
    released: kept(released),
    skipped: change.skipped.listed((s) => ({ ...line(s.holderKind, s.holderId, s.itemId), rule: s.rule, message: s.message })),
    awaitingEnrolment: change.unenrolled.listed((u) => line('user', u.userId, u.itemId)),
    appRemoved: change.removals.listed((r) => line(r.holderKind, r.holderId, r.itemId)),
    irreversible: kept(irreversible),
  };
}

/**
 * The holders taken from the queues of the record's asset, at every location: a license from a location further
 * down an assignment's order goes to a holder that waited in the queue of the assignment's own location.
 */
function takenFor(change: Change, record: LicenseRecord): ReadonlyMap<string, Waiting>[] {
  return [...change.moves.values()]
    .filter(({ pool, moved }) => moved.taken.size > 0 && pool.ref.adamId === record.adamId && pool.ref.pricingParam === record.pricingParam)
    .map(({ moved }) => moved.taken);
}

function holderName(labels: AccountLabels, kind: HolderKind, id: string): string {
  if (kind === 'user') return labels.directory.getUser(id)?.name ?? id;
  const device = labels.directory.getDevice(id);
  return device ? (device.name ? `${device.name} (${device.serialNumber})` : device.serialNumber) : id;
}

/** Any target by name: a holder as accounts name it, a group by its name, and no name for all users or devices. */
export function targetName(labels: AccountLabels, target: Target): string {
  switch (target.kind) {
    case 'user':
    case 'device':
      return holderName(labels, target.kind, target.id);
    case 'user-group':
      return labels.directory.getUserGroup(target.id)?.name ?? target.id;
    case 'device-group':
      return labels.directory.getDeviceGroup(target.id)?.name ?? target.id;
    default:
      return '';
  }
}

export function itemLabel(labels: AccountLabels, itemId: string): ItemLabel {
  const item = labels.item(itemId);
  if (!item) return { id: itemId, name: itemId };
  return { id: item.id, name: item.name, ...(item.vpp ? { location: labels.locationName(item.vpp.tokenId) } : {}) };
}

/** Whether the account moves nothing: no license, no place in a queue, no app, nobody passed over or waiting to enrol. */
export function isEmptyAccount(account: LicenseAccount): boolean {
  const lists = [account.granted, account.served, account.queued, account.released, account.skipped, account.awaitingEnrolment, account.appRemoved, account.irreversible];
  return lists.every((list) => list.total === 0);
}
