import { z } from '@vpp-host/api';
import type { AssignmentRecord, InstallMode, PolicyInput, Target } from '@vpp-host/plugins/vpp-apple/api';
import type { GraphObject } from './odata.js';

/** Intune's intents; `availableWithoutEnrollment` has no counterpart in the core. */
export type Intent = 'available' | 'required' | 'uninstall' | 'availableWithoutEnrollment';

export const INSTALL_MODE_OF: Readonly<Record<Exclude<Intent, 'availableWithoutEnrollment'>, InstallMode>> = {
  required: 'automatic',
  available: 'manual',
  uninstall: 'uninstall',
};

export const INTENT_OF: Readonly<Record<InstallMode, Intent>> = { automatic: 'required', manual: 'available', uninstall: 'uninstall' };

const GRAPH = '#microsoft.graph.';
export const TARGET_TYPES = {
  group: `${GRAPH}groupAssignmentTarget`,
  exclusion: `${GRAPH}exclusionGroupAssignmentTarget`,
  allUsers: `${GRAPH}allLicensedUsersAssignmentTarget`,
  allDevices: `${GRAPH}allDevicesAssignmentTarget`,
} as const;

/** Graph's assignment filters: accepted when they filter nothing. */
const filterFields = {
  deviceAndAppManagementAssignmentFilterId: z.string().nullable().optional(),
  deviceAndAppManagementAssignmentFilterType: z.enum(['none', 'include', 'exclude']).nullable().optional(),
};

const groupId = z.string().trim().min(1).max(200);

export const TargetSchema = z.discriminatedUnion('@odata.type', [
  z.strictObject({ '@odata.type': z.literal(TARGET_TYPES.group), groupId, ...filterFields }),
  z.strictObject({ '@odata.type': z.literal(TARGET_TYPES.exclusion), groupId, ...filterFields }),
  z.strictObject({ '@odata.type': z.literal(TARGET_TYPES.allUsers), ...filterFields }),
  z.strictObject({ '@odata.type': z.literal(TARGET_TYPES.allDevices), ...filterFields }),
]);
export type GraphTarget = z.infer<typeof TargetSchema>;

const flag = z.boolean().nullable().optional();
const IosSettingsSchema = z.strictObject({
  '@odata.type': z.literal(`${GRAPH}iosVppAppAssignmentSettings`),
  useDeviceLicensing: flag,
  vpnConfigurationId: z.string().max(200).nullable().optional(),
  uninstallOnDeviceRemoval: flag,
  isRemovable: flag,
  preventManagedAppBackup: flag,
  preventAutoAppUpdate: flag,
});
const MacSettingsSchema = z.strictObject({
  '@odata.type': z.literal(`${GRAPH}macOsVppAppAssignmentSettings`),
  useDeviceLicensing: flag,
  uninstallOnDeviceRemoval: flag,
  preventManagedAppBackup: flag,
  preventAutoAppUpdate: flag,
});
export type GraphSettings = z.infer<typeof IosSettingsSchema> | z.infer<typeof MacSettingsSchema>;

/** Read-only fields a script sends back as it got them (`id`, `source`, `sourceId`) are accepted and ignored. */
const readOnly = { id: z.string().optional(), source: z.enum(['direct', 'policySets']).optional(), sourceId: z.string().nullable().optional() };

const installIntent = z.enum(['available', 'required', 'uninstall', 'availableWithoutEnrollment']);

/** One entry of an app's assignments, as `assign` takes it and `$expand=assignments` lists it. */
export const MobileAppAssignmentSchema = z.strictObject({
  '@odata.type': z.literal(`${GRAPH}mobileAppAssignment`).optional(),
  intent: installIntent,
  target: TargetSchema,
  settings: z.discriminatedUnion('@odata.type', [IosSettingsSchema, MacSettingsSchema]).nullable().optional(),
  ...readOnly,
});

/** One entry of a book's assignments. */
export const EBookAssignmentSchema = z.strictObject({
  '@odata.type': z.literal(`${GRAPH}iosVppEBookAssignment`).optional(),
  installIntent,
  target: TargetSchema,
  ...readOnly,
});

export const MobileAppAssignBodySchema = z.strictObject({ mobileAppAssignments: z.array(MobileAppAssignmentSchema).max(1000) });

export const EBookAssignBodySchema = z.strictObject({ managedEBookAssignments: z.array(EBookAssignmentSchema).max(1000) });

/** One Graph assignment entry, whichever collection it came from. */
export interface GraphEntry {
  readonly intent: Intent;
  readonly target: GraphTarget;
  readonly settings?: GraphSettings | null;
}

/** The core assignment an include entry asks for. */
export interface DesiredAssignment {
  readonly target: Target;
  readonly installMode: InstallMode;
  readonly licenseType?: 'device' | 'user';
  readonly policy?: PolicyInput;
  readonly exclusions: readonly Target[];
  /** What Intune has and the core lacks: kept beside the core's record. */
  readonly vpnConfigurationId?: string | null;
}

