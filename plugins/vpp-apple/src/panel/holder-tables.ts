import { badge, formatNumber, html, pager, panelSection, sortedPage, table, timeValue, type Column, type Inventory, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import type { QueueView } from '../distribution/distribution-service.js';
import type { LicenseRecord } from '../distribution/model.js';
import { holderLabel, holderOfKey, licenseBadge, orderTimeCell, parseHolderKey, positionBadge, recordName, timeCell } from './panel-labels.js';
import type { VppText } from './panel-text.js';

const PAGE_SIZE = 50;

type Waiting = QueueView['waiting'][number];

/**
 * Rows sorted by the column the query asks for under the table's own parameters, then the page asked for: the
 * item's and the assignment's pages show several such tables at once.
 */
function sortedTable<T>(request: ViewRequest, columns: readonly Column<T>[], rows: readonly T[], param: string, empty: string): SafeHtml {
  const { window, page } = sortedPage(rows, columns, request, PAGE_SIZE, param);
  return html`${table(columns, page.items, empty, { request, param })}${page.total > PAGE_SIZE ? pager(request, window, page.total, param) : ''}`;
}

/** "License holders (n)": who holds the licenses, in the order given unless sorted by a column; `revoke` adds a button to each. */
export function holdersSection(
  request: ViewRequest,
  inventory: Inventory,
  held: readonly LicenseRecord[],
  text: VppText,
  revoke?: (license: LicenseRecord) => SafeHtml,
  /** Names the location each license comes from, for an assignment whose licenses come from several. */
  locationName?: (tokenId: string) => string,
): SafeHtml {
  const columns: Column<LicenseRecord>[] = [
    { header: text.holder, cell: (l) => holderLabel(inventory, l.holderKind, l.holderId, text), sortValue: (l) => recordName(inventory, l.holderKind, l.holderId) },
    ...(locationName ? [{ header: text.location, cell: (l: LicenseRecord) => locationName(l.tokenId), sortValue: (l: LicenseRecord) => locationName(l.tokenId) }] : []),
    { header: text.appleId, cell: (l) => html`<code>${l.appleHolderId}</code>`, sortValue: (l) => l.appleHolderId },
    { header: text.state, cell: (l) => licenseBadge(l.state, text), sortValue: (l) => text[l.state] },
    { header: text.since, cell: (l) => timeCell(l.requestedAt, request.language), sortValue: (l) => timeValue(l.requestedAt) },
    ...(revoke ? [{ header: '', align: 'end' as const, cell: revoke }] : []),
  ];
  return panelSection(`${text.holders} (${formatNumber(held.length, request.language)})`, sortedTable(request, columns, held, 'holders', text.noHolders));
}

/** The holders waiting for a license with their place in the item's queue, in that order unless sorted by a column. */
export function queueTable(request: ViewRequest, inventory: Inventory, waiting: readonly Waiting[], timeHeader: string, text: VppText): SafeHtml {
  const columns: Column<Waiting>[] = [
    { header: text.position, cell: (w) => html`${positionBadge(w.position)}${w.overQuota ? html` ${badge('warn', text.overQuota)}` : ''}`, sortValue: (w) => w.position },
    {
      header: text.holder,
      cell: (w) => holderOfKey(inventory, w.holder, text),
      sortValue: (w) => {
        const { kind, id } = parseHolderKey(w.holder);
        return recordName(inventory, kind, id);
      },
    },
    { header: timeHeader, cell: (w) => orderTimeCell(w.at, request.language), sortValue: (w) => timeValue(w.at) },
  ];
  return sortedTable(request, columns, waiting, 'queue', text.nobodyWaiting);
}
