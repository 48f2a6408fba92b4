import { CommandContribution, RouteContribution, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { MigrationFormatContribution } from '../../api/index.js';
import { BundleExporter } from './bundle-exporter.js';
import { MigrationCommands } from './migration-commands.js';
import { MigrationFormats } from './migration-formats.js';
import { MigrationRoutes } from './migration-routes.js';
import { MigrationApplier } from './migration-applier.js';
import { MigrationPlanning } from './migration-planning.js';
import { MigrationRuns } from './migration-runs.js';
import { MigrationService } from './migration-service.js';
import { MigrationVerifier } from './migration-verifier.js';
import { NativeMigrationFormat } from './native-format.js';

/** Moving a location between products: the bundle, its formats (a contribution point), export over the CLI and REST. */
export function bindMigration({ bind }: ContainerModuleLoadOptions): void {
  bind(NativeMigrationFormat).toSelf().inSingletonScope();
  bind(MigrationFormatContribution).toService(NativeMigrationFormat);
  bind(MigrationFormats).toSelf().inSingletonScope();
  bind(BundleExporter).toSelf().inSingletonScope();
  bind(MigrationService).toSelf().inSingletonScope();
  bind(MigrationRuns).toSelf().inSingletonScope();
  bind(MigrationPlanning).toSelf().inSingletonScope();
  bind(MigrationApplier).toSelf().inSingletonScope();
  bind(MigrationVerifier).toSelf().inSingletonScope();
  bind(MigrationCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(MigrationCommands);
  bind(MigrationRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(MigrationRoutes);
}
