import { dateTimeFormat, numberFormat } from './intl-formats.js';
import { html, type SafeHtml } from './html.js';
import { sortByValue, type SortValue } from './sort-values.js';
import type { ViewRequest } from './views.js';

/**
 * Building blocks for panel views, styled by the shell's stylesheet: the host's own pages use them and so can a
 * plugin's, so every page looks alike. Each is a pure function returning SafeHtml; every value is escaped.
 */

const KIT_TEXT = {
  en: {
    first: 'First', previous: 'Previous', next: 'Next', last: 'Last', page: 'Page {n}', of: 'of', search: 'Search', pages: 'Pages', noResults: 'Nothing matches.', cancel: 'Cancel',
    previewTitle: 'Before you confirm', nothingChanged: 'Nothing has changed yet. Check who is affected, then confirm.', confirm: 'Confirm',
  },
  nl: {
    first: 'Eerste', previous: 'Vorige', next: 'Volgende', last: 'Laatste', page: 'Pagina {n}', of: 'van', search: 'Zoeken', pages: "Pagina's", noResults: 'Niets gevonden.', cancel: 'Annuleren',
    previewTitle: 'Voor u bevestigt', nothingChanged: 'Er is nog niets gewijzigd. Kijk wie geraakt wordt en bevestig dan.', confirm: 'Bevestigen',
  },
  fr: {
    first: 'Première', previous: 'Précédente', next: 'Suivante', last: 'Dernière', page: 'Page {n}', of: 'sur', search: 'Rechercher', pages: 'Pages', noResults: 'Aucun résultat.', cancel: 'Annuler',
    previewTitle: 'Avant de confirmer', nothingChanged: 'Rien n’a encore changé. Vérifiez qui est concerné, puis confirmez.', confirm: 'Confirmer',
  },
} as const;

export type KitText = { readonly [K in keyof (typeof KIT_TEXT)['en']]: string };

export function kitText(language: string): KitText {
  return KIT_TEXT[language as keyof typeof KIT_TEXT] ?? KIT_TEXT.en;
}

/** Only admins change things; read-only admins see no forms. */
export function canChange(request: ViewRequest): boolean {
  return request.principal.role === 'admin';
}

export function formatNumber(value: number, language: string): string {
  return numberFormat(language).format(value);
}

