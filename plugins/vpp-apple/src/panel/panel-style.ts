import { raw } from '@vpp-host/api';

/**
 * The few pieces the shell's stylesheet has no class for (alerts, checkboxes, a form grid), in the shell's own
 * colours; each vpp-apple page includes it once.
 */
export const VPP_STYLE = raw(`<style>
.vpp-alerts { list-style: none; margin: 0; padding: 0; }
.vpp-alerts li { display: flex; gap: .6rem; align-items: baseline; padding: .45rem 0; border-bottom: 1px solid var(--line); }
.vpp-alerts li:last-child { border-bottom: 0; }
.vpp-alerts .badge { flex: none; }
@media (max-width: 720px) { .vpp-alerts li { flex-direction: column; gap: .2rem; } }
.vpp-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: .75rem; }
.vpp-grid .field input, .vpp-grid .field select { width: 100%; }
fieldset.policy { border: 1px solid var(--line); border-radius: var(--radius); padding: .5rem 1rem; margin: .75rem 0; }
.policy-event { display: flex; flex-wrap: wrap; gap: .25rem 1rem; align-items: baseline; }
.policy-event > span { min-width: 18rem; }
.policy-lines { margin: 0 0 .75rem; padding-left: 1.2rem; }
.vpp-totals { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: .75rem; margin: 0 0 1rem; }
.vpp-totals div { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: .75rem 1rem; }
.vpp-totals dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.vpp-totals dd { margin: .1rem 0 0; font-size: 1.5rem; font-weight: 700; font-variant-numeric: tabular-nums; }
</style>`);
