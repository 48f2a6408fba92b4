import { BadInputError, cutText, phrase, quoteInput, saying, type Said } from '@vpp-host/api';
import { DEFAULT_POLICY, type DistributionPolicy, type MigrationBundle, type PolicyInput } from '@vpp-host/plugins/vpp-apple/api';
import { TARGET_TYPES, type DesiredAssignment, type GraphEntry } from '../assignment-model.js';
import { desiredAssignments, type AssignedContent } from '../assignment-translation.js';
import { GraphError } from '../graph-errors.js';
import type { DumpDirectory } from './dump-directory.js';
import type { AssignedLicense } from './intune-dump.js';

type Assignment = MigrationBundle['assignments'][number];
type Licence = MigrationBundle['licences'][number];
type Holder = { readonly kind: 'user' | 'device'; readonly id: string };
type Reach = Pick<Assignment['target'], 'kind' | 'id'>;

/** One app or book of the dump: its entries and licences, and where it is, for messages. */
export interface DumpItem {
  readonly id: string;
  readonly name: string;
  /** `mobileApps.2`, `managedEBooks.0`. */
  readonly where: string;
  readonly content: AssignedContent;
  readonly entries: ReadonlyArray<GraphEntry & { readonly id?: string | undefined }>;
  readonly licences: readonly AssignedLicense[];
}

const LIFECYCLE = ['onDeviceUnenrolled', 'onSelectiveWipe', 'onDistributionStopped', 'onLeftTarget'] as const;

/** The complete policy a partial one gives: what it leaves out is the core's default. */
export function completePolicy(input: PolicyInput = {}): DistributionPolicy {
  const lifecycle = Object.fromEntries(LIFECYCLE.map((key) => [key, { ...DEFAULT_POLICY[key], ...input[key] }]));
  return { ...DEFAULT_POLICY, ...input, ...lifecycle, licenseRestrictedToUserGroups: [...(input.licenseRestrictedToUserGroups ?? DEFAULT_POLICY.licenseRestrictedToUserGroups)] } as DistributionPolicy;
}

/**
 * An item's Intune entries as the bundle's assignments, through the same translation and rules as Graph's `assign`:
 * an include becomes one assignment (created at the export time: Graph does not say when), an exclusion entry the
 * exclusions of the includes it narrows. What the bundle cannot carry is refused, naming the item and the entry.
 */
export function assignmentsOfItem(item: DumpItem, directory: DumpDirectory, createdAt: string): Assignment[] {
  const vpn = item.entries.find((entry) => entry.settings && 'vpnConfigurationId' in entry.settings && entry.settings.vpnConfigurationId != null);
  if (vpn) throw refusal(item, vpn, phrase('Its VPN configuration (vpnConfigurationId) has no place in the core: set it to none in Intune.', 'intune.dump.vpn'));
  const desired = translate(item, directory);
  const includes = item.entries.filter((entry) => entry.target['@odata.type'] !== TARGET_TYPES.exclusion);
  return desired.map((wish, index) => {
    const entry = includes[index]!;
    return {
      id: `${item.id}:${entry.id ?? index}`,
      itemId: item.id,
      target: { kind: wish.target.kind, id: wish.target.id },
      ...(wish.exclusions.length > 0 ? { exclusions: wish.exclusions.map((group) => ({ kind: group.kind, id: group.id })) } : {}),
      installMode: wish.installMode,
      ...(wish.licenseType && item.content.kind === 'app' ? { licenseType: wish.licenseType } : {}),
      policy: completePolicy(wish.policy) as Assignment['policy'],
      state: 'active' as const,
      createdAt,
    };
  });
}

/**
 * Each licence Intune lists for the item, held under the assignment that covers its holder (an install before an
 * uninstall). A device licence's Apple holder is the device's serial number when the dump has the device; a user's
 * is unknown (Intune knows no clientUserId): the plan finds it by email.
 */
