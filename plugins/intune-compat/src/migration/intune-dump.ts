/**
 * The "Intune dump": what a Graph script collects from Intune about one VPP token, in Graph's own field names. Graph
 * objects keep the fields this format does not use (a script writes them as Graph answered); the dump's own top level
 * is strict, so a misspelt collection is named rather than ignored.
 */
import { BadInputError, cutText, phrase, saying, z } from '@vpp-host/api';
import { bundleProblems, parseJsonObject } from '@vpp-host/plugins/vpp-apple/api';
import { EBookAssignmentSchema, MobileAppAssignmentSchema } from '../assignment-model.js';

const GRAPH = '#microsoft.graph.';
const id = z.string().trim().min(1).max(200);
const name = z.string().max(1_000);
const optionalText = z.string().max(1_000).nullable().optional();
const time = z.iso.datetime({ offset: true });
/** Apple's id of the app or book closes its store URL: `https://apps.apple.com/us/app/pages/id361309726`. */
export const STORE_ID = /\/id(\d{1,20})(?:[/?#]|$)/;
const storeUrl = z.string().max(2_000).regex(STORE_ID, "must be the store's URL, ending in /id<Apple's id>");

const VppTokenSchema = z.looseObject({
  '@odata.type': z.literal(`${GRAPH}vppToken`).optional(),
  id,
  organizationName: z.string().min(1).max(1_000),
  vppTokenAccountType: z.enum(['business', 'education']),
  countryOrRegion: z.string().regex(/^[A-Za-z]{2}$/, 'must be a two-letter country code'),
  expirationDateTime: time,
  displayName: optionalText,
  locationName: optionalText,
});

/** iosVppAppAssignedLicense and its user and device kinds (macOsVppAppAssignedLicense for a Mac app): a device licence names the managed device. */
const AssignedLicenseSchema = z.looseObject({
  '@odata.type': z
    .enum([`${GRAPH}iosVppAppAssignedLicense`, `${GRAPH}iosVppAppAssignedUserLicense`, `${GRAPH}iosVppAppAssignedDeviceLicense`, `${GRAPH}macOsVppAppAssignedLicense`])
    .optional(),
  id,
  userId: id.nullable().optional(),
  userEmailAddress: optionalText,
  userName: optionalText,
  userPrincipalName: optionalText,
  managedDeviceId: id.nullable().optional(),
  deviceName: optionalText,
});
export type AssignedLicense = z.infer<typeof AssignedLicenseSchema>;

const flag = z.boolean().nullable().optional();
const VppAppSchema = z.looseObject({
  '@odata.type': z.enum([`${GRAPH}iosVppApp`, `${GRAPH}macOsVppApp`]),
  id,
  displayName: z.string().min(1).max(1_000),
  bundleId: optionalText,
  appStoreUrl: storeUrl,
  vppTokenId: id.nullable().optional(),
  totalLicenseCount: z.number().int().min(0),
  licensingType: z.looseObject({ supportsUserLicensing: flag, supportsDeviceLicensing: flag, supportUserLicensing: flag, supportDeviceLicensing: flag }).nullable().optional(),
  applicableDeviceType: z.looseObject({ iPad: flag, iPhoneAndIPod: flag }).nullable().optional(),
  assignments: z.array(MobileAppAssignmentSchema),
  assignedLicenses: z.array(AssignedLicenseSchema).optional(),
});
export type DumpApp = z.infer<typeof VppAppSchema>;

const EBookSchema = z.looseObject({
  '@odata.type': z.literal(`${GRAPH}iosVppEBook`),
  id,
  displayName: z.string().min(1).max(1_000),
  informationUrl: storeUrl,
  vppTokenId: id.nullable().optional(),
  totalLicenseCount: z.number().int().min(0),
  assignments: z.array(EBookAssignmentSchema),
  assignedLicenses: z.array(AssignedLicenseSchema).optional(),
});
export type DumpBook = z.infer<typeof EBookSchema>;

/** A group's member as `GET /groups/{id}/members` lists it: an Azure AD user or device (its `deviceId` is the one managedDevices call azureADDeviceId). */
const MemberSchema = z.discriminatedUnion('@odata.type', [
  z.looseObject({ '@odata.type': z.literal(`${GRAPH}user`), id, displayName: optionalText, mail: optionalText, userPrincipalName: optionalText }),
  z.looseObject({ '@odata.type': z.literal(`${GRAPH}device`), id, deviceId: id, displayName: optionalText }),
]);

const GroupSchema = z.looseObject({ id, displayName: name, members: z.array(MemberSchema) });
export type DumpGroup = z.infer<typeof GroupSchema>;

const ManagedDeviceSchema = z.looseObject({
  id,
  deviceName: optionalText,
  serialNumber: z.string().trim().min(1).max(200),
  operatingSystem: z.string().max(100),
  azureADDeviceId: id.nullable().optional(),
  userId: id.nullable().optional(),
  userDisplayName: optionalText,
  emailAddress: optionalText,
  userPrincipalName: optionalText,
});
export type DumpDevice = z.infer<typeof ManagedDeviceSchema>;

export const IntuneDumpSchema = z.strictObject({
  exportedAt: time.optional().describe('When the script collected the dump; absent: when it is read'),
  vppTokens: z.array(VppTokenSchema),
  mobileApps: z.array(VppAppSchema).default([]),
  managedEBooks: z.array(EBookSchema).default([]),
  groups: z.array(GroupSchema).default([]),
  managedDevices: z.array(ManagedDeviceSchema).default([]),
});
export type IntuneDump = z.infer<typeof IntuneDumpSchema>;

/** The dump in `text`, checked; BadInputError says what is wrong (by path, at most five problems) and never repeats the input at length. */
export function parseDump(text: string): IntuneDump {
  const data = parseJsonObject(text, 'The Intune dump');
  if (!('vppTokens' in data)) {
    throw saying(new BadInputError('This is not an Intune dump: it has no vppTokens (GET /deviceAppManagement/vppTokens)'), 'intune.dump.not-dump');
  }
  const tokens = data.vppTokens;
  if (Array.isArray(tokens) && tokens.length !== 1) {
    const refusal = new BadInputError(`The Intune dump holds ${tokens.length} vppTokens; a bundle moves one location: collect the dump of one token (its apps and books by vppTokenId)`);
    throw saying(refusal, 'intune.dump.tokens', { count: tokens.length });
  }
  const parsed = IntuneDumpSchema.safeParse(data);
  if (!parsed.success) {
    const problems = bundleProblems(parsed.error);
    throw saying(new BadInputError(`The Intune dump is not valid: ${problems}`), 'intune.dump.invalid', { problems });
  }
  const token = parsed.data.vppTokens[0]!;
  const foreign = [...parsed.data.mobileApps.map((app, index) => ({ where: `mobileApps.${index}`, of: app.vppTokenId })), ...parsed.data.managedEBooks.map((book, index) => ({ where: `managedEBooks.${index}`, of: book.vppTokenId }))].filter(
    (entry) => entry.of != null && entry.of !== token.id,
  );
  if (foreign.length > 0) {
    const entries = foreign.slice(0, 5).map((entry) => phrase(`${entry.where} has vppTokenId ${cutText(entry.of!, 80)}`, 'intune.dump.foreign-entry', { where: entry.where, token: cutText(entry.of!, 80) }));
    throw saying(new BadInputError(`The Intune dump holds content of another token: ${entries.map((entry) => entry.message).join('; ')}`), 'intune.dump.foreign', { entries });
  }
  return parsed.data;
}
