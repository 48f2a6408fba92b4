import { BadInputError, inject, injectable, saying, type CommandProgress } from '@vpp-host/api';
import { Invitations, TokenService, vppItemId, type MigrationBundle, type MigrationCheck, type MigrationVerifyResult } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import { holderKeyOf } from '../distribution/model.js';
import { InstallationIdentity } from '../tokens/installation-identity.js';
import { appleAssignmentKey } from './apple-location-view.js';
import { placeKey } from './migration-planner.js';
import { MigrationPlanning, type MigrationInput } from './migration-planning.js';
import { MigrationRuns } from './migration-runs.js';

const LISTED = 100;

/**
 * `migrate verify`: compares Apple and this host after an apply with the bundle. Every licence held before is held by
 * the same holder at Apple and in the ledger, nothing the bundle held was given back (no disassociation), no person
 * enrolled or invited before was mailed an invitation since, each queue keeps the bundle's order, and every
 * assignment the plan recreated exists.
 */
@injectable()
export class MigrationVerifier {
  constructor(
    @inject(MigrationPlanning) private readonly planning: MigrationPlanning,
    @inject(MigrationRuns) private readonly runs: MigrationRuns,
    @inject(DistributionRuntime) private readonly distribution: DistributionRuntime,
    @inject(Invitations) private readonly invitations: Invitations,
    @inject(InstallationIdentity) private readonly identity: InstallationIdentity,
    @inject(TokenService) private readonly tokens: TokenService,
  ) {}

  async verify(input: MigrationInput, progress: (progress: CommandProgress) => void = () => {}): Promise<MigrationVerifyResult> {
    // This host's token of the location reads Apple: no token file or passphrase is needed.
    const { bundle } = await this.planning.read({ bundle: input.bundle, ...(input.format !== undefined ? { format: input.format } : {}) });
    // A bundle of a product that does not know Apple's location id is found by the run that applied it.
    const run = await this.runs.find(bundle);
    const token = run?.tokenId !== undefined ? this.tokens.get(run.tokenId) : undefined;
    if (!token || !run?.completedAt) {
      const location = bundle.location.name.slice(0, 100);
      throw saying(new BadInputError(`This host has not taken the bundle's location "${location}" over: run migrate apply first`), 'vpp.migration.not-taken-over', { location });
    }
    const { apple, resolution } = await this.planning.planRead(bundle, { held: token }, progress);
    const service = this.distribution.service;
    const itemOf = (bundleItemId: string) => {
      const asset = resolution.vppItems.get(bundleItemId);
      return asset ? vppItemId(token.id, asset) : undefined;
    };
    const checks: MigrationCheck[] = [];

    checks.push(
      check('location-held', apple.mdmInfo?.id === this.identity.mdmId ? [] : [`Apple says "${apple.mdmInfo?.name ?? 'nobody'}" manages the location, not this host`]),
    );

    const missing = new Set(run.missingAtApple);
    const releasing = new Set(run.releasing);
    const licences: string[] = [];
    for (const licence of resolution.licences) {
      if (licence.state !== 'confirmed') continue;
      const subject = `${licence.holderKind} ${licence.holderId} (${licence.appleHolderId}) for ${licence.entry.itemId}`;
      if (!apple.assignments.has(appleAssignmentKey(licence.asset, `${licence.holderKind === 'device' ? 's' : 'u'}:${licence.appleHolderId}`))) licences.push(`Apple no longer holds the licence of ${subject}`);
      if (service.heldLicense({ tokenId: token.id, ...licence.asset }, licence.holderKind, licence.holderId)?.state !== 'confirmed') licences.push(`This host's ledger does not hold the licence of ${subject}`);
    }
    // Licences Apple lost between the export and apply are planned as places; any other is a difference.
    for (const key of resolution.missingAtApple) if (!missing.has(key)) licences.push(`Apple no longer holds the licence of ${key.replace('#', ' for ')}`);
    checks.push(check('licences-held', licences));

    const released: string[] = [];
    for (const record of service.licensesOfLocation(token.id)) {
      if ((record.state !== 'releasing' && record.state !== 'released') || (record.releaseRequestedAt ?? '') < run.startedAt) continue;
      const bundleItem = bundle.catalog.find((item) => item.vpp?.adamId === record.adamId && item.vpp.pricingParam === record.pricingParam);
      if (bundleItem && releasing.has(placeKey(bundleItem.id, record.holderKind, record.holderId))) continue;
      released.push(`The licence of ${record.holderKind} ${record.holderId} (${record.appleHolderId}) for asset ${record.adamId} was given back at ${record.releaseRequestedAt}`);
    }
    checks.push(check('no-disassociation', released));

    const mailed: string[] = [];
    for (const { person, userId } of resolution.people) {
      const status = person.enrolment?.status;
      if (status !== 'enrolled' && status !== 'invited') continue;
      const entry = this.invitations.enrolment(userId, token.id);
      if ((entry.lastSentAt ?? '') >= run.startedAt || entry.timesInvited > person.enrolment!.timesInvited) mailed.push(`${userId} (${status} before the move) was sent an invitation at ${entry.lastSentAt}`);
    }
    checks.push(check('no-invitation', mailed));

    checks.push(check('queue-order', this.queueDifferences(bundle, resolution, itemOf, token.name)));

    const absent: string[] = [];
    for (const { entry } of resolution.assignments) {
      const id = run.renamedAssignments[entry.id] ?? entry.id;
      if (!service.findAssignment(id)) absent.push(`Assignment ${id} (of ${entry.itemId} to ${entry.target.kind} ${entry.target.id}) is missing`);
    }
    checks.push(check('assignments', absent));

    return { ok: checks.every((c) => c.ok), uId: token.uId, checks };
  }

  /** The bundle's waiting holders that still wait here, in the bundle's order. */
  private queueDifferences(bundle: MigrationBundle, resolution: Awaited<ReturnType<MigrationPlanning['planRead']>>['resolution'], itemOf: (id: string) => string | undefined, token: string): string[] {
    const differences: string[] = [];
    for (const queue of bundle.queues) {
      const itemId = itemOf(queue.itemId);
      if (!itemId) continue;
      const expected = queue.waiting.flatMap((waiting) => {
        const id = (waiting.holderKind === 'user' ? resolution.userIds : resolution.deviceIds).get(waiting.holderId);
        return id === undefined ? [] : [holderKeyOf(waiting.holderKind, id)];
      });
      const waitingHere = this.distribution.service.queue(itemId, token).waiting.map((entry) => entry.holder);
      const stillWaiting = new Set(waitingHere);
      const order = expected.filter((holder) => stillWaiting.has(holder));
      const expectedSet = new Set(order);
      const here = waitingHere.filter((holder) => expectedSet.has(holder));
      if (order.join('\n') !== here.join('\n')) differences.push(`The queue of ${queue.itemId} is in another order: expected ${order.slice(0, 5).join(', ')}…, found ${here.slice(0, 5).join(', ')}…`);
    }
    return differences;
  }
}

function check(name: MigrationCheck['name'], differences: readonly string[]): MigrationCheck {
  return { name, ok: differences.length === 0, differences: differences.length, examples: differences.slice(0, LISTED) };
}
