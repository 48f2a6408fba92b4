import {
  actionForm,
  atField,
  backLink,
  BadInputError,
  canChange,
  detailList,
  fill,
  formFields,
  formatNumber,
  formatTime,
  HostError,
  html,
  inject,
  injectable,
  Inventory,
  Messages,
  NotFoundError,
  pager,
  pageWindow,
  sortRows,
  type Column,
  panelSection,
  searchBox,
  table,
  type PanelView,
  type SafeHtml,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { LocationSettingsService, TokenService, type HolderLabel, type PolicyInput, type RevokeInput } from '../../api/index.js';
import { accountSentence } from '../distribution/account-sentence.js';
import { GROUPS_FIELD, policyFormValues, policyInputOf } from './policy-form.js';
import { locationOrderOf, locationOrderSection } from './location-order-form.js';
import { assignmentPolicySection, newAssignmentPolicy } from './policy-panel.js';
import { findTarget, shownTarget, targetSuggestions } from './target-lookup.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { holderKindOf, INSTALL_MODES, TARGET_KINDS, type AssignmentRecord, type CatalogItem, type HolderKind, type LicenseRecord } from '../distribution/model.js';
import { assignmentBadge, holderLabel, itemLink, kindBadge, pageUrl, queueTimeHeader, recordName, targetLabel, targetName } from './panel-labels.js';
import { holdersSection, queueTable } from './holder-tables.js';
import { VPP_STYLE } from './panel-style.js';
import { vppText, type VppText } from './panel-text.js';
import { assignInputOf, typedAssignment } from './assign-form.js';
import { ItemPicker } from './item-picker.js';
import { eligibilitySection } from './eligibility-section.js';
import { licenseConfirmation } from './account-view.js';
import { awaitingEnrolmentSection } from './enrolment-wait-section.js';
import { CONFIRMED_ACTIONS, inviteHrefOf, refusalMessage, revocationMessage } from './assignment-messages.js';

const PAGE_SIZE = 50;
const ITEM_SUGGESTIONS = 200;

/**
 * "Managed distribution": assigning an item to a device, device group, user or user group (refusals name the
 * eligibility rule), the assignments with their licensed and waiting holders, and an assignment's page with the
 * holders in order, the queue with places, revoking, approving and removing.
 */
@injectable()
export class AssignmentsView implements PanelView {
  readonly id = 'assignments';

  constructor(
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(LocationSettingsService) private readonly locations: LocationSettingsService,
    @inject(Messages) private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderAssignment(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = vppText(request.language);
    const service = this.runtime.service;
    const { form, principal } = request;
    const reason = form.reason?.trim() || undefined;
    if (request.action === 'assign') return this.assign(request, text);
    const assignment = this.mustGet(request.query.id ?? '', text);
    const query = { id: assignment.id };
    const holder: Record<string, string> = form.holderId ? { holderKind: form.holderKind === 'user' ? 'user' : 'device', holderId: form.holderId } : {};
    if (CONFIRMED_ACTIONS.includes(request.action) && form.confirmed !== 'yes') {
      // First the preview: the page shows who the change affects, and its Confirm button posts it again, confirmed.
      const order: Record<string, string> = form.locations !== undefined ? { locations: form.locations } : {};
      return { query: { ...query, preview: request.action, ...holder, ...policyFormValues(form), ...order, ...(reason ? { reason } : {}) } };
    }
    switch (request.action) {
      case 'approve':
        await service.approve(assignment.id, principal, reason);
        return { flash: { kind: 'success', message: text.approved }, query };
      case 'remove': {
        const { released, kept } = await service.removeAssignment(assignment.id, principal, reason);
        return { flash: { kind: 'success', message: fill(text.assignmentRemoved, { released, kept }, request.language) } };
      }
      case 'update-policy':
        return this.refusedAsFlash(request.language, query, async () => {
          const update = await service.updateAssignment(assignment.id, { policy: this.policyOf(form, request.language), ...(reason ? { reason } : {}) }, principal);
          return { flash: { kind: 'success', message: accountSentence(update.account, request.language) }, query };
        });
      case 'update-locations':
        return this.refusedAsFlash(request.language, query, async () => {
          const update = await service.updateAssignment(assignment.id, { locations: locationOrderOf(form), ...(reason ? { reason } : {}) }, principal);
          return { flash: { kind: 'success', message: accountSentence(update.account, request.language) }, query };
        });
      case 'revoke':
        return this.refusedAsFlash(request.language, query, async () => {
          const result = await service.revoke(this.revokeInput(assignment, form, reason), principal);
          return { flash: { kind: 'success', message: revocationMessage(result, text, request.language) }, query };
        });
      default:
        throw new BadInputError(fill(text.unknownAction, { name: request.action }));
    }
  }

  private revokeInput(assignment: AssignmentRecord, fields: Readonly<Record<string, string | undefined>>, reason: string | undefined): RevokeInput {
    const holderKind: HolderKind = fields.holderKind === 'user' ? 'user' : 'device';
    return { item: assignment.itemId, ...(fields.holderId ? { target: { kind: holderKind, id: fields.holderId } } : {}), ...(reason ? { reason } : {}) };
  }

  private async assign(request: ViewActionRequest, text: VppText): Promise<ViewActionResult> {
    const typed = typedAssignment(request.form);
    return this.refusedAsFlash(request.language, {}, async (): Promise<ViewActionResult> => {
      const input = assignInputOf(this.inventory, this.itemPicker(text), typed, request.language);
      if (request.form.confirmed !== 'yes') {
        await this.runtime.service.assign(input, request.principal, { dryRun: true });
        return { query: { ...typed, preview: 'assign' } };
      }
      const summary = await this.runtime.service.assign(input, request.principal);
      const message =
        summary.assignment.installMode === 'uninstall'
          ? fill(text.uninstallCreated, { removed: summary.removed, released: summary.released }, request.language)
          : fill(text.assignmentCreated, { licensed: summary.licensed, queued: summary.queued, awaiting: summary.awaitingEnrolment, delivered: summary.delivered }, request.language);
      return { flash: { kind: 'success', message }, query: { id: summary.assignment.id } };
    });
  }

  /** The preview of the assignment the list's query carries (after the form was posted), with its Confirm button. */
  private async assignPreview(request: ViewRequest, text: VppText): Promise<SafeHtml> {
    const typed = typedAssignment(request.query);
    return this.previewOrRefusal(request, async () => {
      const summary = await this.runtime.service.assign(assignInputOf(this.inventory, this.itemPicker(text), typed, request.language), request.principal, { dryRun: true });
      const invite = inviteHrefOf(summary.assignment.target);
      return licenseConfirmation(request, summary.account, {
        holder: this.holderCell(text),
        action: 'assign',
        hidden: typed,
        cancelHref: pageUrl(this.id, typed),
        ...(invite ? { inviteHref: invite } : {}),
      });
    });
  }

  /** The preview of approving, removing or revoking that the assignment page's query carries. */
  private async changePreview(request: ViewRequest, assignment: AssignmentRecord): Promise<SafeHtml> {
    const { query, principal } = request;
    const reason = query.reason?.trim() || undefined;
    const service = this.runtime.service;
    return this.previewOrRefusal(request, async () => {
      const account =
        query.preview === 'approve'
          ? (await service.approve(assignment.id, principal, reason, { dryRun: true })).account
          : query.preview === 'update-policy'
            ? (await service.updateAssignment(assignment.id, { policy: this.policyOf(query, request.language) }, principal, { dryRun: true })).account
            : query.preview === 'update-locations'
            ? (await service.updateAssignment(assignment.id, { locations: locationOrderOf(query) }, principal, { dryRun: true })).account
            : query.preview === 'remove'
            ? (await service.removeAssignment(assignment.id, principal, reason, { dryRun: true })).account
            : (await service.revoke(this.revokeInput(assignment, query, reason), principal, { dryRun: true })).account;
      const hidden = { ...policyFormValues(query), ...Object.fromEntries(['holderKind', 'holderId', 'locations', 'reason'].filter((key) => query[key]).map((key) => [key, query[key]!])) };
      return licenseConfirmation(request, account, { holder: this.holderCell(vppText(request.language)), action: query.preview!, hidden, query: { id: assignment.id }, cancelHref: pageUrl(this.id, { id: assignment.id }) });
    });
  }

  /** The policy a posted form (or the preview's query) sets, its groups found by name or id. */
  private policyOf(fields: Readonly<Record<string, string | undefined>>, language: string): PolicyInput | undefined {
    return atField(GROUPS_FIELD, () => policyInputOf(fields, (name) => findTarget(this.inventory, 'user-group', name, language).id));
  }

  /** The catalog as the assign form offers it: names with their locations. */
  private itemPicker(text: VppText): ItemPicker {
    return new ItemPicker(this.runtime.service.catalog.list(), (tokenId) => this.tokens.get(tokenId)?.name ?? tokenId, text.inHouse);
  }

  private holderCell(text: VppText): (holder: HolderLabel) => SafeHtml {
    return (holder) => holderLabel(this.inventory, holder.kind, holder.id, text);
  }

  /** A preview, or the refusal it ran into (the world changed since the form was posted) in the admin's language. */
  private async previewOrRefusal(request: ViewRequest, preview: () => Promise<SafeHtml>): Promise<SafeHtml> {
    try {
      return await preview();
    } catch (error) {
      if (!(error instanceof HostError) || error.status >= 500) throw error;
      return html`<p class="notice notice-error">${refusalMessage(error, request.language, this.messages)}</p>`;
    }
  }

  /** A refused change comes back as an error flash naming the rule (and the field it concerns), in the admin's language. */
  private async refusedAsFlash(language: string, query: Record<string, string>, change: () => Promise<ViewActionResult>): Promise<ViewActionResult> {
    try {
      return await change();
    } catch (error) {
      if (!(error instanceof HostError) || error.status >= 500) throw error;
      return { flash: { kind: 'error', message: refusalMessage(error, language, this.messages), field: error.field }, query };
    }
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = vppText(request.language);
    const service = this.runtime.service;
    const search = request.query.search?.trim().toLowerCase() ?? '';
    const items = new Map<string, CatalogItem | undefined>();
    const itemOf = (id: string) => {
      if (!items.has(id)) items.set(id, service.catalog.get(id));
      return items.get(id);
    };
    const listed = service
      .listAssignments()
      .filter((a) => !search || (itemOf(a.itemId)?.name ?? a.itemId).toLowerCase().includes(search) || recordName(this.inventory, a.target.kind, a.target.id).toLowerCase().includes(search));
    const held = this.heldByAssignment();
    const waiting = this.waitingByAssignment(listed, itemOf);
    const n = (value: number | undefined) => formatNumber(value ?? 0, request.language);
    const columns: Column<AssignmentRecord>[] = [
      { header: text.item, cell: (a) => itemLink(a.itemId, itemOf(a.itemId)), sortValue: (a) => itemOf(a.itemId)?.name ?? a.itemId },
      { header: text.kind, cell: (a) => { const item = itemOf(a.itemId); return item ? kindBadge(item.kind, text) : ''; }, sortValue: (a) => { const item = itemOf(a.itemId); return item ? text[item.kind] : undefined; } },
      { header: text.target, cell: (a) => targetLabel(this.inventory, a.target, text), sortValue: (a) => targetName(this.inventory, a.target, text) },
      { header: text.installMode, cell: (a) => text[a.installMode], sortValue: (a) => text[a.installMode] },
      { header: text.state, cell: (a) => assignmentBadge(a.state, text), sortValue: (a) => text[a.state] },
      { header: text.licensed, align: 'end', cell: (a) => n(held.get(a.id)), sortValue: (a) => held.get(a.id) ?? 0 },
      { header: text.waiting, align: 'end', cell: (a) => n(waiting.get(a.id)), sortValue: (a) => waiting.get(a.id) ?? 0 },
      { header: '', align: 'end', cell: (a) => html`<a href="${pageUrl(this.id, { id: a.id })}">${text.details}</a>` },
    ];
    const all = sortRows(listed, columns, request.query, request.language);
    const window = pageWindow(request.query, PAGE_SIZE, 'page', all.length);
    const list = table(columns, all.slice(window.offset, window.offset + window.limit), search ? text.noMatches : text.noAssignments, { request });
    const preview = canChange(request) && request.query.preview === 'assign' ? await this.assignPreview(request, text) : '';
    return {
      title: text.assignments,
      body: html`${VPP_STYLE}${preview}${canChange(request) ? this.createForm(request, text) : ''}
<div class="toolbar">${searchBox(request, { placeholder: text.searchAssignments })}</div>
${list}
${all.length > 0 ? pager(request, window, all.length) : ''}
${eligibilitySection(text)}`,
    };
  }

  private createForm(request: ViewRequest, text: VppText): SafeHtml {
    const q = request.query;
    const form = formFields(request, 'assign');
    const preset = q.item ? this.runtime.service.catalog.get(q.item) : undefined;
    const suggestions = this.itemPicker(text).labels(ITEM_SUGGESTIONS);
    const tokens = this.tokens.list();
    // A name is often at several locations; the location picks one.
    const location =
      tokens.length > 1
        ? form.field({ label: text.location, name: 'location', value: q.location ?? '', choices: [{ value: '', label: text.allLocations }, ...tokens.map((t) => ({ value: t.id, label: t.name }))] })
        : '';
    // The list offers targets of the kind chosen, those like what was typed first.
    const targetKind = form.value('targetKind', q.targetKind) || 'device-group';
    const target = form.value('target', shownTarget(this.inventory, targetKind, q.target, request.language));
    // Each kind's list, the chosen kind's led by what was typed: the page's script offers another kind's when chosen.
    const targets = Object.fromEntries(TARGET_KINDS.map((kind) => [kind, targetSuggestions(this.inventory, kind, kind === targetKind ? target : undefined, request.language)]));
    return panelSection(
      text.createAssignment,
      actionForm(request, {
        action: 'assign',
        submit: text.assign,
        layout: 'stacked',
        fields: html`<div class="vpp-grid">
${form.field({ label: text.item, name: 'item', value: q.item, required: true, suggestions, placeholder: preset?.name ?? text.suggestionsHint })}
${location}
${form.field({ label: text.targetKind, name: 'targetKind', value: targetKind, choices: TARGET_KINDS.map((kind) => ({ value: kind, label: text[kind] })) })}
${form.field({ label: text.targetId, name: 'target', value: target, suggestionsBy: { field: 'targetKind', chosen: targetKind, lists: targets }, placeholder: text.targetHint })}
${form.field({ label: text.exclude, name: 'exclude', value: q.exclude })}
${form.field({ label: text.quota, name: 'quota', type: 'number', value: q.quota })}
${tokens.length > 1 ? form.field({ label: text.locationOrder, name: 'locations', value: q.locations }) : ''}
${form.field({ label: text.installMode, name: 'installMode', value: q.installMode ?? 'automatic', choices: INSTALL_MODES.map((mode) => ({ value: mode, label: text[mode] })) })}
${form.field({ label: text.licenseType, name: 'licenseType', value: q.licenseType ?? '', choices: [{ value: '', label: text.licenseDefault }, { value: 'device', label: text.deviceLicense }, { value: 'user', label: text.userLicense }] })}
${form.field({ label: text.optionalReason, name: 'reason', value: q.reason })}
</div>${preset ? html`<p class="muted">${text.item}: <strong>${preset.name}</strong> ${kindBadge(preset.kind, text)}</p>` : ''}
${newAssignmentPolicy(request, { inventory: this.inventory, tokens: this.tokens, locations: this.locations }, preset)}`,
      }),
    );
  }

  private heldByAssignment(): Map<string, number> {
    const held = new Map<string, number>();
    for (const state of ['requested', 'confirmed'] as const) {
      for (const license of this.runtime.service.licenses({ state, limit: Number.MAX_SAFE_INTEGER }).items) held.set(license.assignmentId, (held.get(license.assignmentId) ?? 0) + 1);
    }
    return held;
  }

  private waitingByAssignment(assignments: readonly AssignmentRecord[], itemOf: (id: string) => CatalogItem | undefined): Map<string, number> {
    const waiting = new Map<string, number>();
    for (const itemId of new Set(assignments.map((a) => a.itemId))) {
      if (!itemOf(itemId)?.vpp) continue;
      for (const entry of this.runtime.service.queue(itemId).waiting) waiting.set(entry.assignmentId, (waiting.get(entry.assignmentId) ?? 0) + 1);
    }
    return waiting;
  }

  private async renderAssignment(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = vppText(request.language);
    const service = this.runtime.service;
    const assignment = this.mustGet(id, text);
    const item = service.catalog.get(assignment.itemId);
    const admin = canChange(request);
    const query = { id: assignment.id };
    const details = detailList([
      [text.item, itemLink(assignment.itemId, item)],
      [text.kind, item ? kindBadge(item.kind, text) : undefined],
      [text.target, targetLabel(this.inventory, assignment.target, text)],
      [text.quota, assignment.quota === undefined ? undefined : formatNumber(assignment.quota, request.language)],
      [text.priorityOrder, assignment.locations?.map((tokenId) => this.locationName(tokenId)).join(' → ')],
      [text.excluded, assignment.exclusions?.length ? html`${assignment.exclusions.map((group, index) => html`${index > 0 ? ', ' : ''}${targetLabel(this.inventory, group, text)}`)}` : undefined],
      [text.installMode, text[assignment.installMode]],
      [text.licenseType, assignment.licenseType ? text[assignment.licenseType === 'device' ? 'deviceLicense' : 'userLicense'] : text.noLicense],
      [text.state, assignmentBadge(assignment.state, text)],
      [text.since, formatTime(assignment.createdAt, request.language)],
      [text.createdBy, assignment.createdBy.name ?? assignment.createdBy.id],
      [text.reason, assignment.reason],
      ...(item?.counts ? [[text.available, fill(text.countsOf, { available: formatNumber(item.counts.available, request.language), total: formatNumber(item.counts.total, request.language) })] as const] : []),
    ]);
    const revocable = item?.kind === 'vpp-app';
    // Each button leads to the change's preview; its Confirm button makes the change.
    const actions = admin
      ? html`<div class="actions">${assignment.state === 'awaiting-approval' ? actionForm(request, { action: 'approve', query, submit: text.approve }) : ''}${
          revocable ? actionForm(request, { action: 'revoke', query, submit: text.revokeAll, tone: 'secondary' }) : ''
        }${actionForm(request, { action: 'remove', query, submit: text.removeAssignment, tone: 'danger' })}</div>`
      : undefined;
    const previewing = admin && CONFIRMED_ACTIONS.includes(request.query.preview ?? '');
    const sections = [
      previewing ? await this.changePreview(request, assignment) : '',
      assignment.state === 'awaiting-approval' ? html`<p class="notice">${text.policyApproval}</p>` : '',
      panelSection(text.details, details, actions),
      admin && item?.vpp && assignment.installMode !== 'uninstall' && this.tokens.list().length > 1 ? locationOrderSection(request, assignment, text, (tokenId) => this.locationName(tokenId)) : '',
      assignmentPolicySection(request, this.inventory, assignment),
    ];
    if (item?.vpp) {
      const invite = admin ? inviteHrefOf(assignment.target) : undefined;
      const enrolling = awaitingEnrolmentSection(request, this.inventory, service.awaitingEnrolment(assignment.id), { param: 'enrolling', ...(invite ? { inviteHref: invite } : {}) });
      sections.push(this.holdersSection(request, assignment, admin && revocable, text), this.queueSection(request, assignment, text), enrolling);
    }
    return { title: item?.name ?? assignment.itemId, body: html`${VPP_STYLE}${backLink(pageUrl(this.id), text.backToAssignments)}${sections}` };
  }

  /** The assignment's licensed holders, in first-come-first-served order unless sorted by a column. */
  private holdersSection(request: ViewRequest, assignment: AssignmentRecord, canRevoke: boolean, text: VppText): SafeHtml {
    const query = { id: assignment.id };
    // Licenses from other locations of the order are under their own location's item.
    const held = this.runtime.service
      .licenses({ ...(assignment.locations ? {} : { item: assignment.itemId }), limit: Number.MAX_SAFE_INTEGER })
      .items.filter((l) => l.assignmentId === assignment.id && (l.state === 'requested' || l.state === 'confirmed'))
      .sort((a, b) => (a.orderAt < b.orderAt ? -1 : a.orderAt > b.orderAt ? 1 : 0));
    const revoke = (l: LicenseRecord) => actionForm(request, { action: 'revoke', query, hidden: { holderKind: l.holderKind, holderId: l.holderId }, submit: text.revoke, tone: 'danger' });
    return holdersSection(request, this.inventory, held, text, canRevoke ? revoke : undefined, assignment.locations ? (tokenId) => this.locationName(tokenId) : undefined);
  }

  private locationName(tokenId: string): string {
    return this.tokens.get(tokenId)?.name ?? tokenId;
  }

  /** The assignment's holders waiting for a license, with their place in the item's whole queue. */
  private queueSection(request: ViewRequest, assignment: AssignmentRecord, text: VppText): SafeHtml {
    const waiting = this.runtime.service.queue(assignment.itemId).waiting.filter((w) => w.assignmentId === assignment.id);
    const timeHeader = queueTimeHeader([holderKindOf(assignment.target.kind)], text);
    return panelSection(`${text.queue} (${formatNumber(waiting.length, request.language)})`, queueTable(request, this.inventory, waiting, timeHeader, text));
  }

  private mustGet(id: string, text: VppText): AssignmentRecord {
    try {
      return this.runtime.service.getAssignment(id);
    } catch {
      throw new NotFoundError(fill(text.noAssignment, { id }));
    }
  }
}

