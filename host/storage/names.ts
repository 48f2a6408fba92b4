import { BadInputError } from '../api/errors.js';

const SAFE_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

export function isSafeName(name: unknown): name is string {
  return typeof name === 'string' && SAFE_NAME.test(name);
}

/**
 * Namespace and collection names become path segments, so only lower-case letters, digits and inner hyphens pass:
 * no dots, slashes or empty names can reach the file system and escape the data directory.
 */
export function assertSafeName(kind: 'namespace' | 'collection', name: unknown): asserts name is string {
  if (!isSafeName(name)) {
    throw new BadInputError(
      `Invalid ${kind} name ${JSON.stringify(name)}: use 1-64 lower-case letters, digits and inner hyphens`,
      { [kind]: name },
    );
  }
}
