import {
  detailList,
  formatTime,
  html,
  inject,
  injectable,
  table,
  type FacetCell,
  type InventoryFacetContribution,
  type InventoryKind,
  type InventoryRecordOf,
  type SafeHtml,
  type ViewRequest,
} from '@vpp-host/api';
import { TokenService, type EnrolmentEntry } from '../../api/index.js';
import { orderTimeCell } from '../panel/panel-labels.js';
import { deliveryBadge, enrolmentText, statusBadge } from './enrolment-text.js';
import { InvitationService } from './invitation-service.js';

/** Each user's VPP enrolment on the host's users pages: a column on the list, a section on the user's page. */
@injectable()
export class EnrolmentFacet implements InventoryFacetContribution {
  readonly id = 'vpp-enrolment';
  readonly title = 'VPP enrolment';
  readonly titles = { nl: 'VPP-inschrijving', fr: 'Inscription VPP' };
  readonly kinds: readonly InventoryKind[] = ['user'];

  constructor(
    @inject(InvitationService) private readonly service: InvitationService,
    @inject(TokenService) private readonly tokens: TokenService,
  ) {}

  /** One location: its status badge; several: a badge per location, named. */
  cells<K extends InventoryKind>(kind: K, records: readonly InventoryRecordOf[K][], language: string): readonly FacetCell[] {
    const tokens = this.tokens.list();
    if (kind !== 'user' || tokens.length === 0) return records.map(() => undefined);
    const ids = records.map((r) => r.id);
    const perToken = tokens.map((token) => ({ token, statuses: this.service.statusesOf(token.id, ids) }));
    return ids.map((_, i) =>
      html`${perToken.map(({ token, statuses }) => html`${tokens.length > 1 ? html`<span class="muted">${token.name}</span> ` : ''}${statusBadge(statuses[i]!, language)} `)}`,
    );
  }

  async section(kind: InventoryKind, id: string, request: ViewRequest): Promise<SafeHtml | undefined> {
    if (kind !== 'user' || this.tokens.list().length === 0) return undefined;
    const text = enrolmentText(request.language);
    const entries = this.tokens.list().map((token) => ({ token, entry: this.service.enrolment(id, token.id) }));
    if (entries.length === 1) return this.details(entries[0]!.entry, request);
    return table<{ token: { name: string }; entry: EnrolmentEntry }>(
      [
        { header: text.location, cell: (r) => r.token.name },
        { header: text.columns.status, cell: (r) => statusBadge(r.entry.status, request.language) },
        { header: text.columns.invited, cell: (r) => (r.entry.invitedAt ? formatTime(r.entry.invitedAt, request.language) : '') },
        { header: text.columns.times, align: 'end', cell: (r) => r.entry.timesInvited },
        { header: text.columns.accepted, cell: (r) => (r.entry.acceptedAt ? orderTimeCell(r.entry.acceptedAt, request.language) : '') },
      ],
      entries,
    );
  }

  private details(entry: EnrolmentEntry, request: ViewRequest): SafeHtml {
    const text = enrolmentText(request.language);
    const time = (iso: string | undefined) => (iso ? formatTime(iso, request.language) : undefined);
    return detailList([
      [text.columns.status, html`${statusBadge(entry.status, request.language)}${entry.managedAppleId ? html` <span class="muted">${text.managed}</span>` : ''}`],
      [text.columns.invited, time(entry.invitedAt)],
      [text.columns.times, entry.timesInvited],
      [text.columns.delivery, entry.delivery ? deliveryBadge(entry.delivery, request.language) : undefined],
      [text.columns.accepted, entry.acceptedAt ? orderTimeCell(entry.acceptedAt, request.language) : time(entry.retiredAt)],
    ]);
  }
}
