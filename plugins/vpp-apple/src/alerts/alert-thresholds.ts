import { AuditLog, BadInputError, Clock, Emitter, inject, injectable, quoteInput, saying, Storage, type Actor, type Disposable, type Repository } from '@vpp-host/api';
import { TokenService } from '../../api/index.js';
import { DistributionRuntime } from '../distribution/distribution-runtime.js';
import type { CatalogItem } from '../distribution/model.js';

export type ThresholdScope = 'item' | 'location';
export const THRESHOLD_SCOPES: readonly ThresholdScope[] = ['item', 'location'];

/**
 * A low-license threshold: an alert when fewer than `below` licenses of an item are free. An item's own threshold
 * wins over its location's (0 turns the alert off for the item); a location's applies to each of its items that has
 * more licenses than it.
 */
export interface AlertThreshold {
  /** `item:<item id>` or `location:<token id>`. */
  readonly id: string;
  readonly scope: ThresholdScope;
  /** The item's id or the location's token id. */
  readonly targetId: string;
  readonly below: number;
  readonly updatedAt: string;
  readonly updatedBy: Actor;
}

/** A threshold as an admin reads it: what it is on, by name. */
export interface ThresholdView extends AlertThreshold {
  readonly name: string;
  readonly location: string;
}

/** Which threshold applies to an item, and where it is set. */
export interface EffectiveThreshold {
  readonly below: number;
  readonly from: ThresholdScope;
}

export interface ThresholdChange {
  readonly scope: ThresholdScope;
  readonly targetId: string;
}

const idOf = (scope: ThresholdScope, targetId: string) => `${scope}:${targetId}`;

/**
 * The low-license thresholds per item and per location (collection `alert-thresholds`). A threshold that is negative,
 * not a whole number, above what the item (or every item of the location) has in all, or on an item or location that
 * does not exist is refused with the reason and nothing changes; every change is audited.
 */
@injectable()
export class AlertThresholds implements Disposable {
  private thresholds!: Repository<AlertThreshold>;
  private readonly changes = new Emitter<ThresholdChange>();
  readonly onDidChangeThreshold = this.changes.event;

