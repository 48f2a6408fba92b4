import { z, type ZodType } from 'zod';
import type { Principal } from '../api/actor.js';
import { BadInputError, ConflictError, saying, UnauthorizedError } from '../api/errors.js';
import { kindPhrase, type RecordKind as InventoryKind } from '../api/inventory.js';
import { noRecord } from './record-kinds.js';
import { respond, route, type RouteDefinition, type RouteRequest } from '../api/http.js';
import type { GroupKind, Inventory, ListQuery } from '../api/inventory.js';
import type { Entity, Page } from '../api/storage.js';
import { describeKind } from '../runtime/zod-format.js';
import type { DirectorySync } from './directory-sync.js';
import { importInventoryFile } from './import-file.js';
import { scriptView, type MembershipEdits } from './membership-edits.js';
import { DryRunQuery, isDryRun } from '../api/previews.js';
import { describeCsvColumns } from './inventory-csv.js';
import { PLATFORMS } from './inventory-validation.js';

/** `?search=&offset=&limit=`: 50 records a page unless asked, at most 500. */
export const ListQuerySchema = z.strictObject({
  search: z.string().max(200).optional(),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(0).max(500).default(50),
});

const UserBody = z.strictObject({
  id: z.string().optional(),
  name: z.string(),
  email: z.string(),
  language: z.string().optional(),
  managedAppleId: z.string().optional(),
});

const DeviceBody = z.strictObject({
  id: z.string().optional(),
  serialNumber: z.string(),
  name: z.string().optional(),
  platform: z.enum(PLATFORMS as [string, ...string[]]),
  osVersion: z.string(),
  ownerUserId: z.string().optional(),
  enrolledAt: z.string().optional(),
  lastCheckInAt: z.string().optional(),
});

const GroupBody = z.strictObject({ id: z.string().optional(), name: z.string(), members: z.array(z.string()).optional() });

/** The lists a JSON snapshot may hold, and how messages name their records. */
const IMPORT_LISTS = { users: 'users', userGroups: 'user groups', devices: 'devices', deviceGroups: 'device groups' } as const;
type ImportList = keyof typeof IMPORT_LISTS;

const recordList = (records: string) =>
  z
    .array(z.record(z.string(), z.unknown()), {
      error: (issue) => (issue.code === 'invalid_type' ? `must be a list of ${records}, got ${describeKind(issue.input)}` : undefined),
    })
    .optional();

/** A JSON snapshot of lists, or a file's text in `content`; the file's format is told by `format` or read from the text. */
const ImportBody = z
  .strictObject({
    format: z.enum(['csv', 'json']).optional(),
    content: z.string().optional(),
    ...(Object.fromEntries(Object.entries(IMPORT_LISTS).map(([list, records]) => [list, recordList(records)])) as Record<ImportList, ReturnType<typeof recordList>>),
  })
  .superRefine((body, context) => {
    const lists = (Object.keys(IMPORT_LISTS) as ImportList[]).filter((list) => body[list] !== undefined);
    if (body.content === undefined && body.format !== undefined) context.addIssue({ code: 'custom', path: ['content'], message: 'must be the text of the file' });
    if (body.content !== undefined && lists.length > 0) context.addIssue({ code: 'custom', path: [], message: `send a file (format, content) or lists (${lists.join(', ')}), not both` });
  });

const IMPORT_EXPECTS =
  `JSON {${Object.keys(IMPORT_LISTS).map((list) => `"${list}":[…]`).join(',')}} (any of these lists) ` +
  `or {"format":"csv"|"json","content":"…"} with the text of a CSV or JSON file; ${describeCsvColumns()}`;

/** Inventory files may be large: 100,000 users in CSV are about 6 MB. */
const IMPORT_MAX_BYTES = 64 * 1024 * 1024;

export function actorOf(request: RouteRequest<unknown, unknown>): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}

