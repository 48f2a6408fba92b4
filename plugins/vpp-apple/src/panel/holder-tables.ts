import { badge, formatNumber, html, panelSection, sortedTable, timeValue, type Column, type Inventory, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import type { QueueView } from '../distribution/distribution-service.js';
import type { LicenseRecord } from '../distribution/model.js';
import { holderLabel, holderOfKey, licenseBadge, orderTimeCell, parseHolderKey, positionBadge, recordName, timeCell } from './panel-labels.js';
import type { VppText } from './panel-text.js';

type Waiting = QueueView['waiting'][number];

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
  return panelSection(`${text.holders} (${formatNumber(held.length, request.language)})`, sortedTable(request, columns, held, { param: 'holders', empty: text.noHolders }));
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
  return sortedTable(request, columns, waiting, { param: 'queue', empty: text.nobodyWaiting });
}
