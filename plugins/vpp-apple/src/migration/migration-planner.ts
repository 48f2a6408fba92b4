import type { Said } from '@vpp-host/api';
import type { MigrationBundle, MigrationPlan, MigrationProblemKind, Target, UserStatus } from '../../api/index.js';
import { seniorityId } from '../distribution/distribution-core.js';
import { holderKeyOf, type HolderKind } from '../distribution/model.js';
import { appleAssignmentKey, assetKey, type AppleLocationView } from './apple-location-view.js';
import type { DirectoryMatch } from './directory-match.js';
import * as say from './plan-problems.js';

type Entry<K extends keyof MigrationBundle> = MigrationBundle[K] extends readonly (infer T)[] | undefined ? T : never;
type Person = Entry<'people'>;
type EnrolmentStatus = NonNullable<Person['enrolment']>['status'];

/** A person whose enrolment at the location carries over: same clientUserId, no new invitation. */
export interface AdoptedPerson {
  readonly person: Person;
  readonly userId: string;
  readonly clientUserId: string;
  readonly status: Exclude<EnrolmentStatus, 'not-invited'>;
  readonly acceptedAt?: string;
}

export interface AdoptedLicence {
  readonly entry: Entry<'licences'>;
  readonly asset: { readonly adamId: string; readonly pricingParam: 'STDQ' | 'PLUS' };
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly appleHolderId: string;
  readonly state: 'confirmed' | 'releasing';
}

/** A holder waiting for an item, in the bundle's first-come-first-served order. */
export interface CarriedPlace {
  readonly itemId: string;
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly at: string;
}

export interface RecreatedAssignment {
  readonly entry: Entry<'assignments'>;
  readonly target: Target;
  readonly exclusions: readonly Target[];
}

/** How the bundle maps onto this host: what apply carries out. */
export interface MigrationResolution {
  readonly people: readonly AdoptedPerson[];
  /** Bundle item id → Apple asset (VPP) or the in-house entry with this host's item when it has one. */
  readonly vppItems: ReadonlyMap<string, { readonly adamId: string; readonly pricingParam: 'STDQ' | 'PLUS' }>;
  readonly inHouseItems: ReadonlyArray<{ readonly entry: Entry<'catalog'>; readonly localId?: string }>;
  readonly assignments: readonly RecreatedAssignment[];
  readonly licences: readonly AdoptedLicence[];
  readonly places: readonly CarriedPlace[];
  /** Bundle licences Apple no longer holds, as place keys (`itemId#kind:holderId`, bundle item, this host's holder). */
  readonly missingAtApple: readonly string[];
  /** Bundle person id → this host's user id, bundle device id → this host's device id. */
  readonly userIds: ReadonlyMap<string, string>;
  readonly deviceIds: ReadonlyMap<string, string>;
  /** `kind:bundle group id` → this host's group id. */
  readonly groups: ReadonlyMap<string, string>;
}

export interface PlanContext {
  readonly bundle: MigrationBundle;
  readonly apple: AppleLocationView;
  readonly match: DirectoryMatch;
  /** This host's mdmInfo id: a location managed under it is not managed elsewhere. */
  readonly ownMdmId: string;
  readonly heldHere: boolean;
  /** This host's in-house item of the same kind and bundle id (or name), if any. */
  readonly inHouseItem: (entry: Entry<'catalog'>) => string | undefined;
}

/**
 * Lays the bundle over Apple's live state and this host's directory: which licences Apple holds as the bundle says
 * (adopted), which are lost (their holder or assignment cannot be carried over), which Apple no longer holds (the
 * holder waits again in its place), which of Apple's the bundle does not explain, whose enrolment is adopted, and
 * what assignments and queue places are recreated. Reads only.
 */
