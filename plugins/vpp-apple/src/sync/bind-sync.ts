import { ActiveWorkContribution, CommandContribution, LifecycleContribution, RouteContribution, contractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { CatalogReader, HoldingsRegistry, SyncService } from '../../api/index.js';
import { HoldingsRegistryImpl } from './holdings-registry.js';
import { SyncAll } from './sync-all.js';
import { SyncCommands } from './sync-commands.js';
import { SyncRoutes } from './sync-routes.js';
import { SyncScheduler } from './sync-scheduler.js';
import { SyncServiceImpl } from './sync-service.js';
import { SyncedData } from './synced-data.js';
import { SyncLifecycle } from './sync-lifecycle.js';
import { CATALOG_READER_MEMBERS, HOLDINGS_REGISTRY_MEMBERS, SYNC_SERVICE_MEMBERS } from '../contract-members.js';

export function bindSync({ bind }: ContainerModuleLoadOptions): void {
  bind(HoldingsRegistryImpl).toSelf().inSingletonScope();
  bind(HoldingsRegistry).toDynamicValue((context) => contractFacade(context.get(HoldingsRegistryImpl), HOLDINGS_REGISTRY_MEMBERS)).inSingletonScope();
  bind(SyncedData).toSelf().inSingletonScope();
  bind(CatalogReader).toDynamicValue((context) => contractFacade(context.get(SyncedData), CATALOG_READER_MEMBERS)).inSingletonScope();
  bind(SyncServiceImpl).toSelf().inSingletonScope();
  bind(SyncService).toDynamicValue((context) => contractFacade(context.get(SyncServiceImpl), SYNC_SERVICE_MEMBERS)).inSingletonScope();
  bind(SyncScheduler).toSelf().inSingletonScope();
  bind(SyncAll).toSelf().inSingletonScope();
  bind(SyncLifecycle).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(SyncLifecycle);
  bind(ActiveWorkContribution).toService(SyncLifecycle);
  bind(SyncCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(SyncCommands);
  bind(SyncRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(SyncRoutes);
}
