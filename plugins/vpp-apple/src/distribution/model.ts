import type { Actor, Entity, Platform } from '@vpp-host/api';
import { vppItemId as itemIdOf, type PricingParam } from '../../api/index.js';
import type { HolderKind, InstallMode, LicenseCounts, ReleaseCause, Target, TargetKind } from '../../api/index.js';
export type { AssignmentRecord, AssignmentState, HolderKind, InstallMode, LicenseCounts, LicenseType, ReleaseCause, Target, TargetKind } from '../../api/index.js';

/** The four kinds of content the product distributes (seed 001's table rows). */
export type ItemKind = 'in-house-app' | 'in-house-book' | 'vpp-app' | 'vpp-book';
export const ITEM_KINDS: readonly ItemKind[] = ['in-house-app', 'in-house-book', 'vpp-app', 'vpp-book'];

export const TARGET_KINDS: readonly TargetKind[] = ['device', 'device-group', 'user', 'user-group', 'all-users', 'all-devices'];
export const INSTALL_MODES: readonly InstallMode[] = ['automatic', 'manual', 'uninstall'];

/** The Apple asset behind a VPP item, per location (token). */
export interface VppAssetRef {
  readonly tokenId: string;
  readonly adamId: string;
  readonly pricingParam: PricingParam;
}

export interface CatalogItem {
  readonly id: string;
  readonly kind: ItemKind;
  readonly name: string;
  readonly platforms: readonly Platform[];
  readonly bundleId?: string;
  readonly fileRef?: string;
  readonly vpp?: VppAssetRef & { readonly revocable: boolean; readonly deviceAssignable: boolean };
  readonly counts?: LicenseCounts;
}

/** An in-house app or book an admin added; VPP items come from sync. */
export interface InHouseItemRecord extends Entity {
  readonly kind: 'in-house-app' | 'in-house-book';
  readonly name: string;
  readonly platforms: readonly Platform[];
  readonly bundleId?: string;
  readonly fileRef?: string;
  readonly createdAt: string;
  readonly createdBy: Actor;
}

/** `requested` and `confirmed` take a license; `releasing` has given it back as far as the product is concerned. */
export type LicenseState = 'requested' | 'confirmed' | 'releasing' | 'released' | 'failed';

/** One license the product holds (or held) at Apple, per location, asset and holder. */
export interface LicenseRecord extends Entity {
  readonly tokenId: string;
  readonly adamId: string;
  readonly pricingParam: PricingParam;
  readonly holderKind: HolderKind;
  /** The inventory id of the device or user. */
  readonly holderId: string;
  /** What Apple knows the holder by: the serial number or the clientUserId. */
  readonly appleHolderId: string;
  /** The assignment that caused it. */
  readonly assignmentId: string;
  /** Its place in first-come-first-served order (accepted enrolment / joined the target); kept for re-queueing. */
  readonly orderAt: string;
  readonly state: LicenseState;
  readonly requestedAt: string;
  readonly updatedAt: string;
  readonly releaseCause?: ReleaseCause;
  /** When the release was decided (Apple confirms it later). */
  readonly releaseRequestedAt?: string;
  readonly failure?: { readonly errorNumber?: number; readonly message: string };
}

export function assetKeyOf(ref: VppAssetRef): string {
  return `${ref.tokenId}|${ref.adamId}|${ref.pricingParam}`;
}

export function holderKeyOf(kind: HolderKind, id: string): string {
  return `${kind}:${id}`;
}

/** How Apple names a license's holder: `s:<serial number>` or `u:<clientUserId>`. */
export function appleTargetOf(license: Pick<LicenseRecord, 'holderKind' | 'appleHolderId'>): string {
  return `${license.holderKind === 'device' ? 's' : 'u'}:${license.appleHolderId}`;
}

/** The same key for one of Apple's assignments. */
export function appleTargetOfAssignment(assignment: { readonly serialNumber?: string; readonly clientUserId?: string }): string {
  return assignment.serialNumber !== undefined ? `s:${assignment.serialNumber}` : `u:${assignment.clientUserId}`;
}

export function vppItemId(ref: VppAssetRef): string {
  return itemIdOf(ref.tokenId, ref);
}

export function isVpp(kind: ItemKind): kind is 'vpp-app' | 'vpp-book' {
  return kind === 'vpp-app' || kind === 'vpp-book';
}

/** A target as one string, `kind:id`. */
export function targetKeyOf(target: Target): string {
  return `${target.kind}:${target.id}`;
}

export function targetOfKey(key: string): Target {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as TargetKind, id: key.slice(colon + 1) };
}

export function holderKindOf(target: TargetKind): HolderKind {
  return target === 'device' || target === 'device-group' || target === 'all-devices' ? 'device' : 'user';
}
