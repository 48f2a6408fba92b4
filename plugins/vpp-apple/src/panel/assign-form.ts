import { atField, BadInputError, fill, type Inventory } from '@vpp-host/api';
import type { AssignInput } from '../../api/index.js';
import { holderKindOf } from '../distribution/model.js';
import type { ItemPicker } from './item-picker.js';
import { vppText } from './panel-text.js';
import { commaList, GROUPS_FIELD, policyFormValues, policyInputOf } from './policy-form.js';
import { findTarget, isTargetKind } from './target-lookup.js';

/** The assign form's fields as typed: kept after a refusal, and carried from the form to its preview and confirmation. */
export interface TypedAssignment extends Record<string, string> {
  readonly item: string;
  readonly location: string;
  readonly targetKind: string;
  readonly target: string;
  readonly exclude: string;
  readonly quota: string;
  /** Locations in priority order, by name or id, comma-separated. */
  readonly locations: string;
  readonly installMode: string;
  readonly licenseType: string;
  readonly reason: string;
}

export function typedAssignment(fields: Readonly<Record<string, string | undefined>>): TypedAssignment {
  const value = (name: string) => fields[name] ?? '';
  return {
    ...policyFormValues(fields),
    item: value('item'),
    location: value('location'),
    targetKind: value('targetKind'),
    target: value('target'),
    exclude: value('exclude'),
    quota: value('quota'),
    locations: value('locations'),
    installMode: value('installMode'),
    licenseType: value('licenseType'),
    reason: value('reason'),
  };
}

/**
 * What the typed fields ask distribution for: the item and the target picked by label (or typed by name or id), the
 * excluded groups by name. A refusal names the field it concerns, so the form shows it there.
 */
export function assignInputOf(inventory: Inventory, items: ItemPicker, typed: TypedAssignment, language: string): AssignInput {
  const text = vppText(language);
  const targetKind = typed.targetKind;
  if (!isTargetKind(targetKind)) throw Object.assign(new BadInputError(fill(text.unknownAction, { name: targetKind })), { field: 'targetKind' });
  const target = atField('target', () => findTarget(inventory, targetKind, typed.target, language));
  const exclusionKind = holderKindOf(target.kind) === 'device' ? 'device-group' : 'user-group';
  const exclusions = atField('exclude', () =>
    commaList(typed.exclude).map((name) => findTarget(inventory, exclusionKind, name, language)),
  );
  const policy = atField(GROUPS_FIELD, () => policyInputOf(typed, (name) => findTarget(inventory, 'user-group', name, language).id));
  const installMode = typed.installMode;
  const licenseType = typed.licenseType;
  return {
    item: atField('item', () => items.resolve(typed.item, text, typed.location || undefined)),
    ...(typed.location ? { tokenId: typed.location } : {}),
    target,
    ...(exclusions.length > 0 ? { exclusions } : {}),
    ...(policy ? { policy } : {}),
    ...(typed.quota.trim() ? { quota: Number(typed.quota.trim()) } : {}),
    ...(typed.locations.trim() ? { locations: commaList(typed.locations) } : {}),
    ...(installMode === 'manual' || installMode === 'automatic' || installMode === 'uninstall' ? { installMode } : {}),
    ...(licenseType === 'device' || licenseType === 'user' ? { licenseType } : {}),
    ...(typed.reason.trim() ? { reason: typed.reason.trim() } : {}),
  };
}

