import { randomUUID } from 'node:crypto';
import { BadInputError, ConflictError, NotFoundError, phrase, quoteInput, saying, type Actor, type Said } from '@vpp-host/api';
import { checkDevice, isRefusal, resolveAssignmentShape } from './eligibility.js';
import { exclusionHolderKind } from './coverage.js';
import { assignmentName, coveredFrom, holderKeysOfTarget, type Holder } from './holders.js';
import { holderKeyOfLicense } from './ledger.js';
import { Change } from './license-desk.js';
import { holderKindOf, targetKeyOf, type AssignmentRecord, type CatalogItem, type InstallMode, type Target } from './model.js';
import { mergePolicy, resolvePolicy, type DistributionPolicy } from './policy.js';
import {
  ruleMessageId,
  type AssignInput,
  type AssignmentChange,
  type AssignmentUpdate,
  type ChangeOptions,
  type DistributionSummary,
  type RemovalResult,
  type RevocationQueueEffect,
  type RevocationResult,
  type RevokeInput,
} from '../../api/index.js';
import { DistributionCore, MAX_LISTED_HOLDERS, sameTarget } from './distribution-core.js';
import { requireOrderFits, resolveLocationOrder } from './location-order.js';

/**
 * The changes an admin (or another plugin) makes: in-house items, assigning, assigning again after a revocation,
 * approving, changing and removing assignments, and revoking. Each is checked in full before anything is written,
 * made durable, then audited with its actor.
 */
export class AssignmentChanges {
  constructor(private readonly core: DistributionCore) {}

  /** Adds an in-house app or book to the catalog. */
  async addInHouseItem(input: unknown, actor: Actor, reason?: string): Promise<CatalogItem> {
    const item = await this.core.catalog.add(input, actor);
    await this.core.deps.audit.record({
      actor,
      action: 'vpp.catalog.add',
      target: { type: 'catalog-item', id: item.id, name: item.name },
      ...(reason ? { reason } : {}),
      details: { kind: item.kind, platforms: item.platforms, bundleId: item.bundleId, fileRef: item.fileRef },
    });
    return item;
  }

  async assign(input: AssignInput, actor: Actor, options: ChangeOptions = {}): Promise<DistributionSummary> {
    const order = input.locations === undefined ? undefined : resolveLocationOrder(this.core, input.locations);
    // An item named by adamId, bundle id or name is found at the order's first location unless a token says otherwise.
    const item = (order && input.tokenId === undefined ? this.core.catalog.get(input.item) : undefined) ?? this.core.requireItem(input.item, input.tokenId ?? order?.[0]);
    const target = this.core.requireTarget(input.target);
    const shape = resolveAssignmentShape({
      itemKind: item.kind,
      targetKind: target.kind,
      ...(input.licenseType ? { licenseType: input.licenseType } : {}),
      ...(input.installMode ? { installMode: input.installMode } : {}),
      ...(item.vpp ? { deviceAssignable: item.vpp.deviceAssignable } : {}),
    });
    if (isRefusal(shape)) throw ruleRefusal(shape.message, shape.rule);
    if (target.kind === 'device') {
      const device = this.core.deps.directory.getDevice(target.id)!;
      const refusal = checkDevice(item.kind, item.platforms, device, shape.licenseType);
      if (refusal) throw ruleRefusal(refusal.message, refusal.rule);
      if (device.state !== 'enrolled') {
        const state = phrase(device.state, `host.device-state.${device.state}`);
        throw saying(new BadInputError(`Device ${device.serialNumber} is not under management (${device.state})`), 'vpp.device.unmanaged', { serial: device.serialNumber, state });
      }
    }
    if (!this.core.catalog.isListed(item)) {
      throw saying(new BadInputError(`${item.name} is not in the catalog: its location adds purchased content only when an admin does; add it first`, { rule: 'not-in-catalog' }), 'vpp.not-in-catalog', { item: item.name });
    }
    // A VPP item's assignment starts from its location's default policy; what the input gives overrides it.
    const base = item.vpp ? resolvePolicy(this.core.deps.locations.get(item.vpp.tokenId).defaultPolicy) : resolvePolicy();
    const policy = this.requirePolicyGroups(mergePolicy(base, input.policy));
    const exclusions = this.requireExclusions(input.exclusions ?? [], target);
    const quota = requireQuota(input.quota, target, shape.installMode);
    const locations = order && requireOrderFits(this.core, item, order, shape.installMode);
    if (item.vpp) this.core.requireWritableToken(item.vpp.tokenId);
    const duplicate = this.core.assignmentsOfItem(item.id).find((a) => sameTarget(a.target, target));
    if (duplicate && this.revokedSinceCovered(item, duplicate)) return this.assignAgain(duplicate, item, actor, input.reason, options);
    if (duplicate) {
      throw saying(new ConflictError(`${item.name} is already assigned to ${target.kind} ${target.id} (${duplicate.id})`, { assignmentId: duplicate.id }), 'vpp.already-assigned', { item: item.name });
    }

    const assignment: AssignmentRecord = {
      id: `asg-${randomUUID()}`,
      itemId: item.id,
      target,
      installMode: shape.installMode,
      ...(shape.licenseType ? { licenseType: shape.licenseType } : {}),
      policy,
      ...(exclusions.length > 0 ? { exclusions } : {}),
      ...(quota !== undefined ? { quota } : {}),
      ...(locations ? { locations } : {}),
      state: policy.requiresApproval ? 'awaiting-approval' : 'active',
      createdAt: this.core.now(),
      createdBy: actorRef(actor),
      ...(input.reason ? { reason: input.reason } : {}),
    };
    if (options.dryRun) return this.preview(assignment, item, shape.notes);
    // Indexed before the write, so a concurrent duplicate is refused too.
    this.core.indexAssignment(assignment);
    try {
      await this.core.assignments.put(assignment);
    } catch (error) {
      this.core.unindexAssignment(assignment);
      throw error;
    }
    return this.core.distribute(assignment, item, shape.notes, { actor, action: 'vpp.assignment.create', reason: input.reason });
  }

