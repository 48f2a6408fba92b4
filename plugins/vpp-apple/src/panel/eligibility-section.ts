import { html, panelSection, table, type SafeHtml } from '@vpp-host/api';
import { ELIGIBILITY } from '../distribution/eligibility.js';
import { ITEM_KINDS } from '../distribution/model.js';
import { kindBadge } from './panel-labels.js';
import type { VppText } from './panel-text.js';

/** Seed 001's table: which kinds go to Macs, iOS devices and users. */
export function eligibilitySection(text: VppText): SafeHtml {
  const yes = (ok: boolean, note?: string) => (ok ? html`${text.yes}${note ? html` <span class="muted">${note}</span>` : ''}` : text.no);
  return panelSection(
    text.eligibility,
    html`${table(
      [
        { header: text.kind, cell: (kind: (typeof ITEM_KINDS)[number]) => kindBadge(kind, text) },
        { header: text.mac, cell: (kind: (typeof ITEM_KINDS)[number]) => yes(ELIGIBILITY[kind].mac, kind === 'vpp-app' ? text.macMinimum : undefined) },
        { header: text.ios, cell: (kind: (typeof ITEM_KINDS)[number]) => yes(ELIGIBILITY[kind].ios, kind === 'vpp-app' ? text.iosMinimum : undefined) },
        { header: text.users, cell: (kind: (typeof ITEM_KINDS)[number]) => yes(ELIGIBILITY[kind].user) },
      ],
      ITEM_KINDS,
    )}<p class="muted">${text.booksIrrevocable}</p>`,
  );
}
