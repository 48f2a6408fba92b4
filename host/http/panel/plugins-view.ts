import { html } from '../../api/html.js';
import { displayNameOf } from '../../api/labels.js';
import type { PluginState, PluginStatus } from '../../api/manifest.js';
import type { Messages } from '../../api/messages.js';
import { badge, emptyState, formatNumber, sortRows, table, type BadgeTone, type Column } from '../../api/panel-kit.js';
import type { PanelView, ViewRendering, ViewRequest } from '../../api/views.js';
import type { PluginHost } from '../../runtime/plugin-host.js';
import { shellText } from './shell-text.js';

export const PLUGINS_VIEW_DECLARATION = { id: 'plugins', title: 'Plugins', titles: { nl: 'Plug-ins', fr: 'Extensions' }, order: 1000 };

const STATE_TONES: Readonly<Record<PluginState, BadgeTone>> = { discovered: 'neutral', loaded: 'neutral', started: 'ok', failed: 'bad', refused: 'bad', skipped: 'warn', disabled: 'neutral', stopped: 'warn' };

/** The host's "Plugins" page: each plugin's id, name, version, state and, when it did not start, why. */
export class PluginsView implements PanelView {
  readonly id = PLUGINS_VIEW_DECLARATION.id;

  constructor(
    private readonly plugins: PluginHost,
    private readonly messages: Messages,
  ) {}

  async render(request: ViewRequest): Promise<ViewRendering> {
    const text = shellText(request.language);
    const statuses = this.plugins.statuses();
    const manifests = new Map(this.plugins.manifests().map((m) => [m.id, m]));
    if (statuses.length === 0) return { body: emptyState(text.noPlugins) };
    const name = (s: PluginStatus) => {
      const manifest = manifests.get(s.id);
      return manifest ? displayNameOf(manifest, request.language) : s.displayName;
    };
    const error = (s: PluginStatus) => (s.errorSaid ? this.messages.say(s.errorSaid, request.language) : undefined);
    const columns: Column<PluginStatus>[] = [
      { header: text.id, cell: (s) => html`<code>${s.id}</code>`, sortValue: (s) => s.id },
      { header: text.name, cell: name, sortValue: name },
      { header: text.version, cell: (s) => s.version, sortValue: (s) => s.version },
      { header: text.state, cell: (s) => badge(STATE_TONES[s.state], text[s.state]), sortValue: (s) => text[s.state] },
      { header: text.startTime, align: 'end', cell: (s) => (s.startMs === undefined ? '' : `${formatNumber(s.startMs, request.language)} ms`), sortValue: (s) => s.startMs },
      { header: text.error, cell: (s) => (s.errorSaid ? html`<span class="error-text">${error(s)}</span>` : ''), sortValue: error },
    ];
    // A few dozen plugins at most, all on one page: sorted as shown, in the order they load until asked.
    return { body: html`<p class="muted">${text.pluginsIntro}</p>
${table(columns, sortRows(statuses, columns, request.query, request.language), undefined, { request })}` };
  }
}
