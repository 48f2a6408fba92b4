import { CommandContribution, ContainerModule, LifecycleContribution, RouteContribution, ViewContribution } from '@vpp-host/api';
import { NotesCommands } from './src/notes-commands.js';
import { NotesRoutes } from './src/notes-routes.js';
import { NotesService } from './src/notes-service.js';
import { NotesView } from './src/notes-view.js';

export default new ContainerModule(({ bind }) => {
  bind(NotesService).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(NotesService);
  bind(NotesCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(NotesCommands);
  bind(NotesRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(NotesRoutes);
  bind(NotesView).toSelf().inSingletonScope();
  bind(ViewContribution).toService(NotesView);
});
