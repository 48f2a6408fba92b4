import { fill, formatNumber, html, panelSection, sortedTable, type Column, type Inventory, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import { accountText } from './account-text.js';
import { parseHolderKey } from './panel-labels.js';

/**
 * The users covered who wait to enrol in managed distribution before a license can go to them: a paged table by
 * name and email, sortable by either (under the table's own `param`), and, when given, the way to invite them.
 */
export function awaitingEnrolmentSection(request: ViewRequest, inventory: Inventory, holderKeys: readonly string[], options: { readonly param: string; readonly inviteHref?: string }): SafeHtml {
  if (holderKeys.length === 0) return html``;
  const text = accountText(request.language);
  const columns: Column<{ readonly name: string; readonly email: string }>[] = [
    { header: text.holder, cell: (u) => u.name, sortValue: (u) => u.name },
    { header: text.email, cell: (u) => u.email, sortValue: (u) => u.email || undefined },
  ];
  const all = holderKeys.map((key) => {
    const id = parseHolderKey(key).id;
    const user = inventory.getUser(id);
    return { name: user?.name ?? id, email: user?.email ?? '' };
  });
  const invite = options.inviteHref ? html`<a class="button secondary" href="${options.inviteHref}">${text.inviteThese}</a>` : undefined;
  return panelSection(
    fill(text.awaitingEnrolment, { count: formatNumber(holderKeys.length, request.language) }),
    sortedTable(request, columns, all, { param: options.param }),
    invite,
  );
}
