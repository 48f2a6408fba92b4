import { describe, expect, it } from 'vitest';
import { BadInputError, quoteInput } from '../../api/errors.js';
import type { LogFields, Logger } from '../../api/logger.js';
import { describeError } from './error-response.js';

function recordingLogger(lines: { message: string; fields?: LogFields }[]): Logger {
  const logger: Logger = {
    debug() {},
    info() {},
    warn() {},
    error: (message, fields) => void lines.push({ message, ...(fields ? { fields } : {}) }),
    child: () => logger,
  };
  return logger;
}

describe('error answers', () => {
  it('keep the first 20 entries of every list in details, count the rest, and cut long texts with their length', () => {
    const problems = Array.from({ length: 150_000 }, (_, at) => ({ record: `users[${at}]`, field: 'email', message: 'must be an email address' }));
    const { body } = describeError(new BadInputError('Nothing was imported', { problems, typed: 'y'.repeat(1_048_576) }), recordingLogger([]));
    const details = body.details as { problems: unknown[]; typed: string };
    expect(details.problems).toHaveLength(21);
    expect(details.problems[19]).toEqual({ record: 'users[19]', field: 'email', message: 'must be an email address' });
    expect(details.problems[20]).toEqual({ more: 149_980 });
    expect(details.typed).toBe(`${'y'.repeat(100)}… (1,048,576 characters)`);
    expect(JSON.stringify(body).length).toBeLessThan(5_000);
  });

  it('cut a message past a few kilobytes, and log an unexpected error in kilobytes, not megabytes', () => {
    const lines: { message: string; fields?: LogFields }[] = [];
    const long = describeError(new BadInputError(`No item ${'z'.repeat(50_000)}`), recordingLogger(lines));
    expect(long.body.message).toMatch(/^No item z+… \(50,008 characters\)$/);
    expect(long.body.message.length).toBeLessThan(4_100);

    const internal = describeError(new Error(`Unexpected ${'q'.repeat(1_000_000)}`), recordingLogger(lines));
    expect(internal).toMatchObject({ status: 500, body: { error: 'internal' } });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines[0]).length).toBeLessThan(10_000);
    expect(String(lines[0]!.fields!.error)).toMatch(/^Error: Unexpected q+… \(\d{1},\d{3},\d{3} characters\)$/);
  });

  it('quote input short enough to recognise, with its full length', () => {
    expect(quoteInput('bob')).toBe('"bob"');
    expect(quoteInput('p'.repeat(1_048_576))).toBe(`"${'p'.repeat(100)}…" (1,048,576 characters)`);
    expect(quoteInput(42)).toBe('42');
  });
});
