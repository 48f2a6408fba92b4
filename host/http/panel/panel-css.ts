/**
 * The panel's one stylesheet, served at /assets/panel.css. Views use its classes through the panel kit
 * (host/api/panel-kit.ts): tables, badges, pager, forms, buttons, sections. System fonts only: nothing is fetched.
 */
export const PANEL_CSS = `
:root { --ink: #1d2433; --muted: #5b6478; --line: #dfe3ea; --bg: #f4f6f9; --card: #fff; --accent: #2457c5; --accent-bg: #e8eefb;
  --ok: #1b7a3e; --ok-bg: #e3f4e9; --bad: #a8261b; --bad-bg: #fbe6e4; --warn: #8a5a00; --warn-bg: #fdf1d8; --info: #1f4fa8; --info-bg: #e6eefc;
  --radius: 8px; --topbar: 52px; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
code { font: .85em/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; background: #eef1f5; padding: .05rem .3rem; border-radius: 4px; overflow-wrap: break-word; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--muted); }
.nowrap { white-space: nowrap; }

/* top bar and account menu */
.topbar { position: sticky; top: 0; z-index: 20; display: flex; gap: 1rem; align-items: center; height: var(--topbar);
  padding: 0 1.25rem; background: var(--ink); color: #fff; }
.topbar .brand { color: #fff; font-weight: 700; text-decoration: none; font-size: 1.1rem; margin-right: auto; }
.nav-toggle { position: absolute; opacity: 0; pointer-events: none; }
.menu-button { display: none; align-items: center; gap: .5rem; cursor: pointer; font-weight: 600; padding: .3rem .6rem; border: 1px solid rgba(255,255,255,.35); border-radius: 6px; }
.burger, .burger::before, .burger::after { display: block; width: 16px; height: 2px; background: #fff; position: relative; }
.burger::before, .burger::after { content: ""; position: absolute; left: 0; }
.burger::before { top: -5px; } .burger::after { top: 5px; }
.user-menu { position: relative; }
.user-menu summary { list-style: none; display: flex; align-items: center; gap: .5rem; cursor: pointer; padding: .25rem .5rem; border-radius: 6px; }
.user-menu summary::-webkit-details-marker { display: none; }
.user-menu summary:hover, .user-menu[open] summary { background: rgba(255,255,255,.12); }
.avatar { display: inline-grid; place-items: center; width: 28px; height: 28px; border-radius: 50%; background: var(--accent); font-weight: 700; font-size: .85rem; }
.user-menu .role { font-size: .75rem; border: 1px solid rgba(255,255,255,.4); border-radius: 1rem; padding: 0 .5rem; opacity: .85; }
.menu-panel { position: absolute; right: 0; top: calc(100% + 6px); width: 250px; background: var(--card); color: var(--ink); border: 1px solid var(--line);
  border-radius: var(--radius); box-shadow: 0 8px 24px rgba(20,30,50,.18); padding: .75rem; z-index: 30; }
.menu-panel p { margin: 0 0 .5rem; }
.menu-label { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.language-switch { display: flex; flex-wrap: wrap; gap: .35rem; padding-bottom: .75rem; margin-bottom: .75rem; border-bottom: 1px solid var(--line); }
.language-switch .menu-label { width: 100%; margin: 0; }
.language-switch button[aria-pressed="true"] { background: var(--accent-bg); color: var(--accent); border-color: var(--accent); font-weight: 600; }
.sign-out { width: 100%; }

/* layout: sidebar beside the page; a menu behind a button on narrow screens */
.shell { display: grid; grid-template-columns: 220px minmax(0, 1fr); min-height: calc(100vh - var(--topbar)); }
.nav { background: var(--card); border-right: 1px solid var(--line); padding: 1rem 0; }
.nav ul { list-style: none; margin: 0; padding: 0; position: sticky; top: calc(var(--topbar) + 1rem); }
.nav a { display: block; padding: .45rem 1.25rem; color: var(--ink); text-decoration: none; border-left: 3px solid transparent; }
.nav a:hover { background: var(--bg); }
.nav a[aria-current="page"] { background: var(--accent-bg); color: var(--accent); font-weight: 600; border-left-color: var(--accent); }
main { padding: 1.5rem 2rem 3rem; min-width: 0; max-width: 1200px; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 0; }

/* tables */
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); margin-bottom: .75rem; }
table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
.table-wrap table { border: 0; }
th, td { text-align: left; padding: .55rem .8rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
tbody tr:last-child td { border-bottom: 0; }
tbody tr:hover { background: #fafbfd; }
th { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); background: #fafbfc; white-space: nowrap; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td { overflow-wrap: break-word; }
td form { margin: 0; }
td.num .action-form-inline { justify-content: flex-end; }
td code { white-space: nowrap; }

/* badges */
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 1rem; font-size: .78rem; font-weight: 600; background: var(--line); color: var(--ink); white-space: nowrap; }
.badge-ok, .badge-started { background: var(--ok-bg); color: var(--ok); }
.badge-bad, .badge-failed { background: var(--bad-bg); color: var(--bad); }
.badge-warn, .badge-skipped, .badge-stopped { background: var(--warn-bg); color: var(--warn); }
.badge-info { background: var(--info-bg); color: var(--info); }
.badge-neutral, .badge-discovered, .badge-loaded { background: #eceff3; color: #3d4556; }
.error-text { display: block; min-width: 14rem; color: var(--bad); white-space: pre-wrap; overflow-wrap: anywhere; font-size: .9rem; }

/* messages */
.flash, .notice { padding: .6rem .9rem; border-radius: 6px; margin: 0 0 1rem; }
.flash-success { background: var(--ok-bg); color: var(--ok); }
.flash-error { background: var(--bad-bg); color: var(--bad); }
.flash-info, .notice { background: var(--info-bg); color: var(--info); }
.empty-state, .empty { background: var(--card); border: 1px dashed #c9cfda; border-radius: var(--radius); padding: 1.5rem; text-align: center; color: var(--muted); }
.empty-state p { margin: .25rem 0; }

/* forms and buttons */
label { display: block; font-weight: 600; margin: 0 0 .25rem; font-size: .85rem; }
input, select, textarea { font: inherit; padding: .45rem .6rem; border: 1px solid #c4cad6; border-radius: 6px; max-width: 100%; background: #fff; color: var(--ink); min-height: 2.3rem; }
input:not([type=checkbox]):not([type=radio]), select { height: 2.4rem; }
input:focus, select:focus, button:focus-visible, a:focus-visible, summary:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button, .button { display: inline-flex; align-items: center; justify-content: center; gap: .35rem; font: inherit; font-weight: 600; min-height: 2.3rem;
  padding: .4rem 1rem; border: 1px solid var(--accent); border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; white-space: nowrap; }
button.secondary, .button.secondary { background: var(--card); color: var(--ink); border-color: #c4cad6; }
button.danger, .button.danger { background: var(--bad); border-color: var(--bad); color: #fff; }
.button.disabled { opacity: .45; cursor: default; pointer-events: none; }
td button, td .button { min-height: 1.9rem; padding: .15rem .7rem; font-size: .85rem; }
.field { display: flex; flex-direction: column; min-width: 0; }
.field-error { margin: .25rem 0 0; color: var(--bad); font-size: .9rem; }
[aria-invalid="true"] { border-color: var(--bad); outline: 1px solid var(--bad); }
.action-form { margin: 0; }
.action-form-inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
.action-form-stacked { display: grid; gap: .75rem; }
.action-form-stacked button { justify-self: start; }
.check { display: flex; gap: .5rem; align-items: flex-start; font-weight: 400; margin: 0; }
.check input { min-height: auto; margin-top: .3rem; flex: none; }
.checks { border: 0; padding: 0; margin: 0; min-width: 0; }
.checks legend { font-weight: 600; font-size: .85rem; margin-bottom: .25rem; padding: 0; }
.checks div { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.inline, .inline-form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin: 0 0 1rem; }

/* page furniture */
.toolbar { display: flex; flex-wrap: wrap; gap: .75rem; align-items: flex-end; justify-content: space-between; margin-bottom: 1rem; }
.search { display: flex; gap: .5rem; flex: 1 1 280px; max-width: 480px; margin: 0; }
.search input { flex: 1; min-width: 0; }
.pager { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; margin: .5rem 0 1rem; }
.pager-range { color: var(--muted); font-variant-numeric: tabular-nums; }
.pager-links { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.pager-current { background: var(--accent, #1d4ed8); color: #fff; cursor: default; }
.pager-gap { color: var(--muted); padding: 0 .2rem; }
th a.sort { color: inherit; text-decoration: none; }
th a.sort:hover, th a.sort:focus { text-decoration: underline; }
.panel-section { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; margin-bottom: 1rem; }
.panel-section .table-wrap { border-radius: 6px; }
.panel-section .action-form-inline { margin-top: .25rem; margin-bottom: .75rem; }
.section-head { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; justify-content: space-between; margin-bottom: .75rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-start; }
.details { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: .75rem 1.5rem; margin: 0; }
.details dt { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.details dd { margin: .1rem 0 0; overflow-wrap: anywhere; }
.back { margin: -.5rem 0 .75rem; }
.back a { text-decoration: none; }
details.disclosure, details.confirm { position: relative; }
details.disclosure > summary, details.confirm > summary { list-style: none; }
details.disclosure > summary::-webkit-details-marker, details.confirm > summary::-webkit-details-marker { display: none; }
details.disclosure[open] > .card { position: absolute; right: 0; top: calc(100% + 6px); z-index: 10; width: min(360px, calc(100vw - 2rem)); box-shadow: 0 8px 24px rgba(20,30,50,.15); }
.confirm-box { position: absolute; right: 0; top: calc(100% + 6px); z-index: 10; width: min(340px, calc(100vw - 2rem)); background: var(--card);
  border: 1px solid var(--bad); border-radius: var(--radius); padding: .9rem; box-shadow: 0 8px 24px rgba(20,30,50,.15); }
.confirm-box p { margin: 0 0 .75rem; }
.filters { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: .75rem; align-items: end; background: var(--card);
  border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem; margin-bottom: 1rem; }
.filter-buttons { display: flex; gap: .5rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: var(--radius); padding: 1rem 1.25rem; }

/* sign-in */
.login { max-width: 400px; margin: 4rem auto; padding: 0 1rem; }
.login-brand { text-align: center; font-weight: 700; font-size: 1.4rem; margin: 0 0 1rem; }
.login .card { padding: 1.5rem; }
.login .card h1 { font-size: 1.25rem; margin: 0 0 1rem; }
.login label { margin-top: .75rem; }
.login .card input { width: 100%; }
.login .card button { margin-top: 1.25rem; width: 100%; }
.languages { text-align: center; font-size: .9rem; display: flex; gap: 1rem; justify-content: center; }
.languages a[aria-current] { font-weight: 700; text-decoration: none; color: var(--ink); }

@media (max-width: 720px) {
  .topbar { padding: 0 .75rem; gap: .5rem; }
  .menu-button { display: inline-flex; }
  .user-menu .who, .user-menu .role { display: none; }
  .shell { grid-template-columns: minmax(0, 1fr); }
  .nav { display: none; position: sticky; top: var(--topbar); z-index: 15; border-right: 0; border-bottom: 1px solid var(--line); padding: .25rem 0; box-shadow: 0 6px 16px rgba(20,30,50,.12); }
  .nav ul { position: static; }
  .nav a { padding: .65rem 1rem; }
  .nav-toggle:checked ~ .shell .nav { display: block; }
  main { padding: 1rem .75rem 2rem; }
  h1 { font-size: 1.3rem; }
  .search { max-width: none; }
  .toolbar > details { width: 100%; }
  .toolbar > details > summary { width: 100%; }
  details.disclosure[open] > .card, .confirm-box { position: static; width: auto; margin-top: .5rem; }
  .filters { grid-template-columns: 1fr 1fr; }
  th, td { padding: .5rem .6rem; }
}
`;
