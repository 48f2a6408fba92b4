import {
  backLink,
  badge,
  canChange,
  checkboxGroup,
  checkedValues,
  detailList,
  formFields,
  fileField,
  fill,
  formatNumber,
  formatTime,
  html,
  HostError,
  inject,
  injectable,
  Inventory,
  Messages,
  pager,
  panelSection,
  sortedPage,
  sortRows,
  table,
  timeValue,
  unknownAction,
  uploadForm,
  type Column,
  type PanelView,
  type SafeHtml,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewRendering,
  type ViewRequest,
} from '@vpp-host/api';
import { EVENTS, REGIONS, regionName, type Maas360Settings } from '../maas360-model.js';
import { Maas360Tokens, type FieldRefusal, type Maas360Token, type TokenDetailRow } from '../maas360-tokens.js';
import { maas360Text, type Maas360Text } from './maas360-text.js';
import { tabs, TABS_STYLE } from './tabs.js';

const PAGE_SIZE = 50;

/** The form's label of each field a refusal may name. */
const FIELD_LABELS = {
  name: 'tokenName',
  file: 'tokenFile',
  region: 'region',
  addAppsAutomatically: 'addAppsAutomatically',
  removeAppOn: 'removeAppOn',
  revokeLicenseOn: 'revokeLicenseOn',
  restrictBackup: 'appPolicies',
  appApproval: 'appApproval',
  restrictToUserGroups: 'restrictToUserGroups',
} as const;

/**
 * MaaS360's "Apple VPP Licenses": the tokens with their status, the Add Token window with its Token Detail, Policies
 * and Distribution tabs, a token's page to edit the same settings, and its Token Details.
 */
@injectable()
export class LicensesView implements PanelView {
  readonly id = 'vpp-licenses';

