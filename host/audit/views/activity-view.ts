import type { Actor } from '../../api/actor.js';
import type { AuditEntry, AuditLog, AuditQuery } from '../../api/audit.js';
import { html, type SafeHtml } from '../../api/html.js';
import { field } from '../../api/panel-field.js';
import { badge, fetchPage, formatTime, hiddenInputs, pager, sortQuery, storeOrder, table, viewHref, type BadgeTone, type Column } from '../../api/panel-kit.js';
import type { PanelView, ViewRendering, ViewRequest } from '../../api/views.js';
import { labelsOf } from '../../api/labels.js';
import type { PluginManifest } from '../../api/manifest.js';
import { activityText, type ActivityText } from './activity-text.js';

const PAGE_SIZE = 50;
const ACTOR_KINDS = ['admin', 'api-token', 'plugin', 'schedule', 'system', 'apple'] as const satisfies readonly Actor['kind'][];
const ACTOR_TONES: Readonly<Record<Actor['kind'], BadgeTone>> = { admin: 'info', 'api-token': 'info', plugin: 'neutral', schedule: 'neutral', system: 'neutral', apple: 'warn' };
const DAY_MS = 86_400_000;

export const ACTIVITY_VIEW_DECLARATION = { id: 'activity', title: 'Activity', titles: { nl: 'Activiteit', fr: 'Activité' }, order: 800 };

interface Filters {
  readonly query: AuditQuery;
  readonly problems: string[];
}

function isActorKind(value: string | undefined): value is Actor['kind'] {
  return (ACTOR_KINDS as readonly string[]).includes(value ?? '');
}

/** A date field's value as an ISO bound; a bare day ends at its last millisecond when it is the upper bound. */
function timeBound(value: string, end: boolean): string | undefined {
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) return undefined;
  const wholeDay = /^\d{4}-\d{2}-\d{2}$/.test(value);
  return new Date(wholeDay && end ? parsed + DAY_MS - 1 : parsed).toISOString();
}

function filtersOf(request: ViewRequest, text: ActivityText): Filters {
  const q = request.query;
  const problems: string[] = [];
  const bound = (key: 'since' | 'until') => {
    const value = q[key]?.trim();
    if (!value) return {};
    const iso = timeBound(value, key === 'until');
    if (!iso) problems.push(text.badDate.replace('{value}', value));
    return iso ? { [key]: iso } : {};
  };
  const optional = (key: 'action' | 'text') => (q[key]?.trim() ? { [key]: q[key].trim() } : {});
  return {
    query: { ...(isActorKind(q.actor) ? { actorKind: q.actor } : {}), ...optional('action'), ...optional('text'), ...bound('since'), ...bound('until') },
    problems,
  };
}


/** "Activity": the audit log, newest first (or oldest, by its When header), filtered by actor kind, action, text and time, paged on the server. */
export class ActivityView implements PanelView {
  readonly id = ACTIVITY_VIEW_DECLARATION.id;

  constructor(
    private readonly audit: AuditLog,
    /** The host's and the running plugins' manifests: they name the audit actions and target kinds. */
    private readonly manifests: () => readonly PluginManifest[],
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = activityText(request.language);
    const { query, problems } = filtersOf(request, text);
    const filtered = ['actor', 'action', 'text', 'since', 'until'].some((key) => request.query[key]);
    const action = labelsOf(this.manifests().flatMap((m) => m.contributes.auditActions), request.language);
    const targetKind = labelsOf(this.manifests().flatMap((m) => m.contributes.auditTargets), request.language);
    // Only the time sorts (either way): the log, up to a million entries, is kept in time order and read from
    // either end; ordering it by another column would sort every entry for each page shown.
    const columns: Column<AuditEntry, 'time'>[] = [
      { header: text.when, cell: (e) => html`<span class="nowrap">${formatTime(e.at, request.language)}</span>`, sortBy: 'time' },
      { header: text.actor, cell: (e) => html`${badge(ACTOR_TONES[e.actor.kind], text[e.actor.kind])} ${e.actor.name ?? e.actor.id}` },
      // The readable name, with the code scripts filter on beside it.
      { header: text.action, cell: (e) => { const label = action(e.action); return label ? html`${label} <code class="muted">${e.action}</code>` : html`<code>${e.action}</code>`; } },
      { header: text.target, cell: (e) => (e.target ? html`<span class="muted">${targetKind(e.target.type) ?? e.target.type}</span> ${e.target.name ?? e.target.id}` : '') },
      { header: text.reason, cell: (e) => e.reason },
      { header: text.source, cell: (e) => e.source },
    ];
    const order = storeOrder(columns, request);
    const oldestFirst = order.sort === 'time' && !order.descending;
    const { window, page } = fetchPage(request.query, (asked) => this.audit.query({ ...query, ...(oldestFirst ? { oldestFirst } : {}), ...asked }), PAGE_SIZE);
    const entries = table(columns, page.items, filtered ? text.noMatches : text.noEntries, { request });
    return {
      body: html`${this.filterForm(request, text)}
${problems.map((problem) => html`<p class="flash flash-error" role="alert">${problem}</p>`)}
${entries}
${page.total > 0 ? pager(request, window, page.total) : ''}`,
    };
  }

  private filterForm(request: ViewRequest, text: ActivityText): SafeHtml {
    const q = request.query;
    const order = sortQuery(q);
    return html`<form method="get" action="${request.url}" class="filters" role="search">
${hiddenInputs(order)}
${field({ label: text.actor, name: 'actor', value: q.actor, choices: [{ value: '', label: text.anyActor }, ...ACTOR_KINDS.map((kind) => ({ value: kind, label: text[kind] }))] })}
${field({ label: text.action, name: 'action', value: q.action, placeholder: text.actionHint })}
${field({ label: text.text, name: 'text', value: q.text, type: 'search' })}
${field({ label: text.since, name: 'since', value: q.since, type: 'date' })}
${field({ label: text.until, name: 'until', value: q.until, type: 'date' })}
<div class="filter-buttons"><button type="submit">${text.filter}</button><a class="button secondary" href="${viewHref(request, order)}">${text.clear}</a></div>
</form>`;
  }
}
