import { BadInputError, fill, type Inventory } from '@vpp-host/api';
import { TARGET_KINDS, type Target, type TargetKind } from '../distribution/model.js';
import { listed, resolveTarget, type TargetRefusal } from '../distribution/target-resolver.js';
import type { VppText } from './panel-text.js';

const SUGGESTIONS = 100;

export function isTargetKind(value: string | undefined): value is TargetKind {
  return TARGET_KINDS.includes(value as TargetKind);
}

/** The record an admin typed (its id, or its name: see resolveTarget), refused in the admin's language. */
export function findTarget(inventory: Inventory, kind: TargetKind, typed: string, text: VppText): Target {
  try {
    return resolveTarget(inventory, kind, typed);
  } catch (error) {
    const refusal = error instanceof BadInputError ? (error.details as TargetRefusal | undefined) : undefined;
    if (!refusal?.problem) throw error;
    const words = { kind: text[kind].toLowerCase(), name: refusal.typed, candidates: listed(refusal.candidates) };
    const message =
      refusal.problem === 'ambiguous'
        ? fill(text.ambiguousTarget, words)
        : `${fill(text.noTarget, words)}${refusal.candidates.length > 0 ? ` ${fill(text.didYouMean, words)}` : ''}`;
    throw new BadInputError(message, refusal);
  }
}

/** Names to offer while typing a target: groups first, they are what is usually assigned. */
export function targetSuggestions(inventory: Inventory): string[] {
  return [
    ...inventory.listDeviceGroups({ limit: SUGGESTIONS }).items.map((g) => g.name),
    ...inventory.listUserGroups({ limit: SUGGESTIONS }).items.map((g) => g.name),
    ...inventory.listDevices({ limit: SUGGESTIONS }).items.map((d) => d.serialNumber),
    ...inventory.listUsers({ limit: SUGGESTIONS }).items.map((u) => u.email),
  ];
}
