import { BadInputError, saying } from '../../api/errors.js';
import type { InventoryProblem } from '../inventory-validation.js';
import type { InventoryText } from './inventory-text.js';

/**
 * A save the inventory refused, at the first form field it names (`fields`: the form's fields by name, with the word
 * that labels each), said by that label and the problem in the admin's language ("E-mail: moet eruitzien als …");
 * any other error as it is.
 */
export function refusedSave(error: unknown, text: InventoryText, fields: Readonly<Record<string, keyof InventoryText>>): never {
  if (!(error instanceof BadInputError)) throw error;
  const problem = (error.details as { problems?: readonly InventoryProblem[] } | undefined)?.problems?.[0];
  const name = problem?.field.split('.').pop();
  if (!problem || !name || !Object.hasOwn(fields, name)) throw error;
  const label = text[fields[name]!] as string;
  const refusal = saying(new BadInputError(`${label}: ${problem.message}`, error.details), 'host.field-colon', { field: label, problem });
  throw Object.assign(refusal, { field: name });
}
