import {
  AuditLog,
  badge,
  emptyState,
  fill,
  formatNumber,
  formatTime,
  html,
  inject,
  injectable,
  labelsOf,
  Messages,
  panelSection,
  PluginContext,
  table,
  type AuditEntry,
  type BadgeTone,
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

interface Alert {
  readonly tone: BadgeTone;
  readonly label: string;
  readonly message: string;
  readonly href: string;
}

interface LocationTotals {
  readonly token: TokenRecord;
  assets: number;
  total: number;
  assigned: number;
  available: number;
  queued: number;
}

/**
 * The landing page: what needs attention (expiring or unusable tokens, another MDM's claim, assets out of licenses,
 * failed syncs), token health, licenses per location, the longest queues and the latest changes.
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
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = vppText(request.language);
    const tokens = this.tokens.list().sort((a, b) => a.name.localeCompare(b.name));
    const items = this.runtime.service.catalog.list();
    const alerts = [...this.tokenAlerts(tokens, request.language, text), ...this.licenseAlerts(items, text)];
    return {
      body: html`${VPP_STYLE}
${panelSection(`${text.alerts} (${formatNumber(alerts.length, request.language)})`, this.alertList(alerts, text))}
${panelSection(text.tokenHealth, this.tokenTable(tokens, request, text))}
${panelSection(text.licenseTotals, this.totalsTable(tokens, items, request, text))}
${panelSection(text.queueLengths, this.queueTable(items, request, text))}
${panelSection(text.recentActivity, this.activityTable(request, text))}`,
    };
  }

  private tokenAlerts(tokens: readonly TokenRecord[], language: string, text: VppText): Alert[] {
    const alerts: Alert[] = [];
    for (const token of tokens) {
      const href = pageUrl('tokens', { id: token.id });
      const values = { name: token.name, location: token.locationName, date: formatTime(token.expiresAt, language), reason: reasonIn(token.health, language, this.messages), other: token.claimedBy?.name ?? text.otherMdm };
      const state = token.health.state;
      if (state === 'expiring') alerts.push({ tone: 'warn', label: text.expiring, message: fill(text.alertExpiring, values), href });
      if (state === 'expired') alerts.push({ tone: 'bad', label: text.expired, message: fill(text.alertExpired, values), href });
      if (state === 'revoked') alerts.push({ tone: 'bad', label: text.revoked, message: fill(text.alertRevoked, values), href });
      if (state === 'invalid') alerts.push({ tone: 'bad', label: text.invalid, message: fill(text.alertInvalid, values), href });
      if (state === 'claimed-elsewhere') alerts.push({ tone: 'bad', label: text['claimed-elsewhere'], message: fill(text.alertClaimed, values), href });
      const sync = this.sync.state(token.id);
      if (sync.status === 'failed') alerts.push({ tone: 'bad', label: text.failed, message: fill(text.alertSyncFailed, { name: token.name, reason: reasonIn(sync, language, this.messages) }), href });
    }
    return alerts;
  }

  /** Assets with licenses bought and none left, the ones people wait for first. */
  private licenseAlerts(items: readonly CatalogItem[], text: VppText): Alert[] {
    return items
      .filter((item) => item.counts && item.counts.total > 0 && item.counts.available === 0)
      .sort((a, b) => b.counts!.queued - a.counts!.queued)
      .map((item) => ({
        tone: 'warn' as const,
        label: text.outOfLicenses,
        message: fill(text.alertOutOfLicenses, { item: item.name, location: this.tokenName(item), queued: item.counts!.queued }),
        href: pageUrl('catalog', { id: item.id }),
      }));
  }

  private alertList(alerts: readonly Alert[], text: VppText): SafeHtml {
    if (alerts.length === 0) return html`<p class="muted">${text.noAlerts}</p>`;
    const more = alerts.length - LISTED_ALERTS;
    return html`<ul class="vpp-alerts">${alerts.slice(0, LISTED_ALERTS).map((a) => html`<li>${badge(a.tone, a.label)}<a href="${a.href}">${a.message}</a></li>`)}${
      more > 0 ? html`<li class="muted">+ ${more}</li>` : ''
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
