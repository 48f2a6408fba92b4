import { atField, BadInputError } from '../../api/errors.js';
import { html, type SafeHtml } from '../../api/html.js';
import type { DeviceGroup, GroupKind, Inventory, UserGroup } from '../../api/inventory.js';
import { InventoryPicker, PICKER_SUGGESTIONS } from '../../api/inventory-picker.js';
import { formFields } from '../../api/panel-forms.js';
import { actionForm, canChange, confirmationSection, formatTime, panelSection, sortRows, table, type Column, type Confirmation } from '../../api/panel-kit.js';
import { timeValue } from '../../api/sort-values.js';
import { fill } from '../../api/panel-text.js';
import type { ViewActionRequest, ViewActionResult, ViewRequest } from '../../api/views.js';
import type { MembershipEdit } from '../../api/inventory-previews.js';
import type { MembershipEdits } from '../membership-edits.js';
import { foldText } from '../sorted-view.js';
import { DEVICES_URL, GROUPS_URL, recordHref, USERS_URL } from './inventory-view-declarations.js';
import { inventoryText } from './inventory-text.js';

export function groupOf(inventory: Inventory, kind: GroupKind, id: string): UserGroup | DeviceGroup | undefined {
  return kind === 'user-group' ? inventory.getUserGroup(id) : inventory.getDeviceGroup(id);
}

/** A group as an admin picked it from the list or typed it: by its name (any case or accents; names are unique) or its id. */
export function findGroup(inventory: Inventory, kind: GroupKind, typed: string, language: string): UserGroup | DeviceGroup {
  const value = typed.trim();
  const byId = groupOf(inventory, kind, value);
  if (byId) return byId;
  const folded = foldText(value);
  const query = { search: value, limit: PICKER_SUGGESTIONS };
  const byName = (kind === 'user-group' ? inventory.listUserGroups(query) : inventory.listDeviceGroups(query)).items.find((group) => foldText(group.name) === folded);
  if (!byName) throw new BadInputError(fill(inventoryText(language).noSuchGroup, { name: value }));
  return byName;
}

/** The name an admin knows a member by: a user's name, a device's name or serial number. */
export function memberName(inventory: Inventory, kind: GroupKind, memberId: string): string {
  if (kind === 'user-group') return inventory.getUser(memberId)?.name ?? memberId;
  const device = inventory.getDevice(memberId);
  return device ? (device.name ?? device.serialNumber) : memberId;
}

/** A membership edit's preview, with what each plugin says it would do, and its Confirm button. */
export function membershipPreviewSection(inventory: Inventory, edits: MembershipEdits, edit: MembershipEdit, request: ViewRequest, confirmation: Confirmation): SafeHtml {
  const text = inventoryText(request.language);
  const result = edits.preview(edit, request.language);
  const words = { member: memberName(inventory, edit.groupKind, edit.memberId), group: groupOf(inventory, edit.groupKind, edit.groupId)?.name ?? edit.groupId };
  const consequences = result.consequences.map((c) => c.html ?? html`<p>${c.summary}</p>`);
  const body = html`<p>${fill(edit.change === 'joined' ? text.wouldJoin : text.wouldLeave, words)}</p>${consequences.length > 0 ? consequences : html`<p class="muted">${text.noConsequences}</p>`}`;
  return confirmationSection(request, body, confirmation);
}

/**
 * Makes a membership edit an admin posted. When it does something beyond the inventory (a license taken back, say),
 * first its preview (`previewQuery` leads the page to it; its Confirm button posts again, confirmed); the edit's flash
 * then says what it did (`done`) and what each plugin did, in the admin's language.
 */
export async function editMembership(
  edits: MembershipEdits,
  edit: MembershipEdit,
  request: ViewActionRequest,
  pages: { readonly previewQuery: Readonly<Record<string, string>>; readonly query: Readonly<Record<string, string>>; readonly done: string },
): Promise<ViewActionResult> {
  if (request.form.confirmed !== 'yes' && edits.preview(edit, request.language).consequences.length > 0) return { query: pages.previewQuery };
  const result = await edits.make(edit, request.principal, request.language);
  return { flash: { kind: 'success', message: [pages.done, ...result.consequences.map((c) => c.summary)].join('. ') }, query: pages.query };
}

/** "Groups" on a user's or a device's page: each group with a remove button, and a field to add one. */
export function memberGroupsSection(inventory: Inventory, edits: MembershipEdits, kind: GroupKind, memberId: string, request: ViewRequest): SafeHtml {
  const text = inventoryText(request.language);
  const admin = canChange(request);
  const rows = inventory.groupsOf(kind, memberId).flatMap((membership) => {
    const group = groupOf(inventory, kind, membership.groupId);
    return group ? [{ group, joinedAt: membership.joinedAt }] : [];
  });
  const query = { id: memberId };
  const columns: Column<(typeof rows)[number]>[] = [
    { header: text.group, cell: (row) => html`<a href="${recordHref(GROUPS_URL[kind], row.group.id)}">${row.group.name}</a>`, sortValue: (row) => row.group.name },
    { header: text.joined, cell: (row) => formatTime(row.joinedAt, request.language), sortValue: (row) => timeValue(row.joinedAt) },
    ...(admin ? [{ header: '', align: 'end' as const, cell: (row: (typeof rows)[number]) => actionForm(request, { action: 'leave-group', hidden: { group: row.group.id }, query, submit: text.remove, tone: 'secondary' }) }] : []),
  ];
  // A user's page shows their devices too; each table keeps its order in its own parameters.
  const sorting = { request, param: 'groups' };
  const groups = table(columns, sortRows(rows, columns, request.query, request.language, sorting.param), text.noGroupsOfMember, sorting);
  const joining = formFields(request, 'join-group');
  const add = admin
    ? actionForm(request, {
        action: 'join-group',
        query,
        submit: text.addToGroup,
        fields: joining.field({ label: text.group, name: 'group', required: true, compact: true, placeholder: text.pickHint, suggestions: new InventoryPicker(inventory, request.language).suggestions(kind, joining.value('group')) }),
      })
    : undefined;
  const previewed = admin && (request.query.preview === 'join-group' || request.query.preview === 'leave-group') ? request.query.group : undefined;
  const preview = previewed
    ? membershipPreviewSection(inventory, edits, { groupKind: kind, groupId: previewed, memberId, change: request.query.preview === 'join-group' ? 'joined' : 'left' }, request, {
        action: request.query.preview!,
        hidden: { group: previewed },
        query,
        cancelHref: recordHref(kind === 'user-group' ? USERS_URL : DEVICES_URL, memberId),
      })
    : '';
  return html`${preview}${panelSection(text.groups, html`${groups}${add ?? ''}`)}`;
}

/** Handles the forms of `memberGroupsSection`; undefined when the action is not one of them. */
export async function handleMemberGroupAction(inventory: Inventory, edits: MembershipEdits, kind: GroupKind, request: ViewActionRequest): Promise<ViewActionResult | undefined> {
  if (request.action !== 'join-group' && request.action !== 'leave-group') return undefined;
  const memberId = request.query.id ?? '';
  const text = inventoryText(request.language);
  const group = atField('group', () => findGroup(inventory, kind, request.form.group ?? '', request.language));
  const edit: MembershipEdit = { groupKind: kind, groupId: group.id, memberId, change: request.action === 'join-group' ? 'joined' : 'left' };
  return editMembership(edits, edit, request, {
    previewQuery: { id: memberId, preview: request.action, group: group.id },
    query: { id: memberId },
    done: fill(edit.change === 'joined' ? text.addedToGroup : text.removedFromGroup, { name: group.name }),
  });
}
