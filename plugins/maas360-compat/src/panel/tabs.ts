import { html, raw, type SafeHtml } from '@vpp-host/api';

export interface Tab {
  readonly id: string;
  readonly label: string;
  readonly body: SafeHtml;
}

/** Tabs with no script: a radio button per tab, its label as the tab, and the panel shown for the checked one. */
export const TABS_STYLE = html`<style>
.tabs { display: flex; flex-wrap: wrap; gap: 0 .25rem; }
.tabs > .tab-switch { position: absolute; opacity: 0; pointer-events: none; }
.tabs > .tab-label { order: 1; padding: .5rem 1rem; border: 1px solid var(--border, #ccc); border-bottom: 0; border-radius: .4rem .4rem 0 0; cursor: pointer; font-weight: 600; }
.tabs > .tab-switch:checked + .tab-label { background: var(--surface, #fff); box-shadow: inset 0 3px 0 var(--accent, #0b5cad); }
.tabs > .tab-switch:focus-visible + .tab-label { outline: 2px solid var(--accent, #0b5cad); }
.tabs > .tab-panel { order: 2; display: none; width: 100%; border: 1px solid var(--border, #ccc); padding: 1rem; gap: .75rem; flex-direction: column; }
${raw([1, 2, 3, 4, 5].map((n) => `.tabs > .tab-switch:nth-of-type(${n}):checked ~ .tab-panel-${n} { display: flex; }`).join('\n'))}
.help { margin: -.5rem 0 0; font-size: .85rem; }
</style>`;

/** `group` keeps two tab sets on one page apart. The first tab is open. */
export function tabs(group: string, items: readonly Tab[]): SafeHtml {
  return html`<div class="tabs" role="group">${items.map(
    (tab, index) => html`<input type="radio" class="tab-switch" name="_tab-${group}" id="tab-${group}-${tab.id}" form="no-form"${index === 0 ? html` checked` : ''}><label class="tab-label" for="tab-${group}-${tab.id}">${tab.label}</label>`,
  )}${items.map((tab, index) => html`<div class="tab-panel tab-panel-${index + 1}" id="panel-${group}-${tab.id}">${tab.body}</div>`)}</div>`;
}
