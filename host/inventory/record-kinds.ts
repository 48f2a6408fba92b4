import type { GroupKind } from '../api/inventory.js';
import { NotFoundError, saying } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';

export type InventoryKind = 'user' | 'device' | GroupKind;

/** How a message names a kind of record ("user group"), said in the reader's language as a message param. */
export function kindPhrase(kind: InventoryKind): Said {
  return phrase(kind.replace('-', ' '), `host.kind.${kind}`);
}

/** "No user "x"", said in the reader's language. */
export function noRecord(kind: InventoryKind, id: string): NotFoundError {
  return saying(new NotFoundError(`No ${kind.replace('-', ' ')} "${id}"`), 'host.inventory.no-record', { kind: kindPhrase(kind), id });
}
