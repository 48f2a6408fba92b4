import { confirmationSection, fill, formatNumber, formatTime, html, sortRows, table, timeValue, type Column, type Confirmation, type SafeHtml, type SortValue, type ViewRequest } from '@vpp-host/api';
import { ruleExplanation, type AccountLine, type AccountList, type HolderLabel, type LicenseAccount } from '../../api/index.js';
import { accountText } from './account-text.js';
import { isEmptyAccount } from '../distribution/license-account.js';
import { vppText } from './panel-text.js';

/** A list's own column: what it says of a line and, when that is not the text itself (a time, a place), what it sorts by. */
interface Detail<T> {
  readonly say: (line: T) => string;
  readonly sortValue?: (line: T) => SortValue;
}

export interface AccountListOptions {
  /** Where the "Invite these users" button for those waiting to enrol leads. */
  readonly inviteHref?: string;
  /** How a holder is shown (linked to its inventory page, say); its kind and name otherwise. */
  readonly holder?: (holder: HolderLabel) => SafeHtml;
  /** The page's request: each list then sorts by a column under its own parameters (`granted-sort`, say). */
  readonly request?: ViewRequest;
}

/** Who a change affects and how, list by list (only the lists with someone in them), in the reader's language. */
export function accountLists(account: LicenseAccount, language: string, options: AccountListOptions = {}): SafeHtml {
  const text = accountText(language);
  const words = vppText(language);
  const itemName = (line: AccountLine) => (line.item.location ? `${line.item.name} · ${line.item.location}` : line.item.name);
  const section = <T extends AccountLine>(param: string, title: string, list: AccountList<T>, detail?: Detail<T>, after?: SafeHtml): SafeHtml => {
    if (list.total === 0) return html``;
    const columns: Column<T>[] = [
      { header: text.holder, cell: (line) => options.holder?.(line.holder) ?? `${words[line.holder.kind]} · ${line.holder.name}`, sortValue: (line) => line.holder.name },
      { header: text.item, cell: itemName, sortValue: itemName },
      ...(detail ? [{ header: text.detail, cell: detail.say, sortValue: detail.sortValue ?? detail.say }] : []),
    ];
    // A list holds its first 100 lines at most, all shown: they sort among themselves and the note still counts the rest.
    const { request } = options;
    const rows = request ? table(columns, sortRows(list.lines, columns, request.query, language, param), undefined, { request, param }) : table(columns, list.lines);
    return html`<h3>${fill(title, { count: formatNumber(list.total, language) })}</h3>${rows}${firstOnlyNote(list, language)}${after ?? ''}`;
  };
  const parts = [
    section('irreversible', text.irreversible, account.irreversible),
    section('released', text.released, account.released, { say: (line) => text.causes[line.cause] }),
    section('served', text.served, account.served, { say: (line) => fill(text.waitingSince, { date: formatTime(line.waitingSince, language) }), sortValue: (line) => timeValue(line.waitingSince) }),
    section('granted', text.granted, account.granted),
    section('queued', text.queued, account.queued, { say: (line) => fill(text.place, { position: formatNumber(line.position, language) }), sortValue: (line) => line.position }),
    section('skipped', text.skipped, account.skipped, { say: (line) => ruleExplanation(line.rule, line.message, language) }),
    section(
      'enrol',
      text.awaitingEnrolment,
      account.awaitingEnrolment,
      undefined,
      options.inviteHref ? html`<p><a class="button secondary" href="${options.inviteHref}">${text.inviteThese}</a></p>` : undefined,
    ),
    section('removed', text.appRemoved, account.appRemoved),
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
  return confirmationSection(request, accountLists(account, request.language, { ...confirmation, request }), confirmation);
}
