import type { Alert, AlertRecipient, AlertSeverity } from '../api/alerts.js';
import { BadInputError } from '../api/errors.js';
import { html, type SafeHtml } from '../api/html.js';
import { displayNameOf } from '../api/labels.js';
import type { PluginManifest } from '../api/manifest.js';
import type { Messages } from '../api/messages.js';
import { actionForm, badge, canChange, confirmAction, formatNumber, formatTime, pager, panelSection, sortedPage, table, type Column } from '../api/panel-kit.js';
import { formFields } from '../api/panel-forms.js';
import { fill } from '../api/panel-text.js';
import { timeValue } from '../api/sort-values.js';
import type { PanelView, ViewActionRequest, ViewActionResult, ViewRendering, ViewRequest } from '../api/views.js';
import type { AccountService } from '../http/auth/account-service.js';
import type { AlertCenter } from './alert-center.js';
import { RESOLVED_KEPT_DAYS } from './alert-center.js';
import type { AlertRecipients } from './alert-recipients.js';
import { alertsText, type AlertsText } from './alerts-text.js';

export const ALERTS_VIEW_DECLARATION = { id: 'alerts', title: 'Alerts', titles: { nl: 'Meldingen', fr: 'Alertes' }, order: 240 };

const PAGE_SIZE = 50;
const SEVERITY_RANK: Readonly<Record<AlertSeverity, number>> = { critical: 0, warning: 1 };

/** An alert's severity as a badge: critical red, warning amber. */
export function severityBadge(severity: AlertSeverity, text: AlertsText): SafeHtml {
  return badge(severity === 'critical' ? 'bad' : 'warn', text[severity]);
}

export interface AlertsViewDependencies {
  readonly center: AlertCenter;
  readonly recipients: AlertRecipients;
  readonly accounts: AccountService;
  readonly messages: Messages;
  /** The host's and the running plugins' manifests: they name an alert's source. */
  readonly manifests: () => readonly PluginManifest[];
}

/**
 * "Alerts": the open alerts of every plugin (critical first, sortable by each column), those resolved in the last
 * days, and who gets them by mail, with the forms that change it.
 */
export class AlertsView implements PanelView {
  readonly id = ALERTS_VIEW_DECLARATION.id;

