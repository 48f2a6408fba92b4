import type { GroupKind } from '../../api/inventory.js';
import { viewUrl } from '../../http/panel/navigation.js';

/** The inventory pages in the navigation; ids are part of the panel's addresses, keep them stable. */
export const INVENTORY_VIEW_DECLARATIONS = [
  { id: 'users', title: 'Users', titles: { nl: 'Gebruikers', fr: 'Utilisateurs' }, order: 200 },
  { id: 'user-groups', title: 'Groups', titles: { nl: 'Groepen', fr: 'Groupes' }, order: 210 },
  { id: 'devices', title: 'Devices', titles: { nl: 'Apparaten', fr: 'Appareils' }, order: 220 },
  { id: 'device-groups', title: 'Device groups', titles: { nl: 'Apparaatgroepen', fr: "Groupes d'appareils" }, order: 230 },
] as const;

export const USERS_URL = viewUrl('host', 'users');
export const DEVICES_URL = viewUrl('host', 'devices');
export const GROUPS_URL: Readonly<Record<GroupKind, string>> = { 'user-group': viewUrl('host', 'user-groups'), 'device-group': viewUrl('host', 'device-groups') };

export function recordHref(listUrl: string, id: string): string {
  return `${listUrl}?id=${encodeURIComponent(id)}`;
}
