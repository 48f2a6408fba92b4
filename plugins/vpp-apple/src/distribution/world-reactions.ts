import { DisposableCollection, listen, type Disposable, type MembershipEdit } from '@vpp-host/api';
import { UNHEALTHY_TOKEN_STATES, type LicenseAccount } from '../../api/index.js';
import { userGroupIdsOf } from './holders.js';
import { Change, type Waiting } from './license-desk.js';
import { holderKeyOf, vppItemId, type AssignmentRecord, type HolderKind, type ReleaseCause } from './model.js';
import { actionFor, mayTakeLicense, type LifecycleEvent } from './policy.js';
import type { DistributionCore } from './distribution-core.js';

/** Membership reactions kept for their edit's maker to ask about (an import makes thousands nobody asks about). */
const REMEMBERED_MEMBERSHIP_REACTIONS = 1000;

function membershipKey(edit: MembershipEdit): string {
  return `${edit.groupKind}:${edit.groupId}:${edit.memberId}:${edit.change}`;
}

/**
 * What distribution does on its own when the world changes: members joining and leaving targets and excluded
 * groups, devices enrolling, leaving management or wiped, users enrolling and retiring, Apple's counts, token health
 * and a location's license restriction. Each reaction is tracked until it has decided (see `whenDecided`).
 */
export class WorldReactions implements Disposable {
  private readonly subscriptions = new DisposableCollection();
  /** Work started by a change in the world (membership, enrolment, counts) that has not finished deciding. */
  private readonly reacting = new Set<Promise<void>>();
  /** The accounts of the latest membership reactions, oldest first, until the edit's maker asks for them. */
  private readonly membershipReactions = new Map<string, { readonly account: LicenseAccount; readonly durable: Promise<void> }>();

  constructor(private readonly core: DistributionCore) {}

  /** Resolves once every reaction started so far has decided. */
  async whenDecided(): Promise<void> {
    while (this.reacting.size > 0) await Promise.allSettled([...this.reacting]);
  }

  dispose(): Promise<void> {
    return this.subscriptions.dispose();
  }

  /**
   * What the last reaction to this membership edit did, once durable; asked once, by whoever made the edit. Undefined
   * when there was none (or it was asked already, or too many edits came since).
   */
  async membershipAccount(edit: MembershipEdit): Promise<LicenseAccount | undefined> {
    const key = membershipKey(edit);
    const reaction = this.membershipReactions.get(key);
    this.membershipReactions.delete(key);
    if (!reaction) return undefined;
    await reaction.durable.catch(() => undefined);
    return reaction.account;
  }

  private remember(edit: MembershipEdit, reaction: { account: LicenseAccount; durable: Promise<void> }): void {
    const key = membershipKey(edit);
    this.membershipReactions.delete(key);
    this.membershipReactions.set(key, reaction);
    if (this.membershipReactions.size > REMEMBERED_MEMBERSHIP_REACTIONS) this.membershipReactions.delete(this.membershipReactions.keys().next().value!);
  }

  /** What the membership change (made, or pretended by a preview) decides, into `change`. */
  decideMembership(change: Change, m: MembershipEdit): void {
    const kind: HolderKind = m.groupKind === 'device-group' ? 'device' : 'user';
    const group = `${m.groupKind}:${m.groupId}`;
    // Joining a target gains coverage; joining an excluded group loses it.
    this.decideCoverage(change, kind, m.memberId, this.core.byTarget.get(group) ?? [], m.change === 'joined');
    this.decideCoverage(change, kind, m.memberId, this.core.byExclusion.get(group) ?? [], m.change === 'left');
  }

  /** Makes a decided step durable, lets Apple hear of it and audits it as a license change nobody asked for. */
  private async commit(change: Change, why: string, target: { type: string; id: string }): Promise<void> {
    await this.core.desk.commit(change);
    await this.core.desk.auditAutomatic(change, why, target);
  }

