import type { Hono } from 'hono';
import type { Principal } from '../../api/actor.js';
import { HostError } from '../../api/errors.js';
import { html, type SafeHtml } from '../../api/html.js';
import { fill } from '../../api/panel-text.js';
import type { Logger } from '../../api/logger.js';
import type { PluginManifest } from '../../api/manifest.js';
import { ViewContribution, type PanelView } from '../../api/views.js';
import type { PluginHost } from '../../runtime/plugin-host.js';
import type { AccountService } from '../auth/account-service.js';
import type { Authenticator } from '../auth/authenticator.js';
import { clearedCookieHeader, cookieHeader, LOGIN_COOKIE, readCookie, SESSION_COOKIE } from '../auth/cookies.js';
import { isSameOrigin } from '../auth/request-origin.js';
import { randomSecret, sameSecret } from '../auth/secret-hashing.js';
import type { Session, SessionStore } from '../auth/session-store.js';
import { TooManySignInsError, type SignInAttempt, type SignInThrottle } from '../auth/sign-in-throttle.js';
import { clientAddressOf } from '../server/client-address.js';
import { retryAfterHeaders } from '../server/error-response.js';
import { DEFAULT_MAX_BODY_BYTES, readFormBody, type FormBody } from '../server/request-body.js';
import { htmlResponse, redirect, safeLocalPath } from './html-response.js';
import type { HostRoleView } from '../../storage/storage-engine.js';
import { StandbyError } from '../../storage/standby-error.js';
import { refuseChangeOnStandby } from '../server/availability.js';
import { renderLogin, renderMessage, renderPage, standbyMessage, type PageFrame, type StandbyFrame } from './layout.js';
import { buildNavigation, viewUrl } from './navigation.js';
import { PANEL_CSS } from './panel-css.js';
import { PANEL_SCRIPT } from './panel-script.js';
import { refusedForm } from './refused-form.js';
import { isPanelLanguage, pickLanguage, shellText, type PanelLanguage } from './shell-text.js';
import { actAs } from '../../runtime/acting-principal.js';
import type { Messages } from '../../api/messages.js';

export interface PanelDependencies {
  readonly accounts: AccountService;
  readonly sessions: SessionStore;
  readonly throttle: SignInThrottle;
  readonly authenticator: Authenticator;
  readonly plugins: PluginHost;
  readonly hostManifest: PluginManifest;
  readonly logger: Logger;
  /** Present when hosts share the storage: a standby's pages say so and name the active host. */
  readonly roles?: HostRoleView | undefined;
  /** Says errors in the admin's language. */
  readonly messages: Messages;
}

const LOGIN_FORM_BYTES = 16 * 1024;

interface SignedIn {
  readonly principal: Principal;
  readonly session: Session & { readonly cookie: string };
  readonly language: PanelLanguage;
}

/**
 * The server-rendered panel shell: sign-in, sign-out, language, navigation from the manifests, and the pages that
 * plugins contribute. Forms post back to their page; only a valid CSRF token and the admin role reach `handleAction`.
 */
export class PanelShell {
  constructor(private readonly deps: PanelDependencies) {}

