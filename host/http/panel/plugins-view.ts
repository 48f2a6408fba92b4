import { html } from '../../api/html.js';
import type { PanelView, ViewRendering, ViewRequest } from '../../api/views.js';
import type { PluginHost } from '../../runtime/plugin-host.js';
import { shellText } from './shell-text.js';

export const PLUGINS_VIEW_DECLARATION = { id: 'plugins', title: 'Plugins', titles: { nl: 'Plug-ins', fr: 'Extensions' }, order: 1000 };

/** The host's "Plugins" page: each plugin's id, name, version, state and, when it did not start, why. */
export class PluginsView implements PanelView {
  readonly id = PLUGINS_VIEW_DECLARATION.id;

  constructor(private readonly plugins: PluginHost) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = shellText(request.language);
    const statuses = this.plugins.statuses();
    if (statuses.length === 0) return { body: html`<p class="muted">${text.noPlugins}</p>` };
    return {
      body: html`<p class="muted">${text.pluginsIntro}</p>
<div class="table-wrap"><table>
  <thead><tr><th>${text.id}</th><th>${text.name}</th><th>${text.version}</th><th>${text.state}</th><th>${text.startTime}</th><th>${text.error}</th></tr></thead>
  <tbody>${statuses.map(
    (status) => html`<tr>
    <td><code>${status.id}</code></td>
    <td>${status.displayName}</td>
    <td>${status.version}</td>
    <td><span class="badge badge-${status.state}">${text[status.state]}</span></td>
    <td>${status.startMs === undefined ? '' : `${status.startMs} ms`}</td>
    <td>${status.error ? html`<span class="error-text">${status.error}</span>` : ''}</td>
  </tr>`,
  )}</tbody>
</table></div>`,
    };
  }
}
