import type { Principal } from '../../api/actor.js';
import { BadInputError } from '../../api/errors.js';
import { html, type SafeHtml } from '../../api/html.js';
import type { DeviceGroup, GroupKind, Inventory, UserGroup } from '../../api/inventory.js';
import { actionForm, canChange, field, formatTime, panelSection, table } from '../../api/panel-kit.js';
import { fill } from '../../api/panel-text.js';
import type { ViewActionRequest, ViewActionResult, ViewRequest } from '../../api/views.js';
import { foldText } from '../sorted-view.js';
import { GROUPS_URL, recordHref } from './inventory-view-declarations.js';
import { inventoryText } from './inventory-text.js';

/** How many group names the "add to group" field suggests. */
const SUGGESTED_GROUPS = 200;

export function groupOf(inventory: Inventory, kind: GroupKind, id: string): UserGroup | DeviceGroup | undefined {
  return kind === 'user-group' ? inventory.getUserGroup(id) : inventory.getDeviceGroup(id);
}

function listGroups(inventory: Inventory, kind: GroupKind, search?: string) {
  const query = { limit: SUGGESTED_GROUPS, ...(search === undefined ? {} : { search }) };
  return kind === 'user-group' ? inventory.listUserGroups(query) : inventory.listDeviceGroups(query);
}

/** A group by its id or its exact name (any case or accents), as an admin types it. */
export function findGroup(inventory: Inventory, kind: GroupKind, typed: string, language: string): UserGroup | DeviceGroup {
  const value = typed.trim();
  const byId = groupOf(inventory, kind, value);
  if (byId) return byId;
  const folded = foldText(value);
  const byName = listGroups(inventory, kind, value).items.find((group) => foldText(group.name) === folded);
  if (!byName) throw new BadInputError(fill(inventoryText(language).noSuchGroup, { name: value }));
  return byName;
}

/** "Groups" on a user's or a device's page: each group with a remove button, and a field to add one. */
export function memberGroupsSection(inventory: Inventory, kind: GroupKind, memberId: string, request: ViewRequest): SafeHtml {
  const text = inventoryText(request.language);
  const admin = canChange(request);
  const rows = inventory.groupsOf(kind, memberId).flatMap((membership) => {
    const group = groupOf(inventory, kind, membership.groupId);
    return group ? [{ group, joinedAt: membership.joinedAt }] : [];
  });
  const query = { id: memberId };
  const groups = table(
    [
      { header: text.group, cell: (row: (typeof rows)[number]) => html`<a href="${recordHref(GROUPS_URL[kind], row.group.id)}">${row.group.name}</a>` },
      { header: text.joined, cell: (row) => formatTime(row.joinedAt, request.language) },
      ...(admin ? [{ header: '', align: 'end' as const, cell: (row: (typeof rows)[number]) => actionForm(request, { action: 'leave-group', hidden: { group: row.group.id }, query, submit: text.remove, tone: 'secondary' }) }] : []),
    ],
    rows,
    text.noGroupsOfMember,
  );
  const add = admin
    ? actionForm(request, {
        action: 'join-group',
        query,
        submit: text.addToGroup,
        fields: field({ label: text.group, name: 'group', required: true, compact: true, placeholder: text.groupHint, suggestions: listGroups(inventory, kind).items.map((g) => g.name) }),
      })
    : undefined;
  return panelSection(text.groups, html`${groups}${add ?? ''}`);
}

/** Handles the forms of `memberGroupsSection`; undefined when the action is not one of them. */
export async function handleMemberGroupAction(inventory: Inventory, kind: GroupKind, request: ViewActionRequest, principal: Principal): Promise<ViewActionResult | undefined> {
  const memberId = request.query.id ?? '';
  const text = inventoryText(request.language);
  if (request.action === 'join-group') {
    const group = findGroup(inventory, kind, request.form.group ?? '', request.language);
    await inventory.addMember(kind, group.id, memberId, principal);
    return { flash: { kind: 'success', message: fill(text.addedToGroup, { name: group.name }) }, query: { id: memberId } };
  }
  if (request.action === 'leave-group') {
    const group = findGroup(inventory, kind, request.form.group ?? '', request.language);
    await inventory.removeMember(kind, group.id, memberId, principal);
    return { flash: { kind: 'success', message: fill(text.removedFromGroup, { name: group.name }) }, query: { id: memberId } };
  }
  return undefined;
}
