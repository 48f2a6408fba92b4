import { Alerts, formatTime, inject, injectable, listen, Logger, phrase, Scheduler, toDisposable, type ActiveWorkContribution, type Disposable } from '@vpp-host/api';
import { OutboxStore } from '../outbox-store.js';

export const OUTBOX_FAILED_KEY = 'outbox-failed';
const HOURLY_MS = 3600_000;

/**
 * Raises an alert while the outbox holds mail it gave up on (failed), saying how many and since when, and resolves
 * it once none is left (sent again, or pruned). It looks after every change of a message, and hourly for the
 * prunes, which announce nothing.
 */
@injectable()
export class OutboxAlert implements ActiveWorkContribution {
  private pending: Promise<void> | undefined;
  private again = false;
  private watching: Disposable[] = [];

  constructor(
    @inject(OutboxStore) private readonly outbox: OutboxStore,
    @inject(Alerts) private readonly alerts: Alerts,
    @inject(Scheduler) private readonly scheduler: Scheduler,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  /** The active host looks; nothing is looked at after the work stopped: the look under way finishes first. */
  startActiveWork(): Disposable {
    this.watching = [this.scheduler.every('mail.outbox-alert', HOURLY_MS, () => this.check(), { runNow: true }), listen(this.outbox.onDidChangeMessage, () => this.soon())];
    return toDisposable(async () => {
      for (const watch of this.watching.splice(0)) await watch.dispose();
      this.again = false;
      await this.pending;
    });
  }

  /** Many messages change at once (a batch sent, a server down): one look after them. */
  private soon(): void {
    if (this.pending) {
      this.again = true;
      return;
    }
    this.pending = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => this.check())
      .catch((error: unknown) => this.logger.error('Could not look at the outbox for failed mail', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => {
        this.pending = undefined;
        if (this.again && this.watching.length > 0) {
          this.again = false;
          this.soon();
        }
      });
  }

  async check(): Promise<void> {
    const { count, since } = this.outbox.tally('failed');
    if (count === 0) {
      await this.alerts.resolve(OUTBOX_FAILED_KEY);
      return;
    }
    const english = `Not delivered: ${count} ${count === 1 ? 'message' : 'messages'} in the outbox (the first since ${formatTime(since!, 'en')})`;
    await this.alerts.raise({
      key: OUTBOX_FAILED_KEY,
      severity: 'warning',
      said: phrase(english, 'mail.alert.outbox-failed', { count, since: since! }),
      subject: { type: 'mail-outbox', id: 'outbox', name: 'Outbox' },
      href: '/views/mail/mail?state=failed',
    });
  }
}