export function licencesOfItem(item: DumpItem, assignments: readonly Assignment[], directory: DumpDirectory, at: string): Licence[] {
  const own = assignments.filter((assignment) => assignment.itemId === item.id).sort((a, b) => Number(a.installMode === 'uninstall') - Number(b.installMode === 'uninstall'));
  const held = new Map<string, Licence>();
  item.licences.forEach((licence, index) => {
    const where = `${item.where}.assignedLicenses.${index}`;
    const holder = holderOf(licence, where, item);
    const covering = own.find((assignment) => covers(assignment, holder, directory));
    if (!covering) {
      const [name, id] = [cutText(item.name, 80), quoteInput(holder.id)];
      const refusal = new BadInputError(
        `${where} (${name}): the ${holder.kind} ${id} holds a licence no assignment of the item covers; a licence of the bundle belongs to an assignment: assign the item to them in Intune, or revoke the licence, and collect the dump again`,
      );
      throw saying(refusal, 'intune.dump.uncovered-licence', { where, name, kind: phrase(holder.kind, `host.kind.${holder.kind}`), id });
    }
    const serial = holder.kind === 'device' ? directory.getDevice(holder.id)?.serialNumber : undefined;
    held.set(`${holder.kind}:${holder.id}`, {
      itemId: item.id,
      holderKind: holder.kind,
      holderId: holder.id,
      ...(serial !== undefined ? { appleHolderId: serial } : {}),
      assignmentId: covering.id,
      orderAt: at,
      state: 'confirmed',
      requestedAt: at,
    });
  });
  return [...held.values()];
}

function holderOf(licence: AssignedLicense, where: string, item: DumpItem): Holder {
  const device = licence.managedDeviceId ?? undefined;
  if (licence['@odata.type'] === '#microsoft.graph.iosVppAppAssignedDeviceLicense' && !device) {
    throw saying(new BadInputError(`${where}: a device licence without a managedDeviceId`), 'intune.dump.device-licence', { where });
  }
  if (device && item.content.kind === 'book') {
    throw saying(new BadInputError(`${where}: a book's licence belongs to a user, not to the device ${quoteInput(device)}`), 'intune.dump.book-on-device', { where, device: quoteInput(device) });
  }
  if (device) return { kind: 'device', id: device };
  if (!licence.userId) throw saying(new BadInputError(`${where}: the licence names neither a userId nor a managedDeviceId`), 'intune.dump.no-holder', { where });
  return { kind: 'user', id: licence.userId };
}

/** Whether the assignment reaches the holder and leaves it in; a user's device licence also reaches their devices. */
function covers(assignment: Assignment, holder: Holder, directory: DumpDirectory): boolean {
  const left = (who: Holder) => (assignment.exclusions ?? []).some((group) => reaches(group, who, directory));
  if (reaches(assignment.target, holder, directory)) return !left(holder);
  const owner = holder.kind === 'device' && assignment.licenseType === 'device' ? directory.getDevice(holder.id)?.ownerUserId : undefined;
  return owner !== undefined && reaches(assignment.target, { kind: 'user', id: owner }, directory) && !left(holder) && !left({ kind: 'user', id: owner });
}

function reaches(target: Reach, holder: Holder, directory: DumpDirectory): boolean {
  switch (target.kind) {
    case 'all-users':
      return holder.kind === 'user';
    case 'all-devices':
      return holder.kind === 'device';
    case 'user':
    case 'device':
      return target.kind === holder.kind && target.id === holder.id;
    default:
      return (target.kind === 'user-group') === (holder.kind === 'user') && directory.hasMember(target.id, holder.id);
  }
}

/** Graph's translation of the entries; a refusal names the entry that breaks the rule, found by trying each alone. */
function translate(item: DumpItem, directory: DumpDirectory): DesiredAssignment[] {
  try {
    return desiredAssignments(item.entries, item.content, directory);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    const rule = ruleOf(error);
    const culprit = item.entries.find((entry) => ruleAlone(entry, item, directory) === rule);
    throw refusal(item, culprit, error);
  }
}

/** The rule an entry breaks by itself; an exclusion is tried as the include of its group. */
function ruleAlone(entry: GraphEntry, item: DumpItem, directory: DumpDirectory): string | undefined {
  const alone = entry.target['@odata.type'] === TARGET_TYPES.exclusion ? ({ ...entry, target: { ...entry.target, '@odata.type': TARGET_TYPES.group } } as GraphEntry) : entry;
  try {
    desiredAssignments([alone], item.content, directory);
    return undefined;
  } catch (error) {
    return error instanceof GraphError ? ruleOf(error) : undefined;
  }
}

const ruleOf = (error: GraphError) => (error.details as { rule?: string } | undefined)?.rule;

/** `why`: the rule the entry breaks (Graph's refusal is said in Graph's English). */
function refusal(item: DumpItem, entry: { readonly id?: string | undefined } | undefined, why: Said): BadInputError {
  const id = quoteInput(entry?.id ?? '(without id)');
  const which = entry ? phrase(`the assignment ${id}`, 'intune.dump.the-assignment', { id }) : phrase('its assignments', 'intune.dump.its-assignments');
  const name = cutText(item.name, 80);
  const english = `${item.where} (${name}), ${which.message}: ${why.message} A bundle cannot carry it: change it in Intune and collect the dump again.`;
  return saying(new BadInputError(english), 'intune.dump.unbundlable', { where: item.where, name, which, why });
}
