import { BadInputError } from '../../api/errors.js';
import { fill } from '../../api/panel-text.js';
import type { InventoryText } from './inventory-text.js';

/**
 * A save the inventory refused, said in the admin's language at the first form field it names (`fields`: the form's
 * fields by name, with the word that labels each); any other error as it is.
 */
export function refusedSave(error: unknown, text: InventoryText, fields: Readonly<Record<string, keyof InventoryText>>): never {
  if (!(error instanceof BadInputError)) throw error;
  const problem = (error.details as { problems?: readonly { field?: string }[] } | undefined)?.problems?.[0];
  const name = problem?.field?.split('.').pop();
  if (!name || !Object.hasOwn(fields, name)) throw error;
  throw Object.assign(new BadInputError(fill(text.notValid, { field: text[fields[name]!] as string }), error.details), { field: name });
}
