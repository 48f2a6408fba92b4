import { BadInputError, cutText, quoteInput } from '@vpp-host/api';
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
  if (vpn) throw refusal(item, vpn, 'Its VPN configuration (vpnConfigurationId) has no place in the core: set it to none in Intune.');
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
      throw new BadInputError(
        `${where} (${cutText(item.name, 80)}): the ${holder.kind} ${quoteInput(holder.id)} holds a licence no assignment of the item covers; a licence of the bundle belongs to an assignment: assign the item to them in Intune, or revoke the licence, and collect the dump again`,
      );
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
  if (licence['@odata.type'] === '#microsoft.graph.iosVppAppAssignedDeviceLicense' && !device) throw new BadInputError(`${where}: a device licence without a managedDeviceId`);
  if (device && item.content.kind === 'book') throw new BadInputError(`${where}: a book's licence belongs to a user, not to the device ${quoteInput(device)}`);
  if (device) return { kind: 'device', id: device };
  if (!licence.userId) throw new BadInputError(`${where}: the licence names neither a userId nor a managedDeviceId`);
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
    throw refusal(item, culprit, error.message);
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

function refusal(item: DumpItem, entry: { readonly id?: string | undefined } | undefined, why: string): BadInputError {
  const which = entry ? `the assignment ${quoteInput(entry.id ?? '(without id)')}` : 'its assignments';
  return new BadInputError(`${item.where} (${cutText(item.name, 80)}), ${which}: ${why} A bundle cannot carry it: change it in Intune and collect the dump again.`);
}
