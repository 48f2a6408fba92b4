import { Clock, inject, injectable, Logger, Scheduler, Settings, type Disposable } from '@vpp-host/api';
import { OutboxStore } from './outbox-store.js';

const DAY_MS = 24 * 3600_000;
/** Pruning hourly keeps each run small and the outbox within an hour of the setting. */
export const PRUNE_INTERVAL_MS = 3600_000;

/**
 * Keeps the outbox from growing without end: sent and failed messages go `keepSentDays` after their last change,
 * so the states file every attempt rewrites stays small. Messages still to be delivered are never pruned.
 */
@injectable()
export class OutboxRetention implements Disposable {
  private schedule?: Disposable;

  constructor(
    @inject(OutboxStore) private readonly outbox: OutboxStore,
    @inject(Settings) private readonly settings: Settings,
    @inject(Scheduler) private readonly scheduler: Scheduler,
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule = this.scheduler.every('mail.prune-outbox', PRUNE_INTERVAL_MS, () => this.prune(), { runNow: true });
  }

  /** Read at every run, so a changed setting applies from the next hour. 0 keeps every message. */
  async prune(): Promise<void> {
    const days = this.settings.get<number>('keepSentDays');
    if (days === 0) return;
    const before = new Date(this.clock.now().getTime() - days * DAY_MS).toISOString();
    const pruned = await this.outbox.prune(before);
    if (pruned > 0) this.logger.info('Pruned sent and failed messages from the outbox', { count: pruned, olderThan: before });
  }

  dispose(): void {
    void this.schedule?.dispose();
    this.schedule = undefined;
  }
}
