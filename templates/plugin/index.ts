import { CommandContribution, ContainerModule, RouteContribution, ViewContribution } from '@vpp-host/api';
import { MailTemplateContribution } from '@vpp-host/plugins/mail/api';
import { GreetingCommands } from './src/greeting-commands.js';
import { GreetingMail } from './src/greeting-mail.js';
import { GreetingRoutes } from './src/greeting-routes.js';
import { GreetingService } from './src/greeting-service.js';
import { GreetingView } from './src/greeting-view.js';

export default new ContainerModule(({ bind }) => {
  bind(GreetingService).toSelf().inSingletonScope();
  bind(GreetingCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(GreetingCommands);
  bind(GreetingRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(GreetingRoutes);
  bind(GreetingView).toSelf().inSingletonScope();
  bind(ViewContribution).toService(GreetingView);
  bind(GreetingMail).toSelf().inSingletonScope();
  bind(MailTemplateContribution).toService(GreetingMail);
});
