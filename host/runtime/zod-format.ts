import { z, type ZodError, type ZodType } from 'zod';
import { cutText, LISTED_PROBLEMS, listProblems } from '../api/errors.js';

type Issue = ZodError['issues'][number];

/** How messages name a kind of value, by zod's name for it. */
const KINDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  array: 'a list',
  object: 'an object',
  null: 'null',
  undefined: 'nothing',
  bigint: 'a number',
};

/** "a string", "a list", "nothing": what a value is, for messages that must not repeat the value itself. */
export function describeKind(value: unknown): string {
  const kind = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return KINDS[kind] ?? kind;
}

/**
 * One readable phrase per problem, `contributes.commands.0.id: must be ...`, the first 20 of them. zod's own wording
 * ("Unrecognized keys", "Invalid input: expected array, received string") is put in plain words; a schema's own
 * messages are kept.
 */
export function formatZodError(error: ZodError): string {
  return listProblems(error.issues.map((issue) => {
    const where = issue.path.map((key) => cutText(String(key))).join('.');
    return where === '' ? phraseOf(issue) : `${where}: ${phraseOf(issue)}`;
  }));
}

function phraseOf(issue: Issue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length === 1 ? '' : 's'} ${listed(issue.keys)}`;
  if (issue.code === 'invalid_union' && issue.message === 'Invalid input') return 'matches none of the accepted shapes';
  if (issue.code === 'invalid_value' && /^Invalid (option|input): expected/.test(issue.message)) {
    return issue.values.length === 1 ? `must be ${String(issue.values[0])}` : `must be one of ${issue.values.map(String).join(', ')}`;
  }
  const type = issue.code === 'invalid_type' ? /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message) : null;
  if (type) return `must be ${KINDS[type[1]!] ?? type[1]}, got ${KINDS[type[2]!] ?? type[2]}`;
  return issue.message;
}

function listed(keys: readonly string[]): string {
  const shown = keys.slice(0, LISTED_PROBLEMS).map((key) => cutText(key)).join(', ');
  return keys.length > LISTED_PROBLEMS ? `${shown} and ${(keys.length - LISTED_PROBLEMS).toLocaleString('en-US')} more` : shown;
}

/**
 * What a refused value should have been, when the problems alone do not say it: the route's own description, or
 * the fields of an object schema when a field was unknown or the value was no object at all.
 */
export function describeExpected(schema: ZodType, error: ZodError, expects?: string): string | undefined {
  if (expects) return expects;
  const lost = error.issues.some((issue) => issue.code === 'unrecognized_keys' || issue.path.length === 0);
  return lost && schema instanceof z.ZodObject ? `the fields ${Object.keys(schema.shape).join(', ')}` : undefined;
}