  constructor(private readonly deps: AlertsViewDependencies) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = alertsText(request.language);
    const { center } = this.deps;
    const open = center.all('open');
    const resolved = center.all('resolved');
    const days = { days: RESOLVED_KEPT_DAYS };
    return {
      body: html`<p class="muted">${text.intro}</p>
${panelSection(`${text.open} (${formatNumber(open.length, request.language)})`, this.openTable(open, request, text))}
${panelSection(fill(text.resolvedRecently, days, request.language), this.resolvedTable(resolved, request, text))}
${panelSection(text.mail, this.recipientsSection(request, text))}`,
    };
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = alertsText(request.language);
    if (request.action === 'add-recipient') {
      const recipient = await this.deps.recipients.set(request.form.admin ?? '', request.form.address ?? '', request.principal);
      return { flash: { kind: 'success', message: fill(text.recipientSet, { name: recipient.name, address: recipient.address }) } };
    }
    if (request.action === 'remove-recipient') {
      const name = this.deps.accounts.getAdmin(request.form.admin ?? '')?.name ?? request.form.admin ?? '';
      await this.deps.recipients.remove(request.form.admin ?? '', request.principal);
      return { flash: { kind: 'success', message: fill(text.recipientRemoved, { name }) } };
    }
    throw new BadInputError(`Unknown action "${request.action.slice(0, 40)}"`);
  }

  private openTable(alerts: readonly Alert[], request: ViewRequest, text: AlertsText): SafeHtml {
    const columns: Column<Alert>[] = [
      { header: text.severity, cell: (a) => severityBadge(a.severity, text), sortValue: (a) => SEVERITY_RANK[a.severity] },
      this.alertColumn(request, text),
      this.sourceColumn(request, text),
      { header: text.raised, cell: (a) => timeCell(a.raisedAt, request.language), sortValue: (a) => timeValue(a.raisedAt) },
      { header: text.updated, cell: (a) => (a.updatedAt === a.raisedAt ? '' : timeCell(a.updatedAt, request.language)), sortValue: (a) => timeValue(a.updatedAt) },
    ];
    const { window, page } = sortedPage(alerts, columns, request, PAGE_SIZE);
    return html`${table(columns, page.items, text.noOpen, { request })}${page.total > PAGE_SIZE ? pager(request, window, page.total) : ''}`;
  }

  private resolvedTable(alerts: readonly Alert[], request: ViewRequest, text: AlertsText): SafeHtml {
    const param = 'resolved';
    const columns: Column<Alert>[] = [
      { header: text.severity, cell: (a) => severityBadge(a.severity, text), sortValue: (a) => SEVERITY_RANK[a.severity] },
      this.alertColumn(request, text),
      this.sourceColumn(request, text),
      { header: text.raised, cell: (a) => timeCell(a.raisedAt, request.language), sortValue: (a) => timeValue(a.raisedAt) },
      { header: text.resolved, cell: (a) => timeCell(a.resolvedAt ?? '', request.language), sortValue: (a) => timeValue(a.resolvedAt) },
    ];
    const { window, page } = sortedPage(alerts, columns, request, PAGE_SIZE, param);
    const empty = fill(text.noResolved, { days: RESOLVED_KEPT_DAYS }, request.language);
    return html`${table(columns, page.items, empty, { request, param })}${page.total > PAGE_SIZE ? pager(request, window, page.total, param) : ''}`;
  }

  private alertColumn(request: ViewRequest, text: AlertsText): Column<Alert> {
    const said = (a: Alert) => this.deps.messages.say(a, request.language);
    return { header: text.alert, cell: (a) => (a.href ? html`<a href="${a.href}">${said(a)}</a>` : said(a)), sortValue: said };
  }

  private sourceColumn(request: ViewRequest, text: AlertsText): Column<Alert> {
    const names = new Map(this.deps.manifests().map((m) => [m.id, m.id === 'host' ? 'vpp-host' : displayNameOf(m, request.language)]));
    const name = (a: Alert) => names.get(a.source) ?? a.source;
    return { header: text.source, cell: name, sortValue: name };
  }

  private recipientsSection(request: ViewRequest, text: AlertsText): SafeHtml {
    const recipients = this.deps.recipients.list();
    const change = canChange(request);
    const columns: Column<AlertRecipient>[] = [
      { header: text.admin, cell: (r) => r.name, sortValue: (r) => r.name },
      { header: text.address, cell: (r) => r.address, sortValue: (r) => r.address },
      { header: text.language, cell: (r) => languageName(r.language, text), sortValue: (r) => languageName(r.language, text) },
      ...(change
        ? [{
            header: '',
            cell: (r: AlertRecipient) =>
              confirmAction(request, { action: 'remove-recipient', label: text.remove, submit: text.remove, question: fill(text.removeQuestion, { name: r.name }), hidden: { admin: r.adminId } }),
          }]
        : []),
    ];
    const rows = sortedPage(recipients, columns, request, 500, 'mail').page.items;
    const list = table(columns, rows, text.noRecipients, { request, param: 'mail' });
    if (!change) return html`<p class="muted">${text.mailIntro}</p>${list}`;
    const form = formFields(request, 'add-recipient');
    const admins = this.deps.accounts.listAdmins();
    const fields = html`${form.field({ label: text.admin, name: 'admin', value: request.principal.kind === 'admin' ? request.principal.id : admins[0]?.id, choices: admins.map((a) => ({ value: a.id, label: a.name })) })}
${form.field({ label: text.address, name: 'address', type: 'email', required: true })}`;
    return html`<p class="muted">${text.mailIntro}</p>${list}${actionForm(request, { action: 'add-recipient', submit: text.add, fields })}`;
  }
}

function timeCell(iso: string, language: string): SafeHtml {
  return html`<span class="nowrap">${formatTime(iso, language)}</span>`;
}

function languageName(language: string | undefined, text: AlertsText): string {
  const primary = (language ?? 'en').split('-')[0]!;
  return text.languages[primary] ?? primary;
}
