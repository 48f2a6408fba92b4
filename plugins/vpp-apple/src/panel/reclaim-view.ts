import {
  canChange,
  formFields,
  confirmAction,
  field,
  fill,
  formatNumber,
  hiddenInputs,
  html,
  inject,
  injectable,
  Inventory,
  pager,
  panelSection,
  sortedPage,
  sortQuery,
  table,
  timeValue,
  type Column,
  type PanelView,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import type { ReclaimCandidate } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { ReclaimService } from '../distribution/reclaim-notice.js';
import { holderLabel, itemLink, recordName, timeCell } from './panel-labels.js';
import { VPP_STYLE } from './panel-style.js';
import { vppText } from './panel-text.js';

const DEFAULT_DAYS = 30;
const PAGE_SIZE = 50;

/**
 * "Unused licenses": the app licenses whose devices have not checked in for the days chosen — the preview — and,
 * after a confirmation, reclaiming exactly those.
 */
@injectable()
export class ReclaimView implements PanelView {
  readonly id = 'reclaim';

  constructor(
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(ReclaimService) private readonly reclaims: ReclaimService,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = vppText(request.language);
    const days = daysOf(request.query.days);
    const candidates = this.runtime.service.reclaimable(days);
    const n = (value: number) => formatNumber(value, request.language);
    const columns: Column<ReclaimCandidate>[] = [
      { header: text.item, cell: (c) => itemLink(c.itemId, this.runtime.service.catalog.get(c.itemId)), sortValue: (c) => this.runtime.service.catalog.get(c.itemId)?.name ?? c.itemId },
      { header: text.holder, cell: (c) => holderLabel(this.inventory, c.holder.kind, c.holder.id, text), sortValue: (c) => recordName(this.inventory, c.holder.kind, c.holder.id) },
      { header: text.lastCheckIn, cell: (c) => timeCell(c.lastCheckInAt, request.language), sortValue: (c) => timeValue(c.lastCheckInAt) },
    ];
    // Thousands of candidates: sorted as a whole by any column, then shown a page at a time.
    const { window, page } = sortedPage(candidates, columns, request, PAGE_SIZE);
    const list = table(columns, page.items, text.nothingUnused, { request });
    // Another number of days keeps the order chosen.
    const chooser = html`<form method="get" action="${request.url}" class="toolbar">${hiddenInputs(sortQuery(request.query))}${field({ label: text.unusedForDays, name: 'days', type: 'number', value: String(days) })}<button type="submit">${text.show}</button></form>`;
    const reclaim =
      canChange(request) && candidates.length > 0
        ? confirmAction(request, {
            action: 'reclaim',
            query: { days: String(days) },
            hidden: { days: String(days) },
            fields: formFields(request, 'reclaim').checkbox(text.notifyUsers, 'notifyUsers'),
            label: text.reclaimThese,
            question: fill(text.reclaimQuestion, { count: candidates.length, days: n(days) }, request.language),
            submit: text.reclaimThese,
          })
        : undefined;
    const pages = page.total > 0 ? pager(request, window, page.total) : '';
    return {
      title: text.unusedLicenses,
      body: html`${VPP_STYLE}<p class="muted">${text.unusedIntro}</p>${chooser}${panelSection(fill(text.unusedCount, { count: n(candidates.length) }), html`${list}${pages}`, reclaim)}`,
    };
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = vppText(request.language);
    const days = daysOf(request.form.days);
    const result = await this.reclaims.reclaim(days, request.principal, { notifyUsers: request.form.notifyUsers === 'yes' });
    const reclaimed = fill(text.reclaimed, { count: result.reclaimed.length, served: formatNumber(result.servedOthers, request.language) }, request.language);
    const message = result.mailed > 0 ? `${reclaimed} ${fill(text.usersMailed, { count: result.mailed }, request.language)}` : reclaimed;
    return { flash: { kind: 'success', message }, query: { days: String(days) } };
  }
}

function daysOf(value: string | undefined): number {
  const days = Number(value ?? DEFAULT_DAYS);
  return Number.isSafeInteger(days) && days >= 1 && days <= 3650 ? days : DEFAULT_DAYS;
}
