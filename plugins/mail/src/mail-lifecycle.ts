import { HostEnvironment, inject, injectable, type LifecycleContribution } from '@vpp-host/api';
import { DeliveryWorker } from './delivery-worker.js';
import { DemoSmtpSink } from './demo-sink.js';
import { MailConfig } from './mail-config.js';
import { OutboxStore } from './outbox-store.js';

/** Opens the outbox, starts the demo sink (demo only) and the delivery worker; stops them in reverse. */
@injectable()
export class MailLifecycle implements LifecycleContribution {
  constructor(
    @inject(OutboxStore) private readonly outbox: OutboxStore,
    @inject(DeliveryWorker) private readonly worker: DeliveryWorker,
    @inject(DemoSmtpSink) private readonly sink: DemoSmtpSink,
    @inject(MailConfig) private readonly config: MailConfig,
    @inject(HostEnvironment) private readonly environment: HostEnvironment,
  ) {}

  async onStart(): Promise<void> {
    await this.outbox.open();
    if (this.environment.demo) await this.sink.start();
    await this.worker.start();
  }

  async onStop(): Promise<void> {
    await this.worker.dispose();
    await this.sink.dispose();
    this.config.dispose();
    this.outbox.dispose();
  }
}
