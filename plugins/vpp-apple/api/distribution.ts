/** vpp-apple's contract: managed distribution of apps and books, and its licenses. */
import type { Actor, Entity, Event, Said } from '@vpp-host/api';

/** `all-users` and `all-devices` cover everyone of that kind in the inventory; their id is always `all`. */
export type TargetKind = 'device' | 'device-group' | 'user' | 'user-group' | 'all-users' | 'all-devices';

/** The id of an `all-users` or `all-devices` target. */
export const ALL_TARGET_ID = 'all';

/** A group an assignment can leave out: a user group leaves out its users, a device group its devices. */
export type ExclusionKind = 'user-group' | 'device-group';

/**
 * `automatic` installs, `manual` offers (the user's purchases list), `uninstall` removes the app and releases the
 * license from everyone the target covers, and keeps the item's other assignments from covering them while it stands.
 */
export type InstallMode = 'automatic' | 'manual' | 'uninstall';

export type LicenseType = 'device' | 'user';

export interface Target {
  readonly kind: TargetKind;
  readonly id: string;
}

export interface LicenseCounts {
  /** Apple's total. */
  readonly total: number;
  /** Licenses the product holds or has asked for (requested + confirmed). */
  readonly held: number;
  /** Licenses Apple counts as assigned that the product did not assign. */
  readonly foreign: number;
  /** Apple's last known count minus what is in flight: what the product may still hand out. */
  readonly available: number;
  /** Holders waiting for a license. */
  readonly queued: number;
}

export type AssignmentState = 'active' | 'awaiting-approval';

export interface AssignmentRecord extends Entity {
  readonly itemId: string;
  readonly target: Target;
  readonly installMode: InstallMode;
  /** VPP apps: who holds the license; VPP books are always user-licensed; in-house items use none. */
  readonly licenseType?: LicenseType;
  readonly policy: DistributionPolicy;
  /** Groups whose members the target does not cover, even when they are in it. */
  readonly exclusions?: readonly Target[];
  /** At most this many of the item's licenses go to the group; the rest of it waits in the queue, over quota. */
  readonly quota?: number;
  /**
   * VPP items bought at several locations: the locations (token ids) its licenses come from, first that has one and
   * admits the holder (its user groups) first. Always holds the item's own location, where the queue stays: a user
   * waits there by when they enrolled there, and takes a license at another location once enrolled there too.
   */
  readonly locations?: readonly string[];
  readonly state: AssignmentState;
  readonly createdAt: string;
  readonly createdBy: Actor;
  readonly reason?: string;
  /** When an admin last assigned the item to the target again after a revocation: its holders are covered anew from then. */
  readonly reassignedAt?: string;
}

/** What happens to an app and its license when something ends. */
export interface LifecycleAction {
  readonly removeApp: boolean;
  readonly releaseLicense: boolean;
}

/**
 * The complete distribution policy of one assignment. The Intune and MaaS360 compatibility layers translate their
 * settings onto exactly these fields (uninstallOnDeviceRemoval, "Remove app on …", preventManagedAppBackup, token
 * bound to user groups, …).
 */
export interface DistributionPolicy {
  /** MDM control removed from the device. */
  readonly onDeviceUnenrolled: LifecycleAction;
  readonly onSelectiveWipe: LifecycleAction;
  /** The assignment is removed (distribution stopped, or the item deleted from the catalog). */
  readonly onDistributionStopped: LifecycleAction;
  /** A device or user leaves the targeted group. */
  readonly onLeftTarget: LifecycleAction;
  /** The app's data may not be backed up (iTunes/iCloud). */
  readonly preventBackup: boolean;
  /** The user may not remove the app. */
  readonly nonRemovable: boolean;
  readonly preventAutoUpdate: boolean;
  /** Nothing is distributed until an admin approves the assignment. */
  readonly requiresApproval: boolean;
  /**
   * When not empty, only users in these user groups (devices: their owners) take a license; the others get the app
   * without one, not counted (MaaS360's token distribution).
   */
  readonly licenseRestrictedToUserGroups: readonly string[];
}

/** What an assignment's policy is where nobody said otherwise: everything ending releases the license and removes the app. */
export const DEFAULT_POLICY: DistributionPolicy = {
  onDeviceUnenrolled: { removeApp: true, releaseLicense: true },
  onSelectiveWipe: { removeApp: true, releaseLicense: true },
  onDistributionStopped: { removeApp: true, releaseLicense: true },
  onLeftTarget: { removeApp: true, releaseLicense: true },
  preventBackup: false,
  nonRemovable: false,
  preventAutoUpdate: false,
  requiresApproval: false,
  licenseRestrictedToUserGroups: [],
};

