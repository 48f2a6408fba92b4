import { BadInputError, cutText, phrase, saying } from '@vpp-host/api';
import { completePolicy, DEFAULT_POLICY, MIGRATION_BUNDLE_FORMAT_VERSION, MigrationBundleSchema, type MigrationBundle, type TargetKind } from '@vpp-host/plugins/vpp-apple/api';
import { locationChangeOf } from '../maas360-model.js';
import type { Maas360Distribution, Maas360Export } from './maas360-export.js';

export const MAAS360_PRODUCT = 'IBM MaaS360';

/** MaaS360's distribution targets and the core's. */
export const TARGET_KINDS: Readonly<Record<Maas360Distribution['target']['type'], TargetKind>> = {
  user: 'user',
  userGroup: 'user-group',
  device: 'device',
  deviceGroup: 'device-group',
  allUsers: 'all-users',
  allDevices: 'all-devices',
};

const ENROLMENT = { Associated: 'enrolled', Registered: 'invited', Invited: 'invited', Retired: 'retired' } as const;

export function itemIdOf(itunesAppId: string): string {
  return `maas360-app:${itunesAppId}`;
}

/**
 * A MaaS360 export as a bundle: the token's settings become the location's (its policies the default policy of every
 * distribution, which MaaS360 applies to the apps a token adds), Token Details the catalog and its publication,
 * distributions the assignments (Instant Install: automatic), and the VPP users with their clientUserIds and states
 * the people Apple knows. MaaS360 keeps no queue and no group join times (the export time stands in).
 */
