import type { Principal } from '../../api/actor.js';
import { html, type SafeHtml } from '../../api/html.js';
import type { Flash } from '../../api/views.js';
import type { NavigationItem } from './navigation.js';
import { LANGUAGE_NAMES, PANEL_LANGUAGES, shellText, type PanelLanguage } from './shell-text.js';

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
}

function document(language: PanelLanguage, title: string, content: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · vpp-host</title>
<link rel="stylesheet" href="/assets/panel.css">
</head>
<body>${content}</body>
</html>`;
}

/** A signed-in page: top bar with account, language switch and sign-out, navigation, flash and the view's body. */
export function renderPage(frame: PageFrame): SafeHtml {
  const text = shellText(frame.language);
  const currentPath = frame.currentUrl.split('?')[0];
  const flash = frame.flash;
  return document(
    frame.language,
    frame.title,
    html`<header class="topbar">
  <a class="brand" href="/">vpp-host</a>
  <div class="account">
    <span class="who">${text.signedInAs} <strong>${frame.principal.name ?? frame.principal.id}</strong> <span class="role">${frame.principal.role}</span></span>
    <form method="post" action="/language" class="inline">
      <input type="hidden" name="_csrf" value="${frame.csrfToken}">
      <input type="hidden" name="back" value="${frame.currentUrl}">
      <label class="sr-only" for="language">${text.language}</label>
      <select id="language" name="language">${PANEL_LANGUAGES.map(
        (code) => html`<option value="${code}"${code === frame.language ? html` selected` : ''}>${LANGUAGE_NAMES[code]}</option>`,
      )}</select>
      <button type="submit" class="secondary">${text.change}</button>
    </form>
    <form method="post" action="/logout" class="inline">
      <input type="hidden" name="_csrf" value="${frame.csrfToken}">
      <button type="submit" class="secondary">${text.signOut}</button>
    </form>
  </div>
</header>
<div class="shell">
  <nav class="nav" aria-label="${text.navigation}"><ul>${frame.navigation.map(
    (item) => html`<li><a href="${item.url}"${item.url === currentPath ? html` aria-current="page"` : ''}>${item.title}</a></li>`,
  )}</ul></nav>
  <main>
    <h1>${frame.title}</h1>
    ${flash ? html`<p class="flash flash-${flash.kind}" role="${flash.kind === 'error' ? 'alert' : 'status'}">${flash.message}</p>` : ''}
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
}

export function renderLogin(frame: LoginFrame): SafeHtml {
  const text = shellText(frame.language);
  return document(
    frame.language,
    text.signInTitle,
    html`<main class="login">
  <h1>vpp-host</h1>
  <form method="post" action="/login" class="card">
    <h2>${text.signInTitle}</h2>
    ${frame.error ? html`<p class="flash flash-error" role="alert">${frame.error}</p>` : ''}
    <input type="hidden" name="_csrf" value="${frame.csrfToken}">
    <input type="hidden" name="next" value="${frame.next}">
    <input type="hidden" name="lang" value="${frame.language}">
    <label for="name">${text.name}</label>
    <input id="name" name="name" autocomplete="username" required value="${frame.name ?? ''}">
    <label for="password">${text.password}</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button type="submit">${text.signIn}</button>
  </form>
  <p class="languages">${PANEL_LANGUAGES.map((code) => html`<a href="/login?lang=${code}" lang="${code}">${LANGUAGE_NAMES[code]}</a> `)}</p>
</main>`,
  );
}

/** A bare message page for requests that have no session to show navigation with. */
export function renderMessage(language: PanelLanguage, title: string, message: string): SafeHtml {
  return document(language, title, html`<main class="login"><h1>${title}</h1><p>${message}</p><p><a href="/">vpp-host</a></p></main>`);
}
