import { BadInputError, z, type CommandInput } from '@vpp-host/api';
import { PolicyInputSchema } from './policy.js';
import { TARGET_KINDS, type Target, type TargetKind } from './model.js';

/** The shapes REST bodies and CLI options are checked against before anything changes. */

export const TargetSchema = z.strictObject({ kind: z.enum(TARGET_KINDS as [TargetKind, ...TargetKind[]]), id: z.string().trim().min(1) });

const reason = z.string().trim().min(1).max(1000).optional();
/** An item id, or an adamId, bundle id or exact name, resolved by the catalog (within `tokenId` when given). */
const item = z.string().trim().min(1);
/** The location to find the item in: a token's id or name. */
const tokenId = z.string().trim().min(1).optional();

export const AssignBodySchema = z.strictObject({
  item,
  tokenId,
  target: TargetSchema,
  installMode: z.enum(['automatic', 'manual']).optional(),
  licenseType: z.enum(['device', 'user']).optional(),
  policy: PolicyInputSchema.optional(),
  reason,
});

export const RevokeBodySchema = z.strictObject({ item, tokenId, target: TargetSchema.optional(), reason });

export const QueueQuerySchema = z.strictObject({ tokenId });

/** A body or query that only says why, for the audit log. */
export const ReasonBodySchema = z.strictObject({ reason });

export const LedgerQuerySchema = z.strictObject({
  item: z.string().optional(),
  holder: z.string().optional(),
  state: z.enum(['requested', 'confirmed', 'releasing', 'released', 'failed']).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The CLI's `--to user|group|user-group|device|device-group ID`; "group" is a user group. */
export const CLI_TARGET_CHOICES = ['user', 'group', 'user-group', 'device', 'device-group'] as const;

export function cliTarget(kind: unknown, id: string | undefined, flag: string): Target | undefined {
  if (kind === undefined && id === undefined) return undefined;
  if (typeof kind !== 'string') throw new BadInputError(`Say what ${id} is with --${flag} ${CLI_TARGET_CHOICES.join('|')}`);
  if (!id) throw new BadInputError(`Give the id of the ${kind} after --${flag} ${kind}`);
  return { kind: (kind === 'group' ? 'user-group' : kind) as TargetKind, id };
}

export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `--policy '{"preventBackup":true}'`: JSON, checked by the policy schema later. */
export function policyOption(input: CommandInput): unknown {
  const text = stringOption(input, 'policy');
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadInputError('--policy must be a JSON object, e.g. \'{"preventBackup":true}\'');
  }
}
