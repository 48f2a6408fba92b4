import { BadInputError, saying } from '../api/errors.js';
import type { Page, QueryOptions } from '../api/storage.js';

function assertCount(name: 'offset' | 'limit', value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
    throw saying(new BadInputError(`Query ${name} must be a whole number of 0 or more, got ${value}`, { [name]: value }), 'host.query.count', { name: `Query ${name}`, got: String(value) });
  }
}

/** Filters, sorts and pages records; `total` counts every match, not just the page. */
export function queryRecords<T>(records: Iterable<T>, options: QueryOptions<T>): Page<T> {
  const { where, sort, offset = 0, limit } = options;
  assertCount('offset', offset);
  assertCount('limit', limit);
  const matches: T[] = [];
  for (const record of records) if (!where || where(record)) matches.push(record);
  if (sort) matches.sort(sort);
  const end = limit === undefined ? undefined : offset + limit;
  return { items: matches.slice(offset, end), total: matches.length };
}