/** A partial policy as an admin or another plugin gives it; the rest comes from the defaults. */
export interface PolicyInput {
  readonly onDeviceUnenrolled?: Partial<LifecycleAction>;
  readonly onSelectiveWipe?: Partial<LifecycleAction>;
  readonly onDistributionStopped?: Partial<LifecycleAction>;
  readonly onLeftTarget?: Partial<LifecycleAction>;
  readonly preventBackup?: boolean;
  readonly nonRemovable?: boolean;
  readonly preventAutoUpdate?: boolean;
  readonly requiresApproval?: boolean;
  readonly licenseRestrictedToUserGroups?: readonly string[];
}

/** The fields a partial policy gives over `base` (a lifecycle action field by field), the rest kept; the input is trusted. */
export function completePolicy(base: DistributionPolicy, given: PolicyInput): DistributionPolicy {
  const action = (key: 'onDeviceUnenrolled' | 'onSelectiveWipe' | 'onDistributionStopped' | 'onLeftTarget'): LifecycleAction => ({ ...base[key], ...given[key] });
  return {
    onDeviceUnenrolled: action('onDeviceUnenrolled'),
    onSelectiveWipe: action('onSelectiveWipe'),
    onDistributionStopped: action('onDistributionStopped'),
    onLeftTarget: action('onLeftTarget'),
    preventBackup: given.preventBackup ?? base.preventBackup,
    nonRemovable: given.nonRemovable ?? base.nonRemovable,
    preventAutoUpdate: given.preventAutoUpdate ?? base.preventAutoUpdate,
    requiresApproval: given.requiresApproval ?? base.requiresApproval,
    licenseRestrictedToUserGroups: [...new Set(given.licenseRestrictedToUserGroups ?? base.licenseRestrictedToUserGroups)],
  };
}

/** A refused combination: `rule` is stable for scripts, `message` names the rule for people. */
export interface Refusal {
  readonly rule: string;
  readonly message: string;
}

/** `item` is an item id, or an adamId, bundle id or exact name; `tokenId` (token id or name) narrows it to one location. */
export interface AssignInput {
  readonly item: string;
  readonly tokenId?: string;
  readonly target: Target;
  readonly installMode?: InstallMode;
  readonly licenseType?: LicenseType;
  readonly policy?: unknown;
  /** User groups and device groups left out of the target. */
  readonly exclusions?: readonly Target[];
  /** Group targets (and all users, all devices): at most this many licenses for them. */
  readonly quota?: number;
  /**
   * Locations (token ids or names) in priority order, each holding the same asset: a holder's license comes from the
   * first that has one and admits it. Without `tokenId`, an item named by adamId, bundle id or name is the one at
   * the first location.
   */
  readonly locations?: readonly string[];
  readonly reason?: string;
}

/** What may change on an assignment in place: its holders keep their place in the queue. */
export interface AssignmentChange {
  readonly installMode?: 'automatic' | 'manual';
  readonly policy?: unknown;
  readonly exclusions?: readonly Target[];
  /** A new quota; null lifts it. Lowering it below what the group holds takes no license back. */
  readonly quota?: number | null;
  /** A new priority order of locations (as AssignInput's); null: the item's own location only. No license moves. */
  readonly locations?: readonly string[] | null;
  readonly reason?: string;
}

/** What changing an assignment did: holders newly left out (released, kept or removed as its policy says) and newly covered. */
export interface AssignmentUpdate {
  readonly assignment: AssignmentRecord;
  readonly leftOut: number;
  readonly released: number;
  readonly covered: number;
  readonly licensed: number;
  readonly queued: number;
  readonly account: LicenseAccount;
}

/** A device or user as an admin reads it: the kind, the inventory id and its name (the serial number for a device). */
export interface HolderLabel {
  readonly kind: HolderKind;
  readonly id: string;
  readonly name: string;
}

/** An item as an admin reads it: its id, name and, for a VPP item, its location's name. */
export interface ItemLabel {
  readonly id: string;
  readonly name: string;
  readonly location?: string;
}

/** One line of an account: a holder and the item concerned. */
export interface AccountLine {
  readonly holder: HolderLabel;
  readonly item: ItemLabel;
}

/** The first lines of a list (at most 100) and how many there are in all. */
export interface AccountList<T> {
  readonly total: number;
  readonly lines: readonly T[];
}

/**
 * Everything a change does to licenses and apps, holder by holder. A preview (`preview: true`) computes it on the
 * live state through the same code the change runs, and changes nothing; the change answers the same account as it
 * turned out.
 */
