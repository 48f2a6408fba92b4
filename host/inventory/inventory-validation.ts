import { emailAddressFault, isEmailAddress } from '../api/email-address.js';
import { LISTED_PROBLEMS, listProblems, quoteInput } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';
import type { DeviceInput, GroupInput, Platform, UserInput } from '../api/inventory.js';

export const PLATFORMS: readonly Platform[] = ['iOS', 'iPadOS', 'macOS'];

/** The fields each kind of record accepts: the JSON and CSV importers refuse anything else. */
export const USER_FIELDS = ['id', 'name', 'email', 'language', 'managedAppleId'] as const;
export const DEVICE_FIELDS = ['id', 'serialNumber', 'name', 'platform', 'osVersion', 'ownerUserId', 'enrolledAt', 'lastCheckInAt'] as const;
export const GROUP_FIELDS = ['id', 'name', 'members'] as const;

/**
 * One thing wrong with one field, said in English and as a host message; `record` says which record of a snapshot
 * (e.g. "users[3]") when there are many.
 */
export interface InventoryProblem extends Said {
  readonly record?: string;
  readonly field: string;
}

type Check = (value: unknown) => Said | undefined;

const ID = /^[A-Za-z0-9][A-Za-z0-9._~@-]{0,127}$/;
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
const SERIAL = /^[A-Za-z0-9]{4,32}$/;
const OS_VERSION = /^\d{1,3}(\.\d{1,3}){0,2}$/;


function text(max: number): Check {
  return (value) => {
    if (typeof value !== 'string') return phrase(`must be text, got ${quoteInput(value)}`, 'host.check.text', { got: quoteInput(value) });
    if (value.trim() === '') return phrase('must not be empty', 'host.check.empty');
    return value.length > max ? phrase(`must be at most ${max} characters`, 'host.check.too-long', { max }) : undefined;
  };
}

/** A value matching `regex`, else "must be `what`, got …" said as the message `id`. */
function pattern(regex: RegExp, what: string, id: string): Check {
  return (value) => (typeof value === 'string' && regex.test(value.trim()) ? undefined : phrase(`must be ${what}, got ${quoteInput(value)}`, id, { got: quoteInput(value) }));
}

export const checkId = pattern(ID, 'letters, digits and . _ ~ @ - (at most 128, starting with a letter or digit)', 'host.check.id');
const checkEmail: Check = (value) => {
  const problem = emailAddressFault(value);
  return problem && phrase(`${problem.message}, got ${quoteInput(value)}`, 'host.check.email', { problem, got: quoteInput(value) });
};

const checkIsoDate: Check = (value) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))
    ? undefined
    : phrase(`must be an ISO date such as 2026-01-31T09:00:00Z, got ${quoteInput(value)}`, 'host.check.date', { got: quoteInput(value) });

const checkMembers: Check = (value) =>
  Array.isArray(value) && value.every((m) => typeof m === 'string' && m.trim() !== '') ? undefined : phrase('must be a list of ids', 'host.check.members');

type Rules = Readonly<Record<string, { readonly check: Check; readonly required: boolean }>>;

const USER_RULES: Rules = {
  id: { check: checkId, required: false },
  name: { check: text(200), required: true },
  email: { check: checkEmail, required: true },
  language: { check: pattern(LANGUAGE, 'a language code such as "en", "nl" or "fr"', 'host.check.language'), required: false },
  managedAppleId: {
    check: (value) => (isEmailAddress(value) ? undefined : phrase('must be a Managed Apple ID, an address such as jan@appleid.example.com', 'host.check.managed-apple-id')),
    required: false,
  },
};

const DEVICE_RULES: Rules = {
  id: { check: checkId, required: false },
  serialNumber: { check: pattern(SERIAL, 'a serial number of 4 to 32 letters and digits', 'host.check.serial'), required: true },
  name: { check: text(200), required: false },
  platform: {
    check: (v) => (PLATFORMS.includes(v as Platform) ? undefined : phrase(`must be one of ${PLATFORMS.join(', ')}, got ${quoteInput(v)}`, 'host.check.choice', { choices: PLATFORMS.join(', '), got: quoteInput(v) })),
    required: true,
  },
  osVersion: { check: pattern(OS_VERSION, 'a version such as "17.4" or "10.15.7"', 'host.check.os-version'), required: true },
  ownerUserId: { check: checkId, required: false },
  enrolledAt: { check: checkIsoDate, required: false },
  lastCheckInAt: { check: checkIsoDate, required: false },
};

