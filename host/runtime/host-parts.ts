import { alertsPart } from '../alerts/alerts-part.js';
import { auditPart } from '../audit/audit-part.js';
import { activityViewPart } from '../audit/views/activity-view-part.js';
import { commandsPart } from '../commands/commands-part.js';
import { httpPart } from '../http/http-part.js';
import { inventoryPart } from '../inventory/inventory-part.js';
import { inventoryViewsPart } from '../inventory/views/inventory-views-part.js';
import type { HostPart } from './host-part.js';

/** The host's own parts, opened in this order before the plugins load and stopped in reverse after them. */
export const HOST_PARTS: readonly HostPart[] = [
  auditPart,
  inventoryPart,
  httpPart,
  alertsPart,
  inventoryViewsPart,
  activityViewPart,
  commandsPart,
];
