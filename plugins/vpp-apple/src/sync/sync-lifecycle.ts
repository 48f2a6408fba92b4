import { inject, injectable, type LifecycleContribution } from '@vpp-host/api';
import { HoldingsRegistryImpl } from './holdings-registry.js';
import { SyncScheduler } from './sync-scheduler.js';
import { SyncServiceImpl } from './sync-service.js';
import { SyncedData } from './synced-data.js';

@injectable()
export class SyncLifecycle implements LifecycleContribution {
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
    this.scheduler.start();
  }

  async onStop(): Promise<void> {
    this.scheduler.dispose();
    await this.sync.drain();
    this.sync.dispose();
    this.data.dispose();
  }
}
