import {
  actionForm,
  backLink,
  BadInputError,
  canChange,
  ConflictError,
  confirmationSection,
  detailList,
  formFields,
  fill,
  formatTime,
  html,
  inject,
  injectable,
  Messages,
  NotFoundError,
  panelSection,
  Settings,
  sortRows,
  table,
  timeValue,
  type Column,
  type PanelView,
  type ViewActionRequest,
  type ViewActionResult,
  type ViewRendering,
  type ViewRequest,
  checkboxField,
  atField,
  fileField,
  uploadForm,
} from '@vpp-host/api';
import { SyncService, TokenService, type TokenRecord } from '../../api/index.js';
import { AlertThresholds } from '../alerts/alert-thresholds.js';
import { CLEAR_THRESHOLD, SET_THRESHOLD, thresholdAction, thresholdSection } from '../alerts/threshold-panel.js';
import { TokenDeletion } from '../tokens/token-deletion.js';
import { pageUrl, reasonIn, syncBadge, tokenStateBadge, timeCell } from './panel-labels.js';
import { VPP_STYLE } from './panel-style.js';
import { vppText, type VppText } from './panel-text.js';
import { tokenDeletionText } from './token-deletion-text.js';
import { deletionFingerprint, tokenDeletedMessage, tokenDeletionPreview } from './token-deletion-view.js';

const TOKEN_FILE_TYPES = '.vpptoken,text/plain';

/**
 * "Tokens": every location's token with its health and sync state; adding one from its .vpptoken file; a token's
 * page to rename, renew, take over, sync or delete it (after a preview of what that stops); and the sync schedule.
 */
