import { atField, BadInputError, NotFoundError } from '../../api/errors.js';
import { InventoryPicker } from '../../api/inventory-picker.js';
import { formFields } from '../../api/panel-forms.js';
import { html } from '../../api/html.js';
import type { DeviceGroup, GroupKind, GroupSortKey, Inventory, Membership, UserGroup } from '../../api/inventory.js';
import { actionForm, backLink, canChange, confirmAction, detailList, formatNumber, formatTime, fetchPage, pager, panelSection, searchBox, sortQuery, sortedPage, storeOrder, table, type Column } from '../../api/panel-kit.js';
import { timeValue } from '../../api/sort-values.js';
import { fill } from '../../api/panel-text.js';
import type { PanelView, ViewActionRequest, ViewActionResult, ViewRendering, ViewRequest } from '../../api/views.js';
import { foldText } from '../sorted-view.js';
import { editMembership, groupOf, memberName, membershipPreviewSection } from './group-membership.js';
import type { MembershipEdit } from '../../api/inventory-previews.js';
import type { MembershipEdits } from '../membership-edits.js';
import type { InventoryFacets } from './inventory-facets.js';
import { DEVICES_URL, GROUPS_URL, recordHref, USERS_URL } from './inventory-view-declarations.js';
import { inventoryText, type InventoryText } from './inventory-text.js';
import { refusedSave } from './refused-save.js';

type Group = UserGroup | DeviceGroup;

const PAGE_SIZE = 50;

/** "Groups" and "Device groups": one page serves both kinds, with members in the order they joined unless sorted by a column. */
export class GroupsView implements PanelView {
  readonly id: string;

  constructor(
    private readonly kind: GroupKind,
    private readonly inventory: Inventory,
    private readonly edits: MembershipEdits,
    private readonly facets: InventoryFacets,
  ) {
    this.id = `${kind}s`;
  }

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderGroup(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = inventoryText(request.language);
    const { principal } = request;
    if (request.action === 'create-group') {
      const group = await this.inventory.saveGroup(this.kind, { name: request.form.name ?? '' }, principal).catch((error: unknown) => refusedSave(error, text, { name: 'newGroupName' }));
      return { flash: { kind: 'success', message: fill(text.groupCreated, { name: group.name }) }, query: { id: group.id } };
    }
    const group = this.mustGet(request.query.id ?? '', request.language);
    const query = { id: group.id };
    switch (request.action) {
      case 'delete-group':
        await this.inventory.removeGroup(this.kind, group.id, principal);
        return { flash: { kind: 'success', message: fill(text.groupDeleted, { name: group.name }) } };
      case 'add-member':
      case 'remove-member': {
        const joining = request.action === 'add-member';
        const memberId = joining ? atField('member', () => this.findMember(request.form.member ?? '', request.language)) : (request.form.member ?? '');
        const edit: MembershipEdit = { groupKind: this.kind, groupId: group.id, memberId, change: joining ? 'joined' : 'left' };
        return editMembership(this.edits, edit, request, { previewQuery: { ...query, preview: request.action, member: memberId }, query, done: joining ? text.memberAdded : text.memberRemoved });
      }
      default:
        throw new BadInputError(fill(text.unknownAction, { name: request.action }));
    }
  }

  private list(search: string, window: { offset: number; limit: number }, order: { sort?: GroupSortKey; descending?: boolean; language?: string }) {
    const query = { ...window, ...(search ? { search } : {}), ...order };
    return this.kind === 'user-group' ? this.inventory.listUserGroups(query) : this.inventory.listDeviceGroups(query);
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = inventoryText(request.language);
    const search = request.query.search?.trim() ?? '';
    const columns: Column<Group, GroupSortKey>[] = [
      { header: text.name, cell: (g) => html`<a href="${recordHref(GROUPS_URL[this.kind], g.id)}">${g.name}</a>`, sortBy: 'name' },
      { header: text.members, align: 'end', cell: (g) => formatNumber(this.inventory.members(this.kind, g.id).length, request.language), sortBy: 'members' },
      { header: text.created, cell: (g) => formatTime(g.createdAt, request.language), sortBy: 'createdAt' },
    ];
    const order = storeOrder(columns, request);
    const { window, page } = fetchPage(request.query, (asked) => this.list(search, asked, order), PAGE_SIZE);
    const facetColumns = await this.facets.columns(this.kind, page.items, request.language);
    const groups = table<Group>([...columns, ...facetColumns], page.items, search ? text.noMatches : text.noGroups, { request });
    const create = canChange(request)
      ? actionForm(request, { action: 'create-group', submit: text.createGroup, fields: formFields(request, 'create-group').field({ label: text.newGroupName, name: 'name', required: true, compact: true }) })
      : '';
    return {
      body: html`<div class="toolbar">${searchBox(request, { placeholder: text.searchGroups, keep: sortQuery(request.query) })}${create}</div>
${groups}
${page.total > 0 ? pager(request, window, page.total) : ''}`,
    };
  }

