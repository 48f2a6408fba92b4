import { ActiveWorkContribution, CommandContribution, InventoryChangeConsequences, LifecycleContribution, RouteContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { MembershipConsequences } from './membership-consequences.js';
import { LocationDistributionEffects } from './location-deletion-effects.js';
import { TokenDeletionEffects } from '../tokens/token-deletion.js';
import { DistributionCommands } from './distribution-commands.js';
import { DistributionRoutes } from './distribution-routes.js';
import { DistributionRuntime } from './distribution-runtime.js';
import { ReclaimNoticeTemplate, ReclaimService } from './reclaim-notice.js';
import { ReclaimSchedule } from './reclaim-schedule.js';
import { MailTemplateContribution } from '@vpp-host/plugins/mail/api';

/** Managed distribution's bindings (its panel pages are in src/panel); the plugin module calls it after tokens, sync and notifications. */
export function bindDistribution({ bind }: ContainerModuleLoadOptions): void {
  bind(DistributionRuntime).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(DistributionRuntime);
  bind(ActiveWorkContribution).toService(DistributionRuntime);
  bind(ReclaimService).toSelf().inSingletonScope();
  bind(ReclaimNoticeTemplate).toSelf().inSingletonScope();
  bind(MailTemplateContribution).toService(ReclaimNoticeTemplate);
  bind(ReclaimSchedule).toSelf().inSingletonScope();
  bind(ActiveWorkContribution).toService(ReclaimSchedule);
  bind(DistributionCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(DistributionCommands);
  bind(DistributionRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(DistributionRoutes);
  bind(MembershipConsequences).toSelf().inSingletonScope();
  bind(InventoryChangeConsequences).toService(MembershipConsequences);
  bind(LocationDistributionEffects).toSelf().inSingletonScope();
  bind(TokenDeletionEffects).toService(LocationDistributionEffects);
}
