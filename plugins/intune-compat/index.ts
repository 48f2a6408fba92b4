import { ContainerModule, RouteContribution } from '@vpp-host/api';
import { AssignmentRoutes } from './src/assignment-routes.js';
import { GraphRoutes } from './src/graph-routes.js';
import { IntuneAssignments } from './src/intune-assignments.js';
import { VpnSettings } from './src/vpn-settings.js';

export default new ContainerModule(({ bind }) => {
  bind(VpnSettings).toSelf().inSingletonScope();
  bind(IntuneAssignments).toSelf().inSingletonScope();
  bind(GraphRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(GraphRoutes);
  bind(AssignmentRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(AssignmentRoutes);
});
