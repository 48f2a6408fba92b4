import { ActiveWorkContribution, CommandContribution, LifecycleContribution, RouteContribution, contractFacade, type ContainerModuleLoadOptions } from '@vpp-host/api';
import { TokenService } from '../../api/index.js';
import { AppleClients } from './apple-clients.js';
import { AppleEndpoint } from './apple-endpoint.js';
import { InstallationIdentity } from './installation-identity.js';
import { TokenCommands } from './token-commands.js';
import { TokenHealthMonitor } from './token-health-monitor.js';
import { TokenDeletion } from './token-deletion.js';
import { TokenRoutes } from './token-routes.js';
import { TokenServiceImpl } from './token-service.js';
import { TokenStore } from './token-store.js';
import { TokensLifecycle } from './tokens-lifecycle.js';
import { TOKEN_SERVICE_MEMBERS } from '../contract-members.js';

export function bindTokens({ bind }: ContainerModuleLoadOptions): void {
  bind(AppleEndpoint).toSelf().inSingletonScope();
  bind(InstallationIdentity).toSelf().inSingletonScope();
  bind(TokenStore).toSelf().inSingletonScope();
  bind(AppleClients).toSelf().inSingletonScope();
  bind(TokenHealthMonitor).toSelf().inSingletonScope();
  bind(TokenServiceImpl).toSelf().inSingletonScope();
  bind(TokenService).toDynamicValue((context) => contractFacade(context.get(TokenServiceImpl), TOKEN_SERVICE_MEMBERS)).inSingletonScope();
  bind(TokensLifecycle).toSelf().inSingletonScope();
  bind(LifecycleContribution).toService(TokensLifecycle);
  bind(ActiveWorkContribution).toService(TokensLifecycle);
  bind(TokenCommands).toSelf().inSingletonScope();
  bind(CommandContribution).toService(TokenCommands);
  bind(TokenDeletion).toSelf().inSingletonScope();
  bind(TokenRoutes).toSelf().inSingletonScope();
  bind(RouteContribution).toService(TokenRoutes);
}
