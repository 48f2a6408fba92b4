import type { ZodType } from 'zod';
import { BadInputError, saying } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';
import { describeExpected, formatZodError, saidZodIssues } from '../runtime/zod-format.js';

/** What the callers name the input they check, said in the reader's language. */
const INPUTS: Readonly<Record<string, Said>> = {
  'request body': phrase('request body', 'host.input.body'),
  query: phrase('query', 'host.input.query'),
  admin: phrase('admin', 'host.input.admin'),
  'API token': phrase('API token', 'host.input.api-token'),
  language: phrase('language', 'host.input.language'),
  options: phrase('options', 'host.input.options'),
};

/**
 * Parses `value` or throws a BadInputError naming every problem by its path, then what was expected (`expects`, or
 * the fields of an object schema) when the problems alone do not say it; `details` holds zod's issues, which carry
 * paths and messages but never the rejected values (so a mistyped password is not echoed back).
 */
export function parseInput<T>(schema: ZodType<T>, value: unknown, what: string, expects?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const expected = describeExpected(schema, result.error, expects);
  const refusal = new BadInputError(`Invalid ${what}: ${formatZodError(result.error)}${expected ? `; expected ${expected}` : ''}`, result.error.issues);
  const params = { what: INPUTS[what] ?? { message: what }, problems: saidZodIssues(result.error) };
  throw expected ? saying(refusal, 'host.invalid-expected', { ...params, expected }) : saying(refusal, 'host.invalid', params);
}
