import { BadInputError, cutText, kindPhrase, NotFoundError, phrase, quoteInput, saying, type Inventory, type Said } from '@vpp-host/api';
import { ALL_TARGET_ID } from '../../api/index.js';
import type { Target, TargetKind } from './model.js';

/** The inventory reads a target lookup needs. */
export type TargetDirectory = Pick<Inventory, 'getUser' | 'getDevice' | 'getDeviceBySerial' | 'getUserGroup' | 'getDeviceGroup' | 'listUsers' | 'listDevices' | 'listUserGroups' | 'listDeviceGroups'>;

/** A record a typed name could mean, as an error lists it: what people call it, and its id. */
export interface TargetCandidate {
  readonly id: string;
  readonly label: string;
}

/** Why a typed target did not resolve; a BadInputError carries it as `details`, so a panel can say it in its language. */
export interface TargetRefusal {
  readonly problem: 'unknown' | 'ambiguous';
  readonly kind: TargetKind;
  readonly typed: string;
  readonly candidates: readonly TargetCandidate[];
}

const MAX_CANDIDATES = 10;
/** Shorter words match too much to suggest anything. */
const MIN_WORD = 3;
export type NamedKind = Exclude<TargetKind, 'all-users' | 'all-devices'>;

/** `No user-group "x"`: a record a script named by its id is gone. */
export function noSuchRecord(kind: NamedKind, id: string): NotFoundError {
  return saying(new NotFoundError(`No ${kind} ${quoteInput(id)}`), 'vpp.target.unknown', { kind: kindPhrase(kind), name: cutText(id), didYouMean: [] });
}

/** "; did you mean …?" after a refusal, or nothing when there is no candidate: a list param of none or one phrase. */
export function didYouMean(candidates: string): Said[] {
  return candidates === '' ? [] : [phrase(`; did you mean ${candidates}?`, 'vpp.did-you-mean', { candidates })];
}

interface Named {
  readonly id: string;
  /** The names it may be typed by, most specific first (an email before a person's name). */
  readonly keys: readonly (string | undefined)[];
  readonly label: string;
}

/**
 * The user, user group, device or device group an admin or script names (everyone, for `all-users` and `all-devices`): by id, or by what people call it (a
 * user's email or name, a device's serial number or name, a group's name; case and accents aside). The one lookup
 * behind invitations and managed distribution, in the panel, over REST and on the command line.
 *
 * An unknown or ambiguous name is a BadInputError that lists the candidates (details: TargetRefusal).
 */
export function resolveTarget(directory: TargetDirectory, kind: TargetKind, typed: string): Target {
  if (kind === 'all-users' || kind === 'all-devices') return { kind, id: ALL_TARGET_ID };
  const value = typed.trim();
  if (value === '') {
    const refusal = new BadInputError(`Give the ${kindPhrase(kind).message} by id or name`, { problem: 'unknown', kind, typed, candidates: [] } satisfies TargetRefusal);
    throw saying(refusal, 'vpp.target.give', { kind: kindPhrase(kind) });
  }
  if (exists(directory, kind, value)) return { kind, id: value };
  if (kind === 'device') {
    const device = directory.getDeviceBySerial(value) ?? directory.getDeviceBySerial(value.toUpperCase());
    if (device) return { kind, id: device.id };
  }
  const found = similar(directory, kind, value);
  const keyCount = Math.max(0, ...found.map((record) => record.keys.length));
  for (let key = 0; key < keyCount; key++) {
    const matches = found.filter((record) => sameText(record.keys[key], value));
    if (matches.length === 1) return { kind, id: matches[0]!.id };
    if (matches.length > 1) {
      const candidates = matches.slice(0, MAX_CANDIDATES).map(candidateOf);
      const refusal = new BadInputError(`${matches.length} ${kindPhrase(kind).message}s are called ${quoteInput(value)}: ${listed(candidates)}; give the id`, { problem: 'ambiguous', kind, typed: value, candidates } satisfies TargetRefusal);
      throw saying(refusal, 'vpp.target.ambiguous', { kind: kindPhrase(kind), name: cutText(value), candidates: listed(candidates) });
    }
  }
  const candidates = (found.length > 0 ? found : byWords(directory, kind, value)).slice(0, MAX_CANDIDATES).map(candidateOf);
  const hint = didYouMean(listed(candidates));
  const refusal = new BadInputError(`No ${kindPhrase(kind).message} ${quoteInput(value)}${hint[0]?.message ?? ''}`, { problem: 'unknown', kind, typed: value, candidates } satisfies TargetRefusal);
  throw saying(refusal, 'vpp.target.unknown', { kind: kindPhrase(kind), name: cutText(value), didYouMean: hint });
}

/** `"Pilot class" (pilots), "Pilots" (pilots-2)` */
export function listed(candidates: readonly TargetCandidate[]): string {
  return candidates.map((c) => (c.label === c.id ? `"${c.id}"` : `"${c.label}" (${c.id})`)).join(', ');
}

function exists(directory: TargetDirectory, kind: NamedKind, id: string): boolean {
  switch (kind) {
    case 'user':
      return directory.getUser(id) !== undefined;
    case 'user-group':
      return directory.getUserGroup(id) !== undefined;
    case 'device':
      return directory.getDevice(id) !== undefined;
    case 'device-group':
      return directory.getDeviceGroup(id) !== undefined;
  }
}

/** Every record whose id, name, email or serial number contains the text (the inventory's search). */
function similar(directory: TargetDirectory, kind: NamedKind, value: string): Named[] {
  const query = { search: value };
  switch (kind) {
    case 'user':
      return directory.listUsers(query).items.map((u) => ({ id: u.id, keys: [u.email, u.name], label: `${u.name} <${u.email}>` }));
    case 'user-group':
      return directory.listUserGroups(query).items.map((g) => ({ id: g.id, keys: [g.name], label: g.name }));
    case 'device':
      return directory.listDevices(query).items.map((d) => ({ id: d.id, keys: [d.serialNumber, d.name], label: d.name ? `${d.name} · ${d.serialNumber}` : d.serialNumber }));
    case 'device-group':
      return directory.listDeviceGroups(query).items.map((g) => ({ id: g.id, keys: [g.name], label: g.name }));
  }
}

/**
 * Records sharing a word with the text, for a typo that no record contains ("Pilot klas" finds "Pilot class"). An
 * email's domain is left out: everyone shares it.
 */
function byWords(directory: TargetDirectory, kind: NamedKind, value: string): Named[] {
  const found = new Map<string, Named>();
  const words = value.split('@')[0]!.split(/[\s.,_-]+/).filter((w) => w.length >= MIN_WORD);
  for (const word of new Set(words)) {
    for (const record of similar(directory, kind, word)) if (!found.has(record.id)) found.set(record.id, record);
    if (found.size >= MAX_CANDIDATES) break;
  }
  return [...found.values()];
}

function candidateOf(record: Named): TargetCandidate {
  return { id: record.id, label: record.label };
}

function sameText(a: string | undefined, b: string): boolean {
  return a !== undefined && a.trim().localeCompare(b, 'en', { sensitivity: 'base' }) === 0;
}
