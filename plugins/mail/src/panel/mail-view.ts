import {
  actionForm,
  badge,
  canChange,
  confirmationSection,
  fetchSortedPage,
  field,
  formFields,
  fill,
  formatTime,
  HostError,
  html,
  inject,
  injectable,
  Messages,
  pager,
  panelSection,
  sortQuery,
  table,
  timeValue,
  unknownAction,
  viewHref,
  type BadgeTone,
  type Column,
  type PanelView,
  type SafeHtml,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewContribution,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { MAIL_LANGUAGES, OUTBOX_STATES, type OutboxMessage, type OutboxState } from '@vpp-host/plugins/mail/api';
import { checkAddress } from '../address.js';
import { DeliveryWorker } from '../delivery-worker.js';
import { MailConfig } from '../mail-config.js';
import { MailService } from '../mail-service.js';
import { PasswordSetter } from '../password.js';
import { TestSender } from '../test-sender.js';
import { mailText, type MailText } from './mail-text.js';

const PAGE_SIZE = 50;
/** Failed messages the resend preview lists; its count says how many there are in all. */
const LISTED = 100;
const TONES: Readonly<Record<OutboxState, BadgeTone>> = { queued: 'info', sending: 'info', retrying: 'warn', sent: 'ok', failed: 'bad' };

/**
 * "Mail": the outbox (state, attempts, when the next attempt is, the server's words), sending one or every failed
 * message again (the latter after a preview), a test message, the server's password, and the way to its settings.
 */
@injectable()
export class MailView implements PanelView, ViewContribution {
  readonly id = 'mail';
  readonly views = [this];

  constructor(
    @inject(MailService) private readonly mail: MailService,
    @inject(TestSender) private readonly tester: TestSender,
    @inject(PasswordSetter) private readonly passwords: PasswordSetter,
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @inject(Messages) private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = mailText(request.language);
    const admin = canChange(request);
    const state = OUTBOX_STATES.find((s) => s === request.query.state);
    const filters = html`<p class="filters">${[undefined, ...OUTBOX_STATES].map((s) =>
      s === state ? html`<strong>${s ? text.states[s] : text.all}</strong> ` : html`<a href="${viewHref(request, { state: s, ...sortQuery(request.query) })}">${s ? text.states[s] : text.all}</a> `,
    )}</p>`;
    const serverWords = (m: OutboxMessage) => this.serverWords(m, request.language);
    const columns: Column<OutboxMessage>[] = [
      { header: text.to, cell: (m) => (m.to.name ? html`${m.to.name} <span class="muted">${m.to.address}</span>` : m.to.address), sortValue: (m) => m.to.name ?? m.to.address },
      { header: text.template, cell: (m) => html`<code>${m.templateId}</code>`, sortValue: (m) => m.templateId },
      { header: text.language, cell: (m) => m.language, sortValue: (m) => m.language },
      { header: text.state, cell: (m) => badge(TONES[m.state], text.states[m.state]), sortValue: (m) => text.states[m.state] },
      { header: text.attempts, align: 'end', cell: (m) => String(m.attempts), sortValue: (m) => m.attempts },
      { header: text.nextAttempt, cell: (m) => (m.nextAttemptAt ? formatTime(m.nextAttemptAt, request.language) : ''), sortValue: (m) => timeValue(m.nextAttemptAt) },
      { header: text.serverWords, cell: (m) => (m.lastError ? html`<span class="error-text">${serverWords(m)}</span>` : (serverWords(m) ?? '')), sortValue: serverWords },
      ...(admin
        ? [{ header: '', align: 'end' as const, cell: (m: OutboxMessage) => (m.state === 'failed' || m.state === 'retrying' ? actionForm(request, { action: 'retry', hidden: { id: m.id }, submit: text.retry, tone: 'secondary', query: request.query }) : '') }]
        : []),
    ];
    const { window, page } = fetchSortedPage(request, columns, (asked) => this.mail.list({ ...(state ? { state } : {}), ...asked }), PAGE_SIZE);
    const rows = table(columns, page.items, text.empty, { request });
    const retryAll = admin ? actionForm(request, { action: 'retry-failed', submit: text.retryFailed, tone: 'secondary' }) : undefined;
    const sections = [
      admin && request.query.preview === 'retry-failed' ? this.resendPreview(request, text) : '',
      panelSection(text.outbox, html`${filters}${rows}${page.total > 0 ? pager(request, window, page.total) : ''}`, retryAll),
      this.serverSection(request, text),
    ];
    return { body: html`${sections}` };
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = mailText(request.language);
    const { form, principal } = request;
    switch (request.action) {
      case 'retry': {
        const message = await this.mail.retry(form.id ?? '', principal);
        return { flash: { kind: 'success', message: fill(text.retried, { to: message.to.address }) }, query: request.query };
      }
      case 'retry-failed': {
        // Sending mail again: first the preview of whom it reaches; its Confirm button sends.
        if (form.confirmed !== 'yes') return { query: { preview: 'retry-failed' } };
        const failed = this.mail.list({ state: 'failed', limit: Number.MAX_SAFE_INTEGER }).items;
        for (const message of failed) await this.mail.retry(message.id, principal);
        return { flash: { kind: 'success', message: fill(text.retriedAll, { count: failed.length }, request.language) } };
      }
      case 'test':
        try {
          // The address is named by the field the admin sees, in the admin's language.
          checkAddress(form.to ?? '', text.testTo);
          const report = await this.tester.send(form.to ?? '', form.language);
          return { flash: { kind: 'success', message: fill(text.testSent, { host: report.host, port: report.port, response: report.response }) } };
        } catch (error) {
          if (!(error instanceof HostError) || (error.status >= 500 && error.status !== 502)) throw error;
          return { flash: { kind: 'error', message: fill(text.testFailed, { message: this.messages.say(error, request.language) }), field: 'to' } };
        }
      case 'password': {
        const server = form.server === 'isp' ? 'isp' : 'smtp';
        const result = await this.passwords.apply(form.clear === 'yes' ? { server, clear: true } : { server, password: form.password ?? '' }, principal);
        return { flash: { kind: 'success', message: result.stored ? text.passwordSaved : text.passwordCleared } };
      }
      default:
        throw unknownAction(request.action);
    }
  }

  /** The failed messages "send every failed message again" would send, with its Confirm button. */
  private resendPreview(request: ViewRequest, text: MailText): SafeHtml {
    const failed = this.mail.list({ state: 'failed', limit: LISTED });
    const body =
      failed.total === 0
        ? html`<p>${text.noneFailed}</p>`
        : html`<h3>${fill(text.resendTitle, { count: failed.total }, request.language)}</h3>${table<OutboxMessage>(
            [
              { header: text.to, cell: (m) => m.to.address },
              { header: text.language, cell: (m) => m.language },
              { header: text.serverWords, cell: (m) => this.serverWords(m, request.language) ?? '' },
            ],
            failed.items,
          )}`;
    return confirmationSection(request, body, { action: 'retry-failed', hidden: {}, cancelHref: viewHref(request) });
  }

  /** What the server said of a message; the product's own words (a message given up on) in the admin's language. */
  private serverWords(message: OutboxMessage, language: string): string | undefined {
    const { lastError } = message;
    return lastError ? (lastError.response ?? this.messages.say(lastError, language)) : message.serverResponse;
  }

  /** Where mail goes, what is wrong with the settings, a test message and the server's password. */
  private serverSection(request: ViewRequest, text: MailText): SafeHtml {
    const server = this.config.server();
    const { errors, warnings } = this.config.check();
    const held = this.worker.heldBy();
    const problems = [
      ...(held ? [html`<p class="notice notice-error">${fill(text.held, { response: held.response ?? held.message })}</p>`] : []),
      ...errors.map((e) => html`<p class="notice notice-error">${this.messages.say(e, request.language)}</p>`),
      ...warnings.map((w) => html`<p class="notice">${this.messages.say(w, request.language)}</p>`),
    ];
    const settings = html`<p>${fill(text.via, { host: server.host, port: server.port, security: server.security })} <a href="/views/host/settings?plugin=mail">${text.settingsLink}</a></p>`;
    if (!canChange(request)) return panelSection(text.server, html`${settings}${problems}`);
    const testing = formFields(request, 'test');
    const test = actionForm(request, {
      action: 'test',
      submit: text.testSend,
      fields: html`${testing.field({ label: text.testTo, name: 'to', type: 'email', required: true })}${testing.field({
        label: text.language,
        name: 'language',
        choices: MAIL_LANGUAGES.map((l) => ({ value: l, label: l })),
        value: request.language,
      })}`,
    });
    const password = actionForm(request, {
      action: 'password',
      submit: text.savePassword,
      fields: html`${field({ label: text.passwordFor, name: 'server', choices: [{ value: 'smtp', label: text.smtpServer }, { value: 'isp', label: text.ispServer }] })}${field({
        label: text.password,
        name: 'password',
        type: 'password',
      })}`,
    });
    return html`${panelSection(text.server, html`${settings}${problems}`)}${panelSection(text.testHeading, test)}${panelSection(text.passwordHeading, password)}`;
  }
}