const GROUP_RULES: Rules = {
  id: { check: checkId, required: false },
  name: { check: text(200), required: true },
  members: { check: checkMembers, required: false },
};

function checkRecord(rules: Rules, input: unknown, record: string | undefined): InventoryProblem[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return [{ ...(record ? { record } : {}), field: '(record)', ...phrase('must be an object', 'host.check.object') }];
  }
  const problems: InventoryProblem[] = [];
  for (const [field, rule] of Object.entries(rules)) {
    const value = (input as Record<string, unknown>)[field];
    const problem = value === undefined || value === null ? (rule.required ? phrase('is required', 'host.check.required') : undefined) : rule.check(value);
    if (problem) problems.push({ ...(record ? { record } : {}), field, ...problem });
  }
  return problems;
}

export const checkUserInput = (input: unknown, record?: string): InventoryProblem[] => checkRecord(USER_RULES, input, record);
export const checkDeviceInput = (input: unknown, record?: string): InventoryProblem[] => checkRecord(DEVICE_RULES, input, record);
export const checkGroupInput = (input: unknown, record?: string): InventoryProblem[] => checkRecord(GROUP_RULES, input, record);

/** Trimmed, without empty optional fields, the serial number upper-cased: what is stored and compared. */
export function normalizeUser(input: UserInput): UserInput {
  return withoutEmpty({
    id: input.id?.trim(),
    name: input.name.trim(),
    email: input.email.trim(),
    language: input.language?.trim(),
    managedAppleId: input.managedAppleId?.trim(),
  }) as unknown as UserInput;
}

export function normalizeDevice(input: DeviceInput): DeviceInput {
  return withoutEmpty({
    id: input.id?.trim(),
    serialNumber: input.serialNumber.trim().toUpperCase(),
    name: input.name?.trim(),
    platform: input.platform,
    osVersion: input.osVersion.trim(),
    ownerUserId: input.ownerUserId?.trim(),
    enrolledAt: isoOrUndefined(input.enrolledAt),
    lastCheckInAt: isoOrUndefined(input.lastCheckInAt),
  }) as unknown as DeviceInput;
}

function isoOrUndefined(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Date(value).toISOString();
}

export function normalizeGroup(input: GroupInput): GroupInput {
  return withoutEmpty({ id: input.id?.trim(), name: input.name.trim(), members: input.members?.map((m) => m.trim()) }) as unknown as GroupInput;
}

/** Drops undefined, null and empty-string fields, so "no language" is one shape whatever the source. */
export function withoutEmpty<T extends object>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined && v !== null && v !== '')) as Partial<T>;
}

export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function serialKey(serial: string): string {
  return serial.trim().toUpperCase();
}

/** An id made from free text: "Sales iPads" -> "sales-ipads", "jan.de.vries" stays. */
export function slug(text: string, fallback: string): string {
  const made = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 100);
  return made === '' ? fallback : made;
}

/** The first of `base`, `base-2`, `base-3`, ... that `taken` does not hold. */
export function uniqueId(base: string, taken: (id: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

export function describeProblems(problems: readonly InventoryProblem[]): string {
  return listProblems(problems.map((p) => `${p.record ? `${p.record}.` : ''}${p.field}: ${p.message}`));
}

/** The first problems as the message param `describeProblems` says in English: "users[3].email: …", each in the reader's language. */
export function saidProblems<P extends InventoryProblem>(problems: readonly P[], where: (problem: P) => string = (p) => `${p.record ? `${p.record}.` : ''}${p.field}`): Said[] {
  return problems.slice(0, LISTED_PROBLEMS).map((problem) => phrase(`${where(problem)}: ${problem.message}`, 'host.field-colon', { field: where(problem), problem }));
}
