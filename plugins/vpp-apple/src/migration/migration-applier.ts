import { AuditLog, Clock, ConflictError, inject, injectable, phrase, saying, type Actor, type CommandProgress, type Said } from '@vpp-host/api';
import {
  HoldingsRegistry,
  LocationSettingsService,
  TokenService,
  vppItemId,
  type AssignmentRecord,
  type Holding,
  type MigrationApplyResult,
  type MigrationBundle,
  type PolicyInput,
  type TokenRecord,
} from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { InvitationService } from '../invitations/invitation-service.js';
import { saidAsLabel } from '../said-text.js';
import { MigrationPlanning, type MigrationInput, type Planned } from './migration-planning.js';
import { placeKey } from './migration-planner.js';
import { bundleDigest, MigrationRuns, type MigrationRun } from './migration-runs.js';

export interface ApplyRequest extends MigrationInput {
  /** Consent to take the location from the product that manages it now. */
  readonly takeOver?: boolean;
  /** The name of the token added here; the location's name without it. */
  readonly name?: string;
}

type Progress = (progress: CommandProgress) => void;
const STEPS = 7;

/**
 * `migrate apply`: carries a clean plan out. It claims the location (with take-over consent when another product
 * manages it), syncs it, then takes over what Apple holds without writing to Apple: the location's settings,
 * in-house items, enrolments (nobody is invited again), licences, queue places and assignments, each step durable
 * before the next. Run again after an interruption, it finds what was done and finishes the rest.
 */
