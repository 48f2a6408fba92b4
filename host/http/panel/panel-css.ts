/** The shell's stylesheet, served at /assets/panel.css; views may use its table, badge, form and button classes. */
export const PANEL_CSS = `
:root { --ink: #1d2433; --muted: #5b6478; --line: #dfe3ea; --bg: #f5f7fa; --card: #fff; --accent: #2457c5;
  --ok: #1b7a3e; --ok-bg: #e3f4e9; --bad: #a8261b; --bad-bg: #fbe6e4; --warn: #8a5a00; --warn-bg: #fdf1d8; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--accent); }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.topbar { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  padding: .6rem 1.25rem; background: var(--ink); color: #fff; }
.topbar .brand { color: #fff; font-weight: 700; text-decoration: none; font-size: 1.1rem; }
.account { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; font-size: .9rem; }
.account .role { opacity: .75; font-size: .8rem; border: 1px solid rgba(255,255,255,.4); border-radius: 1rem; padding: 0 .5rem; }
.inline { display: inline-flex; gap: .35rem; align-items: center; margin: 0; }
.shell { display: grid; grid-template-columns: 220px 1fr; min-height: calc(100vh - 52px); }
.nav { background: var(--card); border-right: 1px solid var(--line); padding: 1rem 0; }
.nav ul { list-style: none; margin: 0; padding: 0; }
.nav a { display: block; padding: .45rem 1.25rem; color: var(--ink); text-decoration: none; }
.nav a:hover { background: var(--bg); }
.nav a[aria-current="page"] { background: #e8eefb; color: var(--accent); font-weight: 600; border-left: 3px solid var(--accent); }
main { padding: 1.25rem 1.5rem; min-width: 0; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
table { width: 100%; border-collapse: collapse; background: var(--card); border: 1px solid var(--line); }
th, td { text-align: left; padding: .5rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); background: #fafbfc; }
.table-wrap { overflow-x: auto; }
.badge { display: inline-block; padding: .05rem .55rem; border-radius: 1rem; font-size: .8rem; font-weight: 600; background: var(--line); }
.badge-started { background: var(--ok-bg); color: var(--ok); }
.badge-failed { background: var(--bad-bg); color: var(--bad); }
.badge-skipped, .badge-stopped { background: var(--warn-bg); color: var(--warn); }
.error-text { display: block; min-width: 14rem; color: var(--bad); white-space: pre-wrap; overflow-wrap: anywhere; font-size: .9rem; }
.flash { padding: .6rem .9rem; border-radius: 6px; margin: 0 0 1rem; }
.flash-success { background: var(--ok-bg); color: var(--ok); }
.flash-error { background: var(--bad-bg); color: var(--bad); }
label { display: block; font-weight: 600; margin: .75rem 0 .25rem; }
input, select, textarea { font: inherit; padding: .45rem .6rem; border: 1px solid #c4cad6; border-radius: 6px; max-width: 100%; }
.account select { padding: .15rem .3rem; }
button { font: inherit; padding: .45rem 1rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: transparent; color: inherit; border: 1px solid currentColor; padding: .15rem .6rem; }
.muted { color: var(--muted); }
.login { max-width: 380px; margin: 4rem auto; padding: 0 1rem; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 1.25rem 1.5rem 1.5rem; }
.card h2 { margin: 0 0 .5rem; font-size: 1.2rem; }
.card input { width: 100%; }
.card button { margin-top: 1.25rem; width: 100%; }
.languages { text-align: center; font-size: .9rem; }
@media (max-width: 720px) {
  .shell { grid-template-columns: 1fr; grid-template-rows: auto 1fr; }
  .nav { border-right: 0; border-bottom: 1px solid var(--line); padding: 0; overflow-x: auto; }
  .nav ul { display: flex; }
  .nav a { white-space: nowrap; padding: .6rem .9rem; }
  .nav a[aria-current="page"] { border-left: 0; border-bottom: 3px solid var(--accent); }
  main { padding: 1rem; }
}
`;
