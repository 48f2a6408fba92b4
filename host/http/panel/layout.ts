import type { Principal } from '../../api/actor.js';
import { html, type SafeHtml } from '../../api/html.js';
import type { Flash } from '../../api/views.js';
import type { NavigationItem } from './navigation.js';
import { LANGUAGE_NAMES, PANEL_LANGUAGES, shellText, type PanelLanguage, type ShellText } from './shell-text.js';

export interface PageFrame {
  readonly language: PanelLanguage;
  readonly title: string;
  readonly body: SafeHtml;
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly navigation: readonly NavigationItem[];
  /** The address of the page, to mark its navigation entry and to come back to after a language change. */
  readonly currentUrl: string;
  readonly flash?: Flash | undefined;
  /** Set on a standby host: it takes no changes, and names the active host. */
  readonly standby?: StandbyFrame | undefined;
}

export interface StandbyFrame {
  readonly activeHost: string | null;
}

/** The standby notice as plain text, for a refused change's message page. */
export function standbyMessage(text: ShellText, activeHost: string | null): string {
  return activeHost ? `${text.standbyNotice} ${activeHost}` : text.standbyNoActive;
}

function standbyNotice(text: ShellText, standby: StandbyFrame | undefined): SafeHtml | '' {
  if (!standby) return '';
  // The address comes from the database: only a web address becomes a link.
  if (!standby.activeHost || !/^https?:\/\//.test(standby.activeHost)) return html`<p class="notice" role="status">${text.standbyNoActive}</p>`;
  return html`<p class="notice" role="status">${text.standbyNotice} <a href="${standby.activeHost}">${standby.activeHost}</a></p>`;
}

function document(language: PanelLanguage, title: string, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · vpp-host</title>
<link rel="stylesheet" href="/assets/panel.css">
<script src="/assets/panel.js" defer></script>
</head>
<body>${content}</body>
</html>`;
}

export function flashMessage(flash: Flash): SafeHtml {
  return html`<p class="flash flash-${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.message}</p>`;
}

/** The account menu: who is signed in, the language buttons (one click, no script) and sign-out. */
function userMenu(frame: PageFrame, text: ShellText): SafeHtml {
  const name = frame.principal.name ?? frame.principal.id;
  const role = frame.principal.role === 'admin' ? text.roleAdmin : text.roleReadOnly;
  return html`<details class="user-menu">
  <summary><span class="avatar" aria-hidden="true">${name.slice(0, 1).toUpperCase()}</span><span class="who">${name}</span><span class="role">${role}</span></summary>
  <div class="menu-panel">
    <p class="muted">${text.signedInAs} <strong>${name}</strong></p>
    <form method="post" action="/language" class="language-switch">
      <input type="hidden" name="_csrf" value="${frame.csrfToken}">
      <input type="hidden" name="back" value="${frame.currentUrl}">
      <p class="menu-label">${text.language}</p>
      ${PANEL_LANGUAGES.map(
        (code) => html`<button type="submit" name="language" value="${code}" lang="${code}" class="secondary"${code === frame.language ? html` aria-pressed="true"` : ''}>${LANGUAGE_NAMES[code]}</button>`,
      )}
    </form>
    <form method="post" action="/logout">
      <input type="hidden" name="_csrf" value="${frame.csrfToken}">
      <button type="submit" class="sign-out">${text.signOut}</button>
    </form>
  </div>
</details>`;
}

/**
 * A signed-in page: top bar with the account menu, the navigation (a sidebar, a menu behind a button on a phone),
 * the flash message and the view's body. The menu button is a checkbox, so it works without script.
 */
export function renderPage(frame: PageFrame): SafeHtml {
  const text = shellText(frame.language);
  const currentPath = frame.currentUrl.split('?')[0];
  return document(
    frame.language,
    frame.title,
    html`<input type="checkbox" id="nav-toggle" class="nav-toggle" aria-hidden="true" tabindex="-1">
<header class="topbar">
  <label for="nav-toggle" class="menu-button" aria-label="${text.navigation}"><span class="burger" aria-hidden="true"></span>${text.menu}</label>
  <a class="brand" href="/">vpp-host</a>
  ${userMenu(frame, text)}
</header>
<div class="shell">
  <nav class="nav" aria-label="${text.navigation}"><ul>${frame.navigation.map(
    (item) => html`<li><a href="${item.url}"${item.url === currentPath ? html` aria-current="page"` : ''}>${item.title}</a></li>`,
  )}</ul></nav>
  <main id="main">
    <h1>${frame.title}</h1>
    ${standbyNotice(text, frame.standby)}
    ${frame.principal.role === 'read-only' ? html`<p class="notice">${text.readOnlyNotice}</p>` : ''}
    ${frame.flash ? flashMessage(frame.flash) : ''}
    <div class="view">${frame.body}</div>
  </main>
</div>`,
  );
}

export interface LoginFrame {
  readonly language: PanelLanguage;
  readonly csrfToken: string;
  readonly next: string;
  readonly name?: string;
  readonly error?: string;
  /** The error concerns the name and password typed (not an expired form, say): both fields are marked with it. */
  readonly credentialsRefused?: boolean;
  /** The admin was sent here because their session ended. */
  readonly expired?: boolean;
  readonly standby?: StandbyFrame | undefined;
}

export function renderLogin(frame: LoginFrame): SafeHtml {
  const text = shellText(frame.language);
  // The password is never sent back: the name is kept, and both fields point at why they were refused.
  const invalid = frame.error && frame.credentialsRefused ? html` aria-invalid="true" aria-describedby="login-error"` : '';
  return document(
    frame.language,
    text.signInTitle,
    html`<main class="login">
  <p class="login-brand">vpp-host</p>
  <form method="post" action="/login" class="card">
    <h1>${text.signInTitle}</h1>
    ${standbyNotice(text, frame.standby)}
    ${frame.expired && !frame.error ? html`<p class="flash flash-info" role="status">${text.sessionExpired}</p>` : ''}
    ${frame.error ? html`<p class="flash flash-error" role="alert" id="login-error">${frame.error}</p>` : ''}
    <input type="hidden" name="_csrf" value="${frame.csrfToken}">
    <input type="hidden" name="next" value="${frame.next}">
    <input type="hidden" name="lang" value="${frame.language}">
    <label for="name">${text.name}</label>
    <input id="name" name="name" autocomplete="username" required value="${frame.name ?? ''}"${invalid}>
    <label for="password">${text.password}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
    <button type="submit">${text.signIn}</button>
  </form>
  <p class="languages">${PANEL_LANGUAGES.map((code) => html`<a href="/login?lang=${code}" lang="${code}"${code === frame.language ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[code]}</a> `)}</p>
</main>`,
  );
}

/** A bare message page for requests that have no session to show navigation with. */
export function renderMessage(language: PanelLanguage, title: string, message: string): SafeHtml {
  return document(language, title, html`<main class="login"><div class="card"><h1>${title}</h1><p>${message}</p><p><a href="/">vpp-host</a></p></div></main>`);
}
