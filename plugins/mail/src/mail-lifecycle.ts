import { HostEnvironment, inject, injectable, type LifecycleContribution } from '@vpp-host/api';
import { DeliveryWorker } from './delivery-worker.js';
import { DemoSmtpSink } from './demo-sink.js';
import { MailConfig } from './mail-config.js';
import { OutboxRetention } from './outbox-retention.js';
import { OutboxStore } from './outbox-store.js';

/** Opens the outbox, starts the demo sink (demo only), the delivery worker and the pruning; stops them in reverse. */
@injectable()
export class MailLifecycle implements LifecycleContribution {
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
    if (this.environment.demo) await this.sink.start();
    await this.worker.start();
    this.retention.start();
  }

  async onStop(): Promise<void> {
    this.retention.dispose();
    await this.worker.dispose();
    await this.sink.dispose();
    this.config.dispose();
    this.outbox.dispose();
  }
}
