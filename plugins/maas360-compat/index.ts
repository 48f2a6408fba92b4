import { CommandContribution, ContainerModule, RouteContribution, ViewContribution } from '@vpp-host/api';
import { MigrationFormatContribution } from '@vpp-host/plugins/vpp-apple/api';
import { Maas360Commands } from './src/maas360-commands.js';
import { Maas360MigrationFormat } from './src/migration/maas360-format.js';
import { Maas360Routes } from './src/maas360-routes.js';
import { Maas360Tokens } from './src/maas360-tokens.js';
import { LicensesView } from './src/panel/licenses-view.js';

export default new ContainerModule(({ bind }) => {
  bind(Maas360Tokens).toSelf().inSingletonScope();
  bind(Maas360Routes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(Maas360Routes);
  bind(Maas360Commands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(Maas360Commands);
  bind(LicensesView).toSelf().inSingletonScope();
  bind(Maas360MigrationFormat).toSelf().inSingletonScope();
  bind(MigrationFormatContribution).toService(Maas360MigrationFormat);
  bind(ViewContribution).toDynamicValue((context) => ({ views: [context.get(LicensesView)] })).inSingletonScope();
});
