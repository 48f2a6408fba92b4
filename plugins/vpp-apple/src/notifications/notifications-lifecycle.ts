import { inject, injectable, type LifecycleContribution } from '@vpp-host/api';
import { NotificationApplier } from './notification-applier.js';
import { NotificationRoutes } from './notification-routes.js';

@injectable()
export class NotificationsLifecycle implements LifecycleContribution {
  constructor(
    @inject(NotificationRoutes) private readonly routes: NotificationRoutes,
    @inject(NotificationApplier) private readonly applier: NotificationApplier,
  ) {}

  onStart(): Promise<void> {
    return this.routes.open();
  }

  onStop(): void {
    this.applier.dispose();
  }
}
