import type { Principal } from '../../api/actor.js';
import { ForbiddenError, HostError, saying, UnauthorizedError } from '../../api/errors.js';
import type { RouteAccess } from '../../api/http.js';
import type { AccountService } from './account-service.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { changesState, CrossOriginError, isSameOrigin } from './request-origin.js';
import type { Session, SessionStore } from './session-store.js';

export interface Authentication {
  readonly principal: Principal;
  /** Set when the request was authenticated by the session cookie (it then needs a CSRF token to change things). */
  readonly session?: Session & { readonly cookie: string };
}

export class CsrfError extends HostError {
  constructor() {
    super('csrf', 403, 'The CSRF token is missing or wrong: send the X-CSRF-Token header (or the _csrf form field) given at sign-in');
    saying(this, 'host.csrf');
  }
}

export const CSRF_HEADER = 'x-csrf-token';

/** Who is behind a request: a bearer API token for scripts, else the panel's session cookie. */
export class Authenticator {
  constructor(
    private readonly accounts: AccountService,
    private readonly sessions: SessionStore,
  ) {}

  authenticate(headers: Headers): Authentication | undefined {
    const authorization = headers.get('authorization');
    // A request that presents a token is judged by that token alone, never rescued by a cookie.
    if (authorization !== null) {
      const token = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
      const principal = token === undefined ? undefined : this.accounts.verifyApiToken(token);
      return principal ? { principal } : undefined;
    }
    return this.fromSession(headers);
  }

  /** The panel signs in with the session cookie only: its forms need the session's CSRF token. */
  fromSession(headers: Headers): Required<Authentication> | undefined {
    const cookie = readCookie(headers, SESSION_COOKIE);
    const session = cookie === undefined ? undefined : this.sessions.resume(cookie);
    const principal = session && this.accounts.principalOf(session.adminId);
    return principal && session && cookie ? { principal, session: { ...session, cookie } } : undefined;
  }

  /**
   * Applies a route's access rule: 401 without valid credentials; for a cookie-authenticated change, 403
   * `cross_origin` unless it comes from this host's pages and 403 `csrf` without the session's token; 403
   * `forbidden` for a read-only principal on an admin route. Bearer tokens are no browser's, so they skip both checks.
   */
  authorize(authentication: Authentication | undefined, access: Exclude<RouteAccess, 'public'>, request: Request): Principal {
    if (!authentication) throw new UnauthorizedError();
    const { principal, session } = authentication;
    if (session && changesState(request.method)) {
      if (!isSameOrigin(request)) throw new CrossOriginError();
      if (!this.sessions.csrfMatches(session, request.headers.get(CSRF_HEADER) ?? undefined)) throw new CsrfError();
    }
    if (access === 'admin' && principal.role !== 'admin') throw new ForbiddenError();
    return principal;
  }
}