export function planMigration(context: PlanContext): { plan: MigrationPlan; resolution: MigrationResolution } {
  const { bundle, apple, match } = context;
  const problems = new say.Problems();

  const userOf = new Map<string, string>();
  const people: AdoptedPerson[] = [];
  const appleIdOfPerson = new Map<string, string>();
  let peopleMissing = 0;
  for (const person of bundle.people) {
    const local = match.user(person);
    const appleUser = match.appleUser(person, local);
    if (appleUser) appleIdOfPerson.set(person.id, appleUser.clientUserId);
    if (!local) {
      peopleMissing++;
      problems.add('person-missing', false, person.id, say.personMissing(describePerson(person)));
      continue;
    }
    userOf.set(person.id, local.id);
    if (!appleUser) {
      if (person.enrolment && person.enrolment.status !== 'not-invited') {
        problems.add('holder-unknown-to-apple', false, person.id, say.unknownToApple(`${describePerson(person)}${person.clientUserId ? ` (clientUserId ${person.clientUserId})` : ''}`));
      }
      continue;
    }
    const status = enrolmentStatus(appleUser.status, person.enrolment?.status);
    const acceptedAt = status === 'enrolled' ? (person.enrolment?.acceptedAt ?? bundle.exportedAt) : person.enrolment?.acceptedAt;
    people.push({ person, userId: local.id, clientUserId: appleUser.clientUserId, status, ...(acceptedAt !== undefined ? { acceptedAt } : {}) });
  }

  const deviceOf = new Map<string, string>();
  const serialOf = new Map<string, string>();
  for (const device of bundle.devices) {
    serialOf.set(device.id, device.serialNumber);
    const local = match.deviceId(device);
    if (local) deviceOf.set(device.id, local);
    else problems.add('device-missing', false, device.id, say.deviceMissing(device));
  }

  const groupOf = new Map<string, string>();
  for (const group of bundle.groups) {
    const local = match.groupId(group);
    if (local) groupOf.set(`${group.kind}:${group.id}`, local);
    else problems.add('group-missing', false, group.id, say.groupMissing(group));
  }

  const vppItems = new Map<string, { adamId: string; pricingParam: 'STDQ' | 'PLUS' }>();
  const inHouseItems: Array<{ entry: Entry<'catalog'>; localId?: string }> = [];
  let itemsMissing = 0;
  for (const item of bundle.catalog) {
    if (!item.vpp) {
      const localId = context.inHouseItem(item);
      inHouseItems.push({ entry: item, ...(localId !== undefined ? { localId } : {}) });
      continue;
    }
    const asset = { adamId: item.vpp.adamId, pricingParam: item.vpp.pricingParam };
    if (apple.assets.has(assetKey(asset))) {
      vppItems.set(item.id, asset);
    } else {
      itemsMissing++;
      problems.add('item-missing', false, item.id, say.itemMissing(asset.adamId, item.name));
    }
  }
  const itemKnown = (itemId: string) => vppItems.has(itemId) || inHouseItems.some(({ entry }) => entry.id === itemId);

  const mapTarget = (target: Target): Target | undefined => {
    switch (target.kind) {
      case 'all-users':
      case 'all-devices':
        return target;
      case 'user':
        return mapped(userOf, target);
      case 'device':
        return mapped(deviceOf, target);
      default: {
        // A group the bundle targets but does not describe can still be found by its id.
        const id = groupOf.get(`${target.kind}:${target.id}`) ?? match.groupId({ kind: target.kind, id: target.id, name: '' });
        return id === undefined ? undefined : { kind: target.kind, id };
      }
    }
  };

  const assignments: RecreatedAssignment[] = [];
  const recreated = new Set<string>();
  for (const entry of bundle.assignments) {
    const target = mapTarget(entry.target);
    const exclusions = (entry.exclusions ?? []).map((group) => ({ group, mapped: mapTarget(group) }));
    const why = !itemKnown(entry.itemId)
      ? say.itemElsewhere(entry.itemId)
      : !target
        ? say.targetMissing(entry.target.kind, entry.target.id)
        : exclusions.find((exclusion) => !exclusion.mapped)
          ? say.exclusionMissing()
          : undefined;
    if (why) {
      problems.add('assignment-not-recreated', false, entry.id, say.notRecreated(entry.id, why));
      continue;
    }
    recreated.add(entry.id);
    assignments.push({ entry, target: target!, exclusions: exclusions.map(({ mapped }) => mapped!) });
  }

  const licences: AdoptedLicence[] = [];
  const places: CarriedPlace[] = [];
  const explained = new Set<string>();
  let lost = 0;
  const missingAtApple: string[] = [];
  let releasesFinished = 0;
  for (const entry of bundle.licences) {
    const asset = vppItems.get(entry.itemId);
    const holderId = entry.holderKind === 'user' ? userOf.get(entry.holderId) : deviceOf.get(entry.holderId);
    const appleHolderId = entry.appleHolderId ?? (entry.holderKind === 'user' ? appleIdOfPerson.get(entry.holderId) : serialOf.get(entry.holderId));
    const key = asset && appleHolderId !== undefined ? appleAssignmentKey(asset, `${entry.holderKind === 'device' ? 's' : 'u'}:${appleHolderId}`) : undefined;
    const heldAtApple = key !== undefined && apple.assignments.has(key);
    if (key !== undefined && heldAtApple) explained.add(key);
    const subject = `${entry.holderKind} ${entry.holderId}`;
    if (entry.state === 'releasing') {
      if (heldAtApple && asset && holderId !== undefined) {
        releasesFinished++;
        licences.push({ entry, asset, holderKind: entry.holderKind, holderId, appleHolderId: appleHolderId!, state: 'releasing' });
      }
      continue;
    }
    const obstacle = licenceObstacle(entry, { asset, holderId, appleHolderId, recreated: recreated.has(entry.assignmentId) });
    if (obstacle) {
      // A licence Apple no longer holds is no loss of the move; one whose holder Apple cannot be asked about may be.
      if (heldAtApple || appleHolderId === undefined) {
        lost++;
        problems.add(obstacle.kind, true, subject, say.licenceLost(entry, obstacle.why));
      }
      continue;
    }
    if (heldAtApple) {
      licences.push({ entry, asset: asset!, holderKind: entry.holderKind, holderId: holderId!, appleHolderId: appleHolderId!, state: 'confirmed' });
    } else {
      missingAtApple.push(placeKey(entry.itemId, entry.holderKind, holderId!));
      places.push({ itemId: entry.itemId, holderKind: entry.holderKind, holderId: holderId!, at: entry.orderAt });
      problems.add('licence-missing-at-apple', false, subject, say.missingAtApple(entry));
    }
  }

  let queued = 0;
  for (const queue of bundle.queues) {
    for (const waiting of queue.waiting) {
      const holderId = waiting.holderKind === 'user' ? userOf.get(waiting.holderId) : deviceOf.get(waiting.holderId);
      if (holderId === undefined || !vppItems.has(queue.itemId)) continue;
      queued++;
      places.push({ itemId: queue.itemId, holderKind: waiting.holderKind, holderId, at: waiting.at });
    }
  }

  let unexplained = 0;
  for (const key of apple.assignments) {
    if (explained.has(key)) continue;
    unexplained++;
    problems.add('licence-unexplained', false, key, say.unexplained(key));
  }

  const managedBy = apple.mdmInfo && apple.mdmInfo.id !== context.ownMdmId ? { id: apple.mdmInfo.id, name: apple.mdmInfo.name } : undefined;
  if (managedBy) problems.add('location-managed-elsewhere', false, apple.uId, say.managedElsewhere(managedBy.name));

  const plan: MigrationPlan = {
    location: { uId: apple.uId, name: apple.locationName, ...(managedBy ? { managedBy } : {}), heldHere: context.heldHere },
    source: { product: bundle.source.product, exportedAt: bundle.exportedAt },
    clean: lost === 0,
    counts: {
      licencesAdopted: licences.filter((licence) => licence.state === 'confirmed').length,
      licencesLost: lost,
      licencesMissingAtApple: missingAtApple.length,
      releasesFinished,
      licencesUnexplained: unexplained,
      assignmentsRecreated: assignments.length,
      assignmentsNotRecreated: bundle.assignments.length - assignments.length,
      peopleAdopted: people.length,
      peopleMissing,
      devicesMatched: deviceOf.size,
      devicesMissing: bundle.devices.length - deviceOf.size,
      groupsMatched: groupOf.size,
      groupsMissing: bundle.groups.length - groupOf.size,
      itemsMatched: vppItems.size + inHouseItems.length,
      itemsMissing,
      inHouseItemsToAdd: inHouseItems.filter((item) => item.localId === undefined).length,
      queued,
    },
    problems: problems.listed,
    problemsTotal: problems.total,
  };
  return { plan, resolution: { people, vppItems, inHouseItems, assignments, licences, places, missingAtApple, userIds: userOf, deviceIds: deviceOf, groups: groupOf } };
}

