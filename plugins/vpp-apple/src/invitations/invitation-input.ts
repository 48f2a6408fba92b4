import { BadInputError, saying, z, type CommandInput } from '@vpp-host/api';
import { missing } from '../command-arguments.js';
import { ENROLMENT_STATUSES, type EnrolmentStatus, type InvitationTargetKind } from '../../api/index.js';
import { ENROLMENT_SORTS } from './enrolment-order.js';

/** What REST bodies, queries and CLI arguments are checked against before anything is sent. */

/** The CLI's and REST's words for whom to invite; "group" is a user group. */
export const INVITE_KIND_WORDS = ['user', 'group', 'user-group', 'device', 'device-group'] as const;

/** A refused kind of invitation target, with the words accepted (the service's kinds, the CLI's and REST's words). */
export function unknownKind(kinds: readonly string[], got: string): BadInputError {
  return saying(new BadInputError(`Invite a ${kinds.join(', ')}; got "${got}"`), 'vpp.invitation.kind', { kinds: kinds.join(', '), got });
}

export function targetKindOf(word: string): InvitationTargetKind {
  if (!(INVITE_KIND_WORDS as readonly string[]).includes(word)) throw unknownKind(INVITE_KIND_WORDS, word);
  return word === 'group' ? 'user-group' : (word as InvitationTargetKind);
}

const reason = z.string().trim().min(1).max(1000).optional();
const tokenId = z.string().trim().min(1).optional();

export const InviteBodySchema = z.strictObject({
  kind: z.enum(INVITE_KIND_WORDS),
  id: z.string().trim().min(1),
  only: z.enum(['not-invited', 'not-enrolled']).optional(),
  tokenId,
  reason,
});

export const TokenReasonBodySchema = z.strictObject({ tokenId, reason });

export const EnrolmentQuerySchema = z.strictObject({
  status: z.enum(ENROLMENT_STATUSES as [EnrolmentStatus, ...EnrolmentStatus[]]).optional(),
  tokenId,
  search: z.string().optional(),
  sort: z.enum(ENROLMENT_SORTS).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const TokenQuerySchema = z.strictObject({ tokenId });

export function optionText(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function argument(input: CommandInput, name: string): string {
  const value = input.args[name]?.trim();
  if (!value) throw missing(name);
  return value;
}
