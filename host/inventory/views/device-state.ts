import { html, type SafeHtml } from '../../api/html.js';
import type { Device, DeviceSortKey } from '../../api/inventory.js';
import { badge, type BadgeTone, type Column } from '../../api/panel-kit.js';
import { DEVICE_SORT_VALUES } from '../list-orders.js';
import { DEVICES_URL, recordHref } from './inventory-view-declarations.js';
import type { InventoryText } from './inventory-text.js';

const TONES: Readonly<Record<Device['state'], BadgeTone>> = { enrolled: 'ok', unenrolled: 'warn', wiped: 'bad' };

export function deviceStateBadge(state: Device['state'], text: InventoryText): SafeHtml {
  return badge(TONES[state], text[state]);
}

/**
 * What names a device in a table: name, serial number, platform and state, each sortable both where the store sorts
 * (the devices list) and where the rows are at hand (a user's devices).
 */
export function deviceColumns(text: InventoryText): Record<'name' | 'serialNumber' | 'platform' | 'state', Column<Device, DeviceSortKey>> {
  return {
    name: { header: text.name, cell: (d) => html`<a href="${recordHref(DEVICES_URL, d.id)}">${d.name ?? d.serialNumber}</a>`, sortBy: 'name', sortValue: DEVICE_SORT_VALUES.name },
    serialNumber: { header: text.serialNumber, cell: (d) => html`<code>${d.serialNumber}</code>`, sortBy: 'serialNumber', sortValue: DEVICE_SORT_VALUES.serialNumber },
    platform: { header: text.platform, cell: (d) => `${d.platform} ${d.osVersion}`, sortBy: 'platform', sortValue: DEVICE_SORT_VALUES.platform },
    state: { header: text.state, cell: (d) => deviceStateBadge(d.state, text), sortBy: 'state', sortValue: DEVICE_SORT_VALUES.state },
  };
}
