import { BadInputError, saying, z } from '@vpp-host/api';
import type { ItemKind } from './model.js';
import { completePolicy, DEFAULT_POLICY, type DistributionPolicy, type LifecycleAction } from '../../api/index.js';
export { DEFAULT_POLICY };
export type { DistributionPolicy, LifecycleAction, PolicyInput } from '../../api/index.js';

const lifecycleAction = z.strictObject({ removeApp: z.boolean().optional(), releaseLicense: z.boolean().optional() });

export const PolicyInputSchema = z.strictObject({
  onDeviceUnenrolled: lifecycleAction.optional(),
  onSelectiveWipe: lifecycleAction.optional(),
  onDistributionStopped: lifecycleAction.optional(),
  onLeftTarget: lifecycleAction.optional(),
  preventBackup: z.boolean().optional(),
  nonRemovable: z.boolean().optional(),
  preventAutoUpdate: z.boolean().optional(),
  requiresApproval: z.boolean().optional(),
  licenseRestrictedToUserGroups: z.array(z.string().min(1)).optional(),
});

type LifecycleKey = 'onDeviceUnenrolled' | 'onSelectiveWipe' | 'onDistributionStopped' | 'onLeftTarget';

/** Fills a partial policy with the defaults; throws BadInputError naming the field when the input does not fit. */
export function resolvePolicy(input: unknown = {}): DistributionPolicy {
  return mergePolicy(DEFAULT_POLICY, input);
}

/** Changes the fields a partial policy gives and keeps the rest of `base`; BadInputError as for resolvePolicy. */
export function mergePolicy(base: DistributionPolicy, input: unknown): DistributionPolicy {
  const parsed = PolicyInputSchema.safeParse(input ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw saying(new BadInputError(`Policy field "${field}": ${issue.message}`, { issues: parsed.error.issues }), 'vpp.policy.bad-field', { field, problem: issue.message });
  }
  return completePolicy(base, parsed.data);
}

/** The lifecycle events a policy answers. */
export type LifecycleEvent = 'device-unenrolled' | 'device-wiped' | 'distribution-stopped' | 'left-target';

const POLICY_KEY: Record<LifecycleEvent, LifecycleKey> = {
  'device-unenrolled': 'onDeviceUnenrolled',
  'device-wiped': 'onSelectiveWipe',
  'distribution-stopped': 'onDistributionStopped',
  'left-target': 'onLeftTarget',
};

/** What to do for an item of this kind: VPP books are irrevocable, so their license always stays with the user. */
export function actionFor(policy: DistributionPolicy, event: LifecycleEvent, kind: ItemKind): LifecycleAction {
  const action = policy[POLICY_KEY[event]];
  return kind === 'vpp-book' ? { removeApp: false, releaseLicense: false } : action;
}

/** Whether a user (by the user groups it belongs to) may take a license under a restriction to these groups (none: anyone). */
export function mayTakeLicense(restrictedTo: readonly string[], userGroupIds: readonly string[] | undefined): boolean {
  if (restrictedTo.length === 0) return true;
  if (!userGroupIds) return false;
  return userGroupIds.some((id) => restrictedTo.includes(id));
}
