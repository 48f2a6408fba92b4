import {
  actionForm,
  backLink,
  BadInputError,
  canChange,
  sortRows,
  type Column,
  detailList,
  field,
  formFields,
  fill,
  formatNumber,
  html,
  inject,
  injectable,
  Inventory,
  NotFoundError,
  pager,
  pageWindow,
  panelSection,
  sortedTable,
  table,
  timeValue,
  type PanelView,
  type SafeHtml,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewRendering,
  type ViewRequest,
  checkboxGroup,
  checkedValues,
} from '@vpp-host/api';
import { TokenService } from '../../api/index.js';
import { AlertThresholds } from '../alerts/alert-thresholds.js';
import { thresholdAction, thresholdSection } from '../alerts/threshold-panel.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { ITEM_KINDS, type AssignmentRecord, type CatalogItem, type ItemKind } from '../distribution/model.js';
import { VPP_STYLE } from './panel-style.js';
import { awaitingEnrolmentSection } from './enrolment-wait-section.js';
import { assignmentBadge, itemLink, kindBadge, pageUrl, parseHolderKey, queueTimeHeader, targetLabel, targetName, timeCell } from './panel-labels.js';
import { holdersSection, queueTable } from './holder-tables.js';
import { vppText, type VppText } from './panel-text.js';

const PAGE_SIZE = 50;
const PLATFORMS = ['iOS', 'iPadOS', 'macOS'] as const;

export interface CatalogFilter {
  readonly kind?: ItemKind;
  readonly tokenId?: string;
  readonly search?: string;
}

/**
 * "Catalog": VPP apps and books of every location and the in-house ones, with their license counts, filtered and
 * paged on the server; adding an in-house item; an item's page with its assignments, license holders and queue.
 */
@injectable()
export class CatalogView implements PanelView {
  readonly id = 'catalog';
  private readonly collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

