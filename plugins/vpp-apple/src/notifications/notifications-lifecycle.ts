import { inject, injectable, toDisposable, type ActiveWorkContribution, type Disposable, type LifecycleContribution } from '@vpp-host/api';
import { NotificationApplier } from './notification-applier.js';
import { NotificationRoutes } from './notification-routes.js';

/** Opens the notifications seen on every host; the active host, which receives them, forgets the old ones. */
@injectable()
export class NotificationsLifecycle implements LifecycleContribution, ActiveWorkContribution {
  constructor(
    @inject(NotificationRoutes) private readonly routes: NotificationRoutes,
    @inject(NotificationApplier) private readonly applier: NotificationApplier,
  ) {}

  onStart(): Promise<void> {
    return this.routes.open();
  }

  async startActiveWork(): Promise<Disposable> {
    await this.routes.forgetOld();
    return toDisposable(() => undefined);
  }

  onStop(): void {
    this.applier.dispose();
  }
}