export interface LicenseAccount {
  readonly preview: boolean;
  /** New licenses, each to a holder that was not waiting before this change. */
  readonly granted: AccountList<AccountLine>;
  /** Licenses to holders that were waiting in the queue (served in the place of those who lost one). */
  readonly served: AccountList<AccountLine & { readonly waitingSince: string }>;
  /** Holders that join the queue, with their 1-based place. */
  readonly queued: AccountList<AccountLine & { readonly position: number }>;
  /** Licenses taken back, and why. */
  readonly released: AccountList<AccountLine & { readonly cause: ReleaseCause }>;
  /** Holders passed over, each with the rule (stable id) and its message. */
  readonly skipped: AccountList<AccountLine & { readonly rule: string; readonly message: string }>;
  /** Users covered who have not accepted managed distribution at the item's location: invite them. */
  readonly awaitingEnrolment: AccountList<AccountLine>;
  /** Holders whose devices are asked to remove the app. */
  readonly appRemoved: AccountList<AccountLine>;
  /** Licenses that cannot be taken back once given (VPP books). */
  readonly irreversible: AccountList<AccountLine>;
}

/** What previewing or making a change answers besides its own result. */
export interface ChangeOptions {
  /** Compute the account on the live state and change nothing. */
  readonly dryRun?: boolean;
}

export interface HolderRefusal extends Refusal {
  readonly holder: string;
}

export interface DistributionSummary {
  readonly assignment: AssignmentRecord;
  /** New licenses requested by this change. */
  readonly licensed: number;
  readonly alreadyLicensed: number;
  readonly queued: number;
  readonly awaitingEnrolment: number;
  /** Got the item without a license (restricted by policy) or an in-house item. */
  readonly delivered: number;
  /** Uninstall assignments: holders whose devices are asked to remove the app. */
  readonly removed: number;
  /** Uninstall assignments: licenses released by removing the app. */
  readonly released: number;
  readonly ineligible: readonly HolderRefusal[];
  readonly notes: readonly string[];
  /** The same notes as messages, for saying them in the reader's language. */
  readonly notesSaid: readonly Said[];
  readonly counts?: LicenseCounts;
  readonly account: LicenseAccount;
}

export interface RevokeInput {
  readonly item: string;
  /** The location (token id or name) to find `item` in, as for AssignInput. */
  readonly tokenId?: string;
  /** Absent: the app as a whole. */
  readonly target?: Target;
  readonly reason?: string;
}

/** What a revocation did to the asset's queue. */
export interface RevocationQueueEffect {
  /** The target's holders that were waiting: out of the queue until an admin assigns the item to them again. */
  readonly dropped: number;
  /** Licenses handed to other targets' waiting holders, first come first served, as the revocation freed them. */
  readonly servedOthers: number;
  /** Those holders (`kind:id`, the first 100). */
  readonly servedHolders: readonly string[];
}

export interface RevocationResult {
  readonly revoked: number;
  readonly counts: LicenseCounts;
  readonly queue: RevocationQueueEffect;
  readonly account: LicenseAccount;
}

/** What removing an assignment did (or, previewed, would do). */
export interface RemovalResult {
  readonly released: number;
  /** Licenses its policy keeps with their holders. */
  readonly kept: number;
  readonly account: LicenseAccount;
}

/** A group gains or loses a member: what that would do to licenses, previewed before the inventory changes. */
export interface MembershipPreviewInput {
  readonly groupKind: 'user-group' | 'device-group';
  readonly groupId: string;
  readonly memberId: string;
  readonly change: 'joined' | 'left';
}

export type HolderKind = 'device' | 'user';

/** A license nobody seems to use: its device, or every device of its user, has not checked in for the days asked. */
export interface ReclaimCandidate {
  readonly itemId: string;
  readonly tokenId: string;
  readonly holder: LicenseHolder;
  readonly assignmentId: string;
  /** The latest check-in of the device, or of the user's devices (ISO). */
  readonly lastCheckInAt: string;
}

export interface ReclaimResult {
  /** Exactly the candidates the preview listed for the same days, each revoked. */
  readonly reclaimed: readonly ReclaimCandidate[];
  /** Licenses the reclaim freed that went to waiting holders. */
  readonly servedOthers: number;
}

export type ReleaseCause = 'revoked' | 'uninstalled' | 'assignment-removed' | 'left-target' | 'device-unenrolled' | 'device-wiped' | 'user-retired' | 'cancelled';

/** Who holds or waits for a license: an inventory device or user, and the id Apple knows it by. */
export interface LicenseHolder {
  readonly kind: HolderKind;
  /** The inventory id of the device or user. */
  readonly id: string;
  /** The serial number or the clientUserId. */
  readonly appleId: string;
}

/** A license the product gave or took back, once the ledger holds it (Apple hears of it next). */
export interface LicenseEvent {
  readonly licenseId: string;
  /** The VPP item's id (vppItemId). */
  readonly itemId: string;
  readonly tokenId: string;
  readonly holder: LicenseHolder;
  /** The assignment that caused the license. */
  readonly assignmentId: string;
  /** When (ISO). */
  readonly at: string;
}

