import type { Actor } from '../api/actor.js';
import { BadInputError, countProblems, LISTED_PROBLEMS, listProblems, quoteInput, saying } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';
import type { GroupInput, GroupKind, ImportSummary, Inventory, InventorySnapshot } from '../api/inventory.js';
import { parseInventoryCsv } from './inventory-csv.js';
import { jsonErrorOffset } from './json-error-position.js';
import { foldText } from './sorted-view.js';
import { DEVICE_FIELDS, GROUP_FIELDS, saidProblems, USER_FIELDS, type InventoryProblem } from './inventory-validation.js';

export interface ParsedInventoryFile {
  readonly format: InventoryFileFormat;
  readonly snapshot: InventorySnapshot;
  /** Where in the file a snapshot record ("users[3]") came from, e.g. "line 5"; undefined when unknown. */
  locate(record: string): string | undefined;
}

const JSON_FIELDS: Readonly<Record<string, readonly string[]>> = {
  users: USER_FIELDS,
  devices: DEVICE_FIELDS,
  userGroups: GROUP_FIELDS,
  deviceGroups: GROUP_FIELDS,
};

export type InventoryFileFormat = 'json' | 'csv';

/** Reads an inventory file in the given format, or else JSON (an InventorySnapshot) when it starts with "{", CSV otherwise. */
export function parseInventoryFile(content: string, format?: InventoryFileFormat): ParsedInventoryFile {
  const text = content.replace(/^\uFEFF/, '');
  if (text.trim() === '') throw saying(new BadInputError('The inventory file is empty'), 'host.import.empty');
  const json = format ? format === 'json' : /^\s*[{[]/.test(text);
  return json ? { format: 'json', snapshot: parseJson(text), locate: () => undefined } : { format: 'csv', ...parseInventoryCsv(text) };
}

/** Parses and imports a file in one go: every problem is reported with its place in the file, and nothing is imported. */
export async function importInventoryFile(
  inventory: Inventory,
  content: string,
  actor: Actor,
  format?: InventoryFileFormat,
): Promise<ImportSummary & { format: InventoryFileFormat }> {
  const file = parseInventoryFile(content, format);
  const snapshot = file.format === 'csv' ? keepingCurrentMembers(file.snapshot, inventory) : file.snapshot;
  try {
    return { format: file.format, ...(await inventory.import(snapshot, actor)) };
  } catch (error) {
    const problems = (error instanceof BadInputError ? (error.details as { problems?: InventoryProblem[] } | undefined)?.problems : undefined) ?? [];
    if (problems.length === 0 || file.format === 'json') throw error;
    const located = problems.map((problem) => ({ ...problem, where: (problem.record && file.locate(problem.record)) ?? problem.record ?? 'file' }));
    const lines = located.map((p) => `${p.where}, ${p.field}: ${p.message}`);
    const refusal = new BadInputError(`Nothing was imported: ${countProblems(located.length)}: ${listProblems(lines)}`, { problems: located });
    throw saying(refusal, 'host.inventory.not-imported', { count: located.length, problems: saidProblems(located, (p) => `${p.where}, ${p.field}`) });
  }
}

/**
 * A CSV adds its rows to the groups it names and takes no one out (a partial file must not empty a group); a JSON
 * snapshot, like a directory sync, sets members exactly.
 */
function keepingCurrentMembers(snapshot: InventorySnapshot, inventory: Inventory): InventorySnapshot {
  const merge = (kind: GroupKind, groups: readonly GroupInput[] | undefined): GroupInput[] | undefined =>
    groups?.map((group) => {
      const list = kind === 'user-group' ? inventory.listUserGroups({ search: group.name }) : inventory.listDeviceGroups({ search: group.name });
      const existing = list.items.find((g) => foldText(g.name) === foldText(group.name));
      if (!existing) return group;
      return { ...group, members: [...inventory.members(kind, existing.id).map((m) => m.memberId), ...(group.members ?? [])] };
    });
  return { ...snapshot, userGroups: merge('user-group', snapshot.userGroups), deviceGroups: merge('device-group', snapshot.deviceGroups) };
}

function parseJson(text: string): InventorySnapshot {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = jsonErrorAt(text, error as Error);
    throw saying(new BadInputError(`The inventory file is not valid JSON: ${reason}`), 'host.import.not-json', { reason });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw saying(new BadInputError('An inventory JSON file must hold one object with "users", "devices", "userGroups" and/or "deviceGroups"'), 'host.import.not-object');
  }
  const problems: Said[] = [];
  for (const [list, records] of Object.entries(parsed)) {
    const fields = JSON_FIELDS[list];
    if (!fields) {
      const [key, expected] = [quoteInput(list), Object.keys(JSON_FIELDS).join(', ')];
      problems.push(phrase(`unknown key ${key} (expected ${expected})`, 'host.import.unknown-key', { key, expected }));
      continue;
    }
    if (!Array.isArray(records)) continue; // the inventory reports a list that is not a list
    records.forEach((record: unknown, at) => {
      if (typeof record !== 'object' || record === null) return;
      for (const field of Object.keys(record)) {
        if (!fields.includes(field)) problems.push(phrase(`${list}[${at}]: unknown field ${quoteInput(field)} (expected ${fields.join(', ')})`, 'host.import.unknown-field', { record: `${list}[${at}]`, field: quoteInput(field), expected: fields.join(', ') }));
      }
    });
  }
  const lines = problems.map((problem) => problem.message);
  if (problems.length > 0) throw saying(new BadInputError(`Nothing was imported: ${listProblems(lines)}`, { problems: lines }), 'host.import.unknown-fields', { problems: problems.slice(0, LISTED_PROBLEMS) });
  return parsed as InventorySnapshot;
}

function jsonErrorAt(text: string, error: Error): string {
  const offset = jsonErrorOffset(text);
  if (offset === undefined) return error.message;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const found = offset >= text.length ? 'the file ends too early' : `unexpected ${JSON.stringify(text[offset])}`;
  return `${found} at line ${line}, column ${column}`;
}
