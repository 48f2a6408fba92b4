import {
  AuditLog,
  Clock,
  Emitter,
  inject,
  injectable,
  Logger,
  Scheduler,
  Settings,
  toDisposable,
  type Actor,
  type Disposable,
} from '@vpp-host/api';
import type { TokenRecord, TokenStateChange } from '../../api/index.js';
import { expiryHealth, isDateDriven, observeFailure, sameHealth, type HealthObservation } from './token-health.js';
import { TokenStore } from './token-store.js';

const DAY_MS = 24 * 3600_000;
const CLOCK_ACTOR: Actor = { kind: 'schedule', id: 'token-health', name: 'Token health check' };

/**
 * Moves tokens between states: Apple's answers (expired, revoked, invalid, claimed elsewhere) and the clock
 * (valid, expiring, expired). Every move is persisted, announced and written to the audit log.
 */
@injectable()
export class TokenHealthMonitor implements Disposable {
  private readonly stateChanges = new Emitter<TokenStateChange>();
  readonly onDidChangeTokenHealth = this.stateChanges.event;
  private schedule: Disposable | undefined;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(Clock) private readonly clock: Clock,
    @inject(Settings) private readonly settings: Settings,
    @inject(Scheduler) private readonly scheduler: Scheduler,
    @inject(AuditLog) private readonly audit: AuditLog,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  /** Re-reads every token's expiry once a day (and now). */
  start(): Disposable {
    this.schedule = this.scheduler.every('token-expiry-check', DAY_MS, () => this.checkExpiries(), { runNow: true });
    return toDisposable(async () => {
      await this.schedule?.dispose();
      this.schedule = undefined;
      await this.drain();
    });
  }

  async checkExpiries(): Promise<void> {
    for (const token of this.store.list()) {
      const current = this.store.get(token.id);
      if (current && isDateDriven(current.health.state)) await this.apply(current, this.byDate(current), CLOCK_ACTOR);
    }
  }

  /** The token's health by its date alone, for a token Apple just accepted. */
  byDate(token: Pick<TokenRecord, 'expiresAt'>): HealthObservation {
    return expiryHealth(token.expiresAt, this.clock.now(), this.settings.get<number>('expiryWarningDays'));
  }

  /** Applies what an Apple failure says about the token, if anything. */
  async observe(tokenId: string, error: unknown): Promise<void> {
    const observation = observeFailure(error);
    const token = this.store.get(tokenId);
    if (!observation || !token) return;
    await this.apply(token, observation, { kind: 'apple', id: token.uId, name: 'Apple' });
  }

  /** For the client gate, which cannot wait: the state change is tracked so stopping waits for it. */
  observeInBackground(tokenId: string, error: unknown): void {
    const pending = this.observe(tokenId, error).catch((failure: unknown) =>
      this.logger.error('Recording a token state change failed', { id: tokenId, error: failure }),
    );
    this.pending.add(pending);
    void pending.finally(() => this.pending.delete(pending));
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** The token's state right now; a date that has passed counts even before the daily check ran. */
  current(token: TokenRecord): HealthObservation {
    return isDateDriven(token.health.state) ? this.byDate(token) : token.health;
  }

  async apply(token: TokenRecord, observation: HealthObservation, actor: Actor): Promise<TokenRecord> {
    const latest = this.store.get(token.id) ?? token;
    const claimChanged = latest.claimedBy?.id !== observation.claimedBy?.id;
    if (sameHealth(latest.health, observation) && !claimChanged) return latest;
    const { claimedBy: _dropped, ...rest } = latest;
    const updated: TokenRecord = {
      ...rest,
      health: { state: observation.state, reason: observation.reason, messageId: observation.messageId, ...(observation.params ? { params: observation.params } : {}), since: this.clock.now().toISOString() },
      ...(observation.claimedBy ? { claimedBy: observation.claimedBy } : {}),
    };
    if (this.store.get(token.id)) await this.store.put(updated);
    if (latest.health.state !== updated.health.state) {
      this.logger.warn('Token state changed', { name: token.name, from: latest.health.state, to: updated.health.state });
      await this.audit.record({
        actor,
        action: 'vpp.token.state',
        target: { type: 'vpp-token', id: token.id, name: token.name },
        reason: observation.reason,
        details: { from: latest.health.state, to: updated.health.state, ...(observation.claimedBy ? { claimedBy: observation.claimedBy.name } : {}) },
      });
      this.stateChanges.fire({ token: updated, previous: latest.health, current: updated.health });
    }
    return updated;
  }

  dispose(): void {
    void this.schedule?.dispose();
    this.stateChanges.dispose();
  }
}
