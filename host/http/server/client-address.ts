import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The socket's peer address. X-Forwarded-For is not trusted: without a configured proxy anyone could set it, and a
 * guesser would pick a new address per attempt.
 */
export function clientAddressOf(c: Context): string {
  return getConnInfo(c).remote.address ?? 'unknown';
}
