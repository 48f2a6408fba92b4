import type { ListQuery } from '../api/inventory.js';
import type { Entity, Page, Repository } from '../api/storage.js';
import { SortedView, type SortKeys } from './sorted-view.js';

/**
 * A repository with a name-sorted view beside it. Both change together before the write is awaited, so a list
 * never disagrees with a get.
 */
export class ListedCollection<T extends Entity> {
  private readonly view: SortedView<T>;

  constructor(
    readonly repository: Repository<T>,
    sortKeyOf: (record: T) => string,
    searchTextOf: (record: T) => readonly (string | undefined)[],
  ) {
    this.view = new SortedView(sortKeyOf, searchTextOf, repository.values());
  }

  get(id: string): T | undefined {
    return this.repository.get(id);
  }

  has(id: string): boolean {
    return this.repository.has(id);
  }

  count(): number {
    return this.repository.count();
  }

  list<S extends string>(query?: ListQuery<S>, sortKeys?: SortKeys<T, S>): Page<T> {
    return this.view.page(query, sortKeys);
  }

  /** After a change elsewhere that moves a sort value of these records (a count of members, an owner's name). */
  forgetOrders(): void {
    this.view.forgetOrders();
  }

  put(records: readonly T[]): Promise<void> {
    if (records.length === 0) return Promise.resolve();
    const written = this.repository.putMany(records);
    this.view.upsert(records);
    return written;
  }

  delete(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const written = this.repository.deleteMany(ids);
    this.view.remove(ids);
    return written.then(() => undefined);
  }
}
