import type { SafeHtml } from '../../api/html.js';

/** Scripts only from this origin, no framing, no sniffing: a view's markup cannot pull in someone else's code. */
const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};

export function htmlResponse(page: SafeHtml, status = 200, headers?: Headers): Response {
  const all = withSecurityHeaders(headers);
  all.set('content-type', 'text/html; charset=utf-8');
  return new Response(page.value, { status, headers: all });
}

/** A 303 with the pages' own security headers, so no answer of the panel goes out without them. */
export function redirect(location: string, headers?: Headers): Response {
  const all = withSecurityHeaders(headers);
  all.set('location', location);
  return new Response(null, { status: 303, headers: all });
}

function withSecurityHeaders(headers: Headers | undefined): Headers {
  const all = new Headers(headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) all.set(name, value);
  return all;
}

/** Only a path on this site may be a redirect target (never `//elsewhere` or an absolute URL). */
export function safeLocalPath(value: string | null | undefined, fallback = '/'): string {
  return typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : fallback;
}
