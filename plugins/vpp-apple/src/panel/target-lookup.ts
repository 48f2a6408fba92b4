import { BadInputError, fill, InventoryPicker, type Inventory, type Suggestion } from '@vpp-host/api';
import { TARGET_KINDS, type Target, type TargetKind } from '../distribution/model.js';
import { resolveTarget, type TargetRefusal } from '../distribution/target-resolver.js';
import { vppText } from './panel-text.js';

export function isTargetKind(value: string | undefined): value is TargetKind {
  return TARGET_KINDS.includes(value as TargetKind);
}

/**
 * The record an admin picked from the list by its label, or typed by hand (its name, email, serial number or id: see
 * resolveTarget). Refused in the admin's language, naming the records it could mean by their labels, never by id.
 */
export function findTarget(inventory: Inventory, kind: TargetKind, typed: string, language: string): Target {
  if (kind === 'all-users' || kind === 'all-devices') return resolveTarget(inventory, kind, typed);
  const picker = new InventoryPicker(inventory, language);
  const picked = picker.picked(kind, typed);
  if (picked) return { kind, id: picked };
  try {
    return resolveTarget(inventory, kind, typed);
  } catch (error) {
    const refusal = error instanceof BadInputError ? (error.details as TargetRefusal | undefined) : undefined;
    if (!refusal?.problem) throw error;
    const text = vppText(language);
    const candidates = refusal.candidates.map((c) => `"${picker.labelOf(kind, c.id) ?? c.label}"`).join(', ');
    const words = { kind: picker.kindName(kind).toLowerCase(), name: refusal.typed.slice(0, 100), candidates };
    const message =
      refusal.typed === ''
        ? fill(text.chooseTarget, words)
        : refusal.problem === 'ambiguous'
          ? fill(text.ambiguousTarget, words)
          : `${fill(text.noTarget, words)}${refusal.candidates.length > 0 ? ` ${fill(text.didYouMean, words)}` : ''}`;
    throw new BadInputError(message, refusal);
  }
}

/** The targets of the kind chosen to offer while typing (none for everyone), those matching what was typed first. */
export function targetSuggestions(inventory: Inventory, kind: string, typed: string | undefined, language: string): Suggestion[] {
  if (!isTargetKind(kind) || kind === 'all-users' || kind === 'all-devices') return [];
  return new InventoryPicker(inventory, language).suggestions(kind, typed ?? '');
}

/** What a target field shows for a link that names the target by id (from a device's page, say): its label, never the id. */
export function shownTarget(inventory: Inventory, kind: string, value: string | undefined, language: string): string | undefined {
  if (!value || !isTargetKind(kind) || kind === 'all-users' || kind === 'all-devices') return value;
  return new InventoryPicker(inventory, language).labelOf(kind, value) ?? value;
}
