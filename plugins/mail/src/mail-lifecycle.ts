import { HostEnvironment, inject, injectable, toDisposable, type ActiveWorkContribution, type Disposable, type LifecycleContribution } from '@vpp-host/api';
import { DeliveryWorker } from './delivery-worker.js';
import { DemoSmtpSink } from './demo-sink.js';
import { MailConfig } from './mail-config.js';
import { OutboxRetention } from './outbox-retention.js';
import { OutboxStore } from './outbox-store.js';

/**
 * Opens the outbox on every host (a standby shows it); the active host alone delivers: it starts the demo sink (demo
 * only), the delivery worker and the pruning, and stops them in reverse.
 */
@injectable()
export class MailLifecycle implements LifecycleContribution, ActiveWorkContribution {
  constructor(
    @inject(OutboxStore) private readonly outbox: OutboxStore,
    @inject(OutboxRetention) private readonly retention: OutboxRetention,
    @inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @inject(DemoSmtpSink) private readonly sink: DemoSmtpSink,
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(HostEnvironment) private readonly environment: HostEnvironment,
  ) {}

  async onStart(): Promise<void> {
    await this.outbox.open();
  }

  async startActiveWork(): Promise<Disposable> {
    if (this.environment.demo) await this.sink.start();
    await this.worker.start();
    this.retention.start();
    return toDisposable(async () => {
      this.retention.dispose();
      await this.worker.dispose();
      await this.sink.dispose();
    });
  }

  onStop(): void {
    this.config.dispose();
    this.outbox.dispose();
  }
}
