/**
 * "A MaaS360 export": what an admin or a script collects from MaaS360 about one VPP token, as one JSON document. MaaS360
 * documents no VPP-token API, so the shape is this product's; its words are MaaS360's (the Add Token window's fields,
 * the Token Details columns, distribution and the app's Instant Install), in camelCase.
 */
import { BadInputError, saying, z } from '@vpp-host/api';
import { bundleProblems, parseJsonObject } from '@vpp-host/plugins/vpp-apple/api';
import { EVENTS } from '../maas360-model.js';

const id = z.string().trim().min(1).max(200);
const name = z.string().max(1_000);
const time = z.iso.datetime({ offset: true });
const platform = z.enum(['iOS', 'iPadOS', 'macOS', 'tvOS', 'watchOS', 'visionOS']);

const TokenSchema = z.strictObject({
  tokenName: z.string().trim().min(1).max(200),
  region: z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter region code'),
  orgName: z.string().min(1).max(1_000),
  locationName: z.string().min(1).max(1_000),
  program: z.enum(['business', 'education']),
  expiryDate: time,
  status: z.enum(['Active', 'Revoked']),
  addAppsAutomatically: z.boolean(),
  removeAppOn: z.array(z.enum(EVENTS)),
  revokeLicenseOn: z.array(z.enum(EVENTS)),
  restrictDataBackup: z.boolean(),
  appApproval: z.boolean(),
  /** Group ids of `groups`: only their members take licences. */
  restrictToUserGroups: z.array(id),
});

/** One row of Token Details, with what the export adds to identify the item (kind, platforms, bundle id). */
const TokenDetailSchema = z.strictObject({
  itunesAppId: z.string().regex(/^\d{1,20}$/, "must be the App Store's numeric id"),
  appName: z.string().min(1).max(1_000),
  kind: z.enum(['app', 'book']),
  platforms: z.array(platform).default(['iOS', 'iPadOS']),
  bundleId: z.string().max(1_000).optional(),
  totalLicense: z.number().int().min(0),
  availableLicense: z.number().int().min(0),
  addedTime: time,
  autoAppAdditionStatus: z.enum(['Success', 'Failed']),
  comments: z.string().max(1_000).optional(),
});

export const TARGET_TYPES = ['user', 'userGroup', 'device', 'deviceGroup', 'allUsers', 'allDevices'] as const;

const DistributionSchema = z.strictObject({
  distributionId: id,
  itunesAppId: z.string().regex(/^\d{1,20}$/),
  target: z.strictObject({ type: z.enum(TARGET_TYPES), id: id.optional() }),
  instantInstall: z.boolean(),
  licenseType: z.enum(['user', 'device']).optional(),
  distributedTime: time,
});

const UserSchema = z.strictObject({
  userId: id,
  userName: name,
  email: z.string().max(1_000),
  managedAppleId: z.string().max(1_000).optional(),
  vppClientUserId: id.optional(),
  vppStatus: z.enum(['Invited', 'Registered', 'Associated', 'Retired']).optional(),
  invitedTime: time.optional(),
  acceptedTime: time.optional(),
});

const DeviceSchema = z.strictObject({
  deviceId: id,
  serialNumber: id,
  deviceName: name.optional(),
  platform,
  ownerUserId: id.optional(),
});

const GroupSchema = z.strictObject({ groupId: id, groupName: name, kind: z.enum(['user', 'device']), members: z.array(id) });

const LicenseSchema = z.strictObject({
  itunesAppId: z.string().regex(/^\d{1,20}$/),
  holderType: z.enum(['user', 'device']),
  holderId: id,
  vppClientUserId: id.optional(),
  serialNumber: id.optional(),
  assignedTime: time,
});

export const Maas360ExportSchema = z.strictObject({
  exportedAt: time,
  token: TokenSchema,
  tokenDetails: z.array(TokenDetailSchema),
  distributions: z.array(DistributionSchema),
  users: z.array(UserSchema),
  devices: z.array(DeviceSchema),
  groups: z.array(GroupSchema),
  licenses: z.array(LicenseSchema),
  /** Written by this product's export: what MaaS360 could not hold; not read. */
  notExpressible: z.array(z.strictObject({ what: z.string().max(1_000), why: z.string().max(1_000) })).optional(),
});
export type Maas360Export = z.infer<typeof Maas360ExportSchema>;
export type Maas360Distribution = Maas360Export['distributions'][number];

/** What MaaS360 cannot hold of a bundle, when one is written in its shape. */
export interface NotExpressible {
  readonly what: string;
  readonly why: string;
}

export function parseMaas360Export(text: string): Maas360Export {
  const data = parseJsonObject(text, 'The MaaS360 export');
  if (!('token' in data) || !('tokenDetails' in data)) {
    throw saying(new BadInputError('This is not a MaaS360 export: it has no token and tokenDetails'), 'maas360.export.not-export');
  }
  const parsed = Maas360ExportSchema.safeParse(data);
  if (!parsed.success) {
    const problems = bundleProblems(parsed.error);
    throw saying(new BadInputError(`The MaaS360 export is not valid: ${problems}`), 'maas360.export.invalid', { problems });
  }
  return parsed.data;
}
