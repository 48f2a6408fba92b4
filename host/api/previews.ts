import { z } from 'zod';
import { BadInputError, saying } from './errors.js';
import type { CommandInput } from './commands.js';

/**
 * Previews: every route and command that moves licenses or sends mail can be asked what it would do first. REST
 * takes `?dryRun=true`, the CLI `--dry-run`; the answer is the change's own account, computed and not applied.
 */

/** The query field of a route that can be previewed; spread it into the route's query schema. */
export const dryRunField = { dryRun: z.enum(['true', 'false']).optional() };

/** A query that only asks for a preview. */
export const DryRunQuery = z.strictObject(dryRunField);

export function isDryRun(query: { readonly dryRun?: 'true' | 'false' | undefined }): boolean {
  return query.dryRun === 'true';
}

/** `--dry-run` given to a command (a value after it is refused: it is a switch). */
export function dryRunOption(input: CommandInput): boolean {
  const value = input.options['dry-run'];
  if (value === undefined || value === false) return false;
  if (value !== true) throw saying(new BadInputError('--dry-run is a switch and takes no value'), 'host.command.switch', { flag: '--dry-run' });
  return true;
}