  private decideJoined(change: Change, kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, tokenId?: string): void {
    for (const id of assignmentIds) {
      const assignment = this.core.assignment(id);
      if (!assignment || assignment.state !== 'active') continue;
      const item = this.core.catalog.get(assignment.itemId);
      if (!item || (tokenId !== undefined && item.vpp?.tokenId !== tokenId && !assignment.locations?.includes(tokenId))) continue;
      const holder = this.core.coverage.holderIn(assignment, kind, holderId);
      if (!holder) continue;
      const classified = this.core.classify(assignment, item, holder);
      this.core.noteUnserved(change, item, holder, classified);
      if (classified.status === 'unlicensed') this.core.deliver(assignment, item, kind, holderId, classified.deviceIds, false);
      if (classified.status !== 'waiting' || !item.vpp) continue;
      const pool = this.core.poolOf(item.vpp);
      if (this.core.heldLicense(item, holder.key) || !this.core.mayWait(pool, holder.key, classified.coveredSince)) continue;
      pool.queue.add(classified.entry);
      this.core.desk.serve(change, pool);
    }
  }

  private decideLeft(change: Change, kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, event: LifecycleEvent, cause: ReleaseCause): void {
    for (const id of assignmentIds) {
      const assignment = this.core.assignment(id);
      if (!assignment || assignment.state !== 'active') continue;
      if (event === 'left-target' && this.core.coveringAssignment(assignment.itemId, kind, holderId)) continue;
      this.core.stopFor(change, this.core.catalog.get(assignment.itemId), assignment, kind, holderId, event, cause);
    }
  }

  /**
   * The holder came to be covered (`gained`) or stopped being covered by these assignments: installs queue or
   * release as usual; an uninstall assignment removes the app, and when it lets go the item's other assignments cover
   * the holder again.
   */
  private decideCoverage(change: Change, kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, gained: boolean): void {
    const installs: string[] = [];
    const removals: AssignmentRecord[] = [];
    for (const id of assignmentIds) {
      const assignment = this.core.assignment(id);
      if (assignment?.installMode === 'uninstall') removals.push(assignment);
      else if (assignment) installs.push(id);
    }
    if (installs.length > 0) {
      if (gained) this.decideJoined(change, kind, holderId, installs);
      else this.decideLeft(change, kind, holderId, installs, 'left-target', 'left-target');
    }
    if (removals.length === 0) return;
    if (!gained) {
      const others = removals.flatMap((r) => this.core.assignmentsOfItem(r.itemId).filter((a) => a.installMode !== 'uninstall').map((a) => a.id));
      this.decideJoined(change, kind, holderId, others);
      return;
    }
    for (const removal of removals) {
      const item = this.core.catalog.get(removal.itemId);
      if (!item || removal.state !== 'active' || !this.core.coverage.holderIn(removal, kind, holderId)) continue;
      this.core.uninstallFrom(change, item, kind, holderId);
      if (item.vpp) this.core.desk.serve(change, this.core.poolOf(item.vpp));
    }
  }

  private async holderJoined(kind: HolderKind, holderId: string, assignmentIds: Iterable<string>, why: string, tokenId?: string): Promise<void> {
    const change = new Change();
    this.decideJoined(change, kind, holderId, assignmentIds, tokenId);
    await this.commit(change, why, { type: kind, id: holderId });
  }

  /** A device leaves management: every license it holds follows its assignment's policy. */
  private async deviceGone(deviceId: string, event: LifecycleEvent, cause: ReleaseCause): Promise<void> {
    const change = new Change();
    const key = `device:${deviceId}`;
    for (const pool of this.core.desk.ledger.allPools()) {
      pool.queue.remove(key);
      const license = pool.held.get(key);
      const assignment = license ? this.core.assignment(license.assignmentId) : undefined;
      if (!license) continue;
      const action = assignment ? actionFor(assignment.policy, event, 'vpp-app') : { removeApp: false, releaseLicense: true };
      if (action.removeApp) this.core.requestRemoval(change, { itemId: assignment!.itemId, holderKind: 'device', holderId: deviceId, deviceIds: [deviceId], cause });
      if (action.releaseLicense) {
        this.core.desk.release(change, [license], cause, this.core.now());
        this.core.desk.serve(change, pool);
      }
    }
    await this.commit(change, `Device ${event === 'device-wiped' ? 'selectively wiped' : 'left management'}`, { type: 'device', id: deviceId });
  }

