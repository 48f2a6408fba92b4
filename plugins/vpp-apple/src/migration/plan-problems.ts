import { phrase, type Said } from '@vpp-host/api';
import type { MigrationBundle, MigrationProblem, MigrationProblemKind, TargetKind } from '../../api/index.js';

type Entry<K extends keyof MigrationBundle> = MigrationBundle[K] extends readonly (infer T)[] | undefined ? T : never;
type Licence = Entry<'licences'>;

const LISTED_PROBLEMS = 200;

/** The problems a plan found, losses listed first; each said in the reader's language. */
export class Problems {
  private readonly losses: MigrationProblem[] = [];
  private readonly others: MigrationProblem[] = [];
  total = 0;

  add(kind: MigrationProblemKind, loss: boolean, subject: string, said: Said): void {
    this.total++;
    const list = loss ? this.losses : this.others;
    if (list.length < LISTED_PROBLEMS) list.push({ kind, loss, subject, ...said });
  }

  get listed(): MigrationProblem[] {
    return [...this.losses, ...this.others].slice(0, LISTED_PROBLEMS);
  }
}

/** A holder or target by its kind and the bundle's id: "user ann", "device-group ipads". */
export function named(kind: TargetKind, id: string): Said {
  switch (kind) {
    case 'user':
      return phrase(`user ${id}`, 'vpp.migration.user', { id });
    case 'device':
      return phrase(`device ${id}`, 'vpp.migration.device', { id });
    case 'user-group':
      return phrase(`user-group ${id}`, 'vpp.migration.user-group', { id });
    case 'device-group':
      return phrase(`device-group ${id}`, 'vpp.migration.device-group', { id });
    default:
      // All users and all devices are always here: a plan never says they are missing.
      return { message: `${kind} ${id}` };
  }
}

export function personMissing(person: string): Said {
  return phrase(`${person} is not in this host's directory`, 'vpp.migration.problem.person-missing', { person });
}

/** `person` with its clientUserId when the bundle has one. */
export function unknownToApple(person: string): Said {
  return phrase(`Apple does not know ${person}: the enrolment cannot be carried over`, 'vpp.migration.problem.unknown-to-apple', { person });
}

export function deviceMissing(device: Entry<'devices'>): Said {
  const params = { serial: device.serialNumber, id: device.id };
  return phrase(`Device ${params.serial} (${params.id}) is not in this host's directory`, 'vpp.migration.problem.device-missing', params);
}

export function groupMissing(group: Entry<'groups'>): Said {
  const params = { name: group.name, id: group.id };
  return group.kind === 'user-group'
    ? phrase(`The user-group "${group.name}" (${group.id}) is not in this host's directory`, 'vpp.migration.problem.user-group-missing', params)
    : phrase(`The device-group "${group.name}" (${group.id}) is not in this host's directory`, 'vpp.migration.problem.device-group-missing', params);
}

export function itemMissing(adamId: string, name: string): Said {
  return phrase(`Apple has no asset ${adamId} (${name}) at this location`, 'vpp.migration.problem.item-missing', { adamId, name });
}

export function notRecreated(assignment: string, why: Said): Said {
  return phrase(`Assignment ${assignment} cannot be recreated: ${why.message}`, 'vpp.migration.problem.not-recreated', { assignment, why });
}

export function licenceLost(licence: Licence, why: Said): Said {
  const holder = named(licence.holderKind, licence.holderId);
  return phrase(`The licence of ${holder.message} for ${licence.itemId} would be lost: ${why.message}`, 'vpp.migration.problem.licence-lost', { holder, item: licence.itemId, why });
}

export function missingAtApple(licence: Licence): Said {
  const holder = named(licence.holderKind, licence.holderId);
  return phrase(`Apple no longer holds the licence of ${holder.message} for ${licence.itemId}: it waits again in its place`, 'vpp.migration.problem.missing-at-apple', { holder, item: licence.itemId });
}

/** One of Apple's assignments, by its key (`adamId|pricingParam|s:serial` or `…|u:clientUserId`), the bundle does not explain. */
export function unexplained(key: string): Said {
  const [adamId, pricing, target] = key.split('|') as [string, string, string];
  const holder = named(target.startsWith('s:') ? 'device' : 'user', target.slice(2));
  return phrase(`Apple holds asset ${adamId} (${pricing}) for ${holder.message}, which the bundle does not explain: it stays, counted as another product's`, 'vpp.migration.problem.unexplained', {
    adamId,
    pricing,
    holder,
  });
}

export function managedElsewhere(other: string): Said {
  return phrase(`"${other}" manages the location now: apply takes it over only with --take-over`, 'vpp.migration.problem.managed-elsewhere', { other });
}

// Why an assignment is not recreated, or why a licence would be lost.

export function itemElsewhere(item: string): Said {
  return phrase(`its item ${item} is not at this location`, 'vpp.migration.why.item-elsewhere', { item });
}

export function targetMissing(kind: TargetKind, id: string): Said {
  const target = named(kind, id);
  return phrase(`its ${target.message} is not in this host's directory`, 'vpp.migration.why.target-missing', { target });
}

export const exclusionMissing = (): Said => phrase("an excluded group is not in this host's directory", 'vpp.migration.why.exclusion-missing');

export function holderMissing(kind: Licence['holderKind']): Said {
  return kind === 'user'
    ? phrase("the user is not in this host's directory", 'vpp.migration.why.user-missing')
    : phrase("the device is not in this host's directory", 'vpp.migration.why.device-missing');
}

export const holderUnknown = (): Said =>
  phrase('Apple does not know the holder (no clientUserId, and no Apple user with its email or Managed Apple ID)', 'vpp.migration.why.holder-unknown');

export function assignmentGone(assignment: string): Said {
  return phrase(`its assignment ${assignment} is not recreated`, 'vpp.migration.why.assignment-not-recreated', { assignment });
}
