/**
 * vpp-apple's contract: what other plugins (and this plugin's distribution and invitation code) may use.
 * Records here never carry a token's secret.
 */
import type { Actor } from '@vpp-host/api';
import type { AssignInput, DistributionSummary, RevokeInput } from '../src/distribution/distribution-service.js';
import type { LicenseCounts } from '../src/distribution/model.js';

export type * from './apple-wire.js';
export { NOTIFICATION_TYPES } from './apple-wire.js';
export type * from './client.js';
export * from './tokens.js';
export * from './sync.js';
export * from './catalog.js';
export * from './notifications.js';
export * from './invitations.js';

export type { AssignInput, DistributionSummary, HolderRefusal, RevokeInput } from '../src/distribution/distribution-service.js';
export type { AssignmentRecord, AssignmentState, InstallMode, LicenseCounts, LicenseType, Target, TargetKind } from '../src/distribution/model.js';
export type { DistributionPolicy, LifecycleAction, PolicyInput } from '../src/distribution/policy.js';

/**
 * Managed distribution as other plugins (the Intune and MaaS360 compatibility layers) drive it: assign an item to a
 * target, approve, remove and revoke. Licenses go first come, first served; every change is audited with the actor.
 */
export const Distribution = Symbol.for('vpp-apple.Distribution');
export interface Distribution {
  assign(input: AssignInput, actor: Actor): Promise<DistributionSummary>;
  approve(assignmentId: string, actor: Actor, reason?: string): Promise<DistributionSummary>;
  /** Licenses are released or kept, and apps removed, as the assignment's policy says. */
  removeAssignment(assignmentId: string, actor: Actor, reason?: string): Promise<{ released: number; kept: number }>;
  /** VPP books cannot be revoked (BadInputError). */
  revoke(input: RevokeInput, actor: Actor): Promise<{ revoked: number; counts: LicenseCounts }>;
}
