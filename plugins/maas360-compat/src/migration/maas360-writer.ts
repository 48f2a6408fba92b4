import { completePolicy, DEFAULT_POLICY, type MigrationBundle } from '@vpp-host/plugins/vpp-apple/api';
import { maas360SettingsOf } from '../maas360-model.js';
import { TARGET_KINDS } from './maas360-bundle.js';
import type { Maas360Export, NotExpressible } from './maas360-export.js';

type Bundle = MigrationBundle;
const TARGET_TYPES = new Map(Object.entries(TARGET_KINDS).map(([type, kind]) => [kind, type as Maas360Export['distributions'][number]['target']['type']]));
const SAME = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A bundle in MaaS360's shape, with what MaaS360 cannot hold listed in `notExpressible`: in-house items, exclusions,
 * quotas, uninstall assignments, assignments waiting for approval, and policies other than the token's (MaaS360 keeps
 * policies per token; those distributions are written with the token's and named).
 */
export function exportOfBundle(bundle: Bundle): Maas360Export & { readonly notExpressible: NotExpressible[] } {
  const notExpressible: NotExpressible[] = [];
  const { location } = bundle;
  const settings = location.settings ?? { defaultPolicy: {}, publication: 'everything' as const, licenseRestrictedToUserGroups: [], publications: [] };
  const token = maas360SettingsOf({ tokenId: location.uId, defaultPolicy: settings.defaultPolicy, publication: settings.publication, licenseRestrictedToUserGroups: settings.licenseRestrictedToUserGroups }, location.countryCode);
  const tokenPolicy = completePolicy(DEFAULT_POLICY, settings.defaultPolicy);
  const vppItems = new Map(bundle.catalog.flatMap((item) => (item.vpp ? [[item.id, item] as const] : [])));
  for (const item of bundle.catalog) if (!item.vpp) notExpressible.push({ what: `in-house item ${item.name} (${item.id})`, why: 'MaaS360 tokens carry App Store content only' });
  const held = new Map<string, number>();
  for (const licence of bundle.licences) held.set(licence.itemId, (held.get(licence.itemId) ?? 0) + 1);

  const distributions: Maas360Export['distributions'] = [];
  for (const assignment of bundle.assignments) {
    const item = vppItems.get(assignment.itemId);
    const what = `assignment ${assignment.id}`;
    const why = !item
      ? 'its item is not App Store content of the token'
      : assignment.installMode === 'uninstall'
        ? 'MaaS360 has no uninstall distribution'
        : assignment.state !== 'active'
          ? 'it waits for approval, which MaaS360 keeps per app, not per distribution'
          : undefined;
    if (why) {
      notExpressible.push({ what, why });
      continue;
    }
    if (assignment.exclusions?.length) notExpressible.push({ what, why: 'MaaS360 has no excluded groups: written without them' });
    if (assignment.quota !== undefined) notExpressible.push({ what, why: `MaaS360 has no licence quota: written without the quota of ${assignment.quota}` });
    if (!SAME(assignment.policy, tokenPolicy)) notExpressible.push({ what, why: "MaaS360 keeps policies per token: written with the token's" });
    distributions.push({
      distributionId: assignment.id,
      itunesAppId: item!.vpp!.adamId,
      target: { type: TARGET_TYPES.get(assignment.target.kind)!, ...(assignment.target.kind.startsWith('all-') ? {} : { id: assignment.target.id }) },
      instantInstall: assignment.installMode === 'automatic',
      ...(assignment.licenseType ? { licenseType: assignment.licenseType } : {}),
      distributedTime: assignment.createdAt,
    });
  }

  const publication = new Map(settings.publications.map((p) => [p.itemId, p]));
  return {
    exportedAt: bundle.exportedAt,
    token: {
      tokenName: location.name,
      region: token.region,
      orgName: location.orgName,
      locationName: location.name,
      program: location.program,
      expiryDate: location.tokenExpiresAt,
      status: 'Active',
      addAppsAutomatically: token.addAppsAutomatically,
      removeAppOn: [...token.removeAppOn],
      revokeLicenseOn: [...token.revokeLicenseOn],
      restrictDataBackup: token.restrictBackup,
      appApproval: token.appApproval,
      restrictToUserGroups: [...token.restrictToUserGroups],
    },
    tokenDetails: [...vppItems.values()].map((item) => {
      const total = item.vpp!.totalCount ?? held.get(item.id) ?? 0;
      const added = publication.get(item.id);
      return {
        itunesAppId: item.vpp!.adamId,
        appName: item.name,
        kind: item.kind === 'vpp-book' ? ('book' as const) : ('app' as const),
        platforms: [...item.platforms],
        ...(item.bundleId ? { bundleId: item.bundleId } : {}),
        totalLicense: total,
        availableLicense: Math.max(0, total - (held.get(item.id) ?? 0)),
        addedTime: added?.addedAt ?? bundle.exportedAt,
        autoAppAdditionStatus: added?.status === 'failed' ? ('Failed' as const) : ('Success' as const),
        ...(added?.comment ? { comments: added.comment } : {}),
      };
    }),
    distributions,
    users: bundle.people.map((person) => ({
      userId: person.id,
      userName: person.name,
      email: person.email,
      ...(person.managedAppleId ? { managedAppleId: person.managedAppleId } : {}),
      ...(person.clientUserId ? { vppClientUserId: person.clientUserId } : {}),
      ...(person.enrolment && person.enrolment.status !== 'not-invited'
        ? { vppStatus: person.enrolment.status === 'enrolled' ? ('Associated' as const) : person.enrolment.status === 'retired' ? ('Retired' as const) : ('Invited' as const) }
        : {}),
      ...(person.enrolment?.invitedAt ? { invitedTime: person.enrolment.invitedAt } : {}),
      ...(person.enrolment?.acceptedAt ? { acceptedTime: person.enrolment.acceptedAt } : {}),
    })),
    devices: bundle.devices.map((device) => ({
      deviceId: device.id,
      serialNumber: device.serialNumber,
      ...(device.name ? { deviceName: device.name } : {}),
      platform: device.platform,
      ...(device.ownerUserId ? { ownerUserId: device.ownerUserId } : {}),
    })),
    groups: bundle.groups.map((group) => ({ groupId: group.id, groupName: group.name, kind: group.kind === 'user-group' ? ('user' as const) : ('device' as const), members: group.members.map((m) => m.id) })),
    licenses: bundle.licences.flatMap((licence) => {
      const item = vppItems.get(licence.itemId);
      if (!item) return [];
      return [
        {
          itunesAppId: item.vpp!.adamId,
          holderType: licence.holderKind,
          holderId: licence.holderId,
          ...(licence.appleHolderId ? (licence.holderKind === 'user' ? { vppClientUserId: licence.appleHolderId } : { serialNumber: licence.appleHolderId }) : {}),
          assignedTime: licence.orderAt,
        },
      ];
    }),
    notExpressible,
  };
}