@injectable()
export class MigrationApplier {
  constructor(
    @inject(MigrationPlanning) private readonly planning: MigrationPlanning,
    @inject(MigrationRuns) private readonly runs: MigrationRuns,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(LocationSettingsService) private readonly locations: LocationSettingsService,
    @inject(InvitationService) private readonly invitations: InvitationService,
    @inject(HoldingsRegistry) private readonly holdings: HoldingsRegistry,
    @inject(DistributionRuntime) private readonly distribution: DistributionRuntime,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async apply(request: ApplyRequest, actor: Actor, progress: Progress = () => {}): Promise<MigrationApplyResult> {
    const step = (done: number, said: Said) => progress({ done, total: STEPS, ...saidAsLabel(said) });
    const { bundle, sToken } = await this.planning.read(request);
    const first = await this.planning.planRead(bundle, sToken !== undefined ? { sToken } : {}, progress);
    refuseUnclean(first);
    const managedBy = first.plan.location.managedBy;
    if (managedBy && !request.takeOver) {
      const refusal = new ConflictError(`"${managedBy.name}" manages the location "${first.plan.location.name}" now: apply with --take-over (takeOver) to take it over. Nothing was changed.`, {
        otherMdm: managedBy,
      });
      throw saying(refusal, 'vpp.migration.managed-elsewhere', { other: managedBy.name, location: first.plan.location.name });
    }
    const digest = bundleDigest(bundle);
    const earlier = await this.runs.get(first.plan.location.uId);
    // The same bundle again is the same move: it keeps its start, which verify checks from.
    const same = earlier !== undefined && earlier.digest === digest;
    const resumed = same && earlier.completedAt === undefined;
    let run: MigrationRun = same ? earlier : { id: first.plan.location.uId, digest, startedAt: this.now(), missingAtApple: [], releasing: [], renamedAssignments: {} };
    await this.runs.put(run);

    step(1, phrase('Claiming the location', 'vpp.migration.step.claim'));
    const token = first.held
      ? managedBy
        ? await this.tokens.takeOver(first.held.id, actor)
        : first.held
      : await this.tokens.add({ file: sToken!, takeOver: request.takeOver === true, ...(request.name ? { name: request.name } : {}) }, actor);
    // Apple's state as the host's own sync stored it: what the adoption below is checked against.
    const { plan, resolution } = await this.planning.planRead(bundle, { held: token }, progress);
    refuseUnclean({ plan });
    run = {
      ...run,
      tokenId: token.id,
      missingAtApple: resolution.missingAtApple,
      releasing: resolution.licences.filter((l) => l.state === 'releasing').map((l) => placeKey(l.entry.itemId, l.holderKind, l.holderId)),
    };
    await this.runs.put(run);

    step(2, phrase('Applying the location settings', 'vpp.migration.step.settings'));
    await this.applySettings(token, bundle, resolution.groups, actor);
    step(3, phrase('Adding in-house items', 'vpp.migration.step.in-house'));
    const service = this.distribution.service;
    const itemIds = new Map<string, string>();
    let inHouseItemsAdded = 0;
    for (const { entry, localId } of resolution.inHouseItems) {
      if (localId !== undefined) {
        itemIds.set(entry.id, localId);
        continue;
      }
      const item = await service.addInHouseItem(
        { kind: entry.kind, name: entry.name, platforms: entry.platforms, ...(entry.bundleId ? { bundleId: entry.bundleId } : {}), ...(entry.fileRef ? { fileRef: entry.fileRef } : {}) },
        actor,
      );
      itemIds.set(entry.id, item.id);
      inHouseItemsAdded++;
    }
    for (const [bundleId, asset] of resolution.vppItems) itemIds.set(bundleId, vppItemId(token.id, asset));

    step(4, phrase('Adopting enrolments', 'vpp.migration.step.enrolments'));
    const enrolmentsAdopted = await this.invitations.adoptEnrolments(
      token.id,
      resolution.people.map(({ person, userId, clientUserId, status, acceptedAt }) => ({
        userId,
        clientUserId,
        status,
        timesInvited: person.enrolment?.timesInvited ?? 0,
        managedAppleId: person.managedAppleId !== undefined,
        ...(person.enrolment?.invitedAt !== undefined ? { invitedAt: person.enrolment.invitedAt } : {}),
        ...(acceptedAt !== undefined ? { acceptedAt } : {}),
        ...(status === 'retired' && person.enrolment?.retiredAt !== undefined ? { retiredAt: person.enrolment.retiredAt } : {}),
      })),
    );

    step(5, phrase('Adopting licences and queue places', 'vpp.migration.step.licences'));
    const assignmentIds = this.assignmentIds(run, resolution.assignments.map(({ entry, target }) => ({ entry, itemId: itemIds.get(entry.itemId)!, target })), digest);
    run = { ...run, renamedAssignments: Object.fromEntries([...assignmentIds].filter(([from, to]) => from !== to)) };
    await this.runs.put(run);
    await this.holdings.track(token.id, holdingsOf(resolution));
    await service.adoption.adoptPlaces(resolution.places.map((place) => ({ ...place, itemId: itemIds.get(place.itemId)! })));
    const licencesAdopted = await service.adoption.adoptLicenses(
      token.id,
      resolution.licences.map((licence) => ({
        ...licence.asset,
        holderKind: licence.holderKind,
        holderId: licence.holderId,
        appleHolderId: licence.appleHolderId,
        assignmentId: assignmentIds.get(licence.entry.assignmentId) ?? licence.entry.assignmentId,
        orderAt: licence.entry.orderAt,
        requestedAt: licence.entry.requestedAt,
        state: licence.state,
      })),
      digest,
    );

    step(6, phrase('Recreating assignments', 'vpp.migration.step.assignments'));
    const { created, queued } = await service.adoption.adoptAssignments(
      resolution.assignments.map(({ entry, target, exclusions }): AssignmentRecord => ({
        id: assignmentIds.get(entry.id)!,
        itemId: itemIds.get(entry.itemId)!,
        target,
        installMode: entry.installMode,
        ...(entry.licenseType !== undefined ? { licenseType: entry.licenseType } : {}),
        policy: { ...entry.policy, licenseRestrictedToUserGroups: mapGroups(entry.policy.licenseRestrictedToUserGroups, resolution.groups) },
        ...(exclusions.length > 0 ? { exclusions } : {}),
        ...(entry.quota !== undefined ? { quota: entry.quota } : {}),
        ...this.locationOrder(entry.locations),
        state: entry.state,
        createdAt: entry.createdAt,
        createdBy: actor,
        // The other product's admin's reason; the move itself is in the audit entry's details, not in words.
        ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
        ...(entry.reassignedAt !== undefined ? { reassignedAt: entry.reassignedAt } : {}),
      })),
    );

    step(7, phrase('Comparing the ledger with Apple', 'vpp.migration.step.reconcile'));
    await service.reconcile(token.id);
    await this.runs.put({ ...run, completedAt: this.now() });
    const done = { inHouseItemsAdded, enrolmentsAdopted, licencesAdopted, assignmentsCreated: created, queued };
    await this.audit.record({
      actor,
      action: 'vpp-migration.applied',
      target: { type: 'vpp-token', id: token.id, name: token.name },
      details: { from: bundle.source.product, uId: plan.location.uId, resumed, tookOver: managedBy !== undefined, ...done, plan: plan.counts },
    });
    return { plan, tokenId: token.id, tokenName: token.name, tookOver: managedBy !== undefined, resumed, done };
  }

  /** The location's settings as the bundle has them, its groups as this host names them; published items stay published. */
  /**
   * An order's locations here, by Apple's library id: those this host does not manage are left out, and an order
   * of this location alone is none.
   */
  private locationOrder(uIds: readonly string[] | undefined): { locations?: string[] } {
    const tokens = this.tokens.list();
    const order = (uIds ?? []).map((uId) => tokens.find((token) => token.uId === uId)?.id).filter((id) => id !== undefined);
    return order.length > 1 ? { locations: order } : {};
  }

  private async applySettings(token: TokenRecord, bundle: MigrationBundle, groups: ReadonlyMap<string, string>, actor: Actor): Promise<void> {
    const settings = bundle.location.settings;
    if (!settings) return;
    const { licenseRestrictedToUserGroups: restricted, ...defaults } = settings.defaultPolicy;
    const defaultPolicy: PolicyInput = { ...defaults, ...(restricted ? { licenseRestrictedToUserGroups: mapGroups(restricted, groups) } : {}) };
    await this.locations.update(
      token.id,
      { defaultPolicy, publication: settings.publication, licenseRestrictedToUserGroups: mapGroups(settings.licenseRestrictedToUserGroups, groups) },
      actor,
    );
    if (settings.publication === 'everything') return;
    for (const publication of settings.publications) {
      const item = bundle.catalog.find((entry) => entry.id === publication.itemId);
      if (publication.status === 'success' && item?.vpp) await this.locations.publish(vppItemId(token.id, item.vpp), actor);
    }
  }

  /** The bundle's assignment ids, kept unless this host uses one for something else (then one derived from the bundle). */
  private assignmentIds(run: MigrationRun, assignments: ReadonlyArray<{ entry: MigrationBundle['assignments'][number]; itemId: string; target: AssignmentRecord['target'] }>, digest: string): Map<string, string> {
    const service = this.distribution.service;
    const ids = new Map<string, string>();
    for (const { entry, itemId, target } of assignments) {
      const renamed = run.renamedAssignments[entry.id];
      if (renamed !== undefined) {
        ids.set(entry.id, renamed);
        continue;
      }
      const existing = service.findAssignment(entry.id);
      const same = !existing || (existing.itemId === itemId && existing.target.kind === target.kind && existing.target.id === target.id);
      ids.set(entry.id, same ? entry.id : `${entry.id}.${digest.slice(0, 8)}`);
    }
    return ids;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

function refuseUnclean({ plan }: Pick<Planned, 'plan'>): void {
  if (plan.clean) return;
  const losses = plan.problems.filter((problem) => problem.loss).slice(0, 3);
  const lost = plan.counts.licencesLost;
  const refusal = new ConflictError(
    `The plan is not clean: ${lost} licence(s) would be lost (${losses.map((problem) => problem.message).join('; ')}). Run migrate plan for the whole list. Nothing was changed.`,
    { licencesLost: lost },
  );
  throw saying(refusal, 'vpp.migration.not-clean', { lost, losses });
}

function mapGroups(ids: readonly string[], groups: ReadonlyMap<string, string>): string[] {
  return ids.map((id) => groups.get(`user-group:${id}`) ?? id);
}

/** Apple's users and assignments the adopted enrolments and licences stand for: this host's own from now on. */
function holdingsOf(resolution: Planned['resolution']): Holding[] {
  return [
    ...resolution.people.map((person): Holding => ({ kind: 'user', clientUserId: person.clientUserId })),
    ...resolution.licences.map(
      (licence): Holding =>
        licence.holderKind === 'device'
          ? { kind: 'assignment', ...licence.asset, serialNumber: licence.appleHolderId }
          : { kind: 'assignment', ...licence.asset, clientUserId: licence.appleHolderId },
    ),
  ];
}
