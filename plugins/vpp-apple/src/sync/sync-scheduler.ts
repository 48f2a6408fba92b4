import { inject, injectable, listen, Logger, Scheduler, Settings, type Disposable } from '@vpp-host/api';
import { TokenService } from '../../api/index.js';
import { SyncServiceImpl } from './sync-service.js';

const HOUR_MS = 3600_000;

/**
 * Syncs every token on its own schedule (syncIntervalHours, twice a day by default). A token that never synced
 * syncs right away: a new token shows its content without waiting half a day.
 */
@injectable()
export class SyncScheduler implements Disposable {
  private readonly schedules = new Map<string, Disposable>();
  private readonly subscriptions: Disposable[] = [];

  constructor(
    @inject(TokenService) private readonly tokens: TokenService,
    @inject(SyncServiceImpl) private readonly sync: SyncServiceImpl,
    @inject(Scheduler) private readonly scheduler: Scheduler,
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  start(): void {
    for (const token of this.tokens.list()) this.schedule(token.id);
    this.subscriptions.push(
      listen(this.tokens.onDidChangeTokens, ({ change, token }) => {
        if (change === 'added') this.schedule(token.id);
        if (change === 'removed') {
          this.unschedule(token.id);
          void this.sync.forget(token.id).catch((error: unknown) => this.logger.error('Dropping the data of a deleted token failed', { id: token.id, error }));
        }
      }),
      listen(this.settings.onDidChangeSetting, ({ key }) => {
        if (key !== 'syncIntervalHours') return;
        for (const id of [...this.schedules.keys()]) {
          this.unschedule(id);
          this.schedule(id);
        }
      }),
    );
  }

  private schedule(tokenId: string): void {
    if (this.schedules.has(tokenId)) return;
    const intervalMs = this.settings.get<number>('syncIntervalHours') * HOUR_MS;
    const neverSynced = this.sync.state(tokenId).status === 'none';
    const task = async () => {
      if (this.tokens.get(tokenId)) await this.sync.sync(tokenId);
    };
    this.schedules.set(tokenId, this.scheduler.every(`sync:${tokenId}`, intervalMs, task, { runNow: neverSynced }));
  }

  private unschedule(tokenId: string): void {
    void this.schedules.get(tokenId)?.dispose();
    this.schedules.delete(tokenId);
  }

  dispose(): void {
    for (const id of [...this.schedules.keys()]) this.unschedule(id);
    for (const subscription of this.subscriptions) void subscription.dispose();
  }
}