  /**
   * The admin assigns the item again to a target it was revoked from (or revoked as a whole) since the assignment
   * was made: the holders it covers are covered anew from now, so those the revocation held back may be served again.
   */
  private async assignAgain(current: AssignmentRecord, item: CatalogItem, actor: Actor, reason: string | undefined, options: ChangeOptions): Promise<DistributionSummary> {
    const assignment: AssignmentRecord = { ...current, reassignedAt: this.core.now() };
    const english = `Assigned again after a revocation: its holders may be served again; the install mode and policy of ${assignment.id} are unchanged`;
    const notes = [phrase(english, 'vpp.note.assigned-again', { id: assignment.id })];
    if (options.dryRun) return this.preview(assignment, item, notes);
    await this.core.assignments.put(assignment);
    return this.core.distribute(assignment, item, notes, { actor, action: 'vpp.assignment.reassign', reason });
  }

  /** What distributing the assignment (new, assigned again or approved) would decide, computed on the live state. */
  private preview(assignment: AssignmentRecord, item: CatalogItem, notes: readonly Said[]): DistributionSummary {
    return this.core.rehearse((change) => {
      this.core.pretendAssignment(assignment);
      return this.core.decideDistribution(change, assignment, item, notes);
    });
  }

  /** Whether the item was revoked from the assignment's target, or as a whole, since the assignment covers its holders. */
  private revokedSinceCovered(item: CatalogItem, assignment: AssignmentRecord): boolean {
    if (!item.vpp) return false;
    const pool = this.core.poolOf(item.vpp);
    const from = coveredFrom(assignment);
    const revoked = [pool.revokedTargets.get(targetKeyOf(assignment.target)), pool.revokedAllAt];
    return revoked.some((at) => at !== undefined && at >= from);
  }

  async approve(assignmentId: string, actor: Actor, reason?: string, options: ChangeOptions = {}): Promise<DistributionSummary> {
    const current = this.core.getAssignment(assignmentId);
    if (current.state !== 'awaiting-approval') throw saying(new ConflictError(`Assignment ${assignmentId} needs no approval`), 'vpp.assignment.no-approval', { id: assignmentId });
    const item = this.core.catalog.require(current.itemId);
    if (item.vpp) this.core.requireWritableToken(item.vpp.tokenId);
    const assignment: AssignmentRecord = { ...current, state: 'active' };
    if (options.dryRun) return this.preview(assignment, item, []);
    await this.core.assignments.put(assignment);
    return this.core.distribute(assignment, item, [], { actor, action: 'vpp.assignment.approve', reason });
  }

