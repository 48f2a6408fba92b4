import { InventoryFacetContribution, type ViewActionRequest, type ViewRequest } from '@vpp-host/api';
import { VppPanelViews } from '../src/panel/bind-panel.js';
import { ADMIN, type Harness } from './harness.js';

/** The plugin's panel pages in a started harness: each rendered as an admin (unless `extra` says otherwise), and its forms posted. */
export function panelPages(h: Harness) {
  const views = h.container.get(VppPanelViews).views;
  const view = (id: string) => views.find((v) => v.id === id)!;
  const request = (id: string, extra: Partial<ViewRequest> = {}): ViewRequest => ({ principal: ADMIN, language: 'en', query: {}, csrfToken: 'csrf-1', url: `/views/vpp-apple/${id}`, ...extra });
  const render = async (id: string, extra: Partial<ViewRequest> = {}) => (await view(id).render(request(id, extra))).body.value;
  const act = (id: string, action: string, form: Record<string, string>, files: Record<string, string> = {}, query: Record<string, string> = {}) =>
    view(id).handleAction!({ ...request(id, { query }), action, form, files } satisfies ViewActionRequest);
  return { render, act };
}

/** The licenses and assignments the plugin shows on the host's inventory pages. */
export function licenseFacet(h: Harness): InventoryFacetContribution {
  return h.container.getAll<InventoryFacetContribution>(InventoryFacetContribution).find((f) => f.id === 'vpp-licenses')!;
}
