import { fill, type HostError, type Messages } from '@vpp-host/api';
import { ruleExplanation } from '../../api/index.js';
import type { RevocationResult } from '../distribution/distribution-service.js';
import type { AssignmentRecord } from '../distribution/model.js';
import { pageUrl } from './panel-labels.js';
import { vppText, type VppText } from './panel-text.js';

/** What the Managed distribution pages say about a change: refusals, revocations, and where inviting leads. */

/** Where "Invite these users" leads for an assignment's target: the Invitations page with it filled in (everyone: none). */
export function inviteHrefOf(target: AssignmentRecord['target']): string | undefined {
  if (target.kind === 'all-users' || target.kind === 'all-devices') return undefined;
  return pageUrl('invitations', { kind: target.kind, id: target.id });
}

/** A refusal in the admin's language, naming the rule when there is one. */
export function refusalMessage(error: HostError, language: string, messages: Messages): string {
  const rule = (error.details as { rule?: string } | undefined)?.rule;
  const said = error.messageId ? messages.say(error, language) : rule ? ruleExplanation(rule, error.message, language) : error.message;
  const message = rule ? `${said} (${rule})` : said;
  return fill(vppText(language).refused, { message });
}

/** The changes an admin confirms after seeing their preview. */
export const CONFIRMED_ACTIONS: readonly string[] = ['approve', 'remove', 'revoke', 'update-policy', 'update-locations'];

/** What a revocation took back and what it did to the queue: who left it, and how many licenses went to others waiting. */
export function revocationMessage({ revoked, counts, queue }: RevocationResult, text: VppText, language: string): string {
  const values = { count: revoked, available: counts.available, total: counts.total, dropped: queue.dropped, served: queue.servedOthers };
  const clauses = [text.revokedCount, ...(queue.dropped > 0 ? [text.revokedDropped] : []), ...(queue.servedOthers > 0 ? [text.revokedServed] : [])];
  if (clauses.length === 1) clauses.push(text.queueUnchanged);
  return clauses.map((clause) => fill(clause, values, language)).join(text.clauseSeparator);
}
