import { HostError, saying } from '../../api/errors.js';

export class CrossOriginError extends HostError {
  constructor() {
    super('cross_origin', 403, "A change made with the session cookie must come from this host's own pages: send an Origin header naming this host");
    saying(this, 'host.cross-origin');
  }
}

/** POST, PUT, PATCH and DELETE change things; GET and HEAD only read. */
export function changesState(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

/**
 * Whether a browser sent this request from this host's own pages. Sec-Fetch-Site is set by the browser itself and
 * wins when present; otherwise the Origin must name this host (the scheme as a TLS-terminating proxy reports it).
 * A request with neither header is refused: browsers send Origin on every POST, scripts use API tokens.
 */
export function isSameOrigin(request: Request): boolean {
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  const origin = request.headers.get('origin');
  if (origin === null) return false;
  const url = new URL(request.url);
  const forwarded = request.headers.get('x-forwarded-proto');
  const scheme = forwarded === 'https' || forwarded === 'http' ? `${forwarded}:` : url.protocol;
  return origin === `${scheme}//${url.host}`;
}
