import { confirmationSection, fill, formatNumber, formatTime, html, table, type Confirmation, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import { ruleExplanation, type AccountLine, type AccountList, type HolderLabel, type LicenseAccount } from '../../api/index.js';
import { accountText, type AccountText } from './account-text.js';
import { isEmptyAccount } from '../distribution/license-account.js';
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
    return html`<h3>${fill(title, { count: formatNumber(list.total, language) })}</h3>${rows}${firstOnlyNote(list, language)}${after ?? ''}`;
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
  return isEmptyAccount(account) ? html`<p>${text.noMove}</p>` : html`${parts}`;
}

/** "The first 100 of 2,345 are listed." under a list that shows only its first lines; nothing when it shows them all. */
export function firstOnlyNote(list: AccountList<unknown>, language: string): SafeHtml {
  if (list.total <= list.lines.length) return html``;
  return html`<p class="muted">${fill(accountText(language).firstOnly, { shown: formatNumber(list.lines.length, language), total: formatNumber(list.total, language) })}</p>`;
}

/** The preview of a change that moves licenses, with its Confirm button. */
export function licenseConfirmation(request: ViewRequest, account: LicenseAccount, confirmation: Confirmation & AccountListOptions): SafeHtml {
  return confirmationSection(request, accountLists(account, request.language, confirmation), confirmation);
}