  private async renderGroup(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = inventoryText(request.language);
    const group = this.mustGet(id, request.language);
    const admin = canChange(request);
    const query = { id: group.id };
    const columns: Column<Membership>[] = [
      ...this.memberColumns(text),
      { header: text.joined, cell: (m) => formatTime(m.joinedAt, request.language), sortValue: (m) => timeValue(m.joinedAt) },
      ...(admin ? [{ header: '', align: 'end' as const, cell: (m: Membership) => actionForm(request, { action: 'remove-member', hidden: { member: m.memberId }, query, submit: text.remove, tone: 'secondary' }) }] : []),
    ];
    const { window, page } = sortedPage(this.inventory.members(this.kind, group.id), columns, request, PAGE_SIZE);
    const members = table(columns, page.items, text.noMembers, { request });
    const adding = formFields(request, 'add-member');
    const add = admin
      ? actionForm(request, {
          action: 'add-member',
          query,
          submit: text.addMember,
          fields: adding.field({
            label: this.kind === 'user-group' ? text.user : text.device,
            name: 'member',
            required: true,
            compact: true,
            placeholder: text.pickHint,
            suggestions: new InventoryPicker(this.inventory, request.language).suggestions(this.memberKind(), adding.value('member')),
          }),
        })
      : '';
    const remove = admin ? confirmAction(request, { action: 'delete-group', query, label: text.deleteGroup, question: text.deleteGroupQuestion, submit: text.deleteGroup }) : undefined;
    const previewing = admin && (request.query.preview === 'add-member' || request.query.preview === 'remove-member') && request.query.member;
    const preview = previewing
      ? membershipPreviewSection(
          this.inventory,
          this.edits,
          { groupKind: this.kind, groupId: group.id, memberId: request.query.member!, change: request.query.preview === 'add-member' ? 'joined' : 'left' },
          request,
          { action: request.query.preview!, hidden: { member: request.query.member! }, query, cancelHref: recordHref(GROUPS_URL[this.kind], group.id) },
        )
      : '';
    return {
      title: group.name,
      body: html`${backLink(GROUPS_URL[this.kind], text.backToGroups)}${preview}
${panelSection(text.details, detailList([[text.name, group.name], [text.members, formatNumber(page.total, request.language)], [text.created, formatTime(group.createdAt, request.language)]]), remove)}
${panelSection(text.members, html`${add}${members}${page.total > 0 ? pager(request, window, page.total) : ''}`)}
${await this.facets.sections(this.kind, group.id, request)}`,
    };
  }

  /** Who a member is: a user's name and email, or a device's name and serial number. */
  private memberColumns(text: InventoryText): Column<Membership>[] {
    const name = (m: Membership) => memberName(this.inventory, this.kind, m.memberId);
    return this.kind === 'user-group'
      ? [
          { header: text.name, cell: (m) => html`<a href="${recordHref(USERS_URL, m.memberId)}">${name(m)}</a>`, sortValue: name },
          { header: text.email, cell: (m) => this.inventory.getUser(m.memberId)?.email, sortValue: (m) => this.inventory.getUser(m.memberId)?.email },
        ]
      : [
          { header: text.name, cell: (m) => html`<a href="${recordHref(DEVICES_URL, m.memberId)}">${name(m)}</a>`, sortValue: name },
          { header: text.serialNumber, cell: (m) => html`<code>${this.inventory.getDevice(m.memberId)?.serialNumber ?? ''}</code>`, sortValue: (m) => this.inventory.getDevice(m.memberId)?.serialNumber },
        ];
  }

  private memberKind(): 'user' | 'device' {
    return this.kind === 'user-group' ? 'user' : 'device';
  }

  /** A member as an admin picked it from the list (its label) or typed it: a user by id or email, a device by id or serial number. */
  private findMember(typed: string, language: string): string {
    const picked = new InventoryPicker(this.inventory, language).picked(this.memberKind(), typed);
    if (picked) return picked;
    const value = typed.trim();
    const text = inventoryText(language);
    if (this.kind === 'device-group') {
      const device = this.inventory.getDevice(value) ?? this.inventory.getDeviceBySerial(value);
      if (!device) throw new BadInputError(fill(text.noSuchDevice, { name: value }));
      return device.id;
    }
    const folded = foldText(value);
    const user = this.inventory.getUser(value) ?? this.inventory.listUsers({ search: value, limit: 20 }).items.find((u) => foldText(u.email) === folded);
    if (!user) throw new BadInputError(fill(text.noSuchUser, { name: value }));
    return user.id;
  }

  private mustGet(id: string, language: string): Group {
    const group = groupOf(this.inventory, this.kind, id);
    if (!group) throw new NotFoundError(fill(inventoryText(language).noGroup, { id }));
    return group;
  }
}
