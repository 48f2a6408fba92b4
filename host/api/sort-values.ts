import { sortCollator } from './intl-formats.js';

/** What a row sorts by in a column: numbers (counts, and times as `timeValue`) as numbers, text the language's way. */
export type SortValue = string | number | undefined;

export interface SortOrder {
  readonly descending: boolean;
  /** Whose collation orders text. */
  readonly language: string;
}

/**
 * `items` ordered by `valueOf`: numbers as numbers, text the language's way, missing values last in either
 * direction; equal values keep the order they came in, so a sort by state keeps names in order within each state.
 */
export function sortByValue<T>(items: readonly T[], valueOf: (item: T) => SortValue, order: SortOrder): T[] {
  const direction = order.descending ? -1 : 1;
  const collator = sortCollator(order.language);
  return items
    .map((item) => ({ item, key: valueOf(item) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) return a.key === b.key ? 0 : a.key === undefined ? 1 : -1;
      const difference = typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
      return difference * direction;
    })
    .map((entry) => entry.item);
}

/** A timestamp as a sort value, so times compare as times; undefined when there is none. */
export function timeValue(iso: string | undefined): number | undefined {
  if (iso === undefined) return undefined;
  const time = Date.parse(iso);
  return Number.isNaN(time) ? undefined : time;
}
