import { BadInputError, inject, injectable, kindPhrase, phrase, saying, type CommandProgress, type Said } from '@vpp-host/api';
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
      check('location-held', apple.mdmInfo?.id === this.identity.mdmId ? [] : [managedElsewhere(apple.mdmInfo?.name)]),
    );

    const missing = new Set(run.missingAtApple);
    const releasing = new Set(run.releasing);
    const licences: Said[] = [];
    for (const licence of resolution.licences) {
      if (licence.state !== 'confirmed') continue;
      const { holderKind: kind, holderId: holder, appleHolderId: appleId } = licence;
      const subject = phrase(`${kind} ${holder} (${appleId}) for ${licence.entry.itemId}`, 'vpp.migration.diff.subject', { kind: kindPhrase(kind), holder, appleId, item: licence.entry.itemId });
      if (!apple.assignments.has(appleAssignmentKey(licence.asset, `${kind === 'device' ? 's' : 'u'}:${appleId}`))) licences.push(appleLost(subject));
      if (service.heldLicense({ tokenId: token.id, ...licence.asset }, kind, holder)?.state !== 'confirmed') {
        licences.push(phrase(`This host's ledger does not hold the licence of ${subject.message}`, 'vpp.migration.diff.ledger', { subject }));
      }
    }
    // Licences Apple lost between the export and apply are planned as places; any other is a difference.
    for (const key of resolution.missingAtApple) {
      const [item = key, place = ''] = key.split('#');
      if (!missing.has(key)) licences.push(appleLost(phrase(`${place} for ${item}`, 'vpp.migration.diff.place', { place, item })));
    }
    checks.push(check('licences-held', licences));

    const released: Said[] = [];
    for (const record of service.licensesOfLocation(token.id)) {
      if ((record.state !== 'releasing' && record.state !== 'released') || (record.releaseRequestedAt ?? '') < run.startedAt) continue;
      const bundleItem = bundle.catalog.find((item) => item.vpp?.adamId === record.adamId && item.vpp.pricingParam === record.pricingParam);
      if (bundleItem && releasing.has(placeKey(bundleItem.id, record.holderKind, record.holderId))) continue;
      const { holderKind: kind, holderId: holder, appleHolderId: appleId, adamId: asset, releaseRequestedAt: date = '' } = record;
      released.push(phrase(`The licence of ${kind} ${holder} (${appleId}) for asset ${asset} was given back at ${date}`, 'vpp.migration.diff.given-back', { kind: kindPhrase(kind), holder, appleId, asset, date }));
    }
    checks.push(check('no-disassociation', released));

    const mailed: Said[] = [];
    for (const { person, userId } of resolution.people) {
      const status = person.enrolment?.status;
      if (status !== 'enrolled' && status !== 'invited') continue;
      const entry = this.invitations.enrolment(userId, token.id);
      if ((entry.lastSentAt ?? '') >= run.startedAt || entry.timesInvited > person.enrolment!.timesInvited) {
        const date = entry.lastSentAt ?? '';
        mailed.push(phrase(`${userId} (${status} before the move) was sent an invitation at ${date}`, 'vpp.migration.diff.mailed', { user: userId, status, date }));
      }
    }
    checks.push(check('no-invitation', mailed));

    checks.push(check('queue-order', this.queueDifferences(bundle, resolution, itemOf, token.name)));

    const absent: Said[] = [];
    for (const { entry } of resolution.assignments) {
      const id = run.renamedAssignments[entry.id] ?? entry.id;
      if (!service.findAssignment(id)) {
        const { kind, id: target } = entry.target;
        absent.push(phrase(`Assignment ${id} (of ${entry.itemId} to ${kind} ${target}) is missing`, 'vpp.migration.diff.assignment-missing', { id, item: entry.itemId, kind, target }));
      }
    }
    checks.push(check('assignments', absent));

    return { ok: checks.every((c) => c.ok), uId: token.uId, checks };
  }

  /** The bundle's waiting holders that still wait here, in the bundle's order. */
  private queueDifferences(bundle: MigrationBundle, resolution: Awaited<ReturnType<MigrationPlanning['planRead']>>['resolution'], itemOf: (id: string) => string | undefined, token: string): Said[] {
    const differences: Said[] = [];
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
      if (order.join('\n') !== here.join('\n')) {
        const [expectedFirst, foundFirst] = [order.slice(0, 5).join(', '), here.slice(0, 5).join(', ')];
        const english = `The queue of ${queue.itemId} is in another order: expected ${expectedFirst}…, found ${foundFirst}…`;
        differences.push(phrase(english, 'vpp.migration.diff.queue-order', { item: queue.itemId, expected: expectedFirst, found: foundFirst }));
      }
    }
    return differences;
  }
}

function check(name: MigrationCheck['name'], differences: readonly Said[]): MigrationCheck {
  const examples = differences.slice(0, LISTED);
  return { name, ok: differences.length === 0, differences: differences.length, examples: examples.map((example) => example.message), examplesSaid: examples };
}

function managedElsewhere(other: string | undefined): Said {
  const manager = other ?? phrase('nobody', 'vpp.migration.diff.nobody');
  const english = `Apple says "${typeof manager === 'string' ? manager : manager.message}" manages the location, not this host`;
  return phrase(english, 'vpp.migration.diff.managed-elsewhere', { manager });
}

function appleLost(subject: Said): Said {
  return phrase(`Apple no longer holds the licence of ${subject.message}`, 'vpp.migration.diff.apple-lost', { subject });
}
