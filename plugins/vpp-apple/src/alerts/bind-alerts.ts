import { ActiveWorkContribution, CommandContribution, LifecycleContribution, RouteContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { AlertThresholds } from './alert-thresholds.js';
import { AlertThresholdCommands, AlertThresholdRoutes } from './alert-surfaces.js';
import { LicenseAlerts } from './license-alerts.js';

/** Alerts on licenses, tokens and syncs (after distribution started: they read its counts and queues). */
export function bindAlerts({ bind }: ContainerModuleLoadOptions): void {
  bind(AlertThresholds).toSelf().inSingletonScope();
  bind(LicenseAlerts).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(LicenseAlerts);
  bind(ActiveWorkContribution).toService(LicenseAlerts);
  bind(AlertThresholdCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(AlertThresholdCommands);
  bind(AlertThresholdRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(AlertThresholdRoutes);
}
