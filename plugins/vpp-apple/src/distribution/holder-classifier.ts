import { checkDevice, type Refusal } from './eligibility.js';
import { isManaged, userGroupIdsOf, type Holder } from './holders.js';
import type { Waiting } from './license-desk.js';
import { isVpp, type AssignmentRecord, type CatalogItem } from './model.js';
import { mayTakeLicense } from './policy.js';
import type { DistributionDirectory, EnrolmentDirectory } from './ports.js';

/** Where a holder stands for an assignment, before looking at licenses. */
export type Classified =
  | { readonly status: 'waiting'; readonly entry: Waiting; readonly coveredSince: string }
  | { readonly status: 'awaiting-enrolment' }
  | { readonly status: 'unlicensed'; readonly deviceIds: readonly string[] }
  | { readonly status: 'ineligible'; readonly refusal: Refusal };

/**
 * Decides whether a holder may receive the item (table, platforms, OS minimums, management), whether it needs a
 * license (VPP content not restricted away by the policy) and, if so, its place in first-come-first-served order:
 * when the user accepted enrolment, or when the device joined the target.
 */
export function classifyHolder(
  directory: DistributionDirectory,
  enrolments: EnrolmentDirectory,
  assignment: AssignmentRecord,
  item: CatalogItem,
  holder: Holder,
  /** The item's location restricts its licenses to these user groups' members (none: anyone). */
  locationRestriction: readonly string[] = [],
): Classified {
  const licensed = isVpp(item.kind);
  if (holder.kind === 'device') {
    const device = directory.getDevice(holder.id);
    if (!isManaged(device)) return { status: 'ineligible', refusal: { rule: 'not-managed', message: `Device ${holder.id} is not under management` } };
    const refusal = checkDevice(item.kind, item.platforms, device, assignment.licenseType);
    if (refusal) return { status: 'ineligible', refusal };
    if (!licensed || !takesLicense(directory, assignment, locationRestriction, device.ownerUserId)) return { status: 'unlicensed', deviceIds: [device.id] };
    return {
      status: 'waiting',
      coveredSince: holder.coveredSince,
      entry: { key: holder.key, at: holder.joinedAt, holderKind: 'device', holderId: device.id, appleHolderId: device.serialNumber, assignmentId: assignment.id },
    };
  }
  const user = directory.getUser(holder.id);
  if (!user) return { status: 'ineligible', refusal: { rule: 'unknown-user', message: `User ${holder.id} no longer exists` } };
  if (!licensed || !takesLicense(directory, assignment, locationRestriction, user.id)) {
    const deviceIds = directory
      .devicesOf(user.id)
      .filter((d) => isManaged(d) && !checkDevice(item.kind, item.platforms, d, undefined))
      .map((d) => d.id);
    return { status: 'unlicensed', deviceIds };
  }
  const enrolment = enrolments.enrolment(item.vpp!.tokenId, user.id);
  if (!enrolment) return { status: 'awaiting-enrolment' };
  return {
    status: 'waiting',
    coveredSince: holder.coveredSince,
    entry: { key: holder.key, at: enrolment.acceptedAt, holderKind: 'user', holderId: user.id, appleHolderId: enrolment.clientUserId, assignmentId: assignment.id },
  };
}

/**
 * Whether the assignment's policy and the item's location both let this user (a device: its owner) take a license;
 * groups are read only when restricted.
 */
function takesLicense(directory: DistributionDirectory, assignment: AssignmentRecord, locationRestriction: readonly string[], userId: string | undefined): boolean {
  if (assignment.policy.licenseRestrictedToUserGroups.length === 0 && locationRestriction.length === 0) return true;
  const groups = userGroupIdsOf(directory, userId);
  return mayTakeLicense(assignment.policy.licenseRestrictedToUserGroups, groups) && mayTakeLicense(locationRestriction, groups);
}
