import { badge, dateTimeFormat, formatTime, html, type BadgeTone, type Inventory, type MessageParam, type Messages, type SafeHtml } from '@vpp-host/api';
import type { TokenHealth, TokenSyncState } from '../../api/index.js';
import { unnamedVppItem } from '../distribution/catalog.js';
import type { AssignmentState, CatalogItem, HolderKind, ItemKind, LicenseState, Target } from '../distribution/model.js';
import type { VppText } from './panel-text.js';

/** The panel's addresses: this plugin's pages and the host's inventory pages that the facets extend. */
export function pageUrl(viewId: string, query: Readonly<Record<string, string>> = {}, pluginId = 'vpp-apple'): string {
  const search = new URLSearchParams(query).toString();
  return `/views/${pluginId}/${viewId}${search ? `?${search}` : ''}`;
}

const INVENTORY_VIEW: Readonly<Record<Target['kind'], string>> = {
  device: 'devices',
  'device-group': 'device-groups',
  user: 'users',
  'user-group': 'user-groups',
  'all-users': 'users',
  'all-devices': 'devices',
};

const TOKEN_TONE: Readonly<Record<TokenHealth['state'], BadgeTone>> = {
  valid: 'ok',
  expiring: 'warn',
  expired: 'bad',
  revoked: 'bad',
  invalid: 'bad',
  'claimed-elsewhere': 'bad',
};
const SYNC_TONE: Readonly<Record<TokenSyncState['status'], BadgeTone>> = { none: 'neutral', 'in-progress': 'info', completed: 'ok', failed: 'bad' };
const LICENSE_TONE: Readonly<Record<LicenseState, BadgeTone>> = { requested: 'info', confirmed: 'ok', releasing: 'warn', released: 'neutral', failed: 'bad' };
const KIND_TONE: Readonly<Record<ItemKind, BadgeTone>> = { 'in-house-app': 'neutral', 'in-house-book': 'neutral', 'vpp-app': 'info', 'vpp-book': 'info' };

export const tokenStateBadge = (health: TokenHealth, text: VppText): SafeHtml => badge(TOKEN_TONE[health.state], text[health.state]);
export const syncBadge = (sync: TokenSyncState, text: VppText): SafeHtml => badge(SYNC_TONE[sync.status], text[sync.status]);
export const licenseBadge = (state: LicenseState, text: VppText): SafeHtml => badge(LICENSE_TONE[state], text[state]);
export const kindBadge = (kind: ItemKind, text: VppText): SafeHtml => badge(KIND_TONE[kind], text[kind]);
export const assignmentBadge = (state: AssignmentState, text: VppText): SafeHtml => badge(state === 'active' ? 'ok' : 'warn', text[state]);
/** A stored reason (a token's health, a failed sync) in the admin's language; empty when there is none. */
export function reasonIn(stored: { readonly reason?: string; readonly messageId?: string; readonly params?: Readonly<Record<string, MessageParam>> }, language: string, messages: Messages): string {
  return stored.reason === undefined ? '' : messages.say({ message: stored.reason, messageId: stored.messageId, params: stored.params }, language);
}

/** A place in a first-come-first-served queue. */
export const positionBadge = (position: number): SafeHtml => badge('info', `#${position}`);

/** How the inventory names a user, device or group, or its id when it is gone. */
export function recordName(inventory: Inventory, kind: Target['kind'], id: string): string {
  switch (kind) {
    case 'device': {
      const device = inventory.getDevice(id);
      return device ? (device.name ?? device.serialNumber) : id;
    }
    case 'user':
      return inventory.getUser(id)?.name ?? id;
    case 'device-group':
      return inventory.getDeviceGroup(id)?.name ?? id;
    case 'user-group':
      return inventory.getUserGroup(id)?.name ?? id;
    case 'all-users':
    case 'all-devices':
      return id;
  }
}

/** What a target's label names, to sort by: the record's name, or all users or all devices in the reader's words. */
export function targetName(inventory: Inventory, target: Target, text: VppText): string {
  return target.kind === 'all-users' || target.kind === 'all-devices' ? text[target.kind] : recordName(inventory, target.kind, target.id);
}

/** A catalog item by name linked to its page, with a VPP item's adamId as quieter text; the id when it is gone. */
export function itemLink(itemId: string, item: CatalogItem | undefined): SafeHtml {
  // A store name gets the adamId beside it; the stand-in name already is "App <adamId>".
  const named = item?.vpp && (item.kind === 'vpp-app' || item.kind === 'vpp-book') && item.name !== unnamedVppItem(item.kind, item.vpp.adamId);
  const adamId = named ? html` <span class="muted nowrap">${item.vpp!.adamId}</span>` : '';
  return html`<a href="${pageUrl('catalog', { id: itemId })}">${item?.name ?? itemId}</a>${adamId}`;
}

/** "Device group · iPads", linked to the record's inventory page. */
export function targetLabel(inventory: Inventory, target: Target, text: VppText): SafeHtml {
  if (target.kind === 'all-users' || target.kind === 'all-devices') {
    return html`<a href="${pageUrl(INVENTORY_VIEW[target.kind], {}, 'host')}">${text[target.kind]}</a>`;
  }
  const href = pageUrl(INVENTORY_VIEW[target.kind], { id: target.id }, 'host');
  return html`<span class="muted">${text[target.kind]}</span> · <a href="${href}">${recordName(inventory, target.kind, target.id)}</a>`;
}

/** A license holder by name, linked to its inventory page. */
export function holderLabel(inventory: Inventory, kind: HolderKind, id: string, text: VppText): SafeHtml {
  return targetLabel(inventory, { kind, id }, text);
}

/** A queue entry's holder ("device:d1"). */
export function holderOfKey(inventory: Inventory, key: string, text: VppText): SafeHtml {
  const { kind, id } = parseHolderKey(key);
  return holderLabel(inventory, kind, id, text);
}

export function parseHolderKey(key: string): { kind: HolderKind; id: string } {
  const at = key.indexOf(':');
  return { kind: key.slice(0, at) === 'user' ? 'user' : 'device', id: key.slice(at + 1) };
}

/** A timestamp that never breaks across lines in a table cell. */
export function timeCell(iso: string, language: string): SafeHtml {
  return html`<span class="nowrap">${formatTime(iso, language)}</span>`;
}

/**
 * A timestamp in UTC like the panel's others, whose day and time each stay whole but may sit on two lines, so a
 * wide table still fits; `seconds` for the times that order first-come-first-served, where two people a minute
 * apart must not look alike.
 */
export function stackedTimeCell(iso: string, language: string, seconds = false): SafeHtml {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  const day = dateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  const time = dateTimeFormat(language, { timeStyle: seconds ? 'medium' : 'short', timeZone: 'UTC' }).format(date);
  return html`<time datetime="${iso}"><span class="nowrap">${day}</span> <span class="nowrap">${time} UTC</span></time>`;
}

/** When a user accepted enrolment or a device joined a target: to the second. */
export function orderTimeCell(iso: string, language: string): SafeHtml {
  return stackedTimeCell(iso, language, true);
}

/**
 * What orders a queue, named for what it is: users wait by when they accepted enrolment, devices by when they
 * joined the target (the group, or the assignment of a single device).
 */
export function queueTimeHeader(holderKinds: Iterable<HolderKind>, text: VppText): string {
  const kinds = new Set(holderKinds);
  if (kinds.size === 1) return kinds.has('user') ? text.enrolledAt : text.joinedAt;
  return text.enrolledOrJoinedAt;
}