interface RecordKind<T extends Entity, Input extends { id?: string | undefined }> {
  readonly path: string;
  /** "user", "device group": for summaries and messages. */
  readonly label: string;
  readonly kind: InventoryKind;
  readonly body: ZodType<Input>;
  list(query: ListQuery): Page<T>;
  get(id: string): T | undefined;
  save(input: Input, actor: Principal): Promise<T>;
  remove(id: string, actor: Principal): Promise<void>;
}

/** The five routes every kind of record has: list with search and paging, create, read, replace, remove. */
function recordRoutes<T extends Entity, Input extends { id?: string | undefined }>(kind: RecordKind<T, Input>): RouteDefinition<unknown, unknown>[] {
  const mustGet = (id: string): T => {
    const record = kind.get(id);
    if (!record) throw noRecord(kind.kind, id);
    return record;
  };
  return [
    route({
      method: 'GET',
      path: kind.path,
      summary: `List ${kind.label}s sorted by name; search matches name, email, id or serial number`,
      access: 'read',
      query: ListQuerySchema,
      handle: async ({ query }) => kind.list(query),
    }),
    route({
      method: 'POST',
      path: kind.path,
      summary: `Create a ${kind.label}; without an id one is made from it`,
      access: 'admin',
      body: kind.body,
      handle: async (request) => {
        const { id } = request.body;
        if (id !== undefined && kind.get(id)) throw saying(new ConflictError(`A ${kind.label} "${id}" exists already; PUT it to change it`), 'host.inventory.exists', { kind: kindPhrase(kind.kind), id });
        return respond({ status: 201, body: await kind.save(request.body, actorOf(request)) });
      },
    }),
    route({
      method: 'GET',
      path: `${kind.path}/:id`,
      summary: `One ${kind.label}`,
      access: 'read',
      handle: async ({ params }) => mustGet(params.id!),
    }),
    route({
      method: 'PUT',
      path: `${kind.path}/:id`,
      summary: `Replace a ${kind.label}'s fields`,
      access: 'admin',
      body: kind.body,
      handle: async (request) => {
        const id = request.params.id!;
        mustGet(id);
        if (request.body.id !== undefined && request.body.id !== id) {
          throw saying(new BadInputError(`id: the body names "${request.body.id}" but the address names "${id}"`), 'host.inventory.id-mismatch', { body: request.body.id, id });
        }
        return kind.save({ ...request.body, id }, actorOf(request));
      },
    }),
    route({
      method: 'DELETE',
      path: `${kind.path}/:id`,
      summary: `Remove a ${kind.label} and its group memberships`,
      access: 'admin',
      handle: async (request) => {
        await kind.remove(request.params.id!, actorOf(request));
        return respond({ status: 204 });
      },
    }),
  ];
}

function groupRoutes(inventory: Inventory, edits: MembershipEdits, groupKind: GroupKind, path: string): RouteDefinition<unknown, unknown>[] {
  const label = groupKind.replace('-', ' ');
  const get = (id: string) => (groupKind === 'user-group' ? inventory.getUserGroup(id) : inventory.getDeviceGroup(id));
  const memberOf = (id: string) => (groupKind === 'user-group' ? inventory.getUser(id) : inventory.getDevice(id));
  return [
    ...recordRoutes({
      path,
      label,
      kind: groupKind,
      body: GroupBody,
      list: (query) => (groupKind === 'user-group' ? inventory.listUserGroups(query) : inventory.listDeviceGroups(query)),
      get,
      save: (input, actor) => inventory.saveGroup(groupKind, input, actor),
      remove: (id, actor) => inventory.removeGroup(groupKind, id, actor),
    }),
    route({
      method: 'GET',
      path: `${path}/:id/members`,
      summary: `Members of a ${label} in the order they joined, each with its record`,
      access: 'read',
      query: ListQuerySchema.omit({ search: true }),
      handle: async ({ params, query }) => {
        if (!get(params.id!)) throw noRecord(groupKind, params.id!);
        const all = inventory.members(groupKind, params.id!);
        const items = all.slice(query.offset, query.offset + query.limit).map((m) => ({ ...m, member: memberOf(m.memberId) }));
        return { items, total: all.length };
      },
    }),
    route({
      method: 'PUT',
      path: `${path}/:id/members/:memberId`,
      summary: `Add a member to a ${label} (nothing changes when it is one already); the answer says what it did in each plugin (licenses moved); ?dryRun=true says it first and changes nothing`,
      access: 'admin',
      query: DryRunQuery,
      handle: async (request) => {
        const { id, memberId } = request.params as { id: string; memberId: string };
        const edit = { groupKind, groupId: id, memberId, change: 'joined' } as const;
        if (isDryRun(request.query)) return scriptView(edits.preview(edit));
        const result = scriptView(await edits.make(edit, actorOf(request)));
        return { ...inventory.members(groupKind, id).find((m) => m.memberId === memberId), consequences: result.consequences };
      },
    }),
    route({
      method: 'DELETE',
      path: `${path}/:id/members/:memberId`,
      summary: `Remove a member from a ${label}; the answer says what it did in each plugin (a license taken back, who was served in its place); ?dryRun=true says it first and changes nothing`,
      access: 'admin',
      query: DryRunQuery,
      handle: async (request) => {
        const { id, memberId } = request.params as { id: string; memberId: string };
        const edit = { groupKind, groupId: id, memberId, change: 'left' } as const;
        return scriptView(isDryRun(request.query) ? edits.preview(edit) : await edits.make(edit, actorOf(request)));
      },
    }),
  ];
}