  /**
   * Changes an assignment in place. Holders it no longer covers leave as its policy says for leaving the target (an
   * uninstall assignment lets the item's other assignments cover them again); holders it covers now join the queue
   * (or, for an uninstall assignment, lose the app).
   */
  async updateAssignment(assignmentId: string, input: AssignmentChange, actor: Actor, options: ChangeOptions = {}): Promise<AssignmentUpdate> {
    const current = this.core.getAssignment(assignmentId);
    const item = this.core.catalog.require(current.itemId);
    let installMode = current.installMode;
    if (input.installMode !== undefined && input.installMode !== current.installMode) {
      if (current.installMode === 'uninstall') {
        throw ruleRefusal('An uninstall assignment stays one: remove it and assign the item again', 'uninstall-fixed');
      }
      const shape = resolveAssignmentShape({ itemKind: item.kind, targetKind: current.target.kind, installMode: input.installMode, ...(current.licenseType ? { licenseType: current.licenseType } : {}) });
      if (isRefusal(shape)) throw ruleRefusal(shape.message, shape.rule);
      installMode = shape.installMode;
    }
    const policy = input.policy === undefined ? current.policy : this.requirePolicyGroups(mergePolicy(current.policy, input.policy));
    const exclusions = input.exclusions === undefined ? (current.exclusions ?? []) : this.requireExclusions(input.exclusions, current.target);
    const quota = input.quota === undefined ? current.quota : input.quota === null ? undefined : requireQuota(input.quota, current.target, installMode);
    const locations = input.locations === undefined ? current.locations : input.locations === null ? undefined : requireOrderFits(this.core, item, resolveLocationOrder(this.core, input.locations), installMode);
    if (item.vpp) this.core.requireWritableToken(item.vpp.tokenId);
    const { exclusions: _exclusions, quota: _quota, locations: _locations, ...rest } = current;
    const next: AssignmentRecord = {
      ...rest,
      installMode,
      policy,
      ...(exclusions.length > 0 ? { exclusions } : {}),
      ...(quota !== undefined ? { quota } : {}),
      ...(locations ? { locations } : {}),
    };
    if (options.dryRun) {
      const update = this.core.rehearse((change) => {
        const before = this.coveredBy(current);
        this.core.pretendAssignment(next);
        return this.decideUpdate(change, before, next, item);
      });
      return { assignment: next, ...update };
    }
    const before = this.coveredBy(current);
    this.core.unindexAssignment(current);
    this.core.indexAssignment(next);
    try {
      await this.core.assignments.put(next);
    } catch (error) {
      this.core.unindexAssignment(next);
      this.core.indexAssignment(current);
      throw error;
    }
    const change = new Change();
    const outcome = this.decideUpdate(change, before, next, item);
    const result: AssignmentUpdate = { assignment: next, ...outcome, account: this.core.account(change) };
    await Promise.all([
      this.core.desk.commit(change),
      this.core.deps.audit.record({
        actor,
        action: 'vpp.assignment.update',
        target: { type: 'assignment', id: next.id, name: assignmentName(item.name, next.target, this.core.deps.directory) },
        ...(input.reason ? { reason: input.reason } : {}),
        details: { installMode: next.installMode, policy: next.policy, exclusions: next.exclusions ?? [], quota: next.quota ?? null, locations: next.locations ?? null, ...outcome },
      }),
    ]);
    return result;
  }

  /** The holders an active assignment covers, by key (none while it awaits approval). */
  private coveredBy(assignment: AssignmentRecord): Map<string, Holder> {
    return assignment.state === 'active' ? holderMap(this.core.coverage.holdersOf(assignment)) : new Map<string, Holder>();
  }

