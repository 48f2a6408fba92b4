import type { CommandResult, CommandTable } from '../api/commands.js';

/** `--json` prints the data for scripts; otherwise the table, aligned, then the text. */
export function formatResult(result: CommandResult, json: boolean): string {
  if (json) return `${JSON.stringify(result.data ?? null, null, 2)}\n`;
  const parts: string[] = [];
  if (result.table) parts.push(formatTable(result.table));
  if (result.text) parts.push(result.text);
  if (parts.length === 0 && result.data !== undefined) parts.push(JSON.stringify(result.data, null, 2));
  return parts.length === 0 ? '' : `${parts.join('\n')}\n`;
}

export function formatTable(table: CommandTable): string {
  if (table.rows.length === 0) return '(none)';
  const cells = [table.columns.map((c) => c.toUpperCase()), ...table.rows.map((row) => table.columns.map((_, i) => cellText(row[i])))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  return cells.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

function cellText(value: string | number | boolean | undefined): string {
  // One line per row: a multi-line value (an error with a stack, say) would break the columns.
  return value === undefined ? '' : String(value).replace(/\s*\n\s*/g, ' ');
}