  mount(app: Hono): void {
    app.get('/assets/panel.css', () => new Response(PANEL_CSS, { headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' } }));
    app.get('/assets/panel.js', () => new Response(PANEL_SCRIPT, { headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' } }));
    app.get('/login', (c) => this.guard(c.req.raw, () => this.showLogin(c.req.raw)));
    app.post('/login', (c) => this.guard(c.req.raw, () => this.login(c.req.raw, clientAddressOf(c))));
    app.post('/logout', (c) => this.guard(c.req.raw, () => this.logout(c.req.raw)));
    app.post('/language', (c) => this.guard(c.req.raw, () => this.changeLanguage(c.req.raw)));
    app.get('/', (c) => this.guard(c.req.raw, () => this.home(c.req.raw)));
    app.get('/views/:pluginId/:viewId', (c) => this.guard(c.req.raw, () => this.showView(c.req.raw, c.req.param('pluginId'), c.req.param('viewId'))));
    app.post('/views/:pluginId/:viewId', (c) => this.guard(c.req.raw, () => this.submitView(c.req.raw, c.req.param('pluginId'), c.req.param('viewId'))));
  }

  /** A page for requests outside the panel's routes. */
  notFound(request: Request): Response {
    const language = pickLanguage(undefined, request.headers.get('accept-language'));
    const text = shellText(language);
    return htmlResponse(renderMessage(language, text.notFound, text.notFound), 404);
  }

  private async showLogin(request: Request): Promise<Response> {
    if (this.signedIn(request)) return redirect('/');
    const url = new URL(request.url);
    const language = pickLanguage(url.searchParams.get('lang') ?? undefined, request.headers.get('accept-language'));
    return this.loginPage(request, { language, next: safeLocalPath(url.searchParams.get('next')), expired: url.searchParams.has('expired') }, 200);
  }

  /** To the sign-in form, and back here after it; a session cookie that no longer works means the session ended. */
  private toLogin(request: Request, next: string): Response {
    const params = new URLSearchParams({ next });
    if (readCookie(request.headers, SESSION_COOKIE) === undefined) return redirect(`/login?${params}`);
    params.set('expired', '1');
    return redirect(`/login?${params}`, new Headers({ 'set-cookie': clearedCookieHeader(SESSION_COOKIE) }));
  }

  private async login(request: Request, clientAddress: string): Promise<Response> {
    const { form } = await readFormBody(request, LOGIN_FORM_BYTES);
    const language = pickLanguage(form.lang, request.headers.get('accept-language'));
    const text = shellText(language);
    const next = safeLocalPath(form.next);
    const formToken = readCookie(request.headers, LOGIN_COOKIE);
    if (formToken === undefined || !sameSecret(formToken, form._csrf ?? '')) {
      return this.loginPage(request, { language, next, name: form.name, error: text.formExpired, freshToken: true }, 403);
    }
    let attempt: SignInAttempt;
    try {
      attempt = await this.deps.throttle.admit(form.name ?? '', clientAddress);
    } catch (error) {
      if (!(error instanceof TooManySignInsError)) throw error;
      const message = fill(text.tooManySignIns, { seconds: error.retryAfterSeconds }, language);
      return this.loginPage(request, { language, next, name: form.name, error: message }, error.status, retryAfterHeaders(error));
    }
    const principal = await this.deps.accounts.verifyPassword(form.name ?? '', form.password ?? '');
    if (!principal) {
      this.deps.logger.warn('A panel sign-in was refused');
      return this.loginPage(request, { language, next, name: form.name, error: text.wrongCredentials, credentialsRefused: true }, 401);
    }
    this.deps.throttle.succeeded(attempt);
    const { cookie } = await this.deps.sessions.create(principal.id);
    const headers = new Headers();
    headers.append('set-cookie', cookieHeader(SESSION_COOKIE, cookie, request.headers));
    headers.append('set-cookie', clearedCookieHeader(LOGIN_COOKIE));
    this.deps.logger.info('Admin signed in to the panel', { admin: principal.name });
    return redirect(next, headers);
  }

  private async logout(request: Request): Promise<Response> {
    const user = this.signedIn(request);
    if (!user) return redirect('/login');
    const change = await this.readChange(request, user, LOGIN_FORM_BYTES);
    if (change instanceof Response) return change;
    await this.deps.sessions.end(user.session.cookie);
    return redirect('/login', new Headers({ 'set-cookie': clearedCookieHeader(SESSION_COOKIE) }));
  }

  private async changeLanguage(request: Request): Promise<Response> {
    const user = this.signedIn(request);
    if (!user) return redirect('/login');
    const change = await this.readChange(request, user, LOGIN_FORM_BYTES);
    if (change instanceof Response) return change;
    const { form } = change;
    if (isPanelLanguage(form.language)) await this.deps.accounts.setLanguage(user.principal.id, form.language, user.principal);
    return redirect(safeLocalPath(form.back));
  }

  private async home(request: Request): Promise<Response> {
    const user = this.signedIn(request);
    if (!user) return this.toLogin(request, '/');
    const first = this.navigation(user.language)[0];
    if (first) return redirect(first.url);
    const text = shellText(user.language);
    return htmlResponse(renderPage(this.frame(user, '/', text.signInTitle, html`<p class="muted">${text.noViews}</p>`)));
  }

  private async showView(request: Request, pluginId: string, viewId: string): Promise<Response> {
    const url = new URL(request.url);
    const user = this.signedIn(request);
    if (!user) return this.toLogin(request, url.pathname + url.search);
    const here = url.pathname + url.search;
    const view = this.findView(pluginId, viewId);
    if (!view) return this.messagePage(user, here, 404, shellText(user.language).notFound);
    const address = viewUrl(pluginId, viewId);
    const refused = this.deps.sessions.takeRefusedForm(user.session.cookie, address);
    try {
      const rendering = await actAs(user.principal, () => view.render({ principal: user.principal, language: user.language, query: Object.fromEntries(url.searchParams), csrfToken: user.session.csrfToken, url: address, refused }));
      const title = rendering.title ?? this.navigation(user.language).find((item) => item.pluginId === pluginId && item.viewId === viewId)?.title ?? viewId;
      return htmlResponse(renderPage({ ...this.frame(user, here, title, rendering.body), flash: this.deps.sessions.takeFlash(user.session.cookie) }));
    } catch (error) {
      const { status, message } = this.describeFailure(error, user.language, `${pluginId}/${viewId}`);
      return this.messagePage(user, here, status, message);
    }
  }

  private async submitView(request: Request, pluginId: string, viewId: string): Promise<Response> {
    const url = new URL(request.url);
    const address = viewUrl(pluginId, viewId);
    const user = this.signedIn(request);
    if (!user) return this.toLogin(request, address);
    const here = url.pathname + url.search;
    const text = shellText(user.language);
    const view = this.findView(pluginId, viewId);
    if (!view) return this.messagePage(user, here, 404, text.notFound);
    const change = await this.readChange(request, user, DEFAULT_MAX_BODY_BYTES);
    if (change instanceof Response) return change;
    const { form: { _csrf: _checked, ...form }, files } = change;
    if (user.principal.role !== 'admin') return this.messagePage(user, here, 403, text.forbidden);
    if (!view.handleAction) return this.messagePage(user, here, 405, text.noActions);
    try {
      // A standby's plugins run to serve their pages; a change is refused before it reaches one.
      refuseChangeOnStandby(this.deps.roles);
      const handleAction = view.handleAction.bind(view);
      const result = await actAs(user.principal, () => handleAction({
        principal: user.principal,
        language: user.language,
        query: Object.fromEntries(url.searchParams),
        csrfToken: user.session.csrfToken,
        url: address,
        action: form._action ?? '',
        form,
        files,
      }));
      if (result.flash) this.deps.sessions.setFlash(user.session.cookie, result.flash);
      // A refused form comes back as typed, its error at the field it concerns.
      if (result.flash?.kind === 'error') this.deps.sessions.keepRefusedForm(user.session.cookie, address, refusedForm(form, result.flash.message, result.flash.field));
      return redirect(result.query ? `${address}?${new URLSearchParams(result.query as Record<string, string>)}` : address);
    } catch (error) {
      const { message } = this.describeFailure(error, user.language, `${pluginId}/${viewId}`);
      this.deps.sessions.setFlash(user.session.cookie, { kind: 'error', message });
      this.deps.sessions.keepRefusedForm(user.session.cookie, address, refusedForm(form, message, error instanceof HostError ? error.field : undefined));
      return redirect(here);
    }
  }

  /** Turns a failure into a page: the caller's own mistakes are shown, anything else is logged and hidden. */
  private async guard(request: Request, handle: () => Promise<Response>): Promise<Response> {
    try {
      return await handle();
    } catch (error) {
      const language = pickLanguage(undefined, request.headers.get('accept-language'));
      const { status, message } = this.describeFailure(error, language, new URL(request.url).pathname);
      return htmlResponse(renderMessage(language, shellText(language).error, message), status);
    }
  }

  private describeFailure(error: unknown, language: string, where: string): { status: number; message: string } {
    if (error instanceof StandbyError) return { status: error.status, message: standbyMessage(shellText(language), error.activeHost) };
    if (error instanceof HostError) return { status: error.status, message: this.deps.messages.say(error, language) };
    this.deps.logger.error(`Panel page ${where} failed`, { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return { status: 500, message: shellText(language).serverError };
  }

  private signedIn(request: Request): SignedIn | undefined {
    const found = this.deps.authenticator.fromSession(request.headers);
    if (!found) return undefined;
    const { principal, session } = found;
    const language = pickLanguage(this.deps.accounts.getAdmin(principal.id)?.language, request.headers.get('accept-language'));
    return { principal, session, language };
  }

  /** A signed-in form post's body, or a 403 page unless it comes from this host's pages with the session's CSRF token. */
  private async readChange(request: Request, user: SignedIn, limit: number): Promise<FormBody | Response> {
    const text = shellText(user.language);
    if (!isSameOrigin(request)) return this.messagePage(user, '/', 403, text.crossOrigin);
    const body = await readFormBody(request, limit);
    return this.deps.sessions.csrfMatches(user.session, body.form._csrf) ? body : this.messagePage(user, '/', 403, text.formExpired);
  }

  private loginPage(
    request: Request,
    frame: { language: PanelLanguage; next: string; name?: string | undefined; error?: string; credentialsRefused?: boolean; freshToken?: boolean; expired?: boolean },
    status: number,
    headers = new Headers(),
  ): Response {
    const existing = frame.freshToken ? undefined : readCookie(request.headers, LOGIN_COOKIE);
    const token = existing ?? randomSecret(24);
    if (existing === undefined) headers.append('set-cookie', cookieHeader(LOGIN_COOKIE, token, request.headers, 3600));
    return htmlResponse(renderLogin({ language: frame.language, next: frame.next, csrfToken: token, ...(frame.name ? { name: frame.name } : {}), ...(frame.error ? { error: frame.error, credentialsRefused: frame.credentialsRefused ?? false } : {}), ...(frame.expired ? { expired: true } : {}), standby: this.standby() }), status, headers);
  }

  private messagePage(user: SignedIn, here: string, status: number, message: string): Response {
    const text = shellText(user.language);
    const title = status === 404 ? text.notFound : text.error;
    return htmlResponse(renderPage(this.frame(user, here, title, html`<p class="flash flash-error" role="alert">${message}</p>`)), status);
  }

  private frame(user: SignedIn, here: string, title: string, body: SafeHtml): PageFrame {
    return { language: user.language, title, body, principal: user.principal, csrfToken: user.session.csrfToken, navigation: this.navigation(user.language), currentUrl: here, standby: this.standby() };
  }

  private standby(): StandbyFrame | undefined {
    const roles = this.deps.roles;
    return roles?.role() === 'standby' ? { activeHost: roles.activeHost() } : undefined;
  }

  private manifests(): PluginManifest[] {
    return [this.deps.hostManifest, ...this.deps.plugins.manifests()];
  }

  private navigation(language: string) {
    return buildNavigation(this.manifests(), language);
  }

  /** A page is served only when its plugin runs, declares it, and provides it. */
  private findView(pluginId: string, viewId: string): PanelView | undefined {
    const declared = this.manifests().some((m) => m.id === pluginId && m.contributes.views.some((v) => v.id === viewId));
    if (!declared) return undefined;
    return this.deps.plugins
      .get<ViewContribution>(ViewContribution)
      .filter((c) => c.pluginId === pluginId)
      .flatMap((c) => c.contribution.views)
      .find((view) => view.id === viewId);
  }
}