/** `null counts as false` for Intune's assignment settings. */
const on = (value: boolean | null | undefined) => value === true;

/** The core policy fields Intune's settings speak of; the rest stays as the core has it. */
export function policyOfSettings(settings: GraphSettings): PolicyInput {
  return {
    onDeviceUnenrolled: { removeApp: on(settings.uninstallOnDeviceRemoval) },
    nonRemovable: 'isRemovable' in settings ? !on(settings.isRemovable) : false,
    preventBackup: on(settings.preventManagedAppBackup),
    preventAutoUpdate: on(settings.preventAutoAppUpdate),
  };
}

/** What Intune's entries say of a core assignment: a record of the core, or one read from a migration bundle. */
export type CoreAssignment = Pick<AssignmentRecord, 'id' | 'installMode' | 'target' | 'exclusions' | 'licenseType' | 'policy'>;

/** Where an item's assignments live in Graph: apps under mobileApps, books under managedEBooks. */
export type Collection = 'mobileApps' | 'managedEBooks';

/** The core assignment's settings in Intune's words. */
export function settingsOf(assignment: Pick<CoreAssignment, 'licenseType' | 'policy'>, mac: boolean, vpnConfigurationId: string | null): Record<string, unknown> {
  const { policy } = assignment;
  const common = {
    useDeviceLicensing: assignment.licenseType === 'device',
    uninstallOnDeviceRemoval: policy.onDeviceUnenrolled.removeApp,
    preventManagedAppBackup: policy.preventBackup,
    preventAutoAppUpdate: policy.preventAutoUpdate,
  };
  return mac
    ? { '@odata.type': `${GRAPH}macOsVppAppAssignmentSettings`, ...common }
    : { '@odata.type': `${GRAPH}iosVppAppAssignmentSettings`, ...common, vpnConfigurationId, isRemovable: !policy.nonRemovable };
}

/** The core target in Intune's words; a single user or device reads as a group id `user:<id>` / `device:<id>`. */
export function graphTargetOf(target: Target): Record<string, unknown> {
  const filter = { deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none' };
  switch (target.kind) {
    case 'all-users':
      return { '@odata.type': TARGET_TYPES.allUsers, ...filter };
    case 'all-devices':
      return { '@odata.type': TARGET_TYPES.allDevices, ...filter };
    case 'user':
    case 'device':
      return { '@odata.type': TARGET_TYPES.group, ...filter, groupId: `${target.kind}:${target.id}` };
    default:
      return { '@odata.type': TARGET_TYPES.group, ...filter, groupId: target.id };
  }
}

export function exclusionTargetOf(group: Target): Record<string, unknown> {
  return { '@odata.type': TARGET_TYPES.exclusion, deviceAndAppManagementAssignmentFilterId: null, deviceAndAppManagementAssignmentFilterType: 'none', groupId: group.id };
}

/** The id of the exclusion entry Graph lists for a group left out of an intent's assignments. */
export function exclusionId(intent: Intent, group: Target): string {
  return `exclusion_${intent}_${group.id}`;
}

/** The Graph entry of a core assignment (an include; its id is the core's). */
export function includeEntry(collection: Collection, assignment: CoreAssignment, mac: boolean, vpnConfigurationId: string | null): GraphObject {
  const intent = INTENT_OF[assignment.installMode];
  if (collection === 'managedEBooks') {
    return { '@odata.type': `${GRAPH}iosVppEBookAssignment`, id: assignment.id, target: graphTargetOf(assignment.target), installIntent: intent };
  }
  return {
    '@odata.type': `${GRAPH}mobileAppAssignment`,
    id: assignment.id,
    intent,
    target: graphTargetOf(assignment.target),
    settings: settingsOf(assignment, mac, vpnConfigurationId),
    source: 'direct',
    sourceId: null,
  };
}

/** One entry per intent and excluded group, as Intune lists them beside the includes. */
export function exclusionEntries(collection: Collection, assignments: readonly CoreAssignment[]): GraphObject[] {
  const entries = new Map<string, GraphObject>();
  for (const assignment of assignments) {
    const intent = INTENT_OF[assignment.installMode];
    for (const group of assignment.exclusions ?? []) {
      const id = exclusionId(intent, group);
      const target = exclusionTargetOf(group);
      entries.set(
        id,
        collection === 'managedEBooks'
          ? { '@odata.type': `${GRAPH}iosVppEBookAssignment`, id, target, installIntent: intent }
          : { '@odata.type': `${GRAPH}mobileAppAssignment`, id, intent, target, settings: null, source: 'direct', sourceId: null },
      );
    }
  }
  return [...entries.values()];
}
