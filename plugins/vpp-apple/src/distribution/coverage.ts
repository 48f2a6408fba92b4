import type { GroupKind } from '@vpp-host/api';
import { holderKeyOf, type AssignmentRecord, type HolderKind, type Target } from './model.js';
import { targetHolder, targetHolders, type Holder } from './holders.js';
import type { DistributionDirectory } from './ports.js';

/**
 * Whom an assignment covers: the holders its target names, less the members of its excluded groups, and — for an
 * assignment that installs or offers — less those an active uninstall assignment of the same item covers. Removal
 * wins over installation, as exclusion wins over inclusion: both are the admin saying "not these".
 */
export class Coverage {
  constructor(
    private readonly directory: DistributionDirectory,
    /** The item's assignments (active or not). */
    private readonly assignmentsOfItem: (itemId: string) => readonly AssignmentRecord[],
  ) {}

  /** The holders the assignment covers now, in the order they joined its target. */
  *holdersOf(assignment: AssignmentRecord): IterableIterator<Holder> {
    const excluded = this.excludedKeys(assignment);
    const removals = this.removalsOver(assignment);
    for (const holder of targetHolders(this.directory, assignment)) {
      if (excluded.has(holder.key)) continue;
      if (removals.some((removal) => this.names(removal, holder.kind, holder.id))) continue;
      yield holder;
    }
  }

  /** The holder, if the assignment covers it. */
  holderIn(assignment: AssignmentRecord, kind: HolderKind, id: string): Holder | undefined {
    if (!this.names(assignment, kind, id)) return undefined;
    if (this.removalsOver(assignment).some((removal) => this.names(removal, kind, id))) return undefined;
    return targetHolder(this.directory, assignment, kind, id);
  }

  /** The active uninstall assignment of the item that covers the holder, if any. */
  removalOf(itemId: string, kind: HolderKind, id: string): AssignmentRecord | undefined {
    return this.assignmentsOfItem(itemId).find((a) => a.state === 'active' && a.installMode === 'uninstall' && this.names(a, kind, id));
  }

  /** Whether the assignment's target names the holder and no exclusion leaves it out. */
  private names(assignment: AssignmentRecord, kind: HolderKind, id: string): boolean {
    if (!targetHolder(this.directory, assignment, kind, id)) return false;
    return !(assignment.exclusions ?? []).some((group) => this.isMember(group, kind, id));
  }

  private isMember(group: Target, kind: HolderKind, id: string): boolean {
    if (exclusionHolderKind(group) !== kind) return false;
    return this.directory.groupsOf(group.kind as GroupKind, id).some((m) => m.groupId === group.id);
  }

  /** The members of the assignment's excluded groups, once per listing. */
  private excludedKeys(assignment: AssignmentRecord): Set<string> {
    const keys = new Set<string>();
    for (const group of assignment.exclusions ?? []) {
      const kind = exclusionHolderKind(group);
      for (const m of this.directory.members(group.kind as GroupKind, group.id)) keys.add(holderKeyOf(kind, m.memberId));
    }
    return keys;
  }

  /** The item's active uninstall assignments that take precedence over this one. */
  private removalsOver(assignment: AssignmentRecord): AssignmentRecord[] {
    if (assignment.installMode === 'uninstall') return [];
    return this.assignmentsOfItem(assignment.itemId).filter((a) => a.state === 'active' && a.installMode === 'uninstall');
  }
}

/** A user group leaves out users, a device group devices. */
export function exclusionHolderKind(group: Target): HolderKind {
  return group.kind === 'device-group' ? 'device' : 'user';
}
