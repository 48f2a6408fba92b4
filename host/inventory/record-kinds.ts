import { NotFoundError, saying } from '../api/errors.js';
import { kindPhrase, type RecordKind } from '../api/inventory.js';

/** "No user "x"", said in the reader's language. */
export function noRecord(kind: RecordKind, id: string): NotFoundError {
  return saying(new NotFoundError(`No ${kind.replace('-', ' ')} "${id}"`), 'host.inventory.no-record', { kind: kindPhrase(kind), id });
}
