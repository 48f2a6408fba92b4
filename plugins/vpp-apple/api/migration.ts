/**
 * The migration bundle: everything a product needs to take a VPP location over without touching what Apple holds.
 * Written once here in zod; docs/migration-bundle.schema.json is generated from it (`npm run migration-schema`).
 */
import { BadInputError, cutText, z, type Said } from '@vpp-host/api';

export const MIGRATION_BUNDLE_FORMAT_VERSION = 1;
export const MIGRATION_BUNDLE_SCHEMA_ID = 'https://vpp-host.example/schemas/migration-bundle-1.json';

const isoTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, 'must be an ISO-8601 time');
const text = z.string().min(1).max(1_000);
const pricingParam = z.enum(['STDQ', 'PLUS']);
const platform = z.enum(['iOS', 'iPadOS', 'macOS', 'tvOS', 'watchOS', 'visionOS']);
const lifecycleAction = z.strictObject({ removeApp: z.boolean(), releaseLicense: z.boolean() });
const holderKind = z.enum(['device', 'user']);

const partialAction = z.strictObject({ removeApp: z.boolean().optional(), releaseLicense: z.boolean().optional() });

const locationSettings = z
  .strictObject({
    defaultPolicy: z
      .strictObject({
        onDeviceUnenrolled: partialAction.optional(),
        onSelectiveWipe: partialAction.optional(),
        onDistributionStopped: partialAction.optional(),
        onLeftTarget: partialAction.optional(),
        preventBackup: z.boolean().optional(),
        nonRemovable: z.boolean().optional(),
        preventAutoUpdate: z.boolean().optional(),
        requiresApproval: z.boolean().optional(),
        licenseRestrictedToUserGroups: z.array(text).optional(),
      })
      .describe('What new assignments of the location start from'),
    publication: z.enum(['everything', 'automatic', 'manual']).describe("How purchased content comes into the catalog"),
    licenseRestrictedToUserGroups: z.array(text).describe('Only these user groups take licenses from the location'),
    publications: z
      .array(
        z.strictObject({
          itemId: text,
          addedAt: isoTime,
          addedBy: z.enum(['automatic', 'admin']),
          status: z.enum(['success', 'failed']),
          comment: z.string().max(1_000).optional(),
        }),
      )
      .describe('Why each item is in the catalog'),
  })
  .describe("The location's distribution settings");

const location = z
  .strictObject({
    uId: text.describe("Apple's library id of the location"),
    name: text,
    orgName: text,
    program: z.enum(['business', 'education']).describe('Apple Business Manager or Apple School Manager'),
    countryCode: z.string().regex(/^[A-Z]{2}$/),
    tokenExpiresAt: isoTime.describe("The token file's expiry"),
    settings: locationSettings.optional(),
  })
  .describe('The location (one service token) that moves');

const catalogItem = z
  .strictObject({
    id: text.describe('The item id assignments and licences refer to'),
    kind: z.enum(['in-house-app', 'in-house-book', 'vpp-app', 'vpp-book']),
    name: text,
    platforms: z.array(platform),
    bundleId: text.optional(),
    fileRef: text.optional().describe('In-house items: where the app or book file is'),
    vpp: z
      .strictObject({
        adamId: text,
        pricingParam,
        revocable: z.boolean(),
        deviceAssignable: z.boolean(),
        totalCount: z.number().int().min(0).optional().describe("Apple's licence count at export"),
      })
      .optional(),
  })
  .describe('A catalog item: a VPP app or book of the location, or an in-house one');

const target = z.strictObject({
  kind: z.enum(['device', 'device-group', 'user', 'user-group', 'all-users', 'all-devices']),
  id: text.describe('Directory id of the device, user or group; `all` for all-users and all-devices'),
});

const assignment = z.strictObject({
  id: text,
  itemId: text,
  target,
  exclusions: z.array(target).optional().describe('User groups and device groups the target leaves out'),
  quota: z.number().int().min(1).optional().describe("At most this many licences for the target group"),
  locations: z
    .array(text)
    .max(50)
    .optional()
    .describe("Locations the item's licences come from, in priority order, by Apple's library id (uId); this location among them"),
  installMode: z.enum(['automatic', 'manual', 'uninstall']),
  licenseType: holderKind.optional().describe('VPP apps: who holds the licence'),
  policy: z.strictObject({
    onDeviceUnenrolled: lifecycleAction,
    onSelectiveWipe: lifecycleAction,
    onDistributionStopped: lifecycleAction,
    onLeftTarget: lifecycleAction,
    preventBackup: z.boolean(),
    nonRemovable: z.boolean(),
    preventAutoUpdate: z.boolean(),
    requiresApproval: z.boolean(),
    licenseRestrictedToUserGroups: z.array(text),
  }),
  state: z.enum(['active', 'awaiting-approval']),
  createdAt: isoTime,
  reassignedAt: isoTime.optional(),
  reason: z.string().max(2_000).optional(),
});

