import { fill, formatNumber, html, pageWindow, pager, panelSection, table, type Inventory, type SafeHtml, type ViewRequest } from '@vpp-host/api';
import { accountText } from './account-text.js';
import { parseHolderKey } from './panel-labels.js';

const PAGE_SIZE = 50;

/**
 * The users covered who wait to enrol in managed distribution before a license can go to them: a paged table by
 * name and email, and, when given, the way to invite them.
 */
export function awaitingEnrolmentSection(request: ViewRequest, inventory: Inventory, holderKeys: readonly string[], options: { readonly param: string; readonly inviteHref?: string }): SafeHtml {
  if (holderKeys.length === 0) return html``;
  const text = accountText(request.language);
  const window = pageWindow(request.query, PAGE_SIZE, options.param, holderKeys.length);
  const users = holderKeys.slice(window.offset, window.offset + window.limit).map((key) => {
    const id = parseHolderKey(key).id;
    const user = inventory.getUser(id);
    return { name: user?.name ?? id, email: user?.email ?? '' };
  });
  const invite = options.inviteHref ? html`<a class="button secondary" href="${options.inviteHref}">${text.inviteThese}</a>` : undefined;
  return panelSection(
    fill(text.awaitingEnrolment, { count: formatNumber(holderKeys.length, request.language) }),
    html`${table([{ header: text.holder, cell: (u: (typeof users)[number]) => u.name }, { header: text.email, cell: (u: (typeof users)[number]) => u.email }], users)}${
      holderKeys.length > PAGE_SIZE ? pager(request, window, holderKeys.length, options.param) : ''
    }`,
    invite,
  );
}
