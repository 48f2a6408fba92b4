import type { Said } from '@vpp-host/api';

/** A progress report's label from a phrase: the English `label`, and `said` for the CLI to show in the reader's language. */
export function saidAsLabel(said: Said): { readonly label: string; readonly said: Said } {
  return { label: said.message, said };
}
