import { z, type ZodError, type ZodType } from 'zod';
import { cutText, LISTED_PROBLEMS, listProblems } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';

type Issue = ZodError['issues'][number];

/** How messages name a kind of value, by zod's name for it. */
const KINDS: Readonly<Record<string, Said>> = {
  string: phrase('a string', 'host.value.string'),
  number: phrase('a number', 'host.value.number'),
  boolean: phrase('a boolean', 'host.value.boolean'),
  array: phrase('a list', 'host.value.list'),
  object: phrase('an object', 'host.value.object'),
  null: phrase('null', 'host.value.null'),
  undefined: phrase('nothing', 'host.value.nothing'),
  bigint: phrase('a number', 'host.value.number'),
};

const kindOf = (name: string): Said => KINDS[name] ?? { message: name };

/** "a string", "a list", "nothing": what a value is, for messages that must not repeat the value itself. */
export function describeKind(value: unknown): string {
  return kindOf(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value).message;
}

/**
 * One readable phrase per problem, `contributes.commands.0.id: must be ...`, the first 20 of them. zod's own wording
 * ("Unrecognized keys", "Invalid input: expected array, received string") is put in plain words; a schema's own
 * messages are kept.
 */
export function formatZodError(error: ZodError): string {
  return listProblems(error.issues.map((issue) => saidIssue(issue).message));
}

/** The first problems of `formatZodError`, each said in the reader's language (a schema's own messages stay as written). */
export function saidZodIssues(error: ZodError): Said[] {
  return error.issues.slice(0, LISTED_PROBLEMS).map(saidIssue);
}

function saidIssue(issue: Issue): Said {
  const where = issue.path.map((key) => cutText(String(key))).join('.');
  const problem = phraseOf(issue);
  return where === '' ? problem : phrase(`${where}: ${problem.message}`, 'host.field-colon', { field: where, problem });
}

function phraseOf(issue: Issue): Said {
  if (issue.code === 'unrecognized_keys') {
    const fields = listed(issue.keys);
    return issue.keys.length === 1 ? phrase(`unknown field ${fields}`, 'host.value.unknown-field', { fields }) : phrase(`unknown fields ${fields}`, 'host.value.unknown-fields', { fields });
  }
  if (issue.code === 'invalid_union' && issue.message === 'Invalid input') return phrase('matches none of the accepted shapes', 'host.value.no-shape');
  if (issue.code === 'invalid_value' && /^Invalid (option|input): expected/.test(issue.message)) {
    const values = issue.values.map(String).join(', ');
    return issue.values.length === 1 ? phrase(`must be ${values}`, 'host.value.must-be', { value: values }) : phrase(`must be one of ${values}`, 'host.value.one-of', { values });
  }
  const type = issue.code === 'invalid_type' ? /^Invalid input: expected (\w+), received (\w+)$/.exec(issue.message) : null;
  if (type) {
    const [expected, got] = [kindOf(type[1]!), kindOf(type[2]!)];
    return phrase(`must be ${expected.message}, got ${got.message}`, 'host.value.type', { expected, got });
  }
  return { message: issue.message };
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
