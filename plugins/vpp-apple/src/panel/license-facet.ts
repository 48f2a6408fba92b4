import {
  canChange,
  fill,
  formatNumber,
  html,
  inject,
  injectable,
  sortedTable,
  timeValue,
  type Column,
  type FacetCell,
  type InventoryFacetContribution,
  type InventoryKind,
  type InventoryRecordOf,
  type SafeHtml,
  type ViewRequest,
} from '@vpp-host/api';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { vppItemId, type AssignmentRecord, type LicenseRecord } from '../distribution/model.js';
import { assignmentBadge, itemLink, licenseBadge, pageUrl, timeCell } from './panel-labels.js';
import { vppText } from './panel-text.js';

interface Indexes {
  /** Held licenses (requested or confirmed) by holder key and by assignment. */
  readonly byHolder: Map<string, LicenseRecord[]>;
  readonly byAssignment: Map<string, number>;
  readonly assignmentsByTarget: Map<string, AssignmentRecord[]>;
}

const key = (kind: string, id: string) => `${kind}:${id}`;

/**
 * Licenses and assignments on the host's inventory pages: a column "licenses · assignments" and a section listing
 * them. Devices and users count the licenses they hold; groups count the licenses held through their assignments.
 * Distinct from the invitations' enrolment facet on the users page.
 */
@injectable()
export class LicenseFacet implements InventoryFacetContribution {
  readonly id = 'vpp-licenses';
  readonly title = vppText('en').facetTitle;
  readonly titles = { nl: vppText('nl').facetTitle, fr: vppText('fr').facetTitle };
  readonly kinds: readonly InventoryKind[] = ['user', 'user-group', 'device', 'device-group'];

  constructor(@inject(DistributionRuntime) private readonly runtime: DistributionRuntime) {}

  cells<K extends InventoryKind>(kind: K, records: readonly InventoryRecordOf[K][], language: string): FacetCell[] {
    const text = vppText(language);
    const indexes = this.indexes();
    return records.map((record) => {
      const assignments = indexes.assignmentsByTarget.get(key(kind, record.id)) ?? [];
      const licenses = isGroup(kind) ? assignments.reduce((sum, a) => sum + (indexes.byAssignment.get(a.id) ?? 0), 0) : (indexes.byHolder.get(key(kind, record.id))?.length ?? 0);
      if (licenses === 0 && assignments.length === 0) return undefined;
      return fill(text.facetCell, { licenses: formatNumber(licenses, language), assignments: formatNumber(assignments.length, language) });
    });
  }

  async section(kind: InventoryKind, id: string, request: ViewRequest): Promise<SafeHtml | undefined> {
    const text = vppText(request.language);
    const service = this.runtime.service;
    const indexes = this.indexes();
    const assignments = indexes.assignmentsByTarget.get(key(kind, id)) ?? [];
    const held = isGroup(kind) ? [] : (indexes.byHolder.get(key(kind, id)) ?? []);
    // Assigning to this record, or inviting it, starts from here with the record filled in.
    const actions = canChange(request)
      ? html`<p class="actions"><a class="button secondary" href="${pageUrl('assignments', { targetKind: kind, target: id })}">${text.assignHere}</a> <a class="button secondary" href="${pageUrl('invitations', { kind, id })}">${text.inviteHere}</a></p>`
      : '';
    if (assignments.length === 0 && held.length === 0) return html`${actions}<p class="muted">${text.noneAssigned}</p>`;
    const linkTo = (itemId: string) => itemLink(itemId, service.catalog.get(itemId));
    const itemName = (itemId: string) => service.catalog.get(itemId)?.name ?? itemId;
    const details = (assignmentId: string) => html`<a href="${pageUrl('assignments', { id: assignmentId })}">${text.details}</a>`;
    // The record's page has tables of its own: each of these sorts and pages by its own parameters.
    const heldColumns: Column<LicenseRecord>[] = [
      { header: text.item, cell: (l) => linkTo(vppItemId(l)), sortValue: (l) => itemName(vppItemId(l)) },
      { header: text.state, cell: (l) => licenseBadge(l.state, text), sortValue: (l) => text[l.state] },
      { header: text.since, cell: (l) => timeCell(l.requestedAt, request.language), sortValue: (l) => timeValue(l.requestedAt) },
      { header: '', align: 'end', cell: (l) => details(l.assignmentId) },
    ];
    const licenses = isGroup(kind) ? '' : html`<h3>${text.heldLicenses}</h3>${sortedTable(request, heldColumns, held, { param: 'held', empty: text.noneHeld })}`;
    const assignedColumns: Column<AssignmentRecord>[] = [
      { header: text.item, cell: (a) => linkTo(a.itemId), sortValue: (a) => itemName(a.itemId) },
      { header: text.installMode, cell: (a) => text[a.installMode], sortValue: (a) => text[a.installMode] },
      { header: text.state, cell: (a) => assignmentBadge(a.state, text), sortValue: (a) => text[a.state] },
      { header: text.licensed, align: 'end', cell: (a) => formatNumber(indexes.byAssignment.get(a.id) ?? 0, request.language), sortValue: (a) => indexes.byAssignment.get(a.id) ?? 0 },
      { header: '', align: 'end', cell: (a) => details(a.id) },
    ];
    const assigned = html`<h3>${text.assignedHere}</h3>${sortedTable(request, assignedColumns, assignments, { param: 'assigned', empty: text.noneAssigned })}`;
    return html`${actions}${licenses}${assigned}`;
  }

  /** One pass over the held licenses and the assignments, for a whole page of records. */
  private indexes(): Indexes {
    const service = this.runtime.service;
    const byHolder = new Map<string, LicenseRecord[]>();
    const byAssignment = new Map<string, number>();
    for (const state of ['requested', 'confirmed'] as const) {
      for (const license of service.licenses({ state, limit: Number.MAX_SAFE_INTEGER }).items) {
        const holder = key(license.holderKind, license.holderId);
        const list = byHolder.get(holder);
        if (list) list.push(license);
        else byHolder.set(holder, [license]);
        byAssignment.set(license.assignmentId, (byAssignment.get(license.assignmentId) ?? 0) + 1);
      }
    }
    const assignmentsByTarget = new Map<string, AssignmentRecord[]>();
    for (const assignment of service.listAssignments()) {
      const target = key(assignment.target.kind, assignment.target.id);
      const list = assignmentsByTarget.get(target);
      if (list) list.push(assignment);
      else assignmentsByTarget.set(target, [assignment]);
    }
    return { byHolder, byAssignment, assignmentsByTarget };
  }
}

function isGroup(kind: InventoryKind): boolean {
  return kind === 'user-group' || kind === 'device-group';
}
