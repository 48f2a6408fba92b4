import { BadInputError, saying, type Actor } from '@vpp-host/api';
import type { ReclaimCandidate, ReclaimResult } from '../../api/index.js';
import type { AssignmentChanges } from './assignment-changes.js';
import type { DistributionCore } from './distribution-core.js';
import { isManaged } from './holders.js';
import { vppItemId, type LicenseRecord } from './model.js';

const DAY_MS = 86_400_000;
/** Longer than any license can sit unused and still be worth keeping: a typo, not a policy. */
const MAX_DAYS = 3650;

/**
 * Reclaiming unused licenses: the preview lists the app licenses whose devices have not checked in for a number of
 * days, and the reclaim revokes exactly what the preview lists at that moment (one computation serves both).
 */
export class LicenseReclaim {
  constructor(
    private readonly core: DistributionCore,
    private readonly changes: AssignmentChanges,
  ) {}

  reclaimable(days: number): ReclaimCandidate[] {
    const cutoff = new Date(this.core.deps.clock.now().getTime() - requireDays(days) * DAY_MS).toISOString();
    const candidates: ReclaimCandidate[] = [];
    for (const pool of this.core.desk.ledger.allPools()) {
      const itemId = vppItemId(pool.ref);
      if (this.core.catalog.get(itemId)?.kind !== 'vpp-app') continue;
      for (const license of pool.held.values()) {
        const lastCheckInAt = this.lastCheckIn(license);
        if (lastCheckInAt !== undefined && lastCheckInAt < cutoff) {
          candidates.push({
            itemId,
            tokenId: license.tokenId,
            holder: { kind: license.holderKind, id: license.holderId, appleId: license.appleHolderId },
            assignmentId: license.assignmentId,
            lastCheckInAt,
          });
        }
      }
    }
    return candidates.sort((a, b) => (a.lastCheckInAt < b.lastCheckInAt ? -1 : a.lastCheckInAt > b.lastCheckInAt ? 1 : a.itemId < b.itemId ? -1 : 1));
  }

  async reclaim(days: number, actor: Actor, reason = `Not used for ${days} days`): Promise<ReclaimResult> {
    const reclaimed = this.reclaimable(days);
    let servedOthers = 0;
    for (const candidate of reclaimed) {
      const result = await this.changes.revoke({ item: candidate.itemId, target: { kind: candidate.holder.kind, id: candidate.holder.id }, reason }, actor);
      servedOthers += result.queue.servedOthers;
    }
    return { reclaimed, servedOthers };
  }

  /** The device's last check-in, or the latest of its user's managed devices; undefined when the inventory does not know. */
  private lastCheckIn(license: LicenseRecord): string | undefined {
    const { directory } = this.core.deps;
    const devices = license.holderKind === 'device' ? [directory.getDevice(license.holderId)] : directory.devicesOf(license.holderId);
    const seen = devices.filter(isManaged).map((device) => device.lastCheckInAt);
    if (seen.length === 0 || seen.some((at) => at === undefined)) return undefined;
    return (seen as string[]).reduce((latest, at) => (at > latest ? at : latest));
  }
}

function requireDays(days: number): number {
  if (!Number.isSafeInteger(days) || days < 1 || days > MAX_DAYS) {
    throw saying(new BadInputError(`Give the days as a whole number from 1 to ${MAX_DAYS}, got ${days}`), 'vpp.reclaim.days', { max: MAX_DAYS, got: String(days) });
  }
  return days;
}
