import { actionForm, fill, formatNumber, formatTime, html, panelSection, table, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import { ruleExplanation, type AccountLine, type AccountList, type HolderLabel, type LicenseAccount } from '../../api/index.js';
import { accountText, type AccountText } from './account-text.js';
import { vppText } from './panel-text.js';

type Detail<T> = (line: T, language: string, text: AccountText) => string;

export interface AccountListOptions {
  /** Where the "Invite these users" button for those waiting to enrol leads. */
  readonly inviteHref?: string;
  /** How a holder is shown (linked to its inventory page, say); its kind and name otherwise. */
  readonly holder?: (holder: HolderLabel) => SafeHtml;
}

/** Who a change affects and how, list by list (only the lists with someone in them), in the reader's language. */
export function accountLists(account: LicenseAccount, language: string, options: AccountListOptions = {}): SafeHtml {
  const text = accountText(language);
  const words = vppText(language);
  const section = <T extends AccountLine>(title: string, list: AccountList<T>, detail?: Detail<T>, after?: SafeHtml): SafeHtml => {
    if (list.total === 0) return html``;
    const rows = table<T>(
      [
        { header: text.holder, cell: (line) => options.holder?.(line.holder) ?? `${words[line.holder.kind]} · ${line.holder.name}` },
        { header: text.item, cell: (line) => (line.item.location ? `${line.item.name} · ${line.item.location}` : line.item.name) },
        ...(detail ? [{ header: text.detail, cell: (line: T) => detail(line, language, text) }] : []),
      ],
      list.lines,
    );
    const more = list.total > list.lines.length ? html`<p class="muted">${fill(text.firstOnly, { shown: formatNumber(list.lines.length, language), total: formatNumber(list.total, language) })}</p>` : '';
    return html`<h3>${fill(title, { count: formatNumber(list.total, language) })}</h3>${rows}${more}${after ?? ''}`;
  };
  const parts = [
    section(text.irreversible, account.irreversible),
    section(text.released, account.released, (line) => text.causes[line.cause]),
    section(text.served, account.served, (line, lang) => fill(text.waitingSince, { date: formatTime(line.waitingSince, lang) })),
    section(text.granted, account.granted),
    section(text.queued, account.queued, (line, lang) => fill(text.place, { position: formatNumber(line.position, lang) })),
    section(text.skipped, account.skipped, (line, lang) => ruleExplanation(line.rule, line.message, lang)),
    section(
      text.awaitingEnrolment,
      account.awaitingEnrolment,
      undefined,
      options.inviteHref ? html`<p><a class="button secondary" href="${options.inviteHref}">${text.inviteThese}</a></p>` : undefined,
    ),
    section(text.appRemoved, account.appRemoved),
  ];
  const empty = [account.irreversible, account.released, account.served, account.granted, account.queued, account.skipped, account.awaitingEnrolment, account.appRemoved].every((l) => l.total === 0);
  return empty ? html`<p>${text.noMove}</p>` : html`${parts}`;
}

/** A change's preview with its Confirm button (posting the same fields again, confirmed) and a way back. */
export function confirmationSection(
  request: ViewRequest,
  options: AccountListOptions & {
    readonly account: LicenseAccount;
    readonly action: string;
    readonly hidden: Readonly<Record<string, string>>;
    readonly query?: Readonly<Record<string, string>>;
    readonly cancelHref: string;
  },
): SafeHtml {
  const text = accountText(request.language);
  const confirm = actionForm(request, { action: options.action, submit: text.confirm, hidden: { ...options.hidden, confirmed: 'yes' }, ...(options.query ? { query: options.query } : {}) });
  return panelSection(
    text.previewTitle,
    html`<p class="muted">${text.nothingChanged}</p>${accountLists(options.account, request.language, options)}
<div class="confirm-actions">${confirm} <a href="${options.cancelHref}">${text.cancel}</a></div>`,
  );
}