  /** What changing an assignment decides, into `change`: who left it (and what its policy does), who it covers now. */
  private decideUpdate(change: Change, before: Map<string, Holder>, next: AssignmentRecord, item: CatalogItem): Omit<AssignmentUpdate, 'assignment' | 'account'> {
    const outcome = { leftOut: 0, released: 0, covered: 0, licensed: 0, queued: 0 };
    if (next.state === 'active') {
      const after = holderMap(this.core.coverage.holdersOf(next));
      const gone = [...before.values()].filter((holder) => !after.has(holder.key));
      const fresh = [...after.values()].filter((holder) => !before.has(holder.key));
      outcome.leftOut = gone.length;
      outcome.covered = fresh.length;
      if (next.installMode === 'uninstall') {
        for (const holder of fresh) if (this.core.uninstallFrom(change, item, holder.kind, holder.id)) outcome.released++;
        if (gone.length > 0) this.core.coverAgain(change, item);
        if (item.vpp) this.core.desk.serve(change, this.core.poolOf(item.vpp));
      } else {
        for (const holder of gone) {
          if (this.core.coveringAssignment(item.id, holder.kind, holder.id)) continue;
          if (this.core.stopFor(change, item, next, holder.kind, holder.id, 'left-target', 'left-target') === 'released') outcome.released++;
        }
        const summary = this.core.activate(change, next, item, []);
        outcome.licensed = summary.licensed;
        outcome.queued = summary.queued;
      }
    }
    return outcome;
  }

  /** Stops the distribution: licenses are released or kept, and apps removed, as the policy says. */
  async removeAssignment(assignmentId: string, actor: Actor, reason?: string, options: ChangeOptions = {}): Promise<RemovalResult> {
    const assignment = this.core.getAssignment(assignmentId);
    if (options.dryRun) {
      return this.core.rehearse((change) => {
        this.core.unindexAssignment(assignment);
        this.core.undoAfterRehearsal(() => this.core.indexAssignment(assignment));
        return this.decideRemoval(change, assignment);
      });
    }
    await this.core.assignments.delete(assignment.id);
    this.core.unindexAssignment(assignment);
    const change = new Change();
    const { released, kept } = this.decideRemoval(change, assignment);
    const account = this.core.account(change);
    await this.core.desk.commit(change);
    await this.core.deps.audit.record({
      actor,
      action: 'vpp.assignment.remove',
      target: { type: 'assignment', id: assignment.id, name: assignmentName(this.core.catalog.get(assignment.itemId)?.name ?? assignment.itemId, assignment.target, this.core.deps.directory) },
      ...(reason ? { reason } : {}),
      details: { released, kept, policy: assignment.policy.onDistributionStopped },
    });
    return { released, kept, account };
  }

  /** What removing an (unindexed) assignment decides, into `change`: its policy for a stopped distribution. */
  private decideRemoval(change: Change, assignment: AssignmentRecord): { released: number; kept: number } {
    const item = this.core.catalog.get(assignment.itemId);
    let released = 0;
    let kept = 0;
    if (assignment.state === 'active' && assignment.installMode === 'uninstall') {
      if (item) this.core.coverAgain(change, item);
    } else if (assignment.state === 'active') {
      for (const holder of this.core.coverage.holdersOf(assignment)) {
        if (this.core.coveringAssignment(assignment.itemId, holder.kind, holder.id)) continue;
        const outcome = this.core.stopFor(change, item, assignment, holder.kind, holder.id, 'distribution-stopped', 'assignment-removed');
        if (outcome === 'released') released++;
        if (outcome === 'kept') kept++;
      }
    }
    return { released, kept };
  }

  /**
   * Takes app licenses back from a device, a user, a group, or from everyone (the app as a whole). Whoever the target
   * covers now is held back too, waiting or not: none of them is served again until an admin assigns the item to
   * them again. The licenses freed go to other targets' waiting holders, first come first served.
   */
  async revoke(input: RevokeInput, actor: Actor, options: ChangeOptions = {}): Promise<RevocationResult> {
    const item = this.core.requireItem(input.item, input.tokenId);
    if (item.kind === 'vpp-book') {
      throw ruleRefusal('VPP books cannot be revoked: a book stays with the user it was assigned to', 'vpp-book-irrevocable');
    }
    if (!item.vpp) throw ruleRefusal(`${item.name} is an in-house item: it holds no license to revoke`, 'no-license');
    const target = input.target ? this.core.requireTarget(input.target) : undefined;
    this.core.requireWritableToken(item.vpp.tokenId);
    if (options.dryRun) return this.core.rehearse((change) => this.decideRevocation(change, item, target));
    const change = new Change();
    const { revoked, counts, queue } = this.decideRevocation(change, item, target);
    const account = this.core.account(change);
    await Promise.all([
      this.core.desk.commit(change),
      this.core.deps.audit.record({
        actor,
        action: 'vpp.license.revoke',
        target: { type: 'catalog-item', id: item.id, name: item.name },
        ...(input.reason ? { reason: input.reason } : {}),
        details: { scope: target ?? 'all', revoked, counts, queue },
      }),
    ]);
    return { revoked, counts, queue, account };
  }