const person = z
  .strictObject({
    id: text.describe('Directory id'),
    name: z.string().max(1_000),
    email: z.string().max(1_000),
    managedAppleId: text.optional(),
    clientUserId: text.optional().describe("Apple's clientUserId for this person at the location"),
    enrolment: z
      .strictObject({
        status: z.enum(['not-invited', 'invited', 'enrolled', 'retired']),
        invitedAt: isoTime.optional(),
        timesInvited: z.number().int().min(0),
        acceptedAt: isoTime.optional().describe('Orders first-come-first-served'),
        retiredAt: isoTime.optional(),
      })
      .optional(),
  })
  .describe("A person behind one of Apple's clientUserIds, or targeted by an assignment");

const device = z.strictObject({
  id: text.describe('Directory id'),
  serialNumber: text,
  name: z.string().max(1_000).optional(),
  platform,
  ownerUserId: text.optional(),
  state: z.enum(['enrolled', 'unenrolled', 'wiped']),
});

const group = z.strictObject({
  kind: z.enum(['user-group', 'device-group']),
  id: text,
  name: z.string().max(1_000),
  members: z.array(z.strictObject({ id: text, joinedAt: isoTime })).describe('In the order they joined'),
});

const queue = z
  .strictObject({
    itemId: text,
    waiting: z.array(z.strictObject({ holderKind, holderId: text, at: isoTime, assignmentId: text })).describe('First come, first served'),
  })
  .describe("One VPP item's waiting holders, in order");

const licence = z
  .strictObject({
    itemId: text,
    holderKind,
    holderId: text.describe('Directory id of the device or person'),
    appleHolderId: text
      .optional()
      .describe("What Apple knows the holder by: serial number or clientUserId; absent when the exporting product does not know it (the plan finds it by the device's serial number or the person's email or Managed Apple ID)"),
    assignmentId: text,
    orderAt: isoTime.describe('Place in first-come-first-served order'),
    state: z.enum(['requested', 'confirmed', 'releasing']),
    requestedAt: isoTime,
  })
  .describe('A licence the product holds at Apple');

const base64 = z.string().regex(/^[A-Za-z0-9+/]+=*$/, 'must be Base64');

export const SealedTokenSchema = z
  .strictObject({
    kdf: z.strictObject({ name: z.literal('scrypt'), N: z.number().int().min(16_384), r: z.number().int().min(1), p: z.number().int().min(1), salt: base64 }),
    cipher: z.literal('aes-256-gcm'),
    iv: base64,
    tag: base64,
    ciphertext: base64,
  })
  .describe("The location's token file, encrypted with a passphrase; only with --include-token");

export const MigrationBundleSchema = z
  .strictObject({
    $schema: z.literal(MIGRATION_BUNDLE_SCHEMA_ID).optional(),
    formatVersion: z.literal(MIGRATION_BUNDLE_FORMAT_VERSION),
    exportedAt: isoTime,
    source: z.strictObject({ product: text, version: text.optional() }),
    location,
    catalog: z.array(catalogItem),
    assignments: z.array(assignment),
    people: z.array(person),
    devices: z.array(device),
    groups: z.array(group),
    queues: z.array(queue),
    licences: z.array(licence),
    token: SealedTokenSchema.optional(),
  })
  .meta({ title: 'vpp-host migration bundle', description: 'A VPP location (token, content, assignments) moving between products' });

export type MigrationBundle = z.infer<typeof MigrationBundleSchema>;
export type SealedToken = z.infer<typeof SealedTokenSchema>;

/**
 * A bundle format (vpp-host's own `native`, Intune's or MaaS360's export): reads its text into a bundle and writes a
 * bundle as its text. `read` throws BadInputError for text that is not a valid bundle of the format.
 */
export const MigrationFormatContribution = Symbol.for('vpp-apple.MigrationFormatContribution');
export interface MigrationFormatContribution {
  /** e.g. "native", "intune", "maas360". */
  readonly id: string;
  read(text: string): MigrationBundle;
  write(bundle: MigrationBundle): string;
}

/** What a plan found that does not carry over as it is; `loss` marks what would cost a holder its licence. */
export type MigrationProblemKind =
  | 'location-mismatch'
  | 'location-managed-elsewhere'
  | 'person-missing'
  | 'device-missing'
  | 'group-missing'
  | 'item-missing'
  | 'assignment-not-recreated'
  | 'holder-unknown-to-apple'
  | 'licence-missing-at-apple'
  | 'licence-unexplained'
  | 'id-taken';

