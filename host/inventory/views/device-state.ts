import type { SafeHtml } from '../../api/html.js';
import type { Device } from '../../api/inventory.js';
import { badge, type BadgeTone } from '../../api/panel-kit.js';
import type { InventoryText } from './inventory-text.js';

const TONES: Readonly<Record<Device['state'], BadgeTone>> = { enrolled: 'ok', unenrolled: 'warn', wiped: 'bad' };

export function deviceStateBadge(state: Device['state'], text: InventoryText): SafeHtml {
  return badge(TONES[state], text[state]);
}
