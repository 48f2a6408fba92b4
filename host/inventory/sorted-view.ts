import { BadInputError } from '../api/errors.js';
import type { ListQuery } from '../api/inventory.js';
import type { Entity, Page } from '../api/storage.js';
import { sortByValue, type SortValue } from '../api/sort-values.js';

interface Entry<T> {
  readonly key: string;
  readonly id: string;
  readonly text: string;
  readonly record: T;
}

/** Past this many changes at once, one sort of everything beats inserting one by one. */
const BULK_CHANGES = 256;

/** How many other orders are kept between changes: a sort of 100,000 names is paid once, not per page. */
const KEPT_ORDERS = 8;

/** The orders a list offers besides its name order: the value each record sorts by. */
export type SortKeys<T, S extends string> = Readonly<Record<S, (record: T) => SortValue>>;

/** Lower case without accents, so "Émile" sorts and matches as "emile". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function compare<T>(a: Entry<T>, b: Entry<T>): number {
  if (a.key !== b.key) return a.key < b.key ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * A collection kept sorted by a name as it changes, so a page of 100,000 records is a slice and a search is one
 * pass over pre-folded text, never a sort per request.
 */
export class SortedView<T extends Entity> {
  private entries: Entry<T>[] = [];
  private readonly byId = new Map<string, Entry<T>>();
  /** Every entry in another order, by `sort descending language`; emptied by any change. */
  private readonly orders = new Map<string, Entry<T>[]>();

  constructor(
    private readonly sortKeyOf: (record: T) => string,
    private readonly searchTextOf: (record: T) => readonly (string | undefined)[],
    records: Iterable<T>,
  ) {
    this.upsert([...records]);
  }

  upsert(records: readonly T[]): void {
    this.forgetOrders();
    if (records.length > BULK_CHANGES) {
      const replaced = new Set(records.map((r) => r.id));
      const fresh = records.map((r) => this.entryOf(r));
      this.entries = this.entries.filter((e) => !replaced.has(e.id)).concat(fresh).sort(compare);
      for (const entry of fresh) this.byId.set(entry.id, entry);
      return;
    }
    for (const record of records) {
      this.removeOne(record.id);
      const entry = this.entryOf(record);
      this.entries.splice(this.position(entry), 0, entry);
      this.byId.set(entry.id, entry);
    }
  }

  remove(ids: readonly string[]): void {
    this.forgetOrders();
    if (ids.length > BULK_CHANGES) {
      const removed = new Set(ids);
      this.entries = this.entries.filter((e) => !removed.has(e.id));
      for (const id of ids) this.byId.delete(id);
      return;
    }
    for (const id of ids) this.removeOne(id);
  }

  /** For a change the records do not show: a sort value that counts or names other records. */
  forgetOrders(): void {
    this.orders.clear();
  }

  /** `limit` undefined means every match; `query.sort` names one of `sortKeys`. */
  page<S extends string>(query: ListQuery<S> = {}, sortKeys?: SortKeys<T, S>): Page<T> {
    const offset = query.offset ?? 0;
    const limit = query.limit;
    if (!Number.isSafeInteger(offset) || offset < 0) throw new BadInputError(`offset must be a whole number of 0 or more, got ${String(offset)}`);
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new BadInputError(`limit must be a whole number of 0 or more, got ${String(limit)}`);
    const end = limit === undefined ? undefined : offset + limit;
    const search = query.search === undefined ? '' : foldText(query.search.trim());
    const entries = query.sort === undefined ? this.entries : this.ordered(query, sortKeys);
    if (search === '') return { items: entries.slice(offset, end).map((e) => e.record), total: entries.length };
    const items: T[] = [];
    let total = 0;
    for (const entry of entries) {
      if (!entry.text.includes(search)) continue;
      if (total >= offset && (end === undefined || total < end)) items.push(entry.record);
      total++;
    }
    return { items, total };
  }

  private ordered<S extends string>(query: ListQuery<S>, sortKeys: SortKeys<T, S> | undefined): Entry<T>[] {
    const sort = query.sort!;
    const valueOf = sortKeys && Object.hasOwn(sortKeys, sort) ? sortKeys[sort] : undefined;
    if (!valueOf) throw new BadInputError(`The list cannot be sorted by "${sort}"`);
    const order = { descending: query.descending === true, language: query.language ?? 'en' };
    const id = `${sort} ${order.descending} ${order.language}`;
    const kept = this.orders.get(id);
    if (kept) return kept;
    const entries = sortByValue(this.entries, (entry) => valueOf(entry.record), order);
    if (this.orders.size >= KEPT_ORDERS) this.orders.delete(this.orders.keys().next().value!);
    this.orders.set(id, entries);
    return entries;
  }

  private entryOf(record: T): Entry<T> {
    const text = foldText(this.searchTextOf(record).filter((t) => t !== undefined).join('\n'));
    return { key: foldText(this.sortKeyOf(record)), id: record.id, text, record };
  }

  private removeOne(id: string): void {
    const entry = this.byId.get(id);
    if (!entry) return;
    this.byId.delete(id);
    const at = this.position(entry);
    if (this.entries[at]?.id === id) this.entries.splice(at, 1);
  }

  /** The first position whose entry does not sort before `entry`. */
  private position(entry: Entry<T>): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (compare(this.entries[middle]!, entry) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
