import { CommandContribution, ContainerModule, RouteContribution, ViewContribution } from '@vpp-host/api';
import { MigrationFormatContribution } from '@vpp-host/plugins/vpp-apple/api';
import { AssignmentEdits } from './src/assignment-edits.js';
import { IntuneCommands } from './src/intune-commands.js';
import { IntuneView } from './src/panel/intune-view.js';
import { AssignmentRoutes } from './src/assignment-routes.js';
import { GraphRoutes } from './src/graph-routes.js';
import { IntuneAssignments } from './src/intune-assignments.js';
import { IntuneMigrationFormat } from './src/migration/intune-format.js';
import { TokenRoutes } from './src/token-routes.js';
import { VpnSettings } from './src/vpn-settings.js';

export default new ContainerModule(({ bind }) => {
  bind(VpnSettings).toSelf().inSingletonScope();
  bind(IntuneAssignments).toSelf().inSingletonScope();
  bind(GraphRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(GraphRoutes);
  bind(TokenRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(TokenRoutes);
  bind(AssignmentRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(AssignmentRoutes);
  bind(AssignmentEdits).toSelf().inSingletonScope();
  bind(IntuneCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(IntuneCommands);
  bind(IntuneView).toSelf().inSingletonScope();
  bind(IntuneMigrationFormat).toSelf().inSingletonScope();
  bind(MigrationFormatContribution).toService(IntuneMigrationFormat);
  bind(ViewContribution).toDynamicValue((context) => ({ views: [context.get(IntuneView)] })).inSingletonScope();
});