export function bundleOfExport(data: Maas360Export): MigrationBundle {
  const { token } = data;
  const change = locationChangeOf({ ...token, restrictBackup: token.restrictDataBackup, restrictToUserGroups: token.restrictToUserGroups });
  const { licenseRestrictedToUserGroups: restricted, ...defaults } = change.defaultPolicy ?? {};
  const defaultPolicy = { ...defaults, ...(restricted ? { licenseRestrictedToUserGroups: [...restricted] } : {}) };
  const complete = completePolicy(DEFAULT_POLICY, defaultPolicy);
  const policy = { ...complete, licenseRestrictedToUserGroups: [...complete.licenseRestrictedToUserGroups] };
  const details = new Map(data.tokenDetails.map((detail) => [detail.itunesAppId, detail]));
  const groupMembers = new Map(data.groups.map((group) => [`${group.kind}:${group.groupId}`, new Set(group.members)]));
  const unknownItems = data.distributions.filter((d) => !details.has(d.itunesAppId));
  if (unknownItems.length > 0) {
    const apps = unknownItems.slice(0, 5).map((d) => phrase(`${cutText(d.distributionId, 80)} (app ${d.itunesAppId})`, 'maas360.export.app', { distribution: cutText(d.distributionId, 80), app: d.itunesAppId }));
    throw saying(new BadInputError(`The MaaS360 export distributes apps its Token Details do not list: ${apps.map((app) => app.message).join(', ')}`), 'maas360.export.unlisted-apps', { apps });
  }

  const covers = (distribution: Maas360Distribution, kind: 'user' | 'device', holderId: string): boolean => {
    const { type, id } = distribution.target;
    if (kind === 'user') return type === 'allUsers' || (type === 'user' && id === holderId) || (type === 'userGroup' && groupMembers.get(`user:${id}`)?.has(holderId) === true);
    return type === 'allDevices' || (type === 'device' && id === holderId) || (type === 'deviceGroup' && groupMembers.get(`device:${id}`)?.has(holderId) === true);
  };
  const users = new Map(data.users.map((user) => [user.userId, user]));
  const devices = new Map(data.devices.map((device) => [device.deviceId, device]));

  const bundle: MigrationBundle = {
    formatVersion: MIGRATION_BUNDLE_FORMAT_VERSION,
    exportedAt: data.exportedAt,
    source: { product: MAAS360_PRODUCT },
    location: {
      // MaaS360 does not show Apple's location id: the plan identifies the location by its token file.
      uId: `maas360:${token.locationName}`,
      name: token.locationName,
      orgName: token.orgName,
      program: token.program,
      countryCode: token.region,
      tokenExpiresAt: token.expiryDate,
      settings: {
        defaultPolicy,
        publication: change.publication ?? 'manual',
        licenseRestrictedToUserGroups: [...token.restrictToUserGroups],
        publications: data.tokenDetails.map((detail) => ({
          itemId: itemIdOf(detail.itunesAppId),
          addedAt: detail.addedTime,
          addedBy: token.addAppsAutomatically ? ('automatic' as const) : ('admin' as const),
          status: detail.autoAppAdditionStatus === 'Success' ? ('success' as const) : ('failed' as const),
          ...(detail.comments ? { comment: detail.comments } : {}),
        })),
      },
    },
    catalog: data.tokenDetails.map((detail) => ({
      id: itemIdOf(detail.itunesAppId),
      kind: detail.kind === 'book' ? ('vpp-book' as const) : ('vpp-app' as const),
      name: detail.appName,
      platforms: detail.platforms,
      ...(detail.bundleId ? { bundleId: detail.bundleId } : {}),
      vpp: { adamId: detail.itunesAppId, pricingParam: 'STDQ' as const, revocable: detail.kind === 'app', deviceAssignable: detail.kind === 'app', totalCount: detail.totalLicense },
    })),
    assignments: data.distributions.map((distribution) => {
      const kind = TARGET_KINDS[distribution.target.type];
      const book = details.get(distribution.itunesAppId)!.kind === 'book';
      return {
        id: distribution.distributionId,
        itemId: itemIdOf(distribution.itunesAppId),
        target: { kind, id: distribution.target.id ?? 'all' },
        installMode: distribution.instantInstall ? ('automatic' as const) : ('manual' as const),
        ...(book ? {} : { licenseType: distribution.licenseType ?? (kind === 'device' || kind === 'device-group' || kind === 'all-devices' ? ('device' as const) : ('user' as const)) }),
        policy,
        state: 'active' as const,
        createdAt: distribution.distributedTime,
      };
    }),
    people: data.users.map((user) => ({
      id: user.userId,
      name: user.userName,
      email: user.email,
      ...(user.managedAppleId ? { managedAppleId: user.managedAppleId } : {}),
      ...(user.vppClientUserId ? { clientUserId: user.vppClientUserId } : {}),
      ...(user.vppStatus
        ? {
            enrolment: {
              status: ENROLMENT[user.vppStatus],
              timesInvited: user.invitedTime ? 1 : 0,
              ...(user.invitedTime ? { invitedAt: user.invitedTime } : {}),
              ...(user.acceptedTime ? { acceptedAt: user.acceptedTime } : {}),
            },
          }
        : {}),
    })),
    devices: data.devices.map((device) => ({
      id: device.deviceId,
      serialNumber: device.serialNumber,
      ...(device.deviceName ? { name: device.deviceName } : {}),
      platform: device.platform,
      ...(device.ownerUserId ? { ownerUserId: device.ownerUserId } : {}),
      state: 'enrolled' as const,
    })),
    groups: data.groups.map((group) => ({
      kind: group.kind === 'user' ? ('user-group' as const) : ('device-group' as const),
      id: group.groupId,
      name: group.groupName,
      members: group.members.map((member) => ({ id: member, joinedAt: data.exportedAt })),
    })),
    queues: [],
    licences: data.licenses.map((license, index) => {
      const distribution = data.distributions.find((d) => d.itunesAppId === license.itunesAppId && covers(d, license.holderType, license.holderId));
      if (!distribution) {
        const [app, holder] = [license.itunesAppId, cutText(license.holderId, 80)];
        const refusal = new BadInputError(`licenses.${index}: no distribution of app ${app} covers ${license.holderType} ${holder}; distribute or revoke it in MaaS360 and export again`);
        throw saying(refusal, 'maas360.export.uncovered', { index, app, kind: phrase(license.holderType, `host.kind.${license.holderType}`), holder });
      }
      const appleHolderId = license.holderType === 'user' ? (license.vppClientUserId ?? users.get(license.holderId)?.vppClientUserId) : (license.serialNumber ?? devices.get(license.holderId)?.serialNumber);
      return {
        itemId: itemIdOf(license.itunesAppId),
        holderKind: license.holderType,
        holderId: license.holderId,
        ...(appleHolderId !== undefined ? { appleHolderId } : {}),
        assignmentId: distribution.distributionId,
        orderAt: license.assignedTime,
        state: 'confirmed' as const,
        requestedAt: license.assignedTime,
      };
    }),
  };
  return MigrationBundleSchema.parse(bundle);
}
