import { StorageUnavailableError } from '../storage-engine.js';
import { redactPostgresUrl, serverOf, userOf } from './postgres-location.js';

/** SQLSTATEs and socket errors of a failed connection that the admin can fix, with what to say. */
const REASONS: Record<string, (url: string) => string> = {
  ECONNREFUSED: (url) => `Cannot reach PostgreSQL at ${serverOf(url)}: nothing accepts connections there`,
  ENOTFOUND: (url) => `Cannot reach PostgreSQL at ${serverOf(url)}: the host name does not resolve`,
  ETIMEDOUT: (url) => `Cannot reach PostgreSQL at ${serverOf(url)}: the connection timed out`,
  EHOSTUNREACH: (url) => `Cannot reach PostgreSQL at ${serverOf(url)}: no route to the host`,
  '28P01': (url) => `PostgreSQL refused the user ${userOf(url)}: wrong password`,
  '28000': (url) => `PostgreSQL refused the user ${userOf(url)}: not allowed to connect (pg_hba.conf)`,
  '3D000': (url) => `PostgreSQL at ${serverOf(url)} has no database ${databaseOf(url)}: create it first`,
  '42501': (url) => `PostgreSQL refused the user ${userOf(url)} the rights vpp-host needs (create tables in ${databaseOf(url)})`,
};

/** A connection or schema error as the admin should read it; the URL's password never appears. */
export function describeConnectionError(error: unknown, url: string): Error {
  if (error instanceof StorageUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? REASONS[code] : undefined;
  if (reason) return new StorageUnavailableError(reason(url));
  if (/timeout/i.test((error as Error | null)?.message ?? '')) return new StorageUnavailableError(REASONS.ETIMEDOUT!(url));
  if (/password/i.test((error as Error | null)?.message ?? '')) {
    return new StorageUnavailableError(`PostgreSQL at ${serverOf(url)} asks for a password for ${userOf(url)}: put it in the URL`);
  }
  return new StorageUnavailableError(`PostgreSQL at ${redactPostgresUrl(url)} could not be used: ${(error as Error | null)?.message ?? String(error)}`);
}

function databaseOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || userOf(url);
  } catch {
    return '(unknown)';
  }
}
