import { createHash } from 'node:crypto';
import { seniorityId, type DistributionCore } from './distribution-core.js';
import { Change } from './license-desk.js';
import { holderKeyOf, type AssignmentRecord, type HolderKind, type LicenseRecord } from './model.js';

/** A licence Apple holds already, as another product recorded it; `releasing`: that product had started giving it back, and it is finished here. */
export type AdoptedLicense = Pick<LicenseRecord, 'adamId' | 'pricingParam' | 'holderKind' | 'holderId' | 'appleHolderId' | 'assignmentId' | 'orderAt' | 'requestedAt'> & {
  readonly state: 'confirmed' | 'releasing';
};

/** A holder's place in an item's first-come-first-served order, carried over. */
export interface AdoptedPlace {
  readonly itemId: string;
  readonly holderKind: HolderKind;
  readonly holderId: string;
  readonly at: string;
}

/**
 * Takes a location over from another product without touching what Apple holds: its licences go into the ledger as
 * Apple holds them (no associate call), its holders keep their places in the queues, and its assignments are
 * recreated, finding their holders licensed already. Each step is durable before the next and skips what an earlier,
 * interrupted run did, so running it again finishes the work without doing anything twice.
 */
export class LocationAdoption {
  constructor(private readonly core: DistributionCore) {}

  async adoptPlaces(places: readonly AdoptedPlace[]): Promise<number> {
    const fresh = new Map<string, { id: string; at: string }>();
    for (const place of places) {
      const id = seniorityId(place.itemId, holderKeyOf(place.holderKind, place.holderId));
      if (this.core.seniority.get(id)?.at === place.at) continue;
      const earlier = fresh.get(id);
      if (!earlier || place.at < earlier.at) fresh.set(id, { id, at: place.at });
    }
    await this.core.seniority.putMany([...fresh.values()]);
    return fresh.size;
  }

  /** `runKey` names the migration, so the same run makes the same license ids and a second run makes none. */
  async adoptLicenses(tokenId: string, licenses: readonly AdoptedLicense[], runKey: string): Promise<number> {
    const at = this.core.now();
    const change = new Change();
    const records: LicenseRecord[] = [];
    for (const license of licenses) {
      const pool = this.core.poolOf({ tokenId, adamId: license.adamId, pricingParam: license.pricingParam });
      const holder = holderKeyOf(license.holderKind, license.holderId);
      if (pool.held.has(holder) || pool.releasing.has(holder)) continue;
      const record: LicenseRecord = {
        id: adoptedLicenseId(runKey, tokenId, license),
        tokenId,
        adamId: license.adamId,
        pricingParam: license.pricingParam,
        holderKind: license.holderKind,
        holderId: license.holderId,
        appleHolderId: license.appleHolderId,
        assignmentId: license.assignmentId,
        orderAt: license.orderAt,
        state: license.state,
        requestedAt: license.requestedAt,
        updatedAt: at,
        ...(license.state === 'releasing' ? { releaseCause: 'cancelled' as const, releaseRequestedAt: at } : {}),
      };
      records.push(record);
      if (record.state === 'releasing') change.disassociate.push(record);
    }
    change.writes.push(this.core.desk.ledger.record(records));
    await this.core.desk.commit(change);
    return records.length;
  }

  /** Stores the assignments this host lacks and activates them: their holders are licensed or waiting already. */
  async adoptAssignments(assignments: readonly AssignmentRecord[]): Promise<{ created: number; queued: number }> {
    const fresh = assignments.filter((assignment) => !this.core.assignments.has(assignment.id));
    await this.core.assignments.putMany(fresh);
    for (const assignment of fresh) this.core.indexAssignment(assignment);
    const change = new Change();
    let queued = 0;
    for (const assignment of fresh) {
      const item = assignment.state === 'active' ? this.core.catalog.get(assignment.itemId) : undefined;
      if (!item) continue;
      if (assignment.installMode === 'uninstall') this.core.uninstallCovered(change, assignment, item, []);
      else queued += this.core.activate(change, assignment, item, []).queued;
    }
    await this.core.desk.commit(change);
    return { created: fresh.length, queued };
  }
}

function adoptedLicenseId(runKey: string, tokenId: string, license: AdoptedLicense): string {
  const digest = createHash('sha256').update(`${runKey}|${tokenId}|${license.adamId}|${license.pricingParam}|${license.holderKind}:${license.holderId}`).digest('hex');
  return `lic-adopted-${digest.slice(0, 24)}`;
}