  /** A user retired at a location: out of every queue there, app licenses given back; books stay with the user. */
  private async userRetired(tokenId: string, userId: string): Promise<void> {
    const change = new Change();
    const key = holderKeyOf('user', userId);
    const at = this.core.now();
    for (const pool of this.core.desk.ledger.allPools()) {
      if (pool.ref.tokenId !== tokenId) continue;
      pool.queue.remove(key);
      const license = pool.held.get(key);
      if (!license || this.core.catalog.get(vppItemId(pool.ref))?.kind === 'vpp-book') continue;
      this.core.desk.release(change, [license], 'user-retired', at);
      this.core.desk.serve(change, pool);
    }
    await this.commit(change, 'Retired from managed distribution', { type: 'user', id: userId });
  }

  /**
   * A location's license restriction changed: waiting holders it no longer admits leave the queue, and its active
   * assignments are distributed again, so holders it now admits take licenses. Licenses already held stay.
   */
  async restrictionChanged(tokenId: string, why: string): Promise<void> {
    const restriction = this.core.deps.locations.get(tokenId).licenseRestrictedToUserGroups;
    const change = new Change();
    for (const pool of this.core.desk.ledger.allPools()) {
      const here = pool.ref.tokenId === tokenId;
      // Elsewhere, only holders whose location order has this location wait on its restriction.
      if (!here && !this.core.priority.hasOrders) continue;
      for (const entry of [...pool.queue.ordered()] as Waiting[]) {
        // A holder of a location order stays while any of its locations admits it.
        const order = this.core.assignment(entry.assignmentId)?.locations;
        if (!here && !order?.includes(tokenId)) continue;
        const userId = entry.holderKind === 'user' ? entry.holderId : this.core.deps.directory.getDevice(entry.holderId)?.ownerUserId;
        const admitting = order ? this.core.priority.restrictionOf(order) : restriction;
        if (!mayTakeLicense(admitting, userGroupIdsOf(this.core.deps.directory, userId))) pool.queue.remove(entry.key);
      }
    }
    for (const assignment of this.core.assignments.values()) {
      const item = assignment.state === 'active' && assignment.installMode !== 'uninstall' ? this.core.catalog.get(assignment.itemId) : undefined;
      if (item && (item.vpp?.tokenId === tokenId || assignment.locations?.includes(tokenId))) this.core.activate(change, assignment, item, []);
    }
    await this.commit(change, why, { type: 'token', id: tokenId });
  }

  listenToWorld(): void {
    const { directory, enrolments, assets, tokens } = this.core.deps;
    const guard = (work: Promise<void>) => {
      const reaction = work
        .catch((error: unknown) => this.core.deps.logger.error('Distribution could not apply a change', { error: String(error) }))
        .finally(() => this.reacting.delete(reaction));
      this.reacting.add(reaction);
    };
    this.subscriptions.push(
      listen(directory.onDidChangeMembership, (m) => {
        const change = new Change();
        this.decideMembership(change, m);
        const why = `${m.change === 'joined' ? 'Joined' : 'Left'} ${m.groupKind} ${m.groupId}`;
        const durable = this.commit(change, why, { type: m.groupKind === 'device-group' ? 'device' : 'user', id: m.memberId });
        this.remember(m, { account: this.core.account(change), durable });
        void guard(durable);
      }),
      listen(directory.onDidChangeDevice, (d) => {
        if (d.change === 'enrolled') void guard(this.holderJoined('device', d.device.id, this.core.assignmentIdsCovering('device', d.device.id), 'Device enrolled'));
        if (d.change === 'unenrolled' || d.change === 'removed') void guard(this.deviceGone(d.device.id, 'device-unenrolled', 'device-unenrolled'));
        if (d.change === 'wiped') void guard(this.deviceGone(d.device.id, 'device-wiped', 'device-wiped'));
      }),
      listen(enrolments.onDidEnrolUser, (e) =>
        void guard(this.holderJoined('user', e.userId, this.core.assignmentIdsCovering('user', e.userId), 'Accepted managed distribution', e.tokenId)),
      ),
      listen(enrolments.onDidRetireUser, (r) => void guard(this.userRetired(r.tokenId, r.userId))),
      listen(assets.onDidChangeAssetCount, (change) => void guard(this.core.desk.observeCounts(change))),
      listen(tokens.onDidChangeTokenHealth, (change) => {
        if (!UNHEALTHY_TOKEN_STATES.includes(change.current.state)) this.core.desk.outbox.resume(change.token.id);
      }),
    );
  }
}