function deviceStateRoute(inventory: Inventory, action: 'unenroll' | 'wipe'): RouteDefinition<unknown, unknown> {
  return route({
    method: 'POST',
    path: `/inventory/devices/:id/${action}`,
    summary: action === 'unenroll' ? 'Record that MDM control was removed from the device' : 'Record that the device was selectively wiped',
    access: 'admin',
    handle: async (request) => {
      const id = request.params.id!;
      await (action === 'unenroll' ? inventory.unenrollDevice(id, actorOf(request)) : inventory.wipeDevice(id, actorOf(request)));
      return inventory.getDevice(id);
    },
  });
}

/** The inventory's REST API, served under /api/inventory. */
export function inventoryRoutes(inventory: Inventory, sync: DirectorySync, edits: MembershipEdits): RouteDefinition<unknown, unknown>[] {
  return [
    ...recordRoutes({
      path: '/inventory/users',
      label: 'user',
      kind: 'user',
      body: UserBody,
      list: (query) => inventory.listUsers(query),
      get: (id) => inventory.getUser(id),
      save: (input, actor) => inventory.saveUser(input, actor),
      remove: (id, actor) => inventory.removeUser(id, actor),
    }),
    ...recordRoutes({
      path: '/inventory/devices',
      label: 'device',
      kind: 'device',
      body: DeviceBody,
      list: (query) => inventory.listDevices(query),
      get: (id) => inventory.getDevice(id),
      save: (input, actor) => inventory.saveDevice(input as Parameters<Inventory['saveDevice']>[0], actor),
      remove: (id, actor) => inventory.removeDevice(id, actor),
    }),
    deviceStateRoute(inventory, 'unenroll'),
    deviceStateRoute(inventory, 'wipe'),
    ...groupRoutes(inventory, edits, 'user-group', '/inventory/user-groups'),
    ...groupRoutes(inventory, edits, 'device-group', '/inventory/device-groups'),
    route({
      method: 'POST',
      path: '/inventory/import',
      summary: 'Import users, devices and groups: a JSON snapshot, or {format, content} with a CSV or JSON file; all or nothing',
      access: 'admin',
      body: ImportBody,
      expects: IMPORT_EXPECTS,
      maxBodyBytes: IMPORT_MAX_BYTES,
      handle: async (request) => {
        const { body } = request;
        if (body.content !== undefined) return importInventoryFile(inventory, body.content, actorOf(request), body.format);
        return importInventoryFile(inventory, JSON.stringify(body), actorOf(request), 'json');
      },
    }),
    route({
      method: 'POST',
      path: '/inventory/sync',
      summary: 'Fetch every directory provider and import what each holds now',
      access: 'admin',
      handle: async (request) => sync.syncAll(actorOf(request)),
    }),
  ];
}
