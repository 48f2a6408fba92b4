import { quoteInput } from '@vpp-host/api';
import { ALL_TARGET_ID, type InstallMode, type Target } from '@vpp-host/plugins/vpp-apple/api';
import { INSTALL_MODE_OF, TARGET_TYPES, policyOfSettings, type DesiredAssignment, type GraphEntry, type GraphTarget, type Intent } from './assignment-model.js';
import { GraphError } from './graph-errors.js';

/** Whether an id names a user, device, user group or device group: the host's inventory, or a migration dump's directory. */
export interface GroupDirectory {
  getUser(id: string): unknown;
  getDevice(id: string): unknown;
  getUserGroup(id: string): unknown;
  getDeviceGroup(id: string): unknown;
}

/** What the entries are assigned: an app (for iOS or only for macOS) or a book. */
export interface AssignedContent {
  readonly kind: 'app' | 'book';
  readonly mac: boolean;
}

type HolderKind = 'device' | 'user';

/**
 * Intune's assignment entries as the core assignments they ask for, with Intune's rules checked first: nothing is
 * changed for a list Intune would refuse. Exclusion entries become the exclusions of every included assignment of
 * the same intent and kind (users or devices).
 */
export function desiredAssignments(entries: readonly GraphEntry[], content: AssignedContent, directory: GroupDirectory): DesiredAssignment[] {
  const includes: DesiredAssignment[] = [];
  const excluded: Array<{ intent: Intent; group: Target }> = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const intent = checkIntent(entry.intent, content);
    checkFilter(entry.target);
    if (entry.target['@odata.type'] === TARGET_TYPES.exclusion) {
      excluded.push({ intent, group: groupOf(entry.target.groupId, directory) });
      continue;
    }
    const target = coreTarget(entry.target, directory);
    const key = `${target.kind}:${target.id}`;
    if (seen.has(key)) throw new GraphError(400, `The target ${describe(target)} is assigned twice; give each group one intent.`, 'duplicate-target');
    seen.add(key);
    checkTarget(target, intent, content);
    includes.push(include(target, intent, entry, content));
  }
  const carries = (desired: DesiredAssignment, exclusion: { intent: Intent; group: Target }) =>
    modeOf(exclusion.intent) === desired.installMode && kindOfGroup(exclusion.group) === holderKind(desired.target);
  for (const exclusion of excluded) {
    // The core keeps exclusions on the assignments they narrow: one with none to narrow has nowhere to live.
    if (!includes.some((desired) => carries(desired, exclusion))) {
      throw new GraphError(400, `The exclusion group ${quoteInput(exclusion.group.id)} leaves nobody out: no ${exclusion.intent} assignment to ${kindOfGroup(exclusion.group)}s is included beside it.`, 'exclusion-unused');
    }
  }
  return includes.map((desired) => ({ ...desired, exclusions: excluded.filter((e) => carries(desired, e)).map((e) => e.group) }));
}

function modeOf(intent: Intent): InstallMode {
  return INSTALL_MODE_OF[intent as Exclude<Intent, 'availableWithoutEnrollment'>];
}

function checkIntent(intent: Intent, content: AssignedContent): Intent {
  if (intent === 'availableWithoutEnrollment') {
    throw new GraphError(400, 'The intent availableWithoutEnrollment is not supported: VPP content goes to managed devices and enrolled users only.', 'intent-not-supported');
  }
  if (content.kind === 'book' && intent === 'uninstall') {
    throw new GraphError(400, 'Books can only be assigned as available or required; a book cannot be uninstalled or its licence revoked.', 'book-not-uninstallable');
  }
  return intent;
}

function checkFilter(target: GraphTarget): void {
  const type = target.deviceAndAppManagementAssignmentFilterType;
  if ((target.deviceAndAppManagementAssignmentFilterId ?? null) !== null || (type !== undefined && type !== null && type !== 'none')) {
    throw new GraphError(400, 'Assignment filters are not supported: use a group, and exclusion groups to leave members out.', 'filters-not-supported');
  }
}

function checkTarget(target: Target, intent: Intent, content: AssignedContent): void {
  const kind = holderKind(target);
  if (content.kind === 'book' && kind === 'device') throw new GraphError(400, 'Books can only be assigned to user groups: device groups are not supported.', 'book-user-groups-only');
  if (intent === 'available' && kind === 'device') throw new GraphError(400, 'The intent available is not supported for device groups: assign it as required, or to a user group.', 'available-not-for-devices');
}

function include(target: Target, intent: Intent, entry: GraphEntry, content: AssignedContent): DesiredAssignment {
  const installMode = modeOf(intent);
  const settings = entry.settings ?? undefined;
  if (!settings) return { target, installMode, exclusions: [] };
  if (content.kind === 'book') throw new GraphError(400, 'Book assignments take no settings.', 'book-no-settings');
  const mac = settings['@odata.type'] === '#microsoft.graph.macOsVppAppAssignmentSettings';
  if (mac !== content.mac) {
    throw new GraphError(400, `This is ${content.mac ? 'a macOsVppApp: use macOsVppAppAssignmentSettings' : 'an iosVppApp: use iosVppAppAssignmentSettings'}.`, 'settings-platform');
  }
  return {
    target,
    installMode,
    licenseType: settings.useDeviceLicensing === true ? 'device' : 'user',
    policy: policyOfSettings(settings),
    exclusions: [],
    ...('vpnConfigurationId' in settings ? { vpnConfigurationId: settings.vpnConfigurationId ?? null } : {}),
  };
}

function coreTarget(target: GraphTarget, directory: GroupDirectory): Target {
  switch (target['@odata.type']) {
    case TARGET_TYPES.allUsers:
      return { kind: 'all-users', id: ALL_TARGET_ID };
    case TARGET_TYPES.allDevices:
      return { kind: 'all-devices', id: ALL_TARGET_ID };
    default:
      return directTarget(target.groupId, directory) ?? groupOf(target.groupId, directory);
  }
}

/** `user:<id>` and `device:<id>`: how a core assignment to one user or device reads through Graph, taken back as such. */
function directTarget(groupId: string, directory: GroupDirectory): Target | undefined {
  const [kind, id] = [groupId.slice(0, groupId.indexOf(':')), groupId.slice(groupId.indexOf(':') + 1)];
  if (kind === 'user' && directory.getUser(id)) return { kind, id };
  if (kind === 'device' && directory.getDevice(id)) return { kind, id };
  return undefined;
}

/** A group id names a host user group or device group. */
function groupOf(groupId: string, directory: GroupDirectory): Target {
  const user = directory.getUserGroup(groupId);
  const device = directory.getDeviceGroup(groupId);
  if (user && device) throw new GraphError(400, `The id ${quoteInput(groupId)} names both a user group and a device group; rename one of them.`, 'ambiguous-group');
  if (user) return { kind: 'user-group', id: groupId };
  if (device) return { kind: 'device-group', id: groupId };
  throw new GraphError(400, `No group with id ${quoteInput(groupId)}.`, 'unknown-group');
}

function holderKind(target: Target): HolderKind {
  return target.kind === 'device' || target.kind === 'device-group' || target.kind === 'all-devices' ? 'device' : 'user';
}

function kindOfGroup(group: Target): HolderKind {
  return group.kind === 'device-group' ? 'device' : 'user';
}

function describe(target: Target): string {
  return target.kind === 'all-users' || target.kind === 'all-devices' ? target.kind : `${target.kind} '${target.id}'`;
}