/** Said: its English `message`, with `messageId` and `params` to say it in other languages (see the host's `Messages`). */
export interface MigrationProblem extends Said {
  readonly kind: MigrationProblemKind;
  /** A holder would lose a licence (or the move cannot go on): the plan is not clean. */
  readonly loss: boolean;
  /** What it is about: a person, device, group, item, assignment or Apple holder, by the bundle's id. */
  readonly subject: string;
}

/** `migrate plan`: what `migrate apply` would do with a bundle against Apple's live state and this host's directory. */
export interface MigrationPlan {
  readonly location: {
    readonly uId: string;
    readonly name: string;
    /** The other product that manages the location now (apply needs take-over consent), if any. */
    readonly managedBy?: { readonly id: string; readonly name: string };
    /** This host holds the location already (an earlier apply, maybe interrupted). */
    readonly heldHere: boolean;
  };
  readonly source: { readonly product: string; readonly exportedAt: string };
  /** No licence lost and nothing that stops the move. */
  readonly clean: boolean;
  readonly counts: {
    /** Licences Apple holds as the bundle says: adopted with no Apple write. */
    readonly licencesAdopted: number;
    /** Licences whose holder or assignment cannot be carried over. */
    readonly licencesLost: number;
    /** The bundle says held, Apple does not: the holder goes back to the queue in its place. */
    readonly licencesMissingAtApple: number;
    /** Releases the old product had started: finished here (Apple disassociates them). */
    readonly releasesFinished: number;
    /** Apple's assignments the bundle does not explain: left alone and counted as another product's. */
    readonly licencesUnexplained: number;
    readonly assignmentsRecreated: number;
    readonly assignmentsNotRecreated: number;
    /** People whose enrolment is adopted: nobody of them is invited again. */
    readonly peopleAdopted: number;
    readonly peopleMissing: number;
    readonly devicesMatched: number;
    readonly devicesMissing: number;
    readonly groupsMatched: number;
    readonly groupsMissing: number;
    readonly itemsMatched: number;
    readonly itemsMissing: number;
    readonly inHouseItemsToAdd: number;
    /** Holders waiting in the queues, carried in their order. */
    readonly queued: number;
  };
  /** The first problems (at most 200); `problemsTotal` counts them all. */
  readonly problems: readonly MigrationProblem[];
  readonly problemsTotal: number;
}

/** `migrate apply`: what was done, step by step; a second run of an applied bundle does nothing twice. */
export interface MigrationApplyResult {
  readonly plan: MigrationPlan;
  readonly tokenId: string;
  readonly tokenName: string;
  readonly tookOver: boolean;
  /** This run finished a run that was interrupted. */
  readonly resumed: boolean;
  readonly done: {
    readonly inHouseItemsAdded: number;
    readonly enrolmentsAdopted: number;
    readonly licencesAdopted: number;
    readonly assignmentsCreated: number;
    readonly queued: number;
  };
}

/** One check of `migrate verify` and what differed. */
export interface MigrationCheck {
  readonly name: 'location-held' | 'licences-held' | 'no-disassociation' | 'no-invitation' | 'queue-order' | 'assignments';
  readonly ok: boolean;
  readonly differences: number;
  /** The first differences (at most 100). */
  readonly examples: readonly string[];
  /** The same differences as messages, for saying them in the reader's language. */
  readonly examplesSaid: readonly Said[];
}

export interface MigrationVerifyResult {
  readonly ok: boolean;
  readonly uId: string;
  readonly checks: readonly MigrationCheck[];
}

/** How many problems a refused bundle's message names; the rest are counted. */
const LISTED_PROBLEMS = 5;

/** What is wrong with a bundle (or a format's text), by path: the first five problems, each cut short, and a count of the rest. */
export function bundleProblems(error: z.ZodError): string {
  const listed = error.issues.slice(0, LISTED_PROBLEMS).map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(top)'}: ${issue.message.slice(0, 120)}`);
  const more = error.issues.length - listed.length;
  return `${listed.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * A format's text as a JSON object, for a reader to check further: BadInputError naming the document (`what`, e.g.
 * "The bundle") when it is not JSON, or when it is JSON but not an object.
 */
export function parseJsonObject(text: string, what: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BadInputError(`${what} is not JSON (${cutText((error as Error).message, 80)})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new BadInputError(`${what} is not a JSON object`);
  return data as Record<string, unknown>;
}
