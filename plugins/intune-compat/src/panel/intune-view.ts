import {
  actionForm,
  backLink,
  BadInputError,
  canChange,
  emptyState,
  formFields,
  fill,
  formatNumber,
  html,
  HostError,
  inject,
  injectable,
  Inventory,
  InventoryPicker,
  Messages,
  pager,
  panelSection,
  searchBox,
  sortedPage,
  sortedTable,
  sortQuery,
  table,
  unknownAction,
  type Column,
  type PanelView,
  type SafeHtml,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { CatalogReader, TokenService, ruleExplanation, type SyncedAsset } from '@vpp-host/plugins/vpp-apple/api';
import { AssignmentEdits, type GroupEdit } from '../assignment-edits.js';
import { TARGET_TYPES } from '../assignment-model.js';
import { isIntuneRule } from '../graph-errors.js';
import { graphTypeOf } from '../graph-objects.js';
import { IntuneAssignments, type Collection } from '../intune-assignments.js';
import type { GraphObject } from '../odata.js';
import { intuneText, type IntuneText } from './intune-text.js';

const PAGE_SIZE = 50;

type Section = 'required' | 'available' | 'uninstall';
/** Groups of each kind the group field offers while typing. */
const GROUP_SUGGESTIONS = 50;
const APP_SECTIONS: readonly Section[] = ['required', 'available', 'uninstall'];
const BOOK_SECTIONS: readonly Section[] = ['required', 'available'];
/** The settings an admin sets per group, as Yes/No choices; iOS apps also have Removable and a VPN. */
const SETTINGS = ['useDeviceLicensing', 'uninstallOnDeviceRemoval', 'isRemovable', 'preventManagedAppBackup', 'preventAutoAppUpdate'] as const;
type Setting = (typeof SETTINGS)[number];
const SETTING_LABEL: Readonly<Record<Setting, keyof IntuneText>> = {
  useDeviceLicensing: 'deviceLicensing',
  uninstallOnDeviceRemoval: 'uninstallOnDeviceRemoval',
  isRemovable: 'removable',
  preventManagedAppBackup: 'preventBackup',
  preventAutoAppUpdate: 'preventAutoUpdate',
};

/**
 * "Intune assignments": the VPP apps and books, and per app or book its Required, Available and Uninstall groups as
 * Intune shows them, from which an admin adds and removes groups through the same translation as Graph's API.
 */
@injectable()
export class IntuneView implements PanelView {
  readonly id = 'assignments';

  constructor(
    @inject(IntuneAssignments) private readonly assignments: IntuneAssignments,
    @inject(AssignmentEdits) private readonly edits: AssignmentEdits,
    @inject(CatalogReader) private readonly catalog: CatalogReader,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Messages) private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderItem(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = intuneText(request.language);
    const { form } = request;
    const query = { ...request.query };
    try {
      if (request.action === 'remove') {
        const { collection, asset } = this.edits.find(request.query.id ?? '');
        await this.assignments.remove(collection, asset.id, form.assignment ?? '', request.principal);
        return { flash: { kind: 'success', message: text.removed }, query: { id: asset.id } };
      }
      if (request.action !== 'add') throw unknownAction(request.action);
      const intent = form.intent as Section;
      if (!APP_SECTIONS.includes(intent)) throw new BadInputError(text.intent);
      const settings = Object.fromEntries(SETTINGS.filter((key) => form[key] === 'yes' || form[key] === 'no').map((key) => [key, form[key] === 'yes']));
      const edit: GroupEdit = {
        intent,
        group: pickedGroup(new InventoryPicker(this.inventory, request.language), form.group ?? ''),
        exclude: form.mode === 'excluded',
        ...(Object.keys(settings).length > 0 || form.vpn ? { settings: { ...settings, ...(form.vpn?.trim() ? { vpnConfigurationId: form.vpn.trim() } : {}) } } : {}),
      };
      await this.edits.add(request.query.id ?? '', edit, request.principal);
      return { flash: { kind: 'success', message: fill(text.added, { group: (form.group ?? '').trim(), intent: text[intent] }) }, query: { id: request.query.id ?? '' } };
    } catch (error) {
      if (!(error instanceof HostError) || error.status >= 500) throw error;
      const rule = (error.details as { rule?: string } | undefined)?.rule;
      const message = rule === undefined ? this.messages.say(error, request.language) : isIntuneRule(rule) ? text.rules[rule] : ruleExplanation(rule, error.message, request.language);
      return { flash: { kind: 'error', message: fill(text.refused, { message }) }, query };
    }
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = intuneText(request.language);
    const search = request.query.search?.trim().toLowerCase();
    const all = this.catalog
      .assets({ limit: Number.MAX_SAFE_INTEGER })
      .items.filter((a) => !search || (a.name ?? a.adamId).toLowerCase().includes(search) || a.adamId.includes(search));
    const n = (value: number) => formatNumber(value, request.language);
    const sortable: Column<SyncedAsset>[] = [
      { header: text.name, cell: (a) => html`<a href="${request.url}?id=${encodeURIComponent(a.id)}">${a.name ?? a.adamId}</a>`, sortValue: (a) => a.name ?? a.adamId },
      { header: text.type, cell: (a) => graphTypeOf(a).replace('#microsoft.graph.', ''), sortValue: (a) => graphTypeOf(a) },
      { header: text.location, cell: (a) => this.tokens.get(a.tokenId)?.name ?? a.tokenId, sortValue: (a) => this.tokens.get(a.tokenId)?.name ?? a.tokenId },
      { header: text.licenses, align: 'end', cell: (a) => `${n(a.assignedCount)} / ${n(a.totalCount)}`, sortValue: (a) => a.assignedCount },
    ];
    // Sorted as a whole before paging; the assignment counts are read for the page shown only.
    const { window, page } = sortedPage(all, sortable, request, PAGE_SIZE);
    const counts = new Map(await Promise.all(page.items.map(async (asset) => [asset.id, sectionCounts(await this.assignments.list(collectionOf(asset), asset.id))] as const)));
    const list = table<SyncedAsset>(
      [...sortable, ...APP_SECTIONS.map((section) => ({ header: text[section], align: 'end' as const, cell: (a: SyncedAsset) => n(counts.get(a.id)?.[section] ?? 0) }))],
      page.items,
      search ? text.noMatches : text.none,
      { request },
    );
    return {
      title: text.title,
      body: html`<p class="muted">${text.intro}</p>
<div class="toolbar">${searchBox(request, { placeholder: text.search, keep: sortQuery(request.query) })}</div>
${list}
${page.total > 0 ? pager(request, window, page.total) : ''}`,
    };
  }

  private async renderItem(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = intuneText(request.language);
    const { collection, asset } = this.edits.find(id);
    const listed = await this.assignments.list(collection, asset.id);
    const sections = (collection === 'managedEBooks' ? BOOK_SECTIONS : APP_SECTIONS).map((section) =>
      panelSection(text[section], this.sectionTable(request, text, section, listed.filter((o) => (o.intent ?? o.installIntent) === section))),
    );
    return {
      title: `${asset.name ?? asset.adamId} · ${text.title}`,
      body: html`${backLink(request.url, text.back)}${sections}${canChange(request) ? this.addForm(request, text, collection, asset) : ''}`,
    };
  }

  /** One intent's groups; each section sorts by its own parameters (`required-sort`, say), in Graph's order until asked. */
  private sectionTable(request: ViewRequest, text: IntuneText, section: Section, entries: readonly GraphObject[]): SafeHtml {
    if (entries.length === 0) return emptyState(text.noGroups);
    const admin = canChange(request);
    const targetOf = (o: GraphObject) => o.target as { '@odata.type': string; groupId?: string };
    const mode = (o: GraphObject) => (targetOf(o)['@odata.type'] === TARGET_TYPES.exclusion ? text.excluded : text.included);
    const settings = (o: GraphObject) => settingsSummary(o.settings as Record<string, unknown> | null | undefined, text);
    const columns: Column<GraphObject>[] = [
      { header: text.group, cell: (o) => this.groupLabel(targetOf(o), text), sortValue: (o) => this.groupOf(targetOf(o), text).name },
      { header: text.mode, cell: mode, sortValue: mode },
      { header: text.settings, cell: settings, sortValue: (o) => settings(o) || undefined },
      ...(admin
        ? [{ header: '', align: 'end' as const, cell: (o: GraphObject) => actionForm(request, { action: 'remove', submit: text.remove, hidden: { assignment: o.id }, query: { id: request.query.id }, tone: 'secondary' }) }]
        : []),
    ];
    return sortedTable(request, columns, entries, { param: section });
  }

  private groupLabel(target: { '@odata.type': string; groupId?: string }, text: IntuneText): SafeHtml | string {
    const group = this.groupOf(target, text);
    return group.href ? html`<a href="${group.href}">${group.name}</a>` : group.name;
  }

  /** The group a target names as the admin knows it, with its inventory page (none for all users or all devices). */
  private groupOf(target: { '@odata.type': string; groupId?: string }, text: IntuneText): { readonly name: string; readonly href?: string } {
    if (target['@odata.type'] === TARGET_TYPES.allUsers) return { name: text.allUsers };
    if (target['@odata.type'] === TARGET_TYPES.allDevices) return { name: text.allDevices };
    const id = target.groupId ?? '';
    const [view, name] = this.inventory.getUserGroup(id)
      ? ['user-groups', this.inventory.getUserGroup(id)!.name]
      : this.inventory.getDeviceGroup(id)
        ? ['device-groups', this.inventory.getDeviceGroup(id)!.name]
        : id.startsWith('user:')
          ? ['users', this.inventory.getUser(id.slice(5))?.name ?? id]
          : ['devices', this.inventory.getDevice(id.slice(7))?.name ?? id];
    const recordId = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
    return { name, href: `/views/host/${view}?id=${encodeURIComponent(recordId)}` };
  }

  private addForm(request: ViewRequest, text: IntuneText, collection: Collection, asset: SyncedAsset): SafeHtml {
    const form = formFields(request, 'add');
    const picker = new InventoryPicker(this.inventory, request.language);
    const typedGroup = form.value('group');
    const groups = [...picker.suggestions('user-group', typedGroup, GROUP_SUGGESTIONS), ...picker.suggestions('device-group', typedGroup, GROUP_SUGGESTIONS)];
    const yesNo = (name: Setting) =>
      form.field({ label: text[SETTING_LABEL[name]] as string, name, value: '', choices: [{ value: '', label: '—' }, { value: 'yes', label: text.yes }, { value: 'no', label: text.no }] });
    const ios = graphTypeOf(asset) === '#microsoft.graph.iosVppApp';
    const settings =
      collection === 'mobileApps'
        ? html`${SETTINGS.filter((s) => ios || s !== 'isRemovable').map(yesNo)}${ios ? form.field({ label: text.vpn, name: 'vpn' }) : ''}`
        : '';
    const sections = collection === 'managedEBooks' ? BOOK_SECTIONS : APP_SECTIONS;
    return panelSection(
      text.addGroup,
      actionForm(request, {
        action: 'add',
        submit: text.add,
        layout: 'stacked',
        query: { id: asset.id },
        fields: html`${form.field({ label: text.intent, name: 'intent', value: 'required', choices: sections.map((s) => ({ value: s, label: text[s] })) })}
${form.field({ label: text.group, name: 'group', required: true, placeholder: text.groupHint, suggestions: groups })}
${form.field({ label: text.mode, name: 'mode', value: 'included', choices: [{ value: 'included', label: text.included }, { value: 'excluded', label: text.excluded }] })}
${settings}`,
      }),
    );
  }
}

/** The group a label picked from the list names (its id); anything else as typed (a name, an id, everyone). */
function pickedGroup(picker: InventoryPicker, typed: string): string {
  return picker.picked('user-group', typed) ?? picker.picked('device-group', typed) ?? typed;
}

function collectionOf(asset: SyncedAsset): Collection {
  return asset.productType === 'Book' ? 'managedEBooks' : 'mobileApps';
}

function sectionCounts(listed: readonly GraphObject[]): Record<Section, number> {
  const counts: Record<Section, number> = { required: 0, available: 0, uninstall: 0 };
  for (const object of listed) {
    const intent = (object.intent ?? object.installIntent) as Section;
    if ((object.target as { '@odata.type': string })['@odata.type'] !== TARGET_TYPES.exclusion && intent in counts) counts[intent]++;
  }
  return counts;
}

/** "Device licensing · Install as removable: No · VPN: vpn-1" */
function settingsSummary(settings: Record<string, unknown> | null | undefined, text: IntuneText): string {
  if (!settings) return '';
  const parts = [settings.useDeviceLicensing === true ? text.deviceLicensing : text.userLicensing];
  for (const key of SETTINGS.slice(1)) {
    if (key in settings) parts.push(`${text[SETTING_LABEL[key]] as string}: ${settings[key] === true ? text.yes : text.no}`);
  }
  if (typeof settings.vpnConfigurationId === 'string') parts.push(`${text.vpn}: ${settings.vpnConfigurationId}`);
  return parts.join(' · ');
}
