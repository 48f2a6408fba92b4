import {
  atField,
  BadInputError,
  actionForm,
  badge,
  canChange,
  confirmationSection,
  formFields,
  html,
  inject,
  injectable,
  Inventory,
  Messages,
  fetchSortedPage,
  pager,
  panelSection,
  saying,
  searchBox,
  sortAsked,
  sortQuery,
  table,
  timeValue,
  viewHref,
  type Column,
  type PanelView,
  type SafeHtml,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewContribution,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { ENROLMENT_STATUSES, INVITATION_TARGET_KINDS, TokenService, type EnrolmentEntry, type EnrolmentStatus, type InvitationChoice, type InvitationTargetKind, type InviteRequest } from '../../api/index.js';
import { orderTimeCell, stackedTimeCell } from '../panel/panel-labels.js';
import { findTarget, shownTarget, targetSuggestions } from '../panel/target-lookup.js';
import { defaultSort, ENROLMENT_SORTS, isEnrolmentSort, listEnrolment } from './enrolment-order.js';
import { deliveryBadge, enrolmentText, statusBadge } from './enrolment-text.js';
import { InvitationService } from './invitation-service.js';
import { invitationPreview } from './invitation-preview-view.js';
import { skipReason } from './skipped-user.js';

const PAGE_SIZE = 50;

/**
 * "Invitations": invite a user, a user group, or the users of a device or device group, typed by id or name
 * (choosing users never invited or not yet enrolled, as in the product documents), and every user's status at a
 * location, with resend. Enrolled users read in acceptance order, to the second: the order licenses go in.
 */
@injectable()
export class InvitationPanel implements PanelView, ViewContribution {
  readonly id = 'invitations';
  readonly views = [this];

  constructor(
    @inject(InvitationService) private readonly service: InvitationService,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Messages) private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = enrolmentText(request.language);
    const tokens = this.tokens.list();
    const token = tokens.find((t) => t.id === request.query.token) ?? tokens[0];
    if (!token) return { body: html`<p class="muted">${text.noToken}</p>` };
    const status = ENROLMENT_STATUSES.includes(request.query.status as EnrolmentStatus) ? (request.query.status as EnrolmentStatus) : undefined;
    const sort = isEnrolmentSort(request.query.sort) ? request.query.sort : defaultSort(status);
    const filter = { tokenId: token.id, ...(status ? { status } : {}), ...(request.query.search ? { search: request.query.search } : {}), sort };
    const columns: Column<EnrolmentEntry>[] = [
      // The name, then the status: on a phone the key fact shows without scrolling sideways.
      { header: text.columns.user, cell: (e) => html`${e.userName} <span class="muted">${e.userId}</span>`, sortValue: (e) => e.userName },
      { header: text.columns.status, cell: (e) => html`${statusBadge(e.status, request.language)}${e.managedAppleId ? html` ${badge('neutral', text.managed)}` : ''}`, sortValue: (e) => text.status[e.status] },
      { header: text.columns.accepted, cell: (e) => (e.acceptedAt ? orderTimeCell(e.acceptedAt, request.language) : ''), sortValue: (e) => timeValue(e.acceptedAt) },
      { header: text.columns.email, cell: (e) => breakableEmail(e.email), sortValue: (e) => e.email },
      { header: text.columns.invited, cell: (e) => (e.invitedAt ? stackedTimeCell(e.invitedAt, request.language) : ''), sortValue: (e) => timeValue(e.invitedAt) },
      { header: text.columns.times, align: 'end', cell: (e) => (e.timesInvited > 0 ? e.timesInvited : ''), sortValue: (e) => e.timesInvited },
      { header: text.columns.delivery, cell: (e) => (e.delivery ? deliveryBadge(e.delivery, request.language) : ''), sortValue: (e) => (e.delivery ? text.delivery[e.delivery.state] : undefined) },
    ];
    const { window, page } = fetchSortedPage(request, columns, (asked) => listEnrolment(this.service, { ...filter, ...asked }), PAGE_SIZE);
    const byColumn = sortAsked(columns, request.query) !== undefined;
    // A sort chosen by hand stays as the admin pages, filters and searches; the default follows the filter.
    const chosenSort: Record<string, string> = byColumn ? sortQuery(request.query) : isEnrolmentSort(request.query.sort) ? { sort } : {};
    const keep = { token: token.id, ...(status ? { status } : {}), ...chosenSort };

    const locationLinks = tokens.length > 1 ? html`<p>${text.location}: ${tokens.map((t) => (t.id === token.id ? html`<strong>${t.name}</strong> ` : html`<a href="${viewHref(request, { token: t.id })}">${t.name}</a> `))}</p>` : '';
    const statusLinks = html`<p class="filters">${[undefined, ...ENROLMENT_STATUSES].map((s) =>
      s === status ? html`<strong>${s ? text.status[s] : text.all}</strong> ` : html`<a href="${viewHref(request, { token: token.id, status: s, search: request.query.search, ...chosenSort })}">${s ? text.status[s] : text.all}</a> `,
    )}</p>`;
    const sortLinks = html`<p class="enrolment-sort">${text.sortBy}: ${ENROLMENT_SORTS.map((s) =>
      s === sort && !byColumn ? html`<strong>${text.sorts[s]}</strong> ` : html`<a href="${viewHref(request, { token: token.id, status, search: request.query.search, sort: s })}">${text.sorts[s]}</a> `,
    )}</p>`;
    const rows = table<EnrolmentEntry>(
      [
        ...columns,
        // Only when a shown user can be sent the mail again: an empty column would still take width.
        ...(canChange(request) && page.items.some((e) => e.status === 'invited')
          ? [
              {
                header: '',
                cell: (e: EnrolmentEntry) =>
                  e.status === 'invited' ? actionForm(request, { action: 'resend', submit: text.resend, hidden: { userId: e.userId, tokenId: token.id }, query: keep, tone: 'secondary' }) : '',
              },
            ]
          : []),
      ],
      page.items,
      text.empty,
      { request },
    );
    const list = html`${locationLinks}${statusLinks}${sortLinks}${searchBox(request, { keep })}${rows}${pager(request, window, page.total)}`;
    const sections = [panelSection(text.heading, list)];
    if (canChange(request)) sections.unshift(panelSection(text.inviteHeading, this.inviteForm(request, token.id)));
    if (canChange(request) && request.query.preview === 'invite') sections.unshift(await this.invitePreview(request, token.id));
    return { body: html`${sections}` };
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = enrolmentText(request.language);
    const tokenId = request.form.tokenId || undefined;
    const query = { ...(tokenId ? { token: tokenId } : {}) };
    if (request.action === 'invite') {
      const invitation = this.inviteRequest(request.form, request.language);
      if (request.form.confirmed !== 'yes') {
        // First the preview: how many mails go to whom, in which language; its Confirm button sends them.
        await this.service.invite(invitation, request.principal, undefined, { dryRun: true });
        return { query: { ...query, preview: 'invite', kind: invitation.kind, id: invitation.id, ...(invitation.only ? { only: invitation.only } : {}) } };
      }
      const summary = await this.service.invite(invitation, request.principal);
      const detail = summary.skipped.length > 0 ? ` ${summary.skipped.slice(0, 3).map((s) => this.messages.say(skipReason(s), request.language)).join('; ')}` : '';
      return { flash: { kind: 'success', message: `${text.sent(summary.invited, summary.managedAppleIds, summary.skippedCount)}${detail}` }, query };
    }
    if (request.action === 'resend') {
      const summary = await this.service.resend(request.form.userId ?? '', request.principal, { ...(tokenId ? { tokenId } : {}), reason: 'Resent in the panel' });
      return { flash: { kind: 'success', message: text.sent(summary.invited, 0, summary.skippedCount) }, query: { ...query, ...pick(request.query, ['status', 'search', 'sort', 'dir', 'page']) } };
    }
    throw saying(new BadInputError(`Unknown action "${request.action}"`), 'vpp.invitation.unknown-action', { name: request.action });
  }

  /** The invitation the form (or the preview's query) asks for; a typo is refused in the admin's language, and the id recorded. */
  private inviteRequest(fields: Readonly<Record<string, string | undefined>>, language: string): InviteRequest {
    const kind = fields.kind as InvitationTargetKind;
    if (!INVITATION_TARGET_KINDS.includes(kind)) throw Object.assign(new BadInputError(enrolmentText(language).chooseWhom), { field: 'kind' });
    const only = fields.only === 'not-invited' || fields.only === 'not-enrolled' ? (fields.only as InvitationChoice) : undefined;
    const { id } = atField('id', () => findTarget(this.inventory, kind, fields.id ?? '', language));
    const tokenId = fields.tokenId || fields.token || undefined;
    return { kind, id, ...(only && kind !== 'user' ? { only } : {}), ...(tokenId ? { tokenId } : {}), reason: 'Invited in the panel' };
  }

  /** The preview the page's query carries, with its Confirm button. */
  private async invitePreview(request: ViewRequest, tokenId: string): Promise<SafeHtml> {
    const invitation = this.inviteRequest({ ...request.query, tokenId }, request.language);
    const summary = await this.service.invite(invitation, request.principal, undefined, { dryRun: true });
    const hidden = { kind: invitation.kind, id: invitation.id, tokenId, ...(invitation.only ? { only: invitation.only } : {}) };
    return confirmationSection(request, invitationPreview(summary.account, request.language, this.messages), { action: 'invite', hidden, query: { token: tokenId }, cancelHref: viewHref(request, { token: tokenId }) });
  }

  private inviteForm(request: ViewRequest, tokenId: string) {
    const text = enrolmentText(request.language);
    const q = request.query;
    const form = formFields(request, 'invite');
    const kind = form.value('kind', q.kind) || 'user-group';
    const typed = form.value('id', shownTarget(this.inventory, kind, q.id, request.language));
    const fields = html`${form.field({ label: text.whom, name: 'kind', choices: INVITATION_TARGET_KINDS.map((k) => ({ value: k, label: text.kinds[k] })), value: kind })}${form.field({
      label: text.id,
      name: 'id',
      value: typed,
      required: true,
      placeholder: text.idHint,
      suggestions: targetSuggestions(this.inventory, kind, typed, request.language),
    })}${form.field({ label: text.only, name: 'only', choices: (['not-invited', 'not-enrolled'] as const).map((c) => ({ value: c, label: text.choices[c] })), value: q.only ?? 'not-enrolled' })}`;
    return actionForm(request, { action: 'invite', submit: text.invite, fields, hidden: { tokenId }, query: { token: tokenId }, layout: 'stacked' });
  }
}

/** An address that may break before its domain, so a table of many columns still fits the page. */
function breakableEmail(email: string): SafeHtml {
  const at = email.lastIndexOf('@');
  return at > 0 ? html`${email.slice(0, at)}<wbr>${email.slice(at)}` : html`${email}`;
}

function pick(query: Readonly<Record<string, string>>, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(keys.filter((k) => query[k]).map((k) => [k, query[k]!]));
}
