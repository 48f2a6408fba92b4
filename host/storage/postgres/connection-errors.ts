import { phrase, type Said } from '../../api/messages.js';
import { StorageUnavailableError } from '../storage-engine.js';
import { redactPostgresUrl, serverOf, userOf } from './postgres-location.js';

/** SQLSTATEs and socket errors of a failed connection that the admin can fix, with what to say. */
const REASONS: Record<string, (url: string) => Said> = {
  ECONNREFUSED: unreachable(phrase('nothing accepts connections there', 'host.storage.why.refused')),
  ENOTFOUND: unreachable(phrase('the host name does not resolve', 'host.storage.why.not-found')),
  ETIMEDOUT: unreachable(phrase('the connection timed out', 'host.storage.why.timeout')),
  EHOSTUNREACH: unreachable(phrase('no route to the host', 'host.storage.why.no-route')),
  '28P01': (url) => phrase(`PostgreSQL refused the user ${userOf(url)}: wrong password`, 'host.storage.wrong-password', { user: userOf(url) }),
  '28000': (url) => phrase(`PostgreSQL refused the user ${userOf(url)}: not allowed to connect (pg_hba.conf)`, 'host.storage.not-allowed', { user: userOf(url) }),
  '3D000': (url) => phrase(`PostgreSQL at ${serverOf(url)} has no database ${databaseOf(url)}: create it first`, 'host.storage.no-database', { server: serverOf(url), database: databaseOf(url) }),
  '42501': (url) =>
    phrase(`PostgreSQL refused the user ${userOf(url)} the rights vpp-host needs (create tables in ${databaseOf(url)})`, 'host.storage.no-rights', { user: userOf(url), database: databaseOf(url) }),
};

function unreachable(why: Said): (url: string) => Said {
  return (url) => phrase(`Cannot reach PostgreSQL at ${serverOf(url)}: ${why.message}`, 'host.storage.unreachable', { server: serverOf(url), why });
}

/** A connection or schema error as the admin should read it; the URL's password never appears. */
export function describeConnectionError(error: unknown, url: string): Error {
  if (error instanceof StorageUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason = typeof code === 'string' ? REASONS[code] : undefined;
  if (reason) return new StorageUnavailableError(reason(url));
  if (/timeout/i.test((error as Error | null)?.message ?? '')) return new StorageUnavailableError(REASONS.ETIMEDOUT!(url));
  if (/password/i.test((error as Error | null)?.message ?? '')) {
    return new StorageUnavailableError(phrase(`PostgreSQL at ${serverOf(url)} asks for a password for ${userOf(url)}: put it in the URL`, 'host.storage.needs-password', { server: serverOf(url), user: userOf(url) }));
  }
  const [where, failure] = [redactPostgresUrl(url), (error as Error | null)?.message ?? String(error)];
  return new StorageUnavailableError(phrase(`PostgreSQL at ${where} could not be used: ${failure}`, 'host.storage.unusable', { url: where, reason: failure }));
}

function databaseOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.slice(1)) || userOf(url);
  } catch {
    return '(unknown)';
  }
}
