import type { Page } from '@vpp-host/api';
import type { EnrolmentEntry, EnrolmentQuery, EnrolmentStatus, Invitations } from '../../api/index.js';

/** `name`: the inventory's order; `accepted`: first to accept first, the order licenses are handed out in (seed 000). */
export const ENROLMENT_SORTS = ['name', 'accepted'] as const;
export type EnrolmentSort = (typeof ENROLMENT_SORTS)[number];

export function isEnrolmentSort(value: string | undefined): value is EnrolmentSort {
  return (ENROLMENT_SORTS as readonly string[]).includes(value ?? '');
}

/** Enrolled users are read in acceptance order unless asked otherwise: it is the order that decides who is licensed. */
export function defaultSort(status: EnrolmentStatus | undefined): EnrolmentSort {
  return status === 'enrolled' ? 'accepted' : 'name';
}

/**
 * A page of the enrolment list in the order asked. By acceptance, enrolled users come first, earliest acceptance first
 * (ties broken by user id, as the queue does), then the others by name; the matching entries are read whole to
 * sort them, so this order costs one pass over the matches.
 */
export function listEnrolment(invitations: Pick<Invitations, 'list'>, query: EnrolmentQuery & { readonly sort?: EnrolmentSort }): Page<EnrolmentEntry> {
  const { sort = defaultSort(query.status), ...rest } = query;
  if (sort === 'name') return invitations.list(rest);
  const offset = rest.offset ?? 0;
  const limit = rest.limit ?? 100;
  const all = invitations.list({ ...rest, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const ordered = all.items
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => compareAcceptance(a.entry, b.entry) || a.index - b.index)
    .map(({ entry }) => entry);
  return { items: ordered.slice(offset, offset + limit), total: all.total };
}

function compareAcceptance(a: EnrolmentEntry, b: EnrolmentEntry): number {
  const first = acceptedAt(a);
  const second = acceptedAt(b);
  if (first === undefined || second === undefined) return first === second ? 0 : first === undefined ? 1 : -1;
  if (first !== second) return first < second ? -1 : 1;
  return a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0;
}

/** A retired user's old acceptance no longer places them. */
function acceptedAt(entry: EnrolmentEntry): string | undefined {
  return entry.status === 'enrolled' ? entry.acceptedAt : undefined;
}
