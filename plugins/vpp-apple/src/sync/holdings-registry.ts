import { inject, injectable, Storage, type Entity, type Repository } from '@vpp-host/api';
import type { Holding, HoldingsRegistry } from '../../api/index.js';
import { holdingId } from './record-keys.js';

interface TrackedHolding extends Entity {
  readonly tokenId: string;
}

/** The Apple users and assignments the product created or the admin adopted; the rest is untracked. */
@injectable()
export class HoldingsRegistryImpl implements HoldingsRegistry {
  private records!: Repository<TrackedHolding>;

  constructor(@inject(Storage) private readonly storage: Storage) {}

  async open(): Promise<void> {
    this.records = await this.storage.collection<TrackedHolding>('tracked-holdings', { expectedSize: 1_000_000 });
  }

  async track(tokenId: string, holdings: readonly Holding[]): Promise<void> {
    await this.records.putMany(holdings.map((holding) => ({ id: holdingId(tokenId, holding), tokenId })));
  }

  async untrack(tokenId: string, holdings: readonly Holding[]): Promise<void> {
    await this.records.deleteMany(holdings.map((holding) => holdingId(tokenId, holding)));
  }

  isTracked(tokenId: string, holding: Holding): boolean {
    return this.records.has(holdingId(tokenId, holding));
  }

  hasId(id: string): boolean {
    return this.records.has(id);
  }

  async removeToken(tokenId: string): Promise<void> {
    await this.records.deleteMany(this.records.find((r) => r.tokenId === tokenId).map((r) => r.id));
  }
}