  constructor(
    @inject(Maas360Tokens) private readonly tokens: Maas360Tokens,
    @inject(Inventory) private readonly inventory: Inventory,
    @inject(Messages) private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderToken(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = maas360Text(request.language);
    const { form } = request;
    try {
      const settings = this.settingsOf(form);
      if (request.action === 'add') {
        const token = await this.tokens.add({ ...settings, name: form.name ?? '', file: request.files.file ?? '' }, request.principal);
        return { flash: { kind: 'success', message: fill(text.added, { name: token.name, status: text.statuses[token.status] }) }, query: { id: token.id } };
      }
      if (request.action !== 'edit') throw unknownAction(request.action);
      const token = await this.tokens.edit(request.query.id ?? '', settings, request.principal);
      return { flash: { kind: 'success', message: fill(text.saved, { name: token.name }) }, query: { id: token.id } };
    } catch (error) {
      if (!(error instanceof HostError) || error.status >= 500) throw error;
      return { flash: { kind: 'error', message: fill(text.refused, { message: this.refusal(error, text, request.language) }) }, query: request.query };
    }
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = maas360Text(request.language);
    const all = await this.tokens.list();
    const columns: Column<Maas360Token>[] = [
      { header: text.tokenName, cell: (t) => html`<a href="${request.url}?id=${encodeURIComponent(t.id)}">${t.name}</a>`, sortValue: (t) => t.name },
      { header: text.status, cell: (t) => this.status(t, text), sortValue: (t) => text.statuses[t.status] },
      { header: text.region, cell: (t) => regionName(t.region, request.language), sortValue: (t) => regionName(t.region, request.language) },
      { header: text.organization, cell: (t) => t.organization, sortValue: (t) => t.organization },
      { header: text.expires, cell: (t) => formatTime(t.expiresAt, request.language), sortValue: (t) => timeValue(t.expiresAt) },
    ];
    // A handful of locations, all on one page: sorted as shown.
    const list = table(columns, sortRows(all, columns, request.query, request.language), text.noTokens, { request });
    const add = canChange(request)
      ? panelSection(
          text.addToken,
          html`<h3>${text.enableLicenseCodes}</h3>${uploadForm(request, { action: 'add', submit: text.submit, fields: this.tabbedFields(request, text, undefined) })}`,
        )
      : '';
    return { title: text.title, body: html`${TABS_STYLE}${list}${add}` };
  }

  private async renderToken(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = maas360Text(request.language);
    const token = await this.tokens.get(id);
    const n = (value: number) => formatNumber(value, request.language);
    const added = (r: TokenDetailRow) => (r.autoAppAdditionStatus === 'success' ? text.success : text.failed);
    const comment = (r: TokenDetailRow) => (r.addedBy === 'admin' ? text.addedByAdmin : r.comments ? text.macOnly : undefined);
    const columns: Column<TokenDetailRow>[] = [
      { header: text.itunesAppId, cell: (r) => r.itunesAppId, sortValue: (r) => r.itunesAppId },
      { header: text.appName, cell: (r) => r.appName, sortValue: (r) => r.appName },
      { header: text.totalLicense, align: 'end', cell: (r) => n(r.totalLicense), sortValue: (r) => r.totalLicense },
      { header: text.availableLicense, align: 'end', cell: (r) => n(r.availableLicense), sortValue: (r) => r.availableLicense },
      { header: text.addedTime, cell: (r) => formatTime(r.addedTime, request.language), sortValue: (r) => timeValue(r.addedTime) },
      { header: text.autoAppAdditionStatus, cell: (r) => badge(r.autoAppAdditionStatus === 'success' ? 'ok' : 'bad', added(r)), sortValue: added },
      { header: text.comments, cell: (r) => comment(r) ?? '', sortValue: comment },
    ];
    // A location's apps can run to thousands: sorted as a whole, shown a page at a time.
    const { window, page } = sortedPage(this.tokens.details(token.id), columns, request, PAGE_SIZE);
    const details = html`${table(columns, page.items, text.noApps, { request })}${page.total > 0 ? pager(request, window, page.total) : ''}`;
    const summary = detailList([
      [text.status, this.status(token, text)],
      [text.region, regionName(token.region, request.language)],
      [text.organization, token.organization],
      [text.expires, formatTime(token.expiresAt, request.language)],
    ]);
    const edit = canChange(request)
      ? panelSection(text.edit, uploadForm(request, { action: 'edit', submit: text.save, query: { id: token.id }, fields: this.tabbedFields(request, text, token) }))
      : '';
    return {
      title: `${token.name} · ${text.title}`,
      body: html`${TABS_STYLE}${backLink(request.url, text.back)}${panelSection(token.name, summary)}${edit}${panelSection(text.tokenDetails, details)}`,
    };
  }

  /** A refusal about one field of the form, in the admin's language; others (Apple's, the token file's) as their message id says them. */
  private refusal(error: HostError, text: Maas360Text, language: string): string {
    const refused = error.details as Partial<FieldRefusal> | undefined;
    const label = refused?.field ? FIELD_LABELS[refused.field as keyof typeof FIELD_LABELS] : undefined;
    if (!label || !refused?.problem) return this.messages.say(error, language);
    return fill(text.problems[refused.problem], { field: text[label], value: refused.value ?? '' });
  }

  private status(token: Maas360Token, text: Maas360Text): SafeHtml {
    const label = badge(token.status === 'active' ? 'ok' : 'bad', text.statuses[token.status]);
    return token.message ? html`${label} <span class="muted">${token.message}</span>` : label;
  }

  /** The three tabs; a new token's Token Detail tab has its name and file, an existing one's only the region. */
  private tabbedFields(request: ViewRequest, text: Maas360Text, token: Maas360Token | undefined): SafeHtml {
    const form = formFields(request, token ? 'edit' : 'add');
    const help = (words: string) => html`<p class="muted help">${words}</p>`;
    const events = (name: string, chosen: readonly string[] | undefined) =>
      EVENTS.map((event) => ({ value: event, label: text.events[event], checked: form.refused ? form.value(`${name}-${event}`) === 'yes' : (chosen?.includes(event) ?? false) }));
    const groupNames = (token?.restrictToUserGroups ?? []).map((id) => this.inventory.getUserGroup(id)?.name ?? id).join(', ');
    const detail = html`${token ? '' : html`${form.field({ label: text.tokenName, name: 'name' })}${help(text.tokenNameHelp)}${fileField(text.tokenFile, 'file', '.vpptoken,text/plain', { required: false })}${help(text.tokenFileHelp)}`}
${form.field({ label: text.region, name: 'region', value: token?.region ?? 'US', choices: REGIONS.map((code) => ({ value: code, label: regionName(code, request.language) })) })}${help(text.regionHelp)}
${form.checkbox(text.addAppsAutomatically, 'addAppsAutomatically', { checked: token?.addAppsAutomatically ?? false })}${help(text.addAppsAutomaticallyHelp)}`;
    const policies = html`${checkboxGroup(text.removeAppOn, 'removeAppOn', events('removeAppOn', token?.removeAppOn))}${help(text.removeAppOnHelp)}
${checkboxGroup(text.revokeLicenseOn, 'revokeLicenseOn', events('revokeLicenseOn', token?.revokeLicenseOn))}${help(text.revokeLicenseOnHelp)}
${form.checkbox(`${text.appPolicies}: ${text.restrictBackup}`, 'restrictBackup', { checked: token?.restrictBackup ?? false })}
${form.checkbox(text.appApproval, 'appApproval', { checked: token?.appApproval ?? false })}${help(text.appApprovalHelp)}`;
    const distribution = html`${form.field({ label: text.restrictToUserGroups, name: 'restrictToUserGroups', value: groupNames, placeholder: text.everyone, suggestions: this.inventory.listUserGroups({ limit: 200 }).items.map((g) => g.name) })}${help(text.restrictToUserGroupsHelp)}`;
    return tabs(token ? `edit` : 'add', [
      { id: 'detail', label: text.tokenDetail, body: detail },
      { id: 'policies', label: text.policies, body: policies },
      { id: 'distribution', label: text.distribution, body: distribution },
    ]);
  }

  /** The form's settings; group names become ids (an unknown name is left for the service to refuse by name). */
  private settingsOf(form: Readonly<Record<string, string>>): Maas360Settings {
    const groups = (form.restrictToUserGroups ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
      .map((name) => this.inventory.getUserGroup(name)?.id ?? this.inventory.listUserGroups({ search: name }).items.find((g) => g.name === name)?.id ?? name);
    return {
      region: form.region ?? '',
      addAppsAutomatically: form.addAppsAutomatically === 'yes',
      removeAppOn: checkedValues(form, 'removeAppOn', EVENTS) as Maas360Settings['removeAppOn'],
      revokeLicenseOn: checkedValues(form, 'revokeLicenseOn', EVENTS) as Maas360Settings['revokeLicenseOn'],
      restrictBackup: form.restrictBackup === 'yes',
      appApproval: form.appApproval === 'yes',
      restrictToUserGroups: groups,
    };
  }
}
