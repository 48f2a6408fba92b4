import { phrase, type Said } from '@vpp-host/api';

/** A progress report's label from a phrase: the English `label`, and `said` for the CLI to show in the reader's language. */
export function saidAsLabel(said: Said): { readonly label: string; readonly said: Said } {
  return { label: said.message, said };
}

/** Lines (at least one) said one by one in the reader's language, as one message: a command's report of several lines. */
export function saidLines(lines: readonly Said[]): Said {
  return lines.reduceRight((rest, line) => phrase(`${line.message}\n${rest.message}`, 'vpp.lines', { line, rest }));
}
