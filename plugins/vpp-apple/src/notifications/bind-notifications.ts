import { ActiveWorkContribution, LifecycleContribution, RouteContribution, contractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { AppleNotifications } from '../../api/index.js';
import { NotificationApplier } from './notification-applier.js';
import { NotificationRoutes } from './notification-routes.js';
import { NotificationsLifecycle } from './notifications-lifecycle.js';
import { APPLE_NOTIFICATIONS_MEMBERS } from '../contract-members.js';

export function bindNotifications({ bind }: ContainerModuleLoadOptions): void {
  bind(NotificationApplier).toSelf().inSingletonScope();
  bind(AppleNotifications).toDynamicValue((context) => contractFacade(context.get(NotificationApplier), APPLE_NOTIFICATIONS_MEMBERS)).inSingletonScope();
  bind(NotificationRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(NotificationRoutes);
  bind(NotificationsLifecycle).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(NotificationsLifecycle);
  bind(ActiveWorkContribution).toService(NotificationsLifecycle);
}