  /** What revoking decides, into `change`: the target's licenses released, its holders held back, the queue served. */
  private decideRevocation(change: Change, item: CatalogItem, target: Target | undefined): Omit<RevocationResult, 'account'> {
    const pool = this.core.poolOf(item.vpp!);
    const holderKeys = target ? new Set(holderKeysOfTarget(this.core.deps.directory, target)) : undefined;
    const at = this.core.now();
    const chosen = this.core.priority.heldLicenses(item).filter((r) => !holderKeys || holderKeys.has(holderKeyOfLicense(r)));
    this.core.desk.release(change, chosen, 'revoked', at);
    let dropped: number;
    if (target) {
      pool.revokedTargets.set(targetKeyOf(target), at);
      dropped = pool.holdBack(holderKeys!, at);
    } else {
      pool.revokedAllAt = at;
      dropped = pool.queue.take(pool.queue.size).length;
    }
    change.writes.push(this.core.desk.saveCounts(pool));
    const served = this.core.desk.serve(change, pool);
    const queue: RevocationQueueEffect = {
      dropped,
      servedOthers: served.length,
      servedHolders: served.slice(0, MAX_LISTED_HOLDERS).map(holderKeyOfLicense),
    };
    return { revoked: chosen.length, counts: pool.counts(), queue };
  }

  private requirePolicyGroups(policy: DistributionPolicy): DistributionPolicy {
    for (const groupId of policy.licenseRestrictedToUserGroups) {
      if (!this.core.deps.directory.getUserGroup(groupId)) throw saying(new NotFoundError(`Policy names unknown user group "${groupId}"`), 'vpp.policy.unknown-group', { group: groupId });
    }
    return policy;
  }

  /** Groups an assignment leaves out: existing user groups (for users) or device groups (for devices), each once. */
  private requireExclusions(exclusions: readonly Target[], target: Target): Target[] {
    const holderKind = holderKindOf(target.kind);
    const unique = new Map<string, Target>();
    for (const group of exclusions) {
      if (group.kind !== 'user-group' && group.kind !== 'device-group') {
        throw ruleRefusal(`Only user groups and device groups can be excluded, not ${group.kind} ${quoteInput(group.id)}`, 'exclusion-groups-only');
      }
      if (exclusionHolderKind(group) !== holderKind) {
        throw ruleRefusal(`An assignment to ${holderKind}s can only exclude ${holderKind} groups; ${group.kind} ${quoteInput(group.id)} holds no ${holderKind}s`, 'exclusion-kind');
      }
      if (sameTarget(group, target)) throw ruleRefusal(`An assignment cannot exclude its own target ${group.kind} ${quoteInput(group.id)}`, 'exclusion-is-target');
      this.core.requireTarget(group);
      unique.set(targetKeyOf(group), { kind: group.kind, id: group.id });
    }
    return [...unique.values()];
  }
}

function holderMap(holders: Iterable<Holder>): Map<string, Holder> {
  const map = new Map<string, Holder>();
  for (const holder of holders) map.set(holder.key, holder);
  return map;
}

function actorRef(actor: Actor): Actor {
  return { kind: actor.kind, id: actor.id, ...(actor.name ? { name: actor.name } : {}) };
}

/** A quota is a whole number of licenses for a group (or everyone) that installs or offers the item. */
function requireQuota(quota: number | undefined, target: Target, installMode: InstallMode): number | undefined {
  if (quota === undefined) return undefined;
  if (!Number.isSafeInteger(quota) || quota < 1) throw ruleRefusal(`A quota is a whole number of licenses, 1 or more; got ${quota}`, 'quota-whole-number');
  if (target.kind === 'user' || target.kind === 'device') {
    throw ruleRefusal(`A quota limits a group: ${target.kind} ${quoteInput(target.id)} holds one license at most`, 'quota-groups-only');
  }
  if (installMode === 'uninstall') throw ruleRefusal('An uninstall assignment hands out no license to limit', 'quota-not-for-uninstall');
  return quota;
}

/** A refusal by one of distribution's rules: `details.rule` for scripts, the rule's message for every language. */
function ruleRefusal(message: string, rule: string): BadInputError {
  return saying(new BadInputError(message, { rule }), ruleMessageId(rule));
}
