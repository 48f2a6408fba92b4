import { CommandContribution, LifecycleContribution, RouteContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { DistributionCommands } from './distribution-commands.js';
import { DistributionRoutes } from './distribution-routes.js';
import { DistributionRuntime } from './distribution-runtime.js';
import { ReclaimSchedule } from './reclaim-schedule.js';

/** Managed distribution's bindings (its panel pages are in src/panel); the plugin module calls it after tokens, sync and notifications. */
export function bindDistribution({ bind }: ContainerModuleLoadOptions): void {
  bind(DistributionRuntime).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(DistributionRuntime);
  bind(ReclaimSchedule).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(ReclaimSchedule);
  bind(DistributionCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(DistributionCommands);
  bind(DistributionRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(DistributionRoutes);
}