/** The view's address with these query parameters; empty values are left out. */
export function viewHref(request: Pick<ViewRequest, 'url'>, query: Readonly<Record<string, string | number | undefined>> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${request.url}?${search}` : request.url;
}

export interface Column<T, K extends string = string> {
  readonly header: string;
  /** A value (escaped) or SafeHtml. */
  cell(row: T): unknown;
  /** `end` for numbers, so their digits line up. */
  readonly align?: 'start' | 'end';
  /** The value the column sorts by; with `sorting` given to `table`, its header links to sorting by it. */
  sortValue?(row: T): SortValue;
  /**
   * For rows a store sorts before paging (a list of 100,000): the key the store sorts by. The header links to
   * sorting like `sortValue`; `sortAsked` tells which key the page asks for.
   */
  readonly sortBy?: K;
}

/** What `table` needs to link sortable headers: the request (its `?sort=&dir=`) and, for a table of its own pages, their parameter. */
export interface Sorting {
  readonly request: ViewRequest;
  /**
   * The table's page parameter, as given to `pager` (default `page`); a change of order goes back to its first
   * page. A table with its own parameter sorts by its own: `holders` → `?holders-sort=&holders-dir=`.
   */
  readonly param?: string;
}

/** The query parameters a table's order travels in: `sort` and `dir`, or `<param>-sort` and `<param>-dir` beside its own pager. */
export function sortParams(param = 'page'): { readonly sort: string; readonly dir: string } {
  return param === 'page' ? { sort: 'sort', dir: 'dir' } : { sort: `${param}-sort`, dir: `${param}-dir` };
}

/** The order parameters the query carries, for a form that should keep the order (a search box's `keep`). */
export function sortQuery(query: Readonly<Record<string, string>>, param = 'page'): Record<string, string> {
  const names = sortParams(param);
  return Object.fromEntries([names.sort, names.dir].filter((name) => query[name] !== undefined).map((name) => [name, query[name]!]));
}

/** The sortable column `?sort=N&dir=asc|desc` asks for (N: its index among `columns`); undefined for the default order. */
export function sortAsked<T, K extends string>(
  columns: readonly Column<T, K>[],
  query: Readonly<Record<string, string>>,
  param = 'page',
): { readonly column: Column<T, K>; readonly descending: boolean } | undefined {
  const names = sortParams(param);
  const index = query[names.sort] ?? '';
  const column = /^\d+$/.test(index) ? columns[Number(index)] : undefined;
  if (!column || (!column.sortValue && column.sortBy === undefined)) return undefined;
  return { column, descending: query[names.dir] === 'desc' };
}

/**
 * The rows in the order `?sort=N&dir=asc|desc` asks (N: the column's index among `columns`), text compared the
 * language's way and missing values last; as given when the query asks for no column with a `sortValue`.
 */
export function sortRows<T>(rows: readonly T[], columns: readonly Column<T>[], query: Readonly<Record<string, string>>, language: string, param = 'page'): T[] {
  const asked = sortAsked(columns, query, param);
  const sortValue = asked?.column.sortValue;
  if (!asked || !sortValue) return [...rows];
  return sortByValue(rows, (row) => sortValue.call(asked.column, row), { descending: asked.descending, language });
}

/**
 * The order the page asks of a store that sorts before paging (columns with `sortBy`), to spread into the store's
 * list query: nothing for its default order.
 */
export function storeOrder<T, K extends string>(
  columns: readonly Column<T, K>[],
  request: Pick<ViewRequest, 'query' | 'language'>,
  param = 'page',
): { readonly sort?: K; readonly descending?: boolean; readonly language?: string } {
  const asked = sortAsked(columns, request.query, param);
  return asked?.column.sortBy === undefined ? {} : { sort: asked.column.sortBy, descending: asked.descending, language: request.language };
}

/** A table with a header row, or `empty` when there are no rows. */
export function table<T>(columns: readonly Column<T>[], rows: readonly T[], empty?: string | SafeHtml, sorting?: Sorting): SafeHtml {
  if (rows.length === 0 && empty !== undefined) return typeof empty === 'string' ? emptyState(empty) : empty;
  const align = (column: Column<T>) => (column.align === 'end' ? html` class="num"` : '');
  const asked = sorting && sortAsked(columns, sorting.request.query, sorting.param);
  const header = (column: Column<T>, index: number) => {
    if (!sorting || (!column.sortValue && column.sortBy === undefined)) return html`<th scope="col"${align(column)}>${column.header}</th>`;
    const names = sortParams(sorting.param);
    const current = asked?.column === column ? (asked.descending ? 'descending' : 'ascending') : undefined;
    const next = current === 'ascending' ? 'desc' : 'asc';
    const href = viewHref(sorting.request, { ...sorting.request.query, [names.sort]: index, [names.dir]: next, [sorting.param ?? 'page']: undefined });
    return html`<th scope="col"${align(column)}${current ? html` aria-sort="${current}"` : ''}><a class="sort" href="${href}">${column.header}${current ? (current === 'ascending' ? ' ▲' : ' ▼') : ''}</a></th>`;
  };
  return html`<div class="table-wrap"><table>
<thead><tr>${columns.map(header)}</tr></thead>
<tbody>${rows.map((row) => html`<tr>${columns.map((c) => html`<td${align(c)}>${c.cell(row)}</td>`)}</tr>`)}</tbody>
</table></div>`;
}

export type BadgeTone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

/** A coloured state label: ok (green), warn (amber), bad (red), info (blue), neutral (grey). */
export function badge(tone: BadgeTone, label: string): SafeHtml {
  return html`<span class="badge badge-${tone}">${label}</span>`;
}

export function emptyState(message: string, hint?: SafeHtml | string): SafeHtml {
  return html`<div class="empty-state"><p>${message}</p>${hint ? html`<p class="muted">${hint}</p>` : ''}</div>`;
}

export interface PageWindow {
  readonly offset: number;
  readonly limit: number;
}

/**
 * The page asked for by `?page=` (1-based; anything else is the first page). Given the total, a page past the last
 * is the last page: `?page=9999` shows the end of the list, never an empty one.
 */
export function pageWindow(query: Readonly<Record<string, string>>, pageSize = 50, param = 'page', total?: number): PageWindow {
  const page = Number(query[param]);
  let index = Number.isSafeInteger(page) && page > 1 ? page - 1 : 0;
  if (total !== undefined) index = Math.min(index, Math.max(0, Math.ceil(total / pageSize) - 1));
  return { offset: index * pageSize, limit: pageSize };
}

/** Fetches the page asked for from a store that counts its total; asked past the last page, the last page. */
export function fetchPage<P extends { readonly total: number }>(
  query: Readonly<Record<string, string>>,
  fetch: (window: PageWindow) => P,
  pageSize = 50,
  param = 'page',
): { readonly window: PageWindow; readonly page: P } {
  const asked = pageWindow(query, pageSize, param);
  const page = fetch(asked);
  const window = pageWindow(query, pageSize, param, page.total);
  return window.offset === asked.offset ? { window, page } : { window, page: fetch(window) };
}

/**
 * A list read whole, sorted as the query asks (`sortRows`) before the page asked for is cut: every row takes part
 * in the order, never only the shown ones. A page past the last is the last page.
 */
export function sortedPage<T>(
  rows: readonly T[],
  columns: readonly Column<T>[],
  request: Pick<ViewRequest, 'query' | 'language'>,
  pageSize = 50,
  param = 'page',
): { readonly window: PageWindow; readonly page: { readonly items: T[]; readonly total: number } } {
  const sorted = sortRows(rows, columns, request.query, request.language, param);
  const window = pageWindow(request.query, pageSize, param, sorted.length);
  return { window, page: { items: sorted.slice(window.offset, window.offset + window.limit), total: sorted.length } };
}

/**
 * `fetchPage` for a store that pages but cannot sort: when the query sorts by a column, every row is fetched and
 * sorted (`sortedPage`) so the order spans the whole list; otherwise only the page asked for is fetched.
 */
export function fetchSortedPage<T>(
  request: Pick<ViewRequest, 'query' | 'language'>,
  columns: readonly Column<T>[],
  fetch: (window: PageWindow) => { readonly items: readonly T[]; readonly total: number },
  pageSize = 50,
): { readonly window: PageWindow; readonly page: { readonly items: readonly T[]; readonly total: number } } {
  if (!sortAsked(columns, request.query)) return fetchPage(request.query, fetch, pageSize);
  return sortedPage(fetch({ offset: 0, limit: Number.MAX_SAFE_INTEGER }).items, columns, request, pageSize);
}

/**
 * One of several tables on a page: sorted as a whole (`sortedPage`) and paged under its own `param`, as its header
 * links and its pager (shown once it runs past a page) ask.
 */
export function sortedTable<T>(
  request: ViewRequest,
  columns: readonly Column<T>[],
  rows: readonly T[],
  options: { readonly param: string; readonly empty?: string | SafeHtml; readonly pageSize?: number },
): SafeHtml {
  const pageSize = options.pageSize ?? 50;
  const { window, page } = sortedPage(rows, columns, request, pageSize, options.param);
  return html`${table(columns, page.items, options.empty, { request, param: options.param })}${page.total > pageSize ? pager(request, window, page.total, options.param) : ''}`;
}

/** The page numbers a pager links to: the first, the last, and two either side of the current one; 0 marks a gap. */
function pageNumbers(current: number, last: number): number[] {
  const shown = [...new Set([1, current - 2, current - 1, current, current + 1, current + 2, last])].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
  return shown.flatMap((p, i) => (i > 0 && p - shown[i - 1]! > 1 ? [0, p] : [p]));
}

/**
 * "1–50 of 100,000" with first / previous / numbered / next / last links that keep the view's other query parameters
 * (a search). Give it the window `pageWindow` clamped with the total.
 */
export function pager(request: ViewRequest, window: PageWindow, total: number, param = 'page'): SafeHtml {
  const text = kitText(request.language);
  const n = (value: number) => formatNumber(value, request.language);
  const page = Math.floor(window.offset / window.limit) + 1;
  const last = Math.max(1, Math.ceil(total / window.limit));
  const from = total === 0 ? 0 : Math.min(window.offset + 1, total);
  const to = Math.min(window.offset + window.limit, total);
  const link = (label: string, target: number, enabled: boolean, rel?: string) =>
    enabled
      ? html`<a class="button secondary" href="${viewHref(request, { ...request.query, [param]: target === 1 ? undefined : target })}"${rel ? html` rel="${rel}"` : ''}>${label}</a>`
      : html`<span class="button secondary disabled" aria-disabled="true">${label}</span>`;
  const numbers = pageNumbers(page, last).map((p) =>
    p === 0
      ? html`<span class="pager-gap" aria-hidden="true">…</span>`
      : p === page
        ? html`<span class="button pager-current" aria-current="page" aria-label="${text.page.replace('{n}', n(p))}">${n(p)}</span>`
        : html`<a class="button secondary" href="${viewHref(request, { ...request.query, [param]: p === 1 ? undefined : p })}" aria-label="${text.page.replace('{n}', n(p))}">${n(p)}</a>`,
  );
  return html`<nav class="pager" aria-label="${text.pages}">
<span class="pager-range">${n(from)}–${n(to)} ${text.of} ${n(total)}</span>
<span class="pager-links">${link(text.first, 1, page > 1)}${link(text.previous, page - 1, page > 1, 'prev')}${last > 1 ? numbers : ''}${link(text.next, page + 1, page < last, 'next')}${link(text.last, last, page < last)}</span>
</nav>`;
}

/** Values a form carries along unseen (a record id, the order of a list). */
export function hiddenInputs(values: Readonly<Record<string, string>> = {}): SafeHtml {
  return html`${Object.entries(values).map(([key, value]) => html`<input type="hidden" name="${key}" value="${value}">`)}`;
}

/** A GET search form over the view; `keep` carries other query parameters (a record id) along. */
export function searchBox(request: ViewRequest, options: { readonly name?: string; readonly placeholder?: string; readonly keep?: Readonly<Record<string, string>> } = {}): SafeHtml {
  const text = kitText(request.language);
  const name = options.name ?? 'search';
  return html`<form method="get" action="${request.url}" class="search" role="search">
${hiddenInputs(options.keep)}
<input type="search" name="${name}" value="${request.query[name] ?? ''}" placeholder="${options.placeholder ?? text.search}" aria-label="${options.placeholder ?? text.search}">
<button type="submit">${text.search}</button>
</form>`;
}

export interface ActionFormOptions {
  /** The `_action` the view's handleAction receives. */
  readonly action: string;
  readonly submit: string;
  /** Form fields (from `field`) shown before the button. */
  readonly fields?: SafeHtml;
  readonly hidden?: Readonly<Record<string, string>>;
  /** Query parameters of the page that posts (a record id), so an error comes back to the same page. */
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly tone?: 'primary' | 'secondary' | 'danger';
  readonly layout?: 'inline' | 'stacked';
}

/** A form that posts back to the view with the CSRF token and an `_action`. */
export function actionForm(request: ViewRequest, options: ActionFormOptions): SafeHtml {
  const tone = options.tone ?? 'primary';
  return html`<form method="post" action="${viewHref(request, options.query)}" class="action-form action-form-${options.layout ?? 'inline'}">
<input type="hidden" name="_csrf" value="${request.csrfToken}">
<input type="hidden" name="_action" value="${options.action}">
${hiddenInputs(options.hidden)}
${options.fields ?? ''}<button type="submit"${tone === 'primary' ? '' : html` class="${tone}"`}>${options.submit}</button>
</form>`;
}

/**
 * A change that needs a second click (wipe, delete): the first click opens a box that says what will happen,
 * the second posts the form. Works without script.
 */
export function confirmAction(request: ViewRequest, options: ActionFormOptions & { readonly label: string; readonly question: string }): SafeHtml {
  return html`<details class="confirm">
<summary class="button ${options.tone ?? 'danger'}">${options.label}</summary>
<div class="confirm-box" role="alertdialog" aria-label="${options.label}"><p>${options.question}</p>${actionForm(request, { ...options, tone: options.tone ?? 'danger' })}</div>
</details>`;
}

/** What a preview's Confirm button posts (the same action and fields again, with `confirmed=yes`), and where Cancel leads. */
export interface Confirmation {
  readonly action: string;
  readonly hidden: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly cancelHref: string;
}

/**
 * A change's preview (`body`: who it affects and how) with its Confirm button and a way back. Changes that move
 * licenses or send mail show one before they happen; nothing changes until Confirm.
 */
export function confirmationSection(request: ViewRequest, body: SafeHtml, confirmation: Confirmation): SafeHtml {
  const text = kitText(request.language);
  const confirm = actionForm(request, { action: confirmation.action, submit: text.confirm, hidden: { ...confirmation.hidden, confirmed: 'yes' }, ...(confirmation.query ? { query: confirmation.query } : {}) });
  return panelSection(text.previewTitle, html`<p class="muted">${text.nothingChanged}</p>${body}<div class="confirm-actions">${confirm} <a href="${confirmation.cancelHref}">${text.cancel}</a></div>`);
}

/** A heading and its content, for a record's page. */
export function panelSection(title: string, body: SafeHtml, actions?: SafeHtml): SafeHtml {
  return html`<section class="panel-section"><div class="section-head"><h2>${title}</h2>${actions ?? ''}</div>${body}</section>`;
}

/** Label/value pairs of one record. */
export function detailList(entries: readonly (readonly [string, unknown])[]): SafeHtml {
  return html`<dl class="details">${entries.map(([label, value]) => html`<div><dt>${label}</dt><dd>${value === undefined || value === '' ? html`<span class="muted">—</span>` : value}</dd></div>`)}</dl>`;
}

/** A link back to a list, above a record's page. */
export function backLink(href: string, label: string): SafeHtml {
  return html`<p class="back"><a href="${href}">← ${label}</a></p>`;
}

/** A timestamp as the admin reads it (UTC, so every admin sees the same time as the audit log). */
export function formatTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${dateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}
