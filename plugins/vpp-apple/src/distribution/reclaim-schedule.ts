import { inject, injectable, listen, Logger, Scheduler, Settings, toDisposable, type ActiveWorkContribution, type Disposable } from '@vpp-host/api';
import { ReclaimService } from './reclaim-notice.js';

const DAY_MS = 86_400_000;
const SCHEDULER_ACTOR = { kind: 'system', id: 'reclaim-schedule', name: 'Scheduled reclaim' } as const;

/**
 * On the active host: reclaims unused licenses once a day when `reclaimAfterDays` is set (0, the default, leaves it to admins): the
 * same reclaim an admin previews and runs, audited as the schedule's.
 */
@injectable()
export class ReclaimSchedule implements ActiveWorkContribution {
  private schedule: Disposable | undefined;

  constructor(
    @inject(ReclaimService) private readonly reclaims: ReclaimService,
    @inject(Scheduler) private readonly scheduler: Scheduler,
    @inject(Settings) private readonly settings: Settings,
    @inject(Logger) private readonly logger: Logger,
  ) {}

  startActiveWork(): Disposable {
    this.plan();
    const subscription = listen(this.settings.onDidChangeSetting, ({ key }) => {
      if (key === 'reclaimAfterDays' || key === 'reclaimNotifyUsers') this.plan();
    });
    return toDisposable(async () => {
      await subscription.dispose();
      await this.schedule?.dispose();
      this.schedule = undefined;
    });
  }

  private plan(): void {
    void this.schedule?.dispose();
    this.schedule = undefined;
    const days = this.settings.get<number>('reclaimAfterDays');
    if (days <= 0) return;
    this.schedule = this.scheduler.every('reclaim-unused-licenses', DAY_MS, async () => {
      const notifyUsers = this.settings.get<boolean>('reclaimNotifyUsers');
      const result = await this.reclaims.reclaim(days, SCHEDULER_ACTOR, { reason: `Scheduled: not used for ${days} days`, notifyUsers });
      if (result.reclaimed.length > 0) this.logger.info('Reclaimed unused licenses', { reclaimed: result.reclaimed.length, servedOthers: result.servedOthers, mailed: result.mailed });
    });
  }
}
