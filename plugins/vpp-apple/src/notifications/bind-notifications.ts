import { LifecycleContribution, RouteContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { AppleNotifications } from '../../api/index.js';
import { NotificationApplier } from './notification-applier.js';
import { NotificationRoutes } from './notification-routes.js';
import { NotificationsLifecycle } from './notifications-lifecycle.js';

export function bindNotifications({ bind }: ContainerModuleLoadOptions): void {
  bind(NotificationApplier).toSelf().inSingletonScope();
  bind(AppleNotifications).toService(NotificationApplier);
  bind(NotificationRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(NotificationRoutes);
  bind(NotificationsLifecycle).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(NotificationsLifecycle);
}
