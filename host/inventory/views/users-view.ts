import { BadInputError, NotFoundError } from '../../api/errors.js';
import { html, type SafeHtml } from '../../api/html.js';
import type { Device, Inventory, User, UserInput, UserSortKey } from '../../api/inventory.js';
import { formFields, type FormFields } from '../../api/panel-forms.js';
import { backLink, badge, canChange, confirmAction, detailList, actionForm, formatNumber, formatTime, fetchPage, pager, panelSection, searchBox, sortQuery, sortRows, storeOrder, table, type Column } from '../../api/panel-kit.js';
import { fill } from '../../api/panel-text.js';
import type { PanelView, ViewActionRequest, ViewActionResult, ViewRendering, ViewRequest } from '../../api/views.js';
import { handleMemberGroupAction, memberGroupsSection } from './group-membership.js';
import type { MembershipEdits } from '../membership-edits.js';
import type { InventoryFacets } from './inventory-facets.js';
import { recordHref, USERS_URL } from './inventory-view-declarations.js';
import { inventoryText, type InventoryText } from './inventory-text.js';
import { deviceColumns } from './device-state.js';
import { refusedSave } from './refused-save.js';

const PAGE_SIZE = 50;
const LANGUAGE_SUGGESTIONS = ['en', 'nl', 'fr', 'de'];
/** The user form's fields, by the words that label them. */
const USER_FIELDS = { name: 'name', email: 'email', language: 'language', managedAppleId: 'managedAppleId' } as const;

/** The form's fields as a UserInput: blank optional fields are left out, so clearing one removes it. */
function userInput(form: Readonly<Record<string, string>>, id?: string): UserInput {
  const optional = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
  const language = optional(form.language);
  const managedAppleId = optional(form.managedAppleId);
  return { ...(id ? { id } : {}), name: form.name ?? '', email: form.email ?? '', ...(language ? { language } : {}), ...(managedAppleId ? { managedAppleId } : {}) };
}

function userFields(text: InventoryText, form: FormFields, user?: User): SafeHtml {
  return html`${form.field({ label: text.name, name: 'name', required: true, value: user?.name })}${form.field({ label: text.email, name: 'email', type: 'email', required: true, value: user?.email })}${form.field({
    label: text.language,
    name: 'language',
    value: user?.language,
    suggestions: LANGUAGE_SUGGESTIONS,
  })}${form.field({ label: text.managedAppleId, name: 'managedAppleId', value: user?.managedAppleId })}`;
}

/** "Users": a searchable, paged list of up to 100,000 people, and each person's page with groups and devices. */
export class UsersView implements PanelView {
  readonly id = 'users';

  constructor(
    private readonly inventory: Inventory,
    private readonly edits: MembershipEdits,
    private readonly facets: InventoryFacets,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderUser(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = inventoryText(request.language);
    const { principal } = request;
    const memberAction = await handleMemberGroupAction(this.inventory, this.edits, 'user-group', request);
    if (memberAction) return memberAction;
    switch (request.action) {
      case 'add-user': {
        const user = await this.inventory.saveUser(userInput(request.form), principal).catch((error: unknown) => refusedSave(error, text, USER_FIELDS));
        return { flash: { kind: 'success', message: fill(text.userAdded, { name: user.name }) }, query: { id: user.id } };
      }
      case 'edit-user': {
        const existing = this.mustGet(request.query.id ?? '', request.language);
        const user = await this.inventory.saveUser(userInput(request.form, existing.id), principal).catch((error: unknown) => refusedSave(error, text, USER_FIELDS));
        return { flash: { kind: 'success', message: fill(text.userSaved, { name: user.name }) }, query: { id: user.id } };
      }
      case 'delete-user': {
        const user = this.mustGet(request.query.id ?? '', request.language);
        await this.inventory.removeUser(user.id, principal);
        return { flash: { kind: 'success', message: fill(text.userDeleted, { name: user.name }) } };
      }
      default:
        throw new BadInputError(fill(text.unknownAction, { name: request.action }));
    }
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = inventoryText(request.language);
    const search = request.query.search?.trim() ?? '';
    const columns: Column<User, UserSortKey>[] = [
      { header: text.name, cell: (u) => html`<a href="${recordHref(USERS_URL, u.id)}">${u.name}</a>`, sortBy: 'name' },
      { header: text.email, cell: (u) => u.email, sortBy: 'email' },
      { header: text.language, cell: (u) => u.language, sortBy: 'language' },
      { header: text.managedAppleId, cell: (u) => u.managedAppleId, sortBy: 'managedAppleId' },
      { header: text.groups, align: 'end', cell: (u) => formatNumber(this.inventory.groupsOf('user-group', u.id).length, request.language), sortBy: 'groups' },
    ];
    const order = storeOrder(columns, request);
    const { window, page } = fetchPage(request.query, (asked) => this.inventory.listUsers({ ...asked, ...(search ? { search } : {}), ...order }), PAGE_SIZE);
    const facetColumns = await this.facets.columns('user', page.items, request.language);
    const users = table<User>([...columns, ...facetColumns], page.items, search ? text.noMatches : text.noUsers, { request });
    const form = formFields(request, 'add-user');
    const add = canChange(request)
      ? html`<details class="disclosure"${form.refused ? html` open` : ''}><summary class="button">${text.addUser}</summary><div class="card">${actionForm(request, { action: 'add-user', submit: text.addUser, fields: userFields(text, form), layout: 'stacked' })}</div></details>`
      : '';
    return {
      body: html`<div class="toolbar">${searchBox(request, { placeholder: text.searchUsers, keep: sortQuery(request.query) })}${add}</div>
${users}
${page.total > 0 ? pager(request, window, page.total) : ''}`,
    };
  }

  private async renderUser(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = inventoryText(request.language);
    const user = this.mustGet(id, request.language);
    const admin = canChange(request);
    const shared = deviceColumns(text);
    const columns: Column<Device>[] = [shared.name, shared.serialNumber, shared.platform, shared.state];
    // The user's page has two tables; each keeps its order in its own parameters.
    const sorting = { request, param: 'devices' };
    const devices = table(columns, sortRows(this.inventory.devicesOf(user.id), columns, request.query, request.language, sorting.param), text.noDevicesOfUser, sorting);
    const details = detailList([
      [text.name, user.name],
      [text.email, user.email],
      [text.language, user.language],
      [text.managedAppleId, user.managedAppleId ? badge('info', user.managedAppleId) : undefined],
      [text.created, formatTime(user.createdAt, request.language)],
    ]);
    const form = formFields(request, 'edit-user');
    const actions = admin
      ? html`<div class="actions"><details class="disclosure"${form.refused ? html` open` : ''}><summary class="button secondary">${text.editUser}</summary><div class="card">${actionForm(request, {
          action: 'edit-user',
          query: { id: user.id },
          submit: text.saveUser,
          fields: userFields(text, form, user),
          layout: 'stacked',
        })}</div></details>${confirmAction(request, { action: 'delete-user', query: { id: user.id }, label: text.deleteUser, question: text.deleteUserQuestion, submit: text.deleteUser })}</div>`
      : '';
    return {
      title: user.name,
      body: html`${backLink(USERS_URL, text.backToUsers)}
${panelSection(text.details, details, actions || undefined)}
${memberGroupsSection(this.inventory, this.edits, 'user-group', user.id, request)}
${panelSection(text.devices, devices)}
${await this.facets.sections('user', user.id, request)}`,
    };
  }

  private mustGet(id: string, language: string): User {
    const user = this.inventory.getUser(id);
    if (!user) throw new NotFoundError(fill(inventoryText(language).noUser, { id }));
    return user;
  }
}
