import {
  BadInputError,
  actionForm,
  badge,
  canChange,
  field,
  formatTime,
  html,
  inject,
  injectable,
  pageWindow,
  pager,
  panelSection,
  searchBox,
  table,
  viewHref,
  type PanelView,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewContribution,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { ENROLMENT_STATUSES, INVITATION_TARGET_KINDS, TokenService, type EnrolmentEntry, type EnrolmentStatus, type InvitationChoice, type InvitationTargetKind } from '../../api/index.js';
import { enrolmentText, statusBadge } from './enrolment-text.js';
import { InvitationService } from './invitation-service.js';

const PAGE_SIZE = 50;
const DELIVERY_TONE = { queued: 'info', sending: 'info', retrying: 'warn', sent: 'ok', failed: 'bad' } as const;

/**
 * "Invitations": invite a user, a user group, or the users of a device or device group (choosing users never
 * invited or not yet enrolled, as in the product documents), and every user's status at a location, with resend.
 */
@injectable()
export class InvitationPanel implements PanelView, ViewContribution {
  readonly id = 'invitations';
  readonly views = [this];

  constructor(
    @inject(InvitationService) private readonly service: InvitationService,
    @inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = enrolmentText(request.language);
    const tokens = this.tokens.list();
    const token = tokens.find((t) => t.id === request.query.token) ?? tokens[0];
    if (!token) return { body: html`<p class="muted">${text.noToken}</p>` };
    const status = ENROLMENT_STATUSES.includes(request.query.status as EnrolmentStatus) ? (request.query.status as EnrolmentStatus) : undefined;
    const window = pageWindow(request.query, PAGE_SIZE);
    const page = this.service.list({ tokenId: token.id, ...(status ? { status } : {}), ...(request.query.search ? { search: request.query.search } : {}), ...window });
    const keep = { token: token.id, ...(status ? { status } : {}) };

    const locationLinks = tokens.length > 1 ? html`<p>${text.location}: ${tokens.map((t) => (t.id === token.id ? html`<strong>${t.name}</strong> ` : html`<a href="${viewHref(request, { token: t.id })}">${t.name}</a> `))}</p>` : '';
    const statusLinks = html`<p class="filters">${[undefined, ...ENROLMENT_STATUSES].map((s) =>
      s === status ? html`<strong>${s ? text.status[s] : text.all}</strong> ` : html`<a href="${viewHref(request, { token: token.id, status: s, search: request.query.search })}">${s ? text.status[s] : text.all}</a> `,
    )}</p>`;
    const rows = table<EnrolmentEntry>(
      [
        { header: text.columns.user, cell: (e) => html`${e.userName} <span class="muted">${e.userId}</span>` },
        { header: text.columns.email, cell: (e) => e.email },
        { header: text.columns.status, cell: (e) => html`${statusBadge(e.status, request.language)}${e.managedAppleId ? html` ${badge('neutral', text.managed)}` : ''}` },
        { header: text.columns.invited, cell: (e) => (e.invitedAt ? formatTime(e.invitedAt, request.language) : '') },
        { header: text.columns.times, align: 'end', cell: (e) => (e.timesInvited > 0 ? e.timesInvited : '') },
        { header: text.columns.mail, cell: (e) => (e.delivery ? html`${badge(DELIVERY_TONE[e.delivery.state], e.delivery.state)}${e.delivery.error ? html` <span class="muted">${e.delivery.error}</span>` : ''}` : '') },
        { header: text.columns.accepted, cell: (e) => (e.acceptedAt ? formatTime(e.acceptedAt, request.language) : '') },
        {
          header: '',
          cell: (e) =>
            canChange(request) && e.status === 'invited'
              ? actionForm(request, { action: 'resend', submit: text.resend, hidden: { userId: e.userId, tokenId: token.id }, query: keep, tone: 'secondary' })
              : '',
        },
      ],
      page.items,
      text.empty,
    );
    const list = html`${locationLinks}${statusLinks}${searchBox(request, { keep })}${rows}${pager(request, window, page.total)}`;
    const sections = [panelSection(text.heading, list)];
    if (canChange(request)) sections.unshift(panelSection(text.inviteHeading, this.inviteForm(request, token.id)));
    return { body: html`${sections}` };
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = enrolmentText(request.language);
    const tokenId = request.form.tokenId || undefined;
    const query = { ...(tokenId ? { token: tokenId } : {}) };
    if (request.action === 'invite') {
      const kind = request.form.kind as InvitationTargetKind;
      if (!INVITATION_TARGET_KINDS.includes(kind)) throw new BadInputError(`Choose whom to invite (${INVITATION_TARGET_KINDS.join(', ')})`);
      const only = request.form.only === 'not-invited' || request.form.only === 'not-enrolled' ? (request.form.only as InvitationChoice) : undefined;
      const summary = await this.service.invite(
        { kind, id: request.form.id ?? '', ...(only && kind !== 'user' ? { only } : {}), ...(tokenId ? { tokenId } : {}), reason: 'Invited in the panel' },
        request.principal,
      );
      const detail = summary.skipped.length > 0 ? ` ${summary.skipped.slice(0, 3).map((s) => s.reason).join('; ')}` : '';
      return { flash: { kind: 'success', message: `${text.sent(summary.invited, summary.managedAppleIds, summary.skippedCount)}${detail}` }, query };
    }
    if (request.action === 'resend') {
      const summary = await this.service.resend(request.form.userId ?? '', request.principal, { ...(tokenId ? { tokenId } : {}), reason: 'Resent in the panel' });
      return { flash: { kind: 'success', message: text.sent(summary.invited, 0, summary.skippedCount) }, query: { ...query, ...pick(request.query, ['status', 'search', 'page']) } };
    }
    throw new BadInputError(`Unknown action "${request.action}"`);
  }

  private inviteForm(request: ViewRequest, tokenId: string) {
    const text = enrolmentText(request.language);
    const fields = html`${field({ label: text.whom, name: 'kind', choices: INVITATION_TARGET_KINDS.map((k) => ({ value: k, label: text.kinds[k] })), value: 'user-group' })}${field({
      label: text.id,
      name: 'id',
      required: true,
    })}${field({ label: text.only, name: 'only', choices: (['not-invited', 'not-enrolled'] as const).map((c) => ({ value: c, label: text.choices[c] })), value: 'not-enrolled' })}`;
    return actionForm(request, { action: 'invite', submit: text.invite, fields, hidden: { tokenId }, query: { token: tokenId }, layout: 'stacked' });
  }
}

function pick(query: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => query[k]).map((k) => [k, query[k]!]));
}
