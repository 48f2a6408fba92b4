import {
  Alerts,
  AuditLog,
  badge,
  emptyState,
  formatNumber,
  html,
  inject,
  injectable,
  labelsOf,
  Messages,
  panelSection,
  phrase,
  PluginContext,
  table,
  type Alert,
  type AuditEntry,
  type PanelView,
  type SafeHtml,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { SyncService, TokenService, type TokenRecord } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import type { CatalogItem } from '../distribution/model.js';
import { kindBadge, pageUrl, reasonIn, syncBadge, tokenStateBadge, timeCell } from './panel-labels.js';
import { VPP_STYLE } from './panel-style.js';
import { vppText, type VppText } from './panel-text.js';

const LISTED_ALERTS = 10;
const LISTED_QUEUES = 10;
const LISTED_ACTIVITY = 10;

/** The host's Alerts page, where every alert is. */
const ALERTS_PAGE = '/views/host/alerts';

interface LocationTotals {
  readonly token: TokenRecord;
  assets: number;
  total: number;
  assigned: number;
  available: number;
  queued: number;
}

/**
 * The landing page: what needs attention (the open alerts of every plugin: expiring or unusable tokens, another MDM's
 * claim, items out of or low on licenses, failing syncs, undelivered mail), token health, licenses per location, the
 * longest queues and the latest changes.
 */
@injectable()
export class DashboardView implements PanelView {
  readonly id = 'dashboard';

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Messages) private readonly messages: Messages,
    @inject(PluginContext) private readonly plugin: PluginContext,
    @inject(Alerts) private readonly alerts: Alerts,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = vppText(request.language);
    const tokens = this.tokens.list().sort((a, b) => a.name.localeCompare(b.name));
    const items = this.runtime.service.catalog.list();
    const alerts = this.alerts.list({ state: 'open', limit: LISTED_ALERTS });
    return {
      body: html`${VPP_STYLE}
${panelSection(`${text.alerts} (${formatNumber(alerts.total, request.language)})`, this.alertList(alerts.items, alerts.total, request.language, text), html`<a href="${ALERTS_PAGE}">${text.allAlerts}</a>`)}
${panelSection(text.tokenHealth, this.tokenTable(tokens, request, text))}
${panelSection(text.licenseTotals, this.totalsTable(tokens, items, request, text))}
${panelSection(text.queueLengths, this.queueTable(items, request, text))}
${panelSection(text.recentActivity, this.activityTable(request, text))}`,
    };
  }

  /** The open alerts, critical first, each said in the admin's language and linked to where to act on it. */
  private alertList(alerts: readonly Alert[], total: number, language: string, text: VppText): SafeHtml {
    if (alerts.length === 0) return html`<p class="muted">${text.noAlerts}</p>`;
    const more = total - alerts.length;
    const severity = (alert: Alert) => badge(alert.severity === 'critical' ? 'bad' : 'warn', this.messages.say(phrase(alert.severity, `host.alerts.severity.${alert.severity}`), language));
    const said = (alert: Alert) => this.messages.say(alert, language);
    return html`<ul class="vpp-alerts">${alerts.map((a) => html`<li>${severity(a)}${a.href ? html`<a href="${a.href}">${said(a)}</a>` : html`<span>${said(a)}</span>`}</li>`)}${
      more > 0 ? html`<li class="muted"><a href="${ALERTS_PAGE}">+ ${formatNumber(more, language)}</a></li>` : ''
    }</ul>`;
  }

  private tokenTable(tokens: readonly TokenRecord[], request: ViewRequest, text: VppText): SafeHtml {
    return table<TokenRecord>(
      [
        { header: text.name, cell: (t) => html`<a href="${pageUrl('tokens', { id: t.id })}">${t.name}</a>` },
        { header: text.location, cell: (t) => t.locationName },
        { header: text.state, cell: (t) => html`${tokenStateBadge(t.health, text)}${t.health.state === 'valid' ? '' : html`<br><span class="muted">${reasonIn(t.health, request.language, this.messages)}</span>`}` },
        { header: text.since, cell: (t) => timeCell(t.health.since, request.language) },
        { header: text.syncState, cell: (t) => syncBadge(this.sync.state(t.id), text) },
        { header: text.lastSuccess, cell: (t) => { const at = this.sync.state(t.id).lastSuccessAt; return at ? timeCell(at, request.language) : ''; } },
      ],
      tokens,
      text.noTokens,
    );
  }

  private totalsTable(tokens: readonly TokenRecord[], items: readonly CatalogItem[], request: ViewRequest, text: VppText): SafeHtml {
    const byToken = new Map<string, LocationTotals>(tokens.map((token) => [token.id, { token, assets: 0, total: 0, assigned: 0, available: 0, queued: 0 }]));
    for (const item of items) {
      const totals = item.vpp && item.counts ? byToken.get(item.vpp.tokenId) : undefined;
      if (!totals || !item.counts) continue;
      totals.assets++;
      totals.total += item.counts.total;
      totals.assigned += item.counts.held + item.counts.foreign;
      totals.available += item.counts.available;
      totals.queued += item.counts.queued;
    }
    const n = (value: number) => formatNumber(value, request.language);
    return table<LocationTotals>(
      [
        { header: text.location, cell: (l) => html`<a href="${pageUrl('catalog', { location: l.token.id })}">${l.token.locationName}</a>` },
        { header: text.catalog, align: 'end', cell: (l) => n(l.assets) },
        { header: text.total, align: 'end', cell: (l) => n(l.total) },
        { header: text.assigned, align: 'end', cell: (l) => n(l.assigned) },
        { header: text.available, align: 'end', cell: (l) => n(l.available) },
        { header: text.waiting, align: 'end', cell: (l) => n(l.queued) },
      ],
      [...byToken.values()],
      text.noTokens,
    );
  }

  private queueTable(items: readonly CatalogItem[], request: ViewRequest, text: VppText): SafeHtml {
    const queued = items
      .filter((item) => (item.counts?.queued ?? 0) > 0)
      .sort((a, b) => b.counts!.queued - a.counts!.queued)
      .slice(0, LISTED_QUEUES);
    const n = (value: number) => formatNumber(value, request.language);
    return table<CatalogItem>(
      [
        { header: text.item, cell: (i) => html`<a href="${pageUrl('catalog', { id: i.id })}">${i.name}</a>` },
        { header: text.kind, cell: (i) => kindBadge(i.kind, text) },
        { header: text.location, cell: (i) => this.tokenName(i) },
        { header: text.waiting, align: 'end', cell: (i) => n(i.counts!.queued) },
        { header: text.available, align: 'end', cell: (i) => n(i.counts!.available) },
      ],
      queued,
      emptyState(text.noQueues),
    );
  }

  private activityTable(request: ViewRequest, text: VppText): SafeHtml {
    const entries = this.audit.query({ action: 'vpp', limit: LISTED_ACTIVITY }).items;
    const action = labelsOf(this.plugin.manifest.contributes.auditActions, request.language);
    return table<AuditEntry>(
      [
        { header: text.when, cell: (e) => timeCell(e.at, request.language) },
        { header: text.who, cell: (e) => e.actor.name ?? e.actor.id },
        { header: text.what, cell: (e) => action(e.action) ?? html`<code>${e.action}</code>` },
        { header: text.target, cell: (e) => e.target?.name ?? e.target?.id },
      ],
      entries,
      text.noActivity,
    );
  }

  private tokenName(item: CatalogItem): string {
    return item.vpp ? (this.tokens.get(item.vpp.tokenId)?.locationName ?? item.vpp.tokenId) : '';
  }
}
