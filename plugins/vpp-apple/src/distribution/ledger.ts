import type { Repository } from '@vpp-host/api';
import { AssetPool, type PoolState } from './allocator.js';
import { assetKeyOf, holderKeyOf, type LicenseRecord, type LicenseState, type VppAssetRef } from './model.js';

const TRANSITIONS: Readonly<Record<LicenseState, readonly LicenseState[]>> = {
  requested: ['confirmed', 'failed', 'releasing', 'released'],
  // back to requested: reconcile found Apple no longer holds it.
  confirmed: ['releasing', 'requested'],
  releasing: ['released'],
  released: [],
  failed: [],
};

/** Apple's "not enough licenses": the holder goes back to the queue instead of being blocked. */
export const NOT_ENOUGH_LICENSES = 9709;

export class LicenseTransitionError extends Error {
  constructor(record: LicenseRecord, to: LicenseState) {
    super(`License ${record.id} cannot go from ${record.state} to ${to}`);
  }
}

/** The next version of a license record; throws when the state machine does not allow the step. */
export function transition(
  record: LicenseRecord,
  to: LicenseState,
  at: string,
  extra: Partial<Pick<LicenseRecord, 'releaseCause' | 'releaseRequestedAt' | 'failure'>> = {},
): LicenseRecord {
  if (!TRANSITIONS[record.state].includes(to)) throw new LicenseTransitionError(record, to);
  return { ...record, ...extra, state: to, updatedAt: at };
}

export function holderKeyOfLicense(record: LicenseRecord): string {
  return holderKeyOf(record.holderKind, record.holderId);
}

/** The collection of the ledger's records. */
export const LEDGER_COLLECTION = 'distribution-licenses';

/**
 * Every license the product holds or held, per location and asset, persisted; the per-asset pools index the live
 * ones in memory so no operation scans the ledger.
 */
export class LicenseLedger {
  private readonly pools = new Map<string, AssetPool>();
  /** During a rehearsal: each pool's state before it was first touched; records are then indexed, never stored. */
  private rehearsal: Map<string, PoolState | undefined> | undefined;

  constructor(private readonly repository: Repository<LicenseRecord>) {
    this.reload();
  }

  /** Builds the pools from the stored records (again, on a standby once the active host changed them). */
  reload(): void {
    this.pools.clear();
    const latest = new Map<string, LicenseRecord>();
    for (const record of this.repository.values()) {
      this.index(record);
      const key = `${assetKeyOf(record)}#${holderKeyOfLicense(record)}`;
      const seen = latest.get(key);
      if (!seen || seen.requestedAt <= record.requestedAt) latest.set(key, record);
    }
    // Only the latest failure of a holder blocks it.
    for (const pool of this.pools.values()) {
      for (const [holder, record] of pool.blocked) {
        if (latest.get(`${pool.key}#${holder}`) !== record) pool.blocked.delete(holder);
      }
    }
  }

  /**
   * Indexes the records of these ids as stored now (a standby, after the active host changed them). False, having
   * changed nothing, when one was deleted: its pool is not known, so `reload` is due.
   */
  update(ids: Iterable<string>): boolean {
    const records: LicenseRecord[] = [];
    for (const id of ids) {
      const record = this.repository.get(id);
      if (!record) return false;
      records.push(record);
    }
    for (const record of records) this.index(record);
    return true;
  }

  get(id: string): LicenseRecord | undefined {
    return this.repository.get(id);
  }

  pool(ref: VppAssetRef): AssetPool {
    const key = assetKeyOf(ref);
    let pool = this.pools.get(key);
    if (!pool) {
      this.pools.set(key, (pool = new AssetPool({ tokenId: ref.tokenId, adamId: ref.adamId, pricingParam: ref.pricingParam })));
      if (this.rehearsal && !this.rehearsal.has(key)) this.rehearsal.set(key, undefined);
    }
    return this.kept(pool);
  }

  findPool(key: string): AssetPool | undefined {
    const pool = this.pools.get(key);
    return pool && this.kept(pool);
  }

  *allPools(): IterableIterator<AssetPool> {
    for (const pool of [...this.pools.values()]) yield this.kept(pool);
  }

  /** Changes memory at once (the reservation) and resolves when the records are durable. */
  record(records: readonly LicenseRecord[]): Promise<void> {
    for (const record of records) this.index(record);
    return records.length === 0 || this.rehearsal ? Promise.resolve() : this.repository.putMany(records);
  }

  /**
   * From now until the returned function is called, records change memory only, and every pool keeps the state it
   * had when first touched, which the call puts back (pools made meanwhile are dropped). Synchronous use only.
   */
  rehearse(): () => void {
    const before = new Map<string, PoolState | undefined>();
    this.rehearsal = before;
    return () => {
      this.rehearsal = undefined;
      for (const [key, state] of before) {
        if (state) this.pools.get(key)!.restore(state);
        else this.pools.delete(key);
      }
    };
  }

  private kept(pool: AssetPool): AssetPool {
    if (this.rehearsal && !this.rehearsal.has(pool.key)) this.rehearsal.set(pool.key, pool.snapshot());
    return pool;
  }

  /** Drops a location's pools and records (its token was deleted). */
  async forgetLocation(tokenId: string): Promise<number> {
    for (const [key, pool] of this.pools) if (pool.ref.tokenId === tokenId) this.pools.delete(key);
    return this.repository.deleteMany(this.repository.find((record) => record.tokenId === tokenId).map((record) => record.id));
  }

  /** Every record, for listing; callers filter. */
  values(): IterableIterator<LicenseRecord> {
    return this.repository.values();
  }

  private index(record: LicenseRecord): void {
    const pool = this.pool(record);
    const holder = holderKeyOfLicense(record);
    if (pool.held.get(holder)?.id === record.id) pool.held.delete(holder);
    if (pool.releasing.get(holder)?.id === record.id) pool.releasing.delete(holder);
    switch (record.state) {
      case 'requested':
      case 'confirmed':
        pool.held.set(holder, record);
        pool.blocked.delete(holder);
        break;
      case 'releasing':
        pool.releasing.set(holder, record);
        break;
      case 'released':
        break;
      case 'failed':
        if (record.failure?.errorNumber !== NOT_ENOUGH_LICENSES) pool.blocked.set(holder, record);
        break;
    }
    if (record.releaseCause === 'revoked' && (record.state === 'releasing' || record.state === 'released')) {
      pool.markRevoked(holder, record.releaseRequestedAt ?? record.updatedAt);
    }
  }
}
