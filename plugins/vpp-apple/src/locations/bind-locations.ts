import { ActiveWorkContribution, CommandContribution, LifecycleContribution, RouteContribution, contractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { LocationSettingsService } from '../../api/index.js';
import { LOCATION_SETTINGS_MEMBERS } from '../contract-members.js';
import { LocationCommands } from './location-commands.js';
import { LocationRoutes } from './location-routes.js';
import { LocationSettingsServiceImpl } from './location-service.js';
import { LocationStore } from './location-store.js';

/** Per-location settings and catalog publication; bound before distribution, which reads them. */
export function bindLocations({ bind }: ContainerModuleLoadOptions): void {
  bind(LocationStore).toSelf().inSingletonScope();
  bind(LocationSettingsServiceImpl).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(LocationSettingsServiceImpl);
  bind(ActiveWorkContribution).toService(LocationSettingsServiceImpl);
  bind(LocationSettingsService).toDynamicValue((context) => contractFacade(context.get(LocationSettingsServiceImpl), LOCATION_SETTINGS_MEMBERS)).inSingletonScope();
  bind(LocationCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(LocationCommands);
  bind(LocationRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(LocationRoutes);
}
