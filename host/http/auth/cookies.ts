export const SESSION_COOKIE = 'vpp_session';
/** Holds the sign-in form's CSRF token before there is a session (double-submit). */
export const LOGIN_COOKIE = 'vpp_login';

/** A value that is not valid percent-encoding is treated as absent: it cannot be one this host set. */
export function readCookie(headers: Headers, name: string): string | undefined {
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodedOrUndefined(part.slice(at + 1).trim());
  }
  return undefined;
}

function decodedOrUndefined(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** HttpOnly, SameSite=Strict, whole site; Secure when a TLS-terminating proxy says the browser used HTTPS. */
export function cookieHeader(name: string, value: string, requestHeaders: Headers, maxAgeSeconds?: number): string {
  const secure = requestHeaders.get('x-forwarded-proto') === 'https';
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedCookieHeader(name: string): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