@injectable()
export class TokensView implements PanelView {
  readonly id = 'tokens';

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncService) private readonly sync: SyncService,
    @inject(Settings) private readonly settings: Settings,
    @inject(Messages) private readonly messages: Messages,
    @inject(TokenDeletion) private readonly deletion: TokenDeletion,
    @inject(AlertThresholds) private readonly thresholds: AlertThresholds,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    return request.query.id === undefined ? this.renderList(request) : this.renderToken(request, request.query.id);
  }

  async handleAction(request: ViewActionRequest): Promise<ViewActionResult> {
    const text = vppText(request.language);
    const { principal, form } = request;
    const consent = form.takeOver === 'yes';
    switch (request.action) {
      case 'add': {
        const file = this.uploaded(request, text);
        // The name is the service's to check; checked here too so that any refusal below is about the file.
        if ((form.name ?? '').trim() === '') throw Object.assign(new BadInputError(text.tokenNameNeeded), { field: 'name' });
        const outcome = await this.refusedAsFlash(text, request.language, () => this.tokens.add({ name: form.name ?? '', file, takeOver: consent }, principal));
        if ('refused' in outcome) return outcome.refused;
        const { token } = outcome;
        return { flash: { kind: 'success', message: fill(text.tokenAdded, { location: token.locationName, name: token.name }) }, query: { id: token.id } };
      }
      case 'schedule':
        await atField('hours', () => this.settings.update('syncIntervalHours', Number(form.hours), principal));
        await atField('warningDays', () => this.settings.update('expiryWarningDays', Number(form.warningDays), principal));
        await atField('syncFailures', () => this.settings.update('syncFailureAlertAfter', Number(form.syncFailures), principal));
        return { flash: { kind: 'success', message: fill(text.scheduleSaved, { hours: this.settings.get<number>('syncIntervalHours') }, request.language) } };
    }
    const id = request.query.id ?? '';
    const token = this.tokens.get(id);
    // Deleted meanwhile (another tab, a stale confirmation): said on the list, where the admin can carry on.
    if (!token) return { flash: { kind: 'error', message: fill(text.noToken, { id }) } };
    const query = { id: token.id };
    switch (request.action) {
      case 'rename': {
        const renamed = await atField('name', () => this.tokens.rename(token.id, form.name ?? '', principal));
        return { flash: { kind: 'success', message: fill(text.renamed, { name: renamed.name }) }, query };
      }
      case 'renew': {
        const file = this.uploaded(request, text);
        const outcome = await this.refusedAsFlash(text, request.language, () => this.tokens.renew(token.id, file, principal, { takeOver: consent }), query);
        if ('refused' in outcome) return outcome.refused;
        const renewed = outcome.token;
        return { flash: { kind: 'success', message: fill(text.renewed, { name: renewed.name, date: formatTime(renewed.expiresAt, request.language) }) }, query };
      }
      case 'take-over': {
        if (!consent) return { flash: { kind: 'error', message: text.consentNeeded }, query };
        const taken = await this.tokens.takeOver(token.id, principal);
        return { flash: { kind: 'success', message: fill(text.takenOver, { location: taken.locationName }) }, query };
      }
      case 'sync': {
        const summary = await this.sync.sync(token.id);
        return { flash: { kind: 'success', message: fill(text.synced, { name: token.name, assets: summary.assets, users: summary.users }, request.language) }, query };
      }
      case 'delete':
        return this.delete(request, token);
      case SET_THRESHOLD:
      case CLEAR_THRESHOLD:
        return (await thresholdAction(request, this.thresholds, 'location', token.id))!;
      default:
        throw new BadInputError(fill(text.unknownAction, { name: request.action }));
    }
  }

  private async renderList(request: ViewRequest): Promise<ViewRendering> {
    const text = vppText(request.language);
    const columns: Column<TokenRecord>[] = [
      { header: text.name, cell: (t) => html`<a href="${pageUrl(this.id, { id: t.id })}">${t.name}</a>`, sortValue: (t) => t.name },
      { header: text.location, cell: (t) => html`${t.locationName} <span class="muted">· ${t.countryCode}</span>`, sortValue: (t) => t.locationName },
      { header: text.state, cell: (t) => tokenStateBadge(t.health, text), sortValue: (t) => text[t.health.state] },
      { header: text.since, cell: (t) => timeCell(t.health.since, request.language), sortValue: (t) => timeValue(t.health.since) },
      { header: text.expires, cell: (t) => timeCell(t.expiresAt, request.language), sortValue: (t) => timeValue(t.expiresAt) },
      { header: text.syncState, cell: (t) => syncBadge(this.sync.state(t.id), text), sortValue: (t) => text[this.sync.state(t.id).status] },
      { header: text.lastSuccess, cell: (t) => this.lastSuccess(t, request.language), sortValue: (t) => timeValue(this.sync.state(t.id).lastSuccessAt) },
    ];
    const byName = this.tokens.list().sort((a, b) => a.name.localeCompare(b.name));
    const list = table(columns, sortRows(byName, columns, request.query, request.language), text.noTokens, { request });
    const adding = formFields(request, 'add');
    const add = canChange(request)
      ? panelSection(
          text.addToken,
          uploadForm(request, {
            action: 'add',
            submit: text.add,
            fields: html`${adding.field({ label: text.tokenName, name: 'name', required: true })}${fileField(text.tokenFile, 'file', TOKEN_FILE_TYPES)}${adding.checkbox(text.takeOverConsent, 'takeOver')}`,
          }),
        )
      : '';
    return { body: html`${VPP_STYLE}${list}${add}${this.scheduleSection(request, text)}` };
  }

  private scheduleSection(request: ViewRequest, text: VppText) {
    const hours = this.settings.get<number>('syncIntervalHours');
    const warningDays = this.settings.get<number>('expiryWarningDays');
    const syncFailures = this.settings.get<number>('syncFailureAlertAfter');
    const scheduling = formFields(request, 'schedule');
    const form = canChange(request)
      ? actionForm(request, {
          action: 'schedule',
          submit: text.save,
          tone: 'secondary',
          fields: html`${scheduling.field({ label: text.syncInterval, name: 'hours', type: 'number', value: String(hours), required: true })}${scheduling.field({ label: text.expiryWarning, name: 'warningDays', type: 'number', value: String(warningDays), required: true })}${scheduling.field({ label: text.syncFailureAlert, name: 'syncFailures', type: 'number', value: String(syncFailures), required: true })}`,
        })
      : detailList([
          [text.syncInterval, hours],
          [text.expiryWarning, warningDays],
          [text.syncFailureAlert, syncFailures],
        ]);
    return panelSection(text.schedule, html`<p class="muted">${fill(text.scheduleText, { hours }, request.language)}</p>${form}`);
  }

  private async renderToken(request: ViewRequest, id: string): Promise<ViewRendering> {
    const text = vppText(request.language);
    const token = this.mustGet(id, text);
    const sync = this.sync.state(token.id);
    const query = { id: token.id };
    const admin = canChange(request);
    const other = token.claimedBy?.name ?? text.otherMdm;
    const details = detailList([
      [text.location, token.locationName],
      [text.organisation, token.orgName],
      [text.program, text[token.program]],
      [text.country, token.countryCode],
      [text.state, html`${tokenStateBadge(token.health, text)} <span class="muted">${reasonIn(token.health, request.language, this.messages)}</span>`],
      [text.since, formatTime(token.health.since, request.language)],
      [text.expires, formatTime(token.expiresAt, request.language)],
      [text.claimedBy, token.claimedBy?.name],
      [text.syncState, html`${syncBadge(sync, text)}${sync.reason ? html` <span class="muted">${reasonIn(sync, request.language, this.messages)}</span>` : ''}`],
      [text.lastSuccess, this.lastSuccess(token, request.language)],
      [text.notifications, token.notifications ? text.on : text.off],
      [text.created, formatTime(token.createdAt, request.language)],
      [text.renewedAt, token.renewedAt ? formatTime(token.renewedAt, request.language) : undefined],
    ]);
    const actions = admin
      ? html`<div class="actions">${actionForm(request, { action: 'sync', query, submit: text.syncNow, tone: 'secondary' })}${actionForm(request, { action: 'delete', query, submit: text.deleteToken, tone: 'danger' })}</div>`
      : undefined;
    const deletion = admin && request.query.preview === 'delete' ? this.deletionConfirmation(request, token) : '';
    const claimed = token.health.state === 'claimed-elsewhere';
    const consentBox = checkboxField(fill(text.takeOverConsentNamed, { other }), 'takeOver', { required: true });
    const forms = admin
      ? html`${claimed ? panelSection(text.takeOver, actionForm(request, { action: 'take-over', query, submit: text.takeOver, tone: 'danger', layout: 'stacked', fields: consentBox })) : ''}
${panelSection(text.rename, actionForm(request, { action: 'rename', query, submit: text.rename, tone: 'secondary', fields: formFields(request, 'rename').field({ label: text.newName, name: 'name', value: token.name, required: true, compact: true }) }))}
${panelSection(
  text.renew,
  html`<p class="muted">${text.renewHint}</p>${uploadForm(request, {
    action: 'renew',
    query,
    submit: text.renew,
    fields: html`${fileField(text.tokenFile, 'file', TOKEN_FILE_TYPES)}${claimed ? checkboxField(fill(text.takeOverConsentNamed, { other }), 'takeOver') : ''}`,
  })}`,
)}`
      : '';
    return {
      title: token.name,
      body: html`${VPP_STYLE}${backLink(pageUrl(this.id), text.backToTokens)}${deletion}${panelSection(text.details, details, actions)}${thresholdSection(request, this.thresholds, { scope: 'location', id: token.id })}${forms}`,
    };
  }

  /**
   * Deleting takes two posts: the first leads to the preview, whose Confirm carries the consequences the admin saw;
   * when they changed meanwhile, the new preview is shown instead of deleting.
   */
  private async delete(request: ViewActionRequest, token: TokenRecord): Promise<ViewActionResult> {
    const query = { id: token.id, preview: 'delete' };
    if (request.form.confirmed !== 'yes') return { query };
    const preview = this.deletion.preview(token.id);
    if (request.form.seen !== deletionFingerprint(preview)) return { flash: { kind: 'error', message: fill(tokenDeletionText(request.language).changed, { name: token.name }) }, query };
    await this.tokens.delete(token.id, request.principal);
    return { flash: { kind: 'success', message: tokenDeletedMessage(preview, request.language) } };
  }

  private deletionConfirmation(request: ViewRequest, token: TokenRecord) {
    const preview = this.deletion.preview(token.id);
    const query = { id: token.id };
    return confirmationSection(request, tokenDeletionPreview(preview, request.language), { action: 'delete', hidden: { seen: deletionFingerprint(preview) }, query, cancelHref: pageUrl(this.id, query) });
  }

  private lastSuccess(token: TokenRecord, language: string) {
    const at = this.sync.state(token.id).lastSuccessAt;
    return at ? timeCell(at, language) : html`<span class="muted">—</span>`;
  }

  private uploaded(request: ViewActionRequest, text: VppText): string {
    const file = request.files.file ?? '';
    if (file.trim() === '') throw new BadInputError(text.noFile);
    return file;
  }

  /** Refusals an admin can act on (a bad file, a duplicate location, another MDM's claim) in the admin's words. */
  private async refusedAsFlash(text: VppText, language: string, change: () => Promise<TokenRecord>, query?: Record<string, string>): Promise<{ token: TokenRecord } | { refused: ViewActionResult }> {
    try {
      return { token: await change() };
    } catch (error) {
      const message = this.refusalMessage(error, text, language);
      if (message === undefined) throw error;
      return { refused: { flash: { kind: 'error', message }, ...(query ? { query } : {}) } };
    }
  }

  private refusalMessage(error: unknown, text: VppText, language: string): string | undefined {
    if (error instanceof ConflictError) {
      const details = (error.details ?? {}) as { otherMdm?: { name: string }; tokenId?: string; uId?: string };
      if (details.otherMdm) return fill(text.claimedRefusal, { other: details.otherMdm.name });
      if (details.uId && details.tokenId) return fill(text.duplicateLocation, { name: this.tokens.get(details.tokenId)?.name ?? details.tokenId });
      return this.messages.say(error, language);
    }
    if (!(error instanceof BadInputError)) return undefined;
    const said = this.messages.say(error, language);
    return error.messageId?.startsWith('vpp.token-file.') ? fill(text.badFile, { message: said }) : said;
  }

  private mustGet(id: string, text: VppText): TokenRecord {
    const token = this.tokens.get(id);
    if (!token) throw new NotFoundError(fill(text.noToken, { id }));
    return token;
  }
}

