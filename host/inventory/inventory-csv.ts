import { CsvError, parse } from 'csv-parse/sync';
import { BadInputError, quoteInput, saying } from '../api/errors.js';
import type { DeviceInput, GroupInput, InventorySnapshot, UserInput } from '../api/inventory.js';
import { foldText } from './sorted-view.js';

/**
 * One CSV file holds one kind of record, told apart by its header:
 * - users:   name, email [, id, language, managedAppleId, groups]
 * - devices: serialNumber, platform, osVersion [, id, name, owner, enrolledAt, lastCheckInAt, groups]
 * Headers ignore case, spaces, "-" and "_". `owner` is a user id or email. `groups` lists group names separated by
 * ";": each row joins the groups it names (created when new); an import never takes anyone out of a group. An empty
 * cell means "not set".
 */
interface CsvKind {
  readonly list: 'users' | 'devices';
  readonly groupList: 'userGroups' | 'deviceGroups';
  readonly required: readonly string[];
  /** Canonical field by folded header, aliases included. */
  readonly columns: Readonly<Record<string, string>>;
  /** How a group lists a row as its member: by email or serial number, which the row always has. */
  readonly memberRef: string;
}

const USERS: CsvKind = {
  list: 'users',
  groupList: 'userGroups',
  required: ['name', 'email'],
  columns: { id: 'id', name: 'name', email: 'email', language: 'language', lang: 'language', managedappleid: 'managedAppleId', groups: 'groups' },
  memberRef: 'email',
};

const DEVICES: CsvKind = {
  list: 'devices',
  groupList: 'deviceGroups',
  required: ['serialNumber', 'platform', 'osVersion'],
  columns: {
    id: 'id',
    serialnumber: 'serialNumber',
    serial: 'serialNumber',
    name: 'name',
    platform: 'platform',
    osversion: 'osVersion',
    os: 'osVersion',
    owner: 'ownerUserId',
    owneruserid: 'ownerUserId',
    owneremail: 'ownerUserId',
    enrolledat: 'enrolledAt',
    lastcheckinat: 'lastCheckInAt',
    groups: 'groups',
  },
  memberRef: 'serialNumber',
};

/** Every field a kind of CSV has a column for, aliases counted once. */
const columnsOf = (kind: CsvKind): string[] => [...new Set(Object.values(kind.columns))];

/** The columns of both kinds of CSV, in words for a message: "a users CSV has the columns name, email (optionally ...)". */
export function describeCsvColumns(): string {
  return [USERS, DEVICES]
    .map((kind) => `a ${kind.list} CSV has the columns ${kind.required.join(', ')} (optionally ${columnsOf(kind).filter((f) => !kind.required.includes(f)).join(', ')})`)
    .join('; ');
}

const foldHeader = (header: string): string => header.toLowerCase().replace(/[\s_-]+/g, '');

export interface ParsedCsv {
  readonly snapshot: InventorySnapshot;
  locate(record: string): string | undefined;
}

export function parseInventoryCsv(text: string): ParsedCsv {
  const rows = readRows(text);
  const [header, ...body] = rows;
  if (!header) throw saying(new BadInputError('The CSV file has no header line'), 'host.csv.no-header');
  const folded = header.cells.map(foldHeader);
  const kind = folded.includes('email') ? USERS : folded.some((h) => DEVICES.columns[h] === 'serialNumber') ? DEVICES : undefined;
  if (!kind) throw saying(new BadInputError('Line 1: a users CSV needs the columns name and email; a devices CSV needs serialNumber, platform and osVersion'), 'host.csv.no-kind');
  const fields = folded.map((h, at) => {
    const field = kind.columns[h];
    if (!field) {
      const [column, expected] = [quoteInput(header.cells[at]), columnsOf(kind).join(', ')];
      throw saying(new BadInputError(`Line 1: unknown column ${column} in a ${kind.list} CSV (expected ${expected})`), 'host.csv.unknown-column', { column, list: kind.list, expected });
    }
    return field;
  });
  const duplicate = fields.find((field, at) => fields.indexOf(field) !== at);
  if (duplicate) throw saying(new BadInputError(`Line 1: column ${duplicate} appears twice`), 'host.csv.twice', { column: duplicate });
  const missing = kind.required.filter((field) => !fields.includes(field));
  if (missing.length > 0) throw saying(new BadInputError(`Line 1: a ${kind.list} CSV needs the column(s) ${missing.join(', ')}`), 'host.csv.missing', { list: kind.list, columns: missing.join(', ') });

  const lineOf = new Map<string, number>();
  const groups = new Map<string, { name: string; members: string[]; line: number }>();
  const records = body.map(({ cells, line }, at) => {
    lineOf.set(`${kind.list}[${at}]`, line);
    const record: Record<string, string> = {};
    fields.forEach((field, column) => {
      const value = cells[column]?.trim() ?? '';
      if (value !== '' && field !== 'groups') record[field] = value;
    });
    const groupCell = cells[fields.indexOf('groups')] ?? '';
    const member = record[kind.memberRef];
    for (const name of groupCell.split(';').map((g) => g.trim()).filter(Boolean)) {
      const key = foldText(name);
      const group = groups.get(key) ?? { name, members: [], line };
      // A row without its email or serial number is reported on its own line; the group need not repeat it.
      if (member !== undefined) group.members.push(member);
      groups.set(key, group);
    }
    return record;
  });
  const groupInputs: GroupInput[] = [...groups.values()].map(({ name, members, line }, at) => {
    lineOf.set(`${kind.groupList}[${at}]`, line);
    return { name, members };
  });
  const snapshot: InventorySnapshot =
    kind === USERS
      ? { users: records as unknown as UserInput[], userGroups: groupInputs }
      : { devices: records as unknown as DeviceInput[], deviceGroups: groupInputs };
  return {
    snapshot,
    locate: (record) => {
      const line = lineOf.get(record);
      return line === undefined ? undefined : `line ${line}`;
    },
  };
}

function readRows(text: string): { cells: string[]; line: number }[] {
  try {
    const parsed = parse(text, { info: true, skip_empty_lines: true, relax_column_count: false }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed.map(({ record, info }) => ({ cells: record, line: info.lines }));
  } catch (error) {
    if (error instanceof CsvError) throw saying(new BadInputError(`The CSV file cannot be read: ${error.message}`), 'host.csv.unreadable', { reason: error.message });
    throw error;
  }
}
