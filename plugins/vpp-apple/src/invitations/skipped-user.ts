import type { Said } from '@vpp-host/api';
import type { SkippedUser } from '../../api/index.js';

/** A user left out of an invitation, with why in English and the message that says it in the reader's language. */
export function skippedUser(userId: string, why: Said): SkippedUser {
  return { userId, reason: why.message, ...(why.messageId ? { messageId: why.messageId } : {}), ...(why.params ? { params: why.params } : {}) };
}

/** Why a user was left out, as something said. */
export function skipReason(skipped: SkippedUser): Said {
  return { message: skipped.reason, ...(skipped.messageId ? { messageId: skipped.messageId } : {}), ...(skipped.params ? { params: skipped.params } : {}) };
}