export interface LicenseRelease extends LicenseEvent {
  readonly cause: ReleaseCause;
}

/** A holder now waits for one of the item's licenses (none free), first come first served. */
export interface HolderQueued {
  readonly itemId: string;
  readonly tokenId: string;
  readonly holder: LicenseHolder;
  readonly assignmentId: string;
  /** 1-based place in the queue when it joined. */
  readonly position: number;
  /** Its place in first-come-first-served order (accepted enrolment, joined the target). */
  readonly waitingSince: string;
  readonly at: string;
}

/** A holder that waited got its license. */
export interface HolderServed extends LicenseEvent {
  readonly waitingSince: string;
}

/** How many holders wait for an item's licenses, after it changed. */
export interface QueueChange {
  readonly itemId: string;
  readonly tokenId: string;
  readonly length: number;
  readonly previousLength: number;
  readonly at: string;
}

/**
 * Distribution's facts, each fired once, after the write that makes it durable (the ledger and the queue's
 * assignments are stored; Apple is told next).
 */
export interface DistributionEvents {
  /**
   * A license went to a holder.
   * @example distribution.onDidAssignLicense.subscribe(({ itemId, holder }) => log(`${holder.id} got ${itemId}`));
   */
  readonly onDidAssignLicense: Event<LicenseEvent>;
  /** A license was given back (revoked, assignment removed, holder left the target, retired, …). */
  readonly onDidReleaseLicense: Event<LicenseRelease>;
  /** A holder joined an item's queue: no license was free. */
  readonly onDidQueueHolder: Event<HolderQueued>;
  /** A holder that waited in the queue got its license (onDidAssignLicense fires for it too). */
  readonly onDidServeHolder: Event<HolderServed>;
  /**
   * The number of holders waiting for an item changed: the place for queue alerts.
   * @example distribution.onDidChangeQueue.subscribe(({ itemId, length }) => { if (length > 50) alert(itemId, length); });
   */
  readonly onDidChangeQueue: Event<QueueChange>;
}

/**
 * Managed distribution as other plugins (the Intune and MaaS360 compatibility layers) drive it: assign an item to a
 * target, approve, remove and revoke. Licenses go first come, first served; every change is audited with the actor.
 */
export const Distribution = Symbol.for('vpp-apple.Distribution');
export interface Distribution extends DistributionEvents {
  /** Assignments, oldest first; `item` as for AssignInput (an item id is exact). */
  listAssignments(filter?: { readonly item?: string; readonly target?: Target }): AssignmentRecord[];
  /** NotFoundError when there is none. */
  getAssignment(id: string): AssignmentRecord;
  /** Who holds one of the item's licenses now (requested or confirmed), in the order they got it. */
  licenseHolders(item: string, tokenId?: string): LicenseHolder[];
  /**
   * Assigning an item again to a target it was revoked from since serves that target's holders again. Every change
   * below takes `{ dryRun: true }` to answer its account without changing anything (see LicenseAccount).
   */
  assign(input: AssignInput, actor: Actor, options?: ChangeOptions): Promise<DistributionSummary>;
  approve(assignmentId: string, actor: Actor, reason?: string, options?: ChangeOptions): Promise<DistributionSummary>;
  /**
   * Changes an assignment's install mode (automatic ↔ manual), policy or exclusions in place. Holders it no longer
   * covers leave as its policy says for leaving the target; holders it covers now join the queue.
   */
  updateAssignment(assignmentId: string, change: AssignmentChange, actor: Actor, options?: ChangeOptions): Promise<AssignmentUpdate>;
  /** Licenses are released or kept, and apps removed, as the assignment's policy says. */
  removeAssignment(assignmentId: string, actor: Actor, reason?: string, options?: ChangeOptions): Promise<RemovalResult>;
  /** What a group gaining or losing a member would do to licenses; the inventory is not changed. */
  previewMembership(input: MembershipPreviewInput): LicenseAccount;
  /**
   * The preview of `reclaim`: app licenses whose device, or every managed device of whose user, has not checked in
   * for `days` (devices whose check-in the inventory does not know are left alone). Books are never listed.
   */
  reclaimable(days: number): ReclaimCandidate[];
  /** Revokes what `reclaimable(days)` lists now, each from its holder, and serves the queue with what it frees. */
  reclaim(days: number, actor: Actor, reason?: string): Promise<ReclaimResult>;
  /**
   * Ends the target's licenses; its holders leave the queue and are not served again until the item is assigned to
   * them again. The answer says what happened to the queue. VPP books cannot be revoked (BadInputError).
   */
  revoke(input: RevokeInput, actor: Actor, options?: ChangeOptions): Promise<RevocationResult>;
}
