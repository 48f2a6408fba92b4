import { ContainerModule, RouteContribution } from '@vpp-host/api';
import { GraphRoutes } from './src/graph-routes.js';

export default new ContainerModule(({ bind }) => {
  bind(GraphRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(GraphRoutes);
});
