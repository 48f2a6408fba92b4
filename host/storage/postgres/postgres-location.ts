/** `postgres://` and `postgresql://` URLs name a PostgreSQL database; anything else is a data directory. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}

/** The URL without its password, for messages and logs. */
export function redactPostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(an unreadable URL)';
  }
}

/** `host:port` of the server the URL names, for "cannot reach" messages. */
export function serverOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  } catch {
    return 'the server in the URL';
  }
}

export function userOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || '(the default user)';
  } catch {
    return '(unknown)';
  }
}
