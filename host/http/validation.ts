import type { ZodType } from 'zod';
import { BadInputError } from '../api/errors.js';
import { describeExpected, formatZodError } from '../runtime/zod-format.js';

/**
 * Parses `value` or throws a BadInputError naming every problem by its path, then what was expected (`expects`, or
 * the fields of an object schema) when the problems alone do not say it; `details` holds zod's issues, which carry
 * paths and messages but never the rejected values (so a mistyped password is not echoed back).
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, what: string, expects?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const expected = describeExpected(schema, result.error, expects);
  throw new BadInputError(`Invalid ${what}: ${formatZodError(result.error)}${expected ? `; expected ${expected}` : ''}`, result.error.issues);
}
