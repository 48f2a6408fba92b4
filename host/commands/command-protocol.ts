import { z } from 'zod';
import type { CommandResult } from '../api/commands.js';
import type { CommandDeclaration } from '../api/manifest.js';
import type { ErrorBody } from '../http/server/error-response.js';

/** What the gateway and the CLI exchange: declarations out, `{args, options}` in, NDJSON lines back. */

/** A declaration as `GET /api/commands` lists it, with the plugin (or "host") that declares it. */
export interface CommandDescriptor extends CommandDeclaration {
  readonly pluginId: string;
}

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';

export const CommandRequestSchema = z.strictObject({
  args: z.record(z.string(), z.string()).default({}),
  options: z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.array(z.string())])).default({}),
});
export type CommandRequest = z.infer<typeof CommandRequestSchema>;

/** The JSON shape of every error, over HTTP and in the stream. */
export type { ErrorBody } from '../http/server/error-response.js';

export type CommandStreamLine =
  | { readonly type: 'progress'; readonly done: number; readonly total: number; readonly label?: string }
  | { readonly type: 'result'; readonly result: CommandResult }
  | { readonly type: 'error'; readonly error: ErrorBody };

/** "token.add" is typed as `token add`. */
export function commandWords(id: string): string[] {
  return id.split('.');
}

export function commandName(id: string): string {
  return commandWords(id).join(' ');
}
