import type { EnrolmentStore } from '../distribution/enrolment-store.js';
import type { BatchRetries } from './batch-retries.js';
import type { InvitationStore } from './invitation-store.js';

/**
 * Drops what invitations keep of a location whose token was deleted: its unsent batches (and their pending retries),
 * so nobody there is mailed any more, its invitation records and its enrolments. Resolves to how many of each went.
 */
export async function forgetLocationInvitations(
  tokenId: string,
  store: InvitationStore,
  enrolments: EnrolmentStore,
  retries: BatchRetries,
): Promise<{ batches: number; invitations: number; enrolments: number }> {
  const { batchIds, invitations } = await store.forgetLocation(tokenId);
  for (const batchId of batchIds) await retries.cancel(batchId);
  return { batches: batchIds.length, invitations, enrolments: await enrolments.forgetLocation(tokenId) };
}
