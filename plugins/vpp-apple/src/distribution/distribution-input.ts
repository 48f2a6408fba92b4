import { BadInputError, optionValues, quoteInput, saying, z, type CommandInput } from '@vpp-host/api';
import { ALL_TARGET_ID } from '../../api/index.js';
import { PolicyInputSchema } from './policy.js';
import { TARGET_KINDS, type Target, type TargetKind } from './model.js';
import { MAX_ORDERED_LOCATIONS } from './location-order.js';

/** The shapes REST bodies and CLI options are checked against before anything changes. */

export const TargetSchema = z.strictObject({ kind: z.enum(TARGET_KINDS as [TargetKind, ...TargetKind[]]), id: z.string().trim().min(1) });

const reason = z.string().trim().min(1).max(1000).optional();
/** An item id, or an adamId, bundle id or exact name, resolved by the catalog (within `tokenId` when given). */
const item = z.string().trim().min(1);
/** The location to find the item in: a token's id or name. */
const tokenId = z.string().trim().min(1).optional();

/** At most this many excluded groups per assignment. */
const MAX_EXCLUSIONS = 100;
const exclusions = z.array(TargetSchema).max(MAX_EXCLUSIONS);
/** Locations (token ids or names) in priority order; the service says what is wrong with one (unknown, twice, empty). */
const locations = z.array(z.string().trim().min(1).max(200)).max(MAX_ORDERED_LOCATIONS);

export const AssignBodySchema = z.strictObject({
  item,
  tokenId,
  target: TargetSchema,
  installMode: z.enum(['automatic', 'manual', 'uninstall']).optional(),
  licenseType: z.enum(['device', 'user']).optional(),
  policy: PolicyInputSchema.optional(),
  exclusions: exclusions.optional(),
  quota: z.number().int().min(1).optional(),
  locations: locations.optional(),
  reason,
});

export const AssignmentChangeSchema = z.strictObject({
  installMode: z.enum(['automatic', 'manual']).optional(),
  policy: PolicyInputSchema.optional(),
  exclusions: exclusions.optional(),
  quota: z.number().int().min(1).nullable().optional(),
  locations: locations.nullable().optional(),
  reason,
});

export const RevokeBodySchema = z.strictObject({ item, tokenId, target: TargetSchema.optional(), reason });

export const MembershipPreviewSchema = z.strictObject({
  groupKind: z.enum(['user-group', 'device-group']),
  groupId: z.string().trim().min(1).max(200),
  memberId: z.string().trim().min(1).max(200),
  change: z.enum(['joined', 'left']),
});

export const QueueQuerySchema = z.strictObject({ tokenId });

const days = z.coerce.number().int().min(1).max(3650);
export const ReclaimQuerySchema = z.strictObject({ days });
export const ReclaimBodySchema = z.strictObject({ days, reason, notifyUsers: z.boolean().optional() });

/** A body or query that only says why, for the audit log. */
export const ReasonBodySchema = z.strictObject({ reason });

export const LedgerQuerySchema = z.strictObject({
  item: z.string().optional(),
  holder: z.string().optional(),
  state: z.enum(['requested', 'confirmed', 'releasing', 'released', 'failed']).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** The CLI's `--to user|group|user-group|device|device-group ID` or `--to all-users|all-devices`; "group" is a user group. */
export const CLI_TARGET_CHOICES = ['user', 'group', 'user-group', 'device', 'device-group', 'all-users', 'all-devices'] as const;

export function cliTarget(kind: unknown, id: string | undefined, flag: string): Target | undefined {
  if (kind === undefined && id === undefined) return undefined;
  const option = `--${flag}`;
  if (typeof kind !== 'string') {
    throw saying(new BadInputError(`Say what ${id} is with ${option} ${CLI_TARGET_CHOICES.join('|')}`), 'vpp.command.target-kind', { id: String(id), option, choices: CLI_TARGET_CHOICES.join('|') });
  }
  if (kind === 'all-users' || kind === 'all-devices') {
    if (id !== undefined && id !== ALL_TARGET_ID) throw saying(new BadInputError(`${option} ${kind} takes no id (got ${quoteInput(id)})`), 'vpp.command.target-no-id', { option, kind, got: quoteInput(id) });
    return { kind, id: ALL_TARGET_ID };
  }
  if (!id) throw saying(new BadInputError(`Give the id of the ${kind} after ${option} ${kind}`), 'vpp.command.target-id', { option, kind });
  return { kind: (kind === 'group' ? 'user-group' : kind) as TargetKind, id };
}

/** `--exclude user-group:ID --exclude device-group:ID`; `none` alone means no exclusions; absent: undefined. */
export function exclusionsOption(input: CommandInput): Target[] | undefined {
  const values = optionValues(input, 'exclude');
  if (values === undefined) return undefined;
  if (values.length === 1 && values[0] === 'none') return [];
  return values.map((value) => {
    const colon = value.indexOf(':');
    const kind = value.slice(0, colon);
    if (colon < 1 || (kind !== 'user-group' && kind !== 'device-group') || colon === value.length - 1) {
      throw saying(new BadInputError(`--exclude takes user-group:ID or device-group:ID, got ${quoteInput(value)}`), 'vpp.command.exclude', { got: quoteInput(value) });
    }
    return { kind, id: value.slice(colon + 1) };
  });
}

/** `--location A --location B`: locations in priority order; `none` alone clears the order (null); absent: undefined. */
export function locationsOption(input: CommandInput): string[] | null | undefined {
  const values = optionValues(input, 'location');
  if (values === undefined) return undefined;
  return values.length === 1 && values[0] === 'none' ? null : values;
}

export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.options[name];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** `--policy '{"preventBackup":true}'` (or another option's name): JSON, checked by the policy schema later. */
export function policyOption(input: CommandInput, name = 'policy'): unknown {
  const text = stringOption(input, name);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw saying(new BadInputError(`--${name} must be a JSON object, e.g. '{"preventBackup":true}'`), 'vpp.command.json-object', { option: `--${name}` });
  }
}
