import { GraphError } from './graph-errors.js';

/** A Graph object as JSON: `@odata.type` and `id` always, the rest as the type has it. */
export type GraphObject = { readonly '@odata.type': string; readonly id: string } & Readonly<Record<string, unknown>>;

export interface CollectionQuery {
  /** `$filter=isof('microsoft.graph.X')`: only objects of that type. */
  readonly type?: string;
  readonly select?: readonly string[];
  /** `$expand=assignments`. */
  readonly expandAssignments: boolean;
  readonly top: number;
  readonly skip: number;
}

/** Graph's own page size when a request names no `$top`. */
const DEFAULT_TOP = 100;
const MAX_TOP = 999;
const ISOF = /^isof\('microsoft\.graph\.([A-Za-z]+)'\)$/;

/** Reads the OData options this surface supports; any other is refused as Graph refuses what it does not know. */
export function collectionQuery(query: Readonly<Record<string, string>>): CollectionQuery {
  for (const key of Object.keys(query)) {
    if (key.startsWith('$') && !['$top', '$skiptoken', '$filter', '$select', '$expand'].includes(key)) {
      throw new GraphError(400, `Query option '${key}' is not supported on this collection.`);
    }
  }
  const expandAssignments = expandsAssignments(query);
  const top = query.$top === undefined ? DEFAULT_TOP : Number(query.$top);
  if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) throw new GraphError(400, `Invalid value for '$top': it must be a whole number from 1 to ${MAX_TOP}.`);
  const skip = query.$skiptoken === undefined ? 0 : skipOf(query.$skiptoken);
  let type: string | undefined;
  if (query.$filter !== undefined) {
    const match = ISOF.exec(query.$filter.trim());
    if (!match) throw new GraphError(400, "Invalid filter clause: only isof('microsoft.graph.<type>') is supported on this collection.");
    type = `#microsoft.graph.${match[1]}`;
  }
  const select = query.$select?.split(',').map((field) => field.trim()).filter((field) => field !== '');
  return { top, skip, expandAssignments, ...(type ? { type } : {}), ...(select ? { select } : {}) };
}

/** `$expand=assignments` is the one expansion served; undefined means none. */
export function expandsAssignments(query: Readonly<Record<string, string>>): boolean {
  if (query.$expand === undefined) return false;
  if (query.$expand.trim() !== 'assignments') throw new GraphError(400, "Only '$expand=assignments' is supported.");
  return true;
}

/** Our skip tokens are the offset of the next page; anything else did not come from a nextLink. */
function skipOf(token: string): number {
  const offset = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString('utf8') : '';
  if (!/^\d{1,15}$/.test(offset)) throw new GraphError(400, "Invalid '$skiptoken': use the @odata.nextLink of the previous page.");
  return Number(offset);
}

/** Only the selected properties, with `@odata.type` and `id`, which Graph always returns. */
export function selected(object: GraphObject, select: readonly string[] | undefined): GraphObject {
  if (!select) return object;
  const kept = Object.entries(object).filter(([key]) => key === '@odata.type' || key === 'id' || key === 'assignments' || select.includes(key));
  return Object.fromEntries(kept) as GraphObject;
}

/** A collection's records, and how each reads as a Graph object: only the page's records are turned into one. */
export interface Listing<T> {
  readonly records: readonly T[];
  /** The record's `@odata.type`, for `$filter=isof(…)`. */
  typeOf(record: T): string;
  objectOf(record: T): GraphObject;
}

/**
 * One page of a collection in Graph's shape: `@odata.context`, `value`, and `@odata.nextLink` (the same request with
 * a `$skiptoken`) while more remain.
 */
export function collectionPage<T>(
  listing: Listing<T>,
  query: CollectionQuery,
  self: { readonly url: string; readonly query: Readonly<Record<string, string>> },
  context: string,
): Record<string, unknown> {
  const matching = query.type ? listing.records.filter((record) => listing.typeOf(record) === query.type) : listing.records;
  const page = matching.slice(query.skip, query.skip + query.top).map((record) => selected(listing.objectOf(record), query.select));
  const next = query.skip + query.top;
  const answer: Record<string, unknown> = { '@odata.context': context, value: page };
  if (next < matching.length) {
    // Graph writes its options' names as they are ($top, not %24top); values are encoded.
    const options = { ...self.query, $skiptoken: Buffer.from(String(next)).toString('base64url') };
    answer['@odata.nextLink'] = `${self.url}?${Object.entries(options).map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
  }
  return answer;
}
