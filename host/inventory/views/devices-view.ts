import { BadInputError, NotFoundError } from '../../api/errors.js';
import { html } from '../../api/html.js';
import type { Device, DeviceSortKey, Inventory } from '../../api/inventory.js';
import { backLink, canChange, confirmAction, detailList, formatNumber, formatTime, fetchPage, pager, panelSection, searchBox, sortQuery, storeOrder, table, type Column } from '../../api/panel-kit.js';
import { fill } from '../../api/panel-text.js';
import type { PanelView, ViewActionRequest, ViewActionResult, ViewRendering, ViewRequest } from '../../api/views.js';
import { deviceColumns, deviceStateBadge } from './device-state.js';
import { handleMemberGroupAction, memberGroupsSection } from './group-membership.js';
import type { MembershipEdits } from '../membership-edits.js';
import type { InventoryFacets } from './inventory-facets.js';
import { DEVICES_URL, recordHref, USERS_URL } from './inventory-view-declarations.js';
import { inventoryText } from './inventory-text.js';

const PAGE_SIZE = 50;

/** "Devices": the list with each device's state, and a device's page with its groups and the unenroll and wipe actions. */
export class DevicesView implements PanelView {
  readonly id = 'devices';

  constructor(
    private readonly inventory: Inventory,
    private readonly edits: MembershipEdits,
    private readonly facets: InventoryFacets,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderDevice(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = inventoryText(request.language);
    const memberAction = await handleMemberGroupAction(this.inventory, this.edits, 'device-group', request);
    if (memberAction) return memberAction;
    const device = this.mustGet(request.query.id ?? '', request.language);
    switch (request.action) {
      case 'unenroll':
        await this.inventory.unenrollDevice(device.id, request.principal);
        return { flash: { kind: 'success', message: text.deviceUnenrolled }, query: { id: device.id } };
      case 'wipe':
        await this.inventory.wipeDevice(device.id, request.principal);
        return { flash: { kind: 'success', message: text.deviceWiped }, query: { id: device.id } };
      default:
        throw new BadInputError(fill(text.unknownAction, { name: request.action }));
    }
  }

  private ownerLink(device: Device) {
    if (!device.ownerUserId) return undefined;
    const owner = this.inventory.getUser(device.ownerUserId);
    return html`<a href="${recordHref(USERS_URL, device.ownerUserId)}">${owner?.name ?? device.ownerUserId}</a>`;
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = inventoryText(request.language);
    const search = request.query.search?.trim() ?? '';
    const shared = deviceColumns(text);
    const columns: Column<Device, DeviceSortKey>[] = [
      shared.name,
      shared.serialNumber,
      shared.platform,
      { header: text.owner, cell: (d) => this.ownerLink(d), sortBy: 'owner' },
      shared.state,
      { header: text.groups, align: 'end', cell: (d) => formatNumber(this.inventory.groupsOf('device-group', d.id).length, request.language), sortBy: 'groups' },
    ];
    const order = storeOrder(columns, request);
    const { window, page } = fetchPage(request.query, (asked) => this.inventory.listDevices({ ...asked, ...(search ? { search } : {}), ...order }), PAGE_SIZE);
    const facetColumns = await this.facets.columns('device', page.items, request.language);
    const devices = table<Device>([...columns, ...facetColumns], page.items, search ? text.noMatches : text.noDevices, { request });
    return {
      body: html`<div class="toolbar">${searchBox(request, { placeholder: text.searchDevices, keep: sortQuery(request.query) })}</div>
${devices}
${page.total > 0 ? pager(request, window, page.total) : ''}`,
    };
  }

  private async renderDevice(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = inventoryText(request.language);
    const device = this.mustGet(id, request.language);
    const query = { id: device.id };
    const actions =
      canChange(request) && device.state === 'enrolled'
        ? html`<div class="actions">${confirmAction(request, { action: 'unenroll', query, label: text.unenroll, question: text.unenrollQuestion, submit: text.unenroll, tone: 'secondary' })}${confirmAction(request, {
            action: 'wipe',
            query,
            label: text.wipe,
            question: text.wipeQuestion,
            submit: text.wipe,
          })}</div>`
        : undefined;
    const details = detailList([
      [text.name, device.name],
      [text.serialNumber, html`<code>${device.serialNumber}</code>`],
      [text.platform, device.platform],
      [text.osVersion, device.osVersion],
      [text.owner, this.ownerLink(device)],
      [text.state, deviceStateBadge(device.state, text)],
      [text.enrolledAt, formatTime(device.enrolledAt, request.language)],
    ]);
    return {
      title: device.name ?? device.serialNumber,
      body: html`${backLink(DEVICES_URL, text.backToDevices)}
${panelSection(text.details, details, actions)}
${memberGroupsSection(this.inventory, this.edits, 'device-group', device.id, request)}
${await this.facets.sections('device', device.id, request)}`,
    };
  }

  private mustGet(id: string, language: string): Device {
    const device = this.inventory.getDevice(id);
    if (!device) throw new NotFoundError(fill(inventoryText(language).noDevice, { id }));
    return device;
  }
}
