import {
  BadInputError,
  backLink,
  badge,
  canChange,
  confirmAction,
  formatNumber,
  formatTime,
  html,
  inject,
  injectable,
  panelSection,
  table,
  viewHref,
  type BadgeTone,
  type PanelView,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewContribution,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { DistributionRuntime } from './distribution-runtime.js';
import type { AssignmentRecord, CatalogItem, LicenseRecord, LicenseState } from './model.js';

const STATE_TONE: Record<LicenseState, BadgeTone> = { requested: 'info', confirmed: 'ok', releasing: 'warn', released: 'neutral', failed: 'bad' };
const LEDGER_ROWS = 100;

/**
 * "Distribution": the catalog with total / held / available / queued per item, and an item's page with its
 * assignments (removable), its first-come-first-served queue and its ledger.
 */
@injectable()
export class DistributionPanel implements PanelView, ViewContribution {
  readonly id = 'distribution';
  readonly views = [this];

  constructor(@inject(DistributionRuntime) private readonly runtime: DistributionRuntime) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.item === undefined ? this.renderCatalog(request) : this.renderItem(request, request.query.item);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const service = this.runtime.service;
    if (request.action !== 'remove-assignment') throw new BadInputError(`Unknown action "${request.action}"`);
    const id = request.form.assignment ?? '';
    const result = await service.removeAssignment(id, request.principal, 'Removed in the panel');
    return {
      flash: { kind: 'success', message: `Assignment removed: ${result.released} license(s) released, ${result.kept} kept by policy.` },
      query: { item: request.query.item ?? '' },
    };
  }

  private async renderCatalog(request: ViewRequest): Promise<ViewRendering> {
    const n = (value: number | undefined) => (value === undefined ? '' : formatNumber(value, request.language));
    const items = this.runtime.service.catalog.list();
    const body = table<CatalogItem>(
      [
        { header: 'Item', cell: (i) => html`<a href="${viewHref(request, { item: i.id })}">${i.name}</a>` },
        { header: 'Kind', cell: (i) => i.kind },
        { header: 'Platforms', cell: (i) => i.platforms.join(', ') },
        { header: 'Total', align: 'end', cell: (i) => n(i.counts?.total) },
        { header: 'Held', align: 'end', cell: (i) => n(i.counts?.held) },
        { header: 'Available', align: 'end', cell: (i) => n(i.counts?.available) },
        { header: 'Waiting', align: 'end', cell: (i) => n(i.counts?.queued) },
      ],
      items,
      'The catalog is empty: sync a token, or add an in-house item with `vpp-host catalog add`.',
    );
    return { body };
  }

  private async renderItem(request: ViewRequest, reference: string): Promise<ViewRendering> {
    const service = this.runtime.service;
    const item = service.catalog.require(reference);
    const assignments = table<AssignmentRecord>(
      [
        { header: 'Target', cell: (a) => `${a.target.kind} ${a.target.id}` },
        { header: 'Install', cell: (a) => a.installMode },
        { header: 'License', cell: (a) => a.licenseType ?? '—' },
        { header: 'State', cell: (a) => a.state },
        { header: 'Since', cell: (a) => formatTime(a.createdAt, request.language) },
        {
          header: '',
          cell: (a) =>
            canChange(request)
              ? confirmAction(request, {
                  action: 'remove-assignment',
                  query: { item: item.id },
                  hidden: { assignment: a.id },
                  label: 'Remove',
                  question: 'Stop this distribution? Licenses are released or kept, and apps removed, as its policy says.',
                  submit: 'Remove',
                })
              : '',
        },
      ],
      service.listAssignments({ item: item.id }),
      'Not assigned to anyone.',
    );
    const sections = [panelSection('Assignments', assignments)];
    if (item.vpp) {
      const queue = service.queue(item.id);
      const waiting = table(
        [
          { header: 'Place', align: 'end', cell: (w: (typeof queue.waiting)[number]) => w.position },
          { header: 'Holder', cell: (w: (typeof queue.waiting)[number]) => w.holder },
          { header: 'In line since', cell: (w: (typeof queue.waiting)[number]) => formatTime(w.at, request.language) },
        ],
        queue.waiting.slice(0, LEDGER_ROWS),
        'Nobody is waiting.',
      );
      const enrolling = queue.awaitingEnrolment.length > 0 ? html`<p class="muted">Waiting to enrol: ${queue.awaitingEnrolment.join(', ')}</p>` : '';
      const ledger = table<LicenseRecord>(
        [
          { header: 'Holder', cell: (l) => `${l.holderKind} ${l.holderId}` },
          { header: 'Apple id', cell: (l) => html`<code>${l.appleHolderId}</code>` },
          { header: 'State', cell: (l) => badge(STATE_TONE[l.state], l.state) },
          { header: 'Since', cell: (l) => formatTime(l.updatedAt, request.language) },
          { header: 'Why', cell: (l) => l.failure?.message ?? l.releaseCause ?? '' },
        ],
        service.licenses({ item: item.id, limit: LEDGER_ROWS }).items,
        'No licenses yet.',
      );
      sections.push(panelSection(`Queue (${queue.counts.available} of ${queue.counts.total} available)`, html`${waiting}${enrolling}`), panelSection('Ledger', ledger));
    }
    return { title: item.name, body: html`${backLink(request.url, 'Back to the catalog')}${sections}` };
  }
}
