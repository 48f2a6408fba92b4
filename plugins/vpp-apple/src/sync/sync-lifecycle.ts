import { inject, injectable, toDisposable, type ActiveWorkContribution, type Disposable, type LifecycleContribution } from '@vpp-host/api';
import { HoldingsRegistryImpl } from './holdings-registry.js';
import { SyncScheduler } from './sync-scheduler.js';
import { SyncServiceImpl } from './sync-service.js';
import { SyncedData } from './synced-data.js';

/** Opens what Apple holds on every host; the active host alone tidies it up after the last one and syncs on schedule. */
@injectable()
export class SyncLifecycle implements LifecycleContribution, ActiveWorkContribution {
  constructor(
    @inject(HoldingsRegistryImpl) private readonly holdings: HoldingsRegistryImpl,
    @inject(SyncedData) private readonly data: SyncedData,
    @inject(SyncServiceImpl) private readonly sync: SyncServiceImpl,
    @inject(SyncScheduler) private readonly scheduler: SyncScheduler,
  ) {}

  async onStart(): Promise<void> {
    await this.holdings.open();
    await this.data.open();
    await this.sync.open();
  }

  async startActiveWork(): Promise<Disposable> {
    await this.data.rekeyLegacyAssets();
    await this.sync.failInterrupted();
    this.scheduler.start();
    return toDisposable(async () => {
      this.scheduler.dispose();
      await this.sync.drain();
    });
  }

  async onStop(): Promise<void> {
    await this.sync.drain();
    this.sync.dispose();
    this.data.dispose();
  }
}
