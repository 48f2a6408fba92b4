import type { ZodType } from 'zod';
import { BadInputError } from '../api/errors.js';
import { formatZodError } from '../runtime/zod-format.js';

/**
 * Parses `value` or throws a BadInputError naming every problem by its path; `details` holds zod's issues, which
 * carry paths and messages but never the rejected values (so a mistyped password is not echoed back).
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new BadInputError(`Invalid ${what}: ${formatZodError(result.error)}`, result.error.issues);
}