  constructor(
    @inject(Storage) private readonly storage: Storage,
    @inject(DistributionRuntime) private readonly runtime: DistributionRuntime,
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Clock) private readonly clock: Clock,
  ) {}

  async open(): Promise<void> {
    this.thresholds = await this.storage.collection<AlertThreshold>('alert-thresholds');
  }

  /** Every threshold, locations first, each by name. */
  list(): ThresholdView[] {
    return [...this.thresholds.values()]
      .map((threshold) => ({ ...threshold, ...this.names(threshold) }))
      .sort((a, b) => (a.scope !== b.scope ? (a.scope === 'location' ? -1 : 1) : a.location.localeCompare(b.location) || a.name.localeCompare(b.name)));
  }

  get(scope: ThresholdScope, targetId: string): AlertThreshold | undefined {
    return this.thresholds.get(idOf(scope, targetId));
  }

  /** The threshold that applies to a VPP item: its own, else its location's when the item has more licenses than that. */
  effective(item: CatalogItem): EffectiveThreshold | undefined {
    if (!item.vpp) return undefined;
    const own = this.get('item', item.id);
    if (own) return { below: own.below, from: 'item' };
    const location = this.get('location', item.vpp.tokenId);
    if (location && (item.counts?.total ?? 0) > location.below) return { below: location.below, from: 'location' };
    return undefined;
  }

  /** Sets the threshold of an item (id, adamId, bundle id or name) or a location (token name or id). */
  async set(scope: ThresholdScope, reference: string, below: unknown, actor: Actor): Promise<ThresholdView> {
    const target = this.resolve(scope, reference);
    const value = checkBelow(below);
    if (value > target.total) {
      if (scope === 'item') {
        const refusal = new BadInputError(`${target.name} has ${target.total} licenses in all: a threshold of ${value} is above that`, { total: target.total, below: value });
        throw saying(refusal, 'vpp.alert.threshold-above-item', { item: target.name, total: target.total, below: value });
      }
      const refusal = new BadInputError(`No app or book of "${target.name}" has more than ${target.total} licenses: a threshold of ${value} is above every one`, { total: target.total, below: value });
      throw saying(refusal, 'vpp.alert.threshold-above-location', { location: target.name, total: target.total, below: value });
    }
    const record: AlertThreshold = { id: idOf(scope, target.id), scope, targetId: target.id, below: value, updatedAt: this.clock.now().toISOString(), updatedBy: actorOf(actor) };
    const previous = this.thresholds.get(record.id);
    if (previous?.below !== value) {
      await this.thresholds.put(record);
      await this.audit.record({ actor, action: 'vpp.alert-threshold.set', target: auditTarget(scope, target), details: { below: value, ...(previous ? { previous: previous.below } : {}) } });
      this.changes.fire({ scope, targetId: target.id });
    }
    return { ...(this.thresholds.get(record.id) ?? record), ...this.names(record) };
  }

  /** Removes the threshold of an item or a location; false when it had none. */
  async clear(scope: ThresholdScope, reference: string, actor: Actor): Promise<boolean> {
    const target = this.resolve(scope, reference);
    const id = idOf(scope, target.id);
    const previous = this.thresholds.get(id);
    if (!previous) return false;
    await this.thresholds.delete(id);
    await this.audit.record({ actor, action: 'vpp.alert-threshold.clear', target: auditTarget(scope, target), details: { previous: previous.below } });
    this.changes.fire({ scope, targetId: target.id });
    return true;
  }

  /** A deleted location takes its thresholds and its items' with it. */
  async forgetLocation(tokenId: string): Promise<void> {
    const ids = [...this.thresholds.values()].filter((t) => (t.scope === 'location' ? t.targetId === tokenId : t.targetId.startsWith(`vpp:${tokenId}:`))).map((t) => t.id);
    if (ids.length > 0) await this.thresholds.deleteMany(ids);
  }

  dispose(): void {
    this.changes.dispose();
  }

  /** The item or location named, its name and how many licenses a threshold may be at most. */
  private resolve(scope: ThresholdScope, reference: string): { id: string; name: string; total: number } {
    if (!THRESHOLD_SCOPES.includes(scope)) throw saying(new BadInputError(`A threshold is on an item or a location, got ${quoteInput(scope)}`), 'vpp.alert.threshold-scope', { got: quoteInput(scope) });
    if (scope === 'location') {
      const token = this.tokens.require(reference);
      const totals = this.runtime.service.catalog.list({ tokenId: token.id, unlisted: true }).map((item) => item.counts?.total ?? 0);
      return { id: token.id, name: token.name, total: Math.max(0, ...totals) };
    }
    const item = this.runtime.service.catalog.require(reference);
    if (!item.vpp) throw saying(new BadInputError(`${item.name} is an in-house item: it has no licenses to run low`), 'vpp.alert.threshold-in-house', { item: item.name });
    return { id: item.id, name: item.name, total: item.counts?.total ?? 0 };
  }

  private names(threshold: AlertThreshold): { name: string; location: string } {
    if (threshold.scope === 'location') {
      const token = this.tokens.get(threshold.targetId);
      return { name: token?.name ?? threshold.targetId, location: token?.name ?? threshold.targetId };
    }
    const item = this.runtime.service.catalog.get(threshold.targetId);
    const location = item?.vpp ? (this.tokens.get(item.vpp.tokenId)?.name ?? item.vpp.tokenId) : '';
    return { name: item?.name ?? threshold.targetId, location };
  }
}

function checkBelow(below: unknown): number {
  const value = typeof below === 'string' && /^-?\d+$/.test(below.trim()) ? Number(below.trim()) : below;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw saying(new BadInputError(`A threshold must be a whole number of licenses, 0 or more, got ${quoteInput(below)}`), 'vpp.alert.threshold-whole', { got: quoteInput(below) });
  }
  return value;
}

function actorOf(actor: Actor): Actor {
  return { kind: actor.kind, id: actor.id, ...(actor.name !== undefined ? { name: actor.name } : {}) };
}

function auditTarget(scope: ThresholdScope, target: { id: string; name: string }) {
  return scope === 'item' ? { type: 'catalog-item', id: target.id, name: target.name } : { type: 'vpp-token', id: target.id, name: target.name };
}
