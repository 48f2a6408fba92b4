import type { CommandCell, CommandResult, CommandTable } from '../api/commands.js';
import { phrase } from '../api/messages.js';
import { sayLocally } from './cli-messages.js';

/** `--json` prints the data for scripts; otherwise the table, aligned, then the text. */
export function formatResult(result: CommandResult, json: boolean, language: string | undefined): string {
  if (json) return `${JSON.stringify(result.data ?? null, null, 2)}\n`;
  const parts: string[] = [];
  if (result.table) parts.push(formatTable(result.table, language));
  if (result.text) parts.push(result.text);
  if (parts.length === 0 && result.data !== undefined) parts.push(JSON.stringify(result.data, null, 2));
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

/** The table aligned under its headers (the host said them in the reader's language already). */
export function formatTable(table: CommandTable, language: string | undefined): string {
  if (table.rows.length === 0) return sayLocally(phrase('(none)', 'host.cli.none'), language);
  const cells = [table.columns.map((column) => cellText(column).toUpperCase()), ...table.rows.map((row) => table.columns.map((_, i) => cellText(row[i])))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function cellText(value: CommandCell): string {
  // An undefined cell crosses JSON as null.
  if (value === undefined || value === null) return '';
  // One line per row: a multi-line value (an error with a stack, say) would break the columns.
  return (typeof value === 'object' ? value.message : String(value)).replace(/\s*\n\s*/g, ' ');
}