/** Why a bundle licence cannot be adopted here, if it cannot. */
function licenceObstacle(
  entry: Entry<'licences'>,
  found: { readonly asset: unknown; readonly holderId: string | undefined; readonly appleHolderId: string | undefined; readonly recreated: boolean },
): { kind: MigrationProblemKind; why: Said } | undefined {
  if (!found.asset) return { kind: 'item-missing', why: say.itemElsewhere(entry.itemId) };
  if (found.holderId === undefined) return { kind: entry.holderKind === 'user' ? 'person-missing' : 'device-missing', why: say.holderMissing(entry.holderKind) };
  if (found.appleHolderId === undefined) return { kind: 'holder-unknown-to-apple', why: say.holderUnknown() };
  if (!found.recreated) return { kind: 'assignment-not-recreated', why: say.assignmentGone(entry.assignmentId) };
  return undefined;
}

/** The seniority key of a carried place: one holder's place for one item. */
export function placeKey(itemId: string, kind: HolderKind, holderId: string): string {
  return seniorityId(itemId, holderKeyOf(kind, holderId));
}

/** Apple's status decides; the bundle's says what the product knew (invited but not yet accepted, say). */
function enrolmentStatus(apple: UserStatus, bundle: EnrolmentStatus | undefined): AdoptedPerson['status'] {
  if (apple === 'Associated') return 'enrolled';
  if (apple === 'Retired') return 'retired';
  return bundle === 'retired' ? 'retired' : 'invited';
}

function mapped(ids: ReadonlyMap<string, string>, target: Target): Target | undefined {
  const id = ids.get(target.id);
  return id === undefined ? undefined : { kind: target.kind, id };
}

function describePerson(person: Person): string {
  return `${person.name || person.id} <${person.email || person.managedAppleId || person.id}>`;
}
