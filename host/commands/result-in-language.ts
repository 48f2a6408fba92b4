import type { CommandResult } from '../api/commands.js';
import type { Said } from '../api/messages.js';

/** A result as it leaves the host: its text, column headers and cells given as messages, said by `say`. */
export function resultSaid(result: CommandResult, say: (said: Said) => string): CommandResult {
  const said = <T>(value: T | Said): T | string => (typeof value === 'object' && value !== null ? say(value as Said) : value);
  const table = result.table && { columns: result.table.columns.map(said), rows: result.table.rows.map((row) => row.map(said)) };
  return { ...result, ...(table ? { table } : {}), ...(result.said ? { text: say(result.said) } : {}) };
}
