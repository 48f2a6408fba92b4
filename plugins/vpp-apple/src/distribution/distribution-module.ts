import { CommandContribution, LifecycleContribution, RouteContribution, ViewContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { DistributionCommands } from './distribution-commands.js';
import { DistributionPanel } from './distribution-panel.js';
import { DistributionRoutes } from './distribution-routes.js';
import { DistributionRuntime } from './distribution-runtime.js';

/** Managed distribution's bindings; the plugin module calls it after tokens, sync and notifications. */
export function bindDistribution({ bind }: ContainerModuleLoadOptions): void {
  bind(DistributionRuntime).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(DistributionRuntime);
  bind(DistributionCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(DistributionCommands);
  bind(DistributionRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(DistributionRoutes);
  bind(DistributionPanel).toSelf().inSingletonScope();
  bind(ViewContribution).toService(DistributionPanel);
}