  constructor(
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(AlertThresholds) private readonly thresholds: AlertThresholds,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderItem(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = vppText(request.language);
    const threshold = await thresholdAction(request, this.thresholds, 'item', request.query.id ?? '');
    if (threshold) return threshold;
    if (request.action !== 'add-in-house') throw new BadInputError(fill(text.unknownAction, { name: request.action }));
    const { form } = request;
    const optional = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
    const item = await this.runtime.service.addInHouseItem(
      {
        kind: form.kind,
        name: form.name ?? '',
        ...(optional(form.bundleId) ? { bundleId: optional(form.bundleId) } : {}),
        ...(optional(form.fileRef) ? { fileRef: optional(form.fileRef) } : {}),
        platforms: checkedValues(form, 'platform', PLATFORMS),
      },
      request.principal,
    );
    return { flash: { kind: 'success', message: fill(text.itemAdded, { name: item.name }) }, query: { id: item.id } };
  }

  /** The items matching the filter, sorted by name: what the list pages through. */
  filtered(filter: CatalogFilter): CatalogItem[] {
    const items = this.runtime.service.catalog.list({ ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.tokenId ? { tokenId: filter.tokenId } : {}) });
    const needle = filter.search?.trim().toLowerCase();
    const matching = needle
      ? items.filter((item) => item.name.toLowerCase().includes(needle) || item.vpp?.adamId.includes(needle) || item.bundleId?.toLowerCase().includes(needle))
      : items;
    return matching.sort((a, b) => this.collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1));
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = vppText(request.language);
    const kind = ITEM_KINDS.find((k) => k === request.query.kind);
    const tokenId = request.query.location && this.tokens.get(request.query.location) ? request.query.location : undefined;
    const search = request.query.search?.trim() ?? '';
    const filtered = kind !== undefined || tokenId !== undefined || search !== '';
    const n = (value: number | undefined) => (value === undefined ? html`<span class="muted">—</span>` : formatNumber(value, request.language));
    const columns: Column<CatalogItem>[] = [
      { header: text.name, cell: (i) => itemLink(i.id, i), sortValue: (i) => i.name },
      { header: text.kind, cell: (i) => kindBadge(i.kind, text), sortValue: (i) => text[i.kind] },
      { header: text.total, align: 'end', cell: (i) => n(i.counts?.total), sortValue: (i) => i.counts?.total },
      { header: text.assigned, align: 'end', cell: (i) => n(i.counts && i.counts.held + i.counts.foreign), sortValue: (i) => i.counts && i.counts.held + i.counts.foreign },
      { header: text.available, align: 'end', cell: (i) => n(i.counts?.available), sortValue: (i) => i.counts?.available },
      { header: text.waiting, align: 'end', cell: (i) => n(i.counts?.queued), sortValue: (i) => i.counts?.queued },
      // After the counts, which a phone shows without scrolling.
      { header: text.location, cell: (i) => this.locationOf(i, text), sortValue: (i) => this.locationOf(i, text) },
      { header: text.platforms, cell: (i) => html`<span class="nowrap">${i.platforms.join(', ')}</span>` },
    ];
    const all = sortRows(this.filtered({ ...(kind ? { kind } : {}), ...(tokenId ? { tokenId } : {}), search }), columns, request.query, request.language);
    const window = pageWindow(request.query, PAGE_SIZE, 'page', all.length);
    const list = table(columns, all.slice(window.offset, window.offset + window.limit), filtered ? text.noMatches : text.noItems, { request });
    return {
      body: html`${VPP_STYLE}${this.filters(request, text, kind, tokenId, search)}
${list}
${all.length > 0 ? pager(request, window, all.length) : ''}
${canChange(request) ? this.addForm(request, text) : ''}`,
    };
  }

  private filters(request: ViewRequest, text: VppText, kind: ItemKind | undefined, tokenId: string | undefined, search: string): SafeHtml {
    const kinds = [{ value: '', label: text.allKinds }, ...ITEM_KINDS.map((k) => ({ value: k, label: text[k] }))];
    const locations = [{ value: '', label: text.allLocations }, ...this.tokens.list().map((t) => ({ value: t.id, label: t.name }))];
    return html`<form method="get" action="${request.url}" class="filters" role="search">
${field({ label: text.name, name: 'search', type: 'search', value: search, placeholder: text.searchCatalog })}
${field({ label: text.kind, name: 'kind', value: kind ?? '', choices: kinds })}
${field({ label: text.location, name: 'location', value: tokenId ?? '', choices: locations })}
<div class="filter-buttons"><button type="submit">${text.filter}</button></div>
</form>`;
  }

  private addForm(request: ViewRequest, text: VppText): SafeHtml {
    const form = formFields(request, 'add-in-house');
    return panelSection(
      text.addInHouse,
      actionForm(request, {
        action: 'add-in-house',
        submit: text.add,
        layout: 'stacked',
        fields: html`<div class="vpp-grid">
${form.field({ label: text.kind, name: 'kind', choices: [{ value: 'in-house-app', label: text['in-house-app'] }, { value: 'in-house-book', label: text['in-house-book'] }] })}
${form.field({ label: text.name, name: 'name', required: true })}
${form.field({ label: text.bundleId, name: 'bundleId', placeholder: 'com.example.app' })}
${form.field({ label: text.fileRef, name: 'fileRef' })}
</div>${checkboxGroup(text.platforms, 'platform', PLATFORMS.map((p) => ({ value: p, label: p, checked: form.value(`platform-${p}`) === 'yes' })))}`,
      }),
    );
  }

  private locationOf(item: CatalogItem, text: VppText): string {
    return item.vpp ? (this.tokens.get(item.vpp.tokenId)?.name ?? item.vpp.tokenId) : text.inHouse;
  }

  private async renderItem(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = vppText(request.language);
    const service = this.runtime.service;
    const item = service.catalog.get(id);
    if (!item) throw new NotFoundError(fill(text.noItem, { id }));
    const n = (value: number) => formatNumber(value, request.language);
    const counts = item.counts;
    const details = detailList([
      [text.kind, kindBadge(item.kind, text)],
      [text.location, this.locationOf(item, text)],
      [text.platforms, item.platforms.join(', ')],
      ...(item.vpp ? [[text.appleId, html`<code>${item.vpp.adamId}</code>`] as const] : []),
      ...(item.bundleId || !item.vpp ? [[text.bundleId, item.bundleId ? html`<code>${item.bundleId}</code>` : ''] as const] : []),
      ...(item.fileRef ? [[text.fileRef, item.fileRef] as const] : []),
      ...(counts
        ? ([
            [text.total, n(counts.total)],
            [text.assigned, n(counts.held + counts.foreign)],
            [text.available, n(counts.available)],
            [text.waiting, n(counts.queued)],
          ] as const)
        : []),
    ]);
    const assign = canChange(request) ? html`<a class="button" href="${pageUrl('assignments', { item: item.id })}">${text.assign}</a>` : undefined;
    const columns: Column<AssignmentRecord>[] = [
      { header: text.target, cell: (a) => targetLabel(this.inventory, a.target, text), sortValue: (a) => targetName(this.inventory, a.target, text) },
      { header: text.installMode, cell: (a) => text[a.installMode], sortValue: (a) => text[a.installMode] },
      { header: text.licenseType, cell: (a) => licenseTypeLabel(a, text), sortValue: (a) => licenseTypeLabel(a, text) },
      { header: text.state, cell: (a) => assignmentBadge(a.state, text), sortValue: (a) => text[a.state] },
      { header: text.since, cell: (a) => timeCell(a.createdAt, request.language), sortValue: (a) => timeValue(a.createdAt) },
      { header: '', align: 'end', cell: (a) => html`<a href="${pageUrl('assignments', { id: a.id })}">${text.details}</a>` },
    ];
    // Beside the holders and the queue, the assignments sort and page by their own parameters.
    const assignments = sortedTable(request, columns, service.listAssignments({ item: item.id }), { param: 'assignments', empty: text.notAssigned });
    const sections = [panelSection(text.details, details, assign), panelSection(text.assignmentsWord, assignments)];
    if (item.vpp) sections.push(this.holdersSection(request, item, text), this.queueSection(request, item, text), thresholdSection(request, this.thresholds, { scope: 'item', id: item.id, effective: this.thresholds.effective(item) }));
    else sections.push(html`<p class="notice">${text.inHouseNoLicense}</p>`);
    return { title: item.name, body: html`${VPP_STYLE}${backLink(pageUrl(this.id), text.backToCatalog)}${sections}` };
  }

  private holdersSection(request: ViewRequest, item: CatalogItem, text: VppText): SafeHtml {
    const held = this.runtime.service.licenses({ item: item.id, limit: Number.MAX_SAFE_INTEGER }).items.filter((l) => l.state === 'requested' || l.state === 'confirmed');
    return holdersSection(request, this.inventory, held, text);
  }

  private queueSection(request: ViewRequest, item: CatalogItem, text: VppText): SafeHtml {
    const queue = this.runtime.service.queue(item.id);
    const enrolling = awaitingEnrolmentSection(request, this.inventory, queue.awaitingEnrolment, { param: 'enrolling' });
    const timeHeader = queueTimeHeader(queue.waiting.map((w) => parseHolderKey(w.holder).kind), text);
    return html`${panelSection(
      `${text.queue} · ${fill(text.countsOf, { available: formatNumber(queue.counts.available, request.language), total: formatNumber(queue.counts.total, request.language) })}`,
      queueTable(request, this.inventory, queue.waiting, timeHeader, text),
    )}${enrolling}`;
  }
}

function licenseTypeLabel(assignment: AssignmentRecord, text: VppText): string {
  return assignment.licenseType ? text[assignment.licenseType === 'device' ? 'deviceLicense' : 'userLicense'] : text.noLicense;
}
