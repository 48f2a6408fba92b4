import { BadInputError, saying } from '@vpp-host/api';
import { MIGRATION_BUNDLE_FORMAT_VERSION, MigrationBundleSchema, bundleProblems, type MigrationBundle } from '@vpp-host/plugins/vpp-apple/api';
import { assignmentsOfItem, licencesOfItem, type DumpItem } from './dump-assignments.js';
import { DumpDirectory } from './dump-directory.js';
import { STORE_ID, type DumpApp, type DumpBook, type IntuneDump } from './intune-dump.js';

type CatalogItem = MigrationBundle['catalog'][number];

/** Intune's source name in a bundle. */
export const INTUNE_PRODUCT = 'Microsoft Intune';

/**
 * The bundle an Intune dump describes. Intune does not expose Apple's location uId: the location is `intune:<token
 * id>`, and the plan identifies it by the token file it is given. Intune has no queue. The result is checked against
 * the bundle's schema.
 */
export function bundleOfDump(dump: IntuneDump, now: Date): MigrationBundle {
  const exportedAt = dump.exportedAt ?? now.toISOString();
  const token = dump.vppTokens[0]!;
  const directory = new DumpDirectory(dump, exportedAt);
  const items = [...dump.mobileApps.map(appItem), ...dump.managedEBooks.map(bookItem)];
  for (const { item } of items) for (const licence of item.licences) directory.addLicenceHolder(licence);
  const assignments = items.flatMap(({ item }) => assignmentsOfItem(item, directory, exportedAt));
  const licences = items.flatMap(({ item }) => licencesOfItem(item, assignments, directory, exportedAt));
  const bundle: MigrationBundle = {
    formatVersion: MIGRATION_BUNDLE_FORMAT_VERSION,
    exportedAt,
    source: { product: INTUNE_PRODUCT },
    location: {
      uId: `intune:${token.id}`,
      name: token.locationName || token.displayName || token.organizationName,
      orgName: token.organizationName,
      program: token.vppTokenAccountType,
      countryCode: token.countryOrRegion.toUpperCase(),
      tokenExpiresAt: token.expirationDateTime,
    },
    catalog: items.map(({ entry }) => entry),
    assignments,
    ...directory.entries(),
    queues: [],
    licences,
  };
  const parsed = MigrationBundleSchema.safeParse(bundle);
  if (!parsed.success) {
    const problems = bundleProblems(parsed.error);
    throw saying(new BadInputError(`The Intune dump makes no valid bundle: ${problems}`), 'intune.dump.no-bundle', { problems });
  }
  return parsed.data;
}

interface Item {
  readonly entry: CatalogItem;
  readonly item: DumpItem;
}

/** An iosVppApp for iPhone and iPad (as applicableDeviceType says; both when it says neither), a macOsVppApp for the Mac. */
function appItem(app: DumpApp, index: number): Item {
  const mac = app['@odata.type'] === '#microsoft.graph.macOsVppApp';
  const devices = app.applicableDeviceType;
  const ios: CatalogItem['platforms'] = [...(devices?.iPhoneAndIPod ? ['iOS' as const] : []), ...(devices?.iPad ? ['iPadOS' as const] : [])];
  const licensing = app.licensingType;
  return {
    entry: {
      id: app.id,
      kind: 'vpp-app',
      name: app.displayName,
      platforms: mac ? ['macOS'] : ios.length > 0 ? ios : ['iOS', 'iPadOS'],
      ...(app.bundleId ? { bundleId: app.bundleId } : {}),
      vpp: {
        adamId: STORE_ID.exec(app.appStoreUrl)![1]!,
        pricingParam: 'STDQ',
        revocable: true,
        deviceAssignable: (licensing?.supportsDeviceLicensing ?? licensing?.supportDeviceLicensing) === true,
        totalCount: app.totalLicenseCount,
      },
    },
    item: {
      id: app.id,
      name: app.displayName,
      where: `mobileApps.${index}`,
      content: { kind: 'app', mac },
      entries: app.assignments,
      licences: app.assignedLicenses ?? [],
    },
  };
}

/** A book's Apple id is in its store URL (informationUrl): Graph's appleId of a book is the token's Apple ID. */
function bookItem(book: DumpBook, index: number): Item {
  return {
    entry: {
      id: book.id,
      kind: 'vpp-book',
      name: book.displayName,
      platforms: ['iOS', 'iPadOS'],
      vpp: { adamId: STORE_ID.exec(book.informationUrl)![1]!, pricingParam: 'STDQ', revocable: false, deviceAssignable: false, totalCount: book.totalLicenseCount },
    },
    item: {
      id: book.id,
      name: book.displayName,
      where: `managedEBooks.${index}`,
      content: { kind: 'book', mac: false },
      entries: book.assignments.map(({ installIntent, ...entry }) => ({ ...entry, intent: installIntent })),
      licences: book.assignedLicenses ?? [],
    },
  };
}
