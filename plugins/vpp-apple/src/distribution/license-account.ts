import type { AccountLine, AccountList, HolderLabel, ItemLabel, LicenseAccount, ReleaseCause } from '../../api/index.js';
import { holderKeyOfLicense } from './ledger.js';
import type { Change } from './license-desk.js';
import { assetKeyOf, vppItemId, type CatalogItem, type HolderKind, type LicenseRecord } from './model.js';
import type { DistributionDirectory } from './ports.js';

/** Lines an account lists of each kind; the totals count them all. */
export const MAX_ACCOUNT_LINES = 100;

/** What names holders and items in an account. */
export interface AccountLabels {
  readonly directory: Pick<DistributionDirectory, 'getUser' | 'getDevice'>;
  readonly item: (itemId: string) => CatalogItem | undefined;
  readonly locationName: (tokenId: string) => string;
}

/** A list that keeps the first lines and counts every one. */
class Lines<T> {
  total = 0;
  readonly lines: T[] = [];
  /** Counts the line, and builds it only while the list still has room. */
  add(line: () => T): void {
    if (this.total++ < MAX_ACCOUNT_LINES) this.lines.push(line());
  }
  done(): AccountList<T> {
    return { total: this.total, lines: this.lines };
  }
}

/** The account of a decided step (its moves settled): the same function for a preview and for the change itself. */
export function accountOf(change: Change, labels: AccountLabels, preview: boolean): LicenseAccount {
  const holder = (kind: HolderKind, id: string): HolderLabel => ({ kind, id, name: holderName(labels, kind, id) });
  const line = (kind: HolderKind, id: string, itemId: string): AccountLine => ({ holder: holder(kind, id), item: itemLabel(labels, itemId) });
  const ofLicense = (record: LicenseRecord): AccountLine => line(record.holderKind, record.holderId, vppItemId(record));
  const granted = new Lines<AccountLine>();
  const served = new Lines<AccountLine & { waitingSince: string }>();
  const irreversible = new Lines<AccountLine>();
  // What each asset needs looked up once, not once per license: a step can grant 100,000 of one asset's licenses.
  const assets = new Map<string, { readonly book: boolean; readonly taken: ReadonlyMap<string, unknown> | undefined }>();
  for (const record of change.grants) {
    const key = assetKeyOf(record);
    let asset = assets.get(key);
    if (!asset) assets.set(key, (asset = { book: labels.item(vppItemId(record))?.kind === 'vpp-book', taken: change.moves.get(key)?.moved.taken }));
    const waited = asset.taken && asset.taken.size > 0 ? (asset.taken.get(holderKeyOfLicense(record)) as { at: string } | undefined) : undefined;
    if (waited) served.add(() => ({ ...ofLicense(record), waitingSince: waited.at }));
    else granted.add(() => ofLicense(record));
    if (asset.book) irreversible.add(() => ofLicense(record));
  }
  const queued = new Lines<AccountLine & { position: number }>();
  for (const { pool, moved } of change.moves.values()) {
    for (const { entry, position } of moved.joined) queued.add(() => ({ ...line(entry.holderKind, entry.holderId, vppItemId(pool.ref)), position }));
  }
  const released = new Lines<AccountLine & { cause: ReleaseCause }>();
  for (const record of change.releases) released.add(() => ({ ...ofLicense(record), cause: record.releaseCause ?? 'cancelled' }));
  const skipped = new Lines<AccountLine & { rule: string; message: string }>();
  for (const s of change.skipped) skipped.add(() => ({ ...line(s.holderKind, s.holderId, s.itemId), rule: s.rule, message: s.message }));
  const awaitingEnrolment = new Lines<AccountLine>();
  for (const u of change.unenrolled) awaitingEnrolment.add(() => line('user', u.userId, u.itemId));
  const appRemoved = new Lines<AccountLine>();
  for (const r of change.removals) appRemoved.add(() => line(r.holderKind, r.holderId, r.itemId));
  return {
    preview,
    granted: granted.done(),
    served: served.done(),
    queued: queued.done(),
    released: released.done(),
    skipped: skipped.done(),
    awaitingEnrolment: awaitingEnrolment.done(),
    appRemoved: appRemoved.done(),
    irreversible: irreversible.done(),
  };
}

function holderName(labels: AccountLabels, kind: HolderKind, id: string): string {
  if (kind === 'user') return labels.directory.getUser(id)?.name ?? id;
  const device = labels.directory.getDevice(id);
  return device ? (device.name ? `${device.name} (${device.serialNumber})` : device.serialNumber) : id;
}

function itemLabel(labels: AccountLabels, itemId: string): ItemLabel {
  const item = labels.item(itemId);
  if (!item) return { id: itemId, name: itemId };
  return { id: item.id, name: item.name, ...(item.vpp ? { location: labels.locationName(item.vpp.tokenId) } : {}) };
}

/** Whether the account moves nothing: no license, no place in a queue, no app, nobody passed over or waiting to enrol. */
export function isEmptyAccount(account: LicenseAccount): boolean {
  const lists = [account.granted, account.served, account.queued, account.released, account.skipped, account.awaitingEnrolment, account.appRemoved, account.irreversible];
  return lists.every((list) => list.total === 0);
}
