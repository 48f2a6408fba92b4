import { inject, injectable, type LifecycleContribution } from '@vpp-host/api';
import { AppleClients } from './apple-clients.js';
import { AppleEndpoint } from './apple-endpoint.js';
import { InstallationIdentity } from './installation-identity.js';
import { TokenHealthMonitor } from './token-health-monitor.js';
import { TokenServiceImpl } from './token-service.js';
import { TokenStore } from './token-store.js';

/** Opens the token records first: every other part of the plugin reads them. */
@injectable()
export class TokensLifecycle implements LifecycleContribution {
  constructor(
    @inject(InstallationIdentity) private readonly identity: InstallationIdentity,
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(TokenHealthMonitor) private readonly health: TokenHealthMonitor,
    @inject(TokenServiceImpl) private readonly service: TokenServiceImpl,
    @inject(AppleClients) private readonly clients: AppleClients,
    @inject(AppleEndpoint) private readonly endpoint: AppleEndpoint,
  ) {}

  async onStart(): Promise<void> {
    await this.identity.open();
    await this.store.open();
    this.health.start();
  }

  async onStop(): Promise<void> {
    await this.health.drain();
    this.health.dispose();
    this.service.dispose();
    this.clients.dispose();
    this.endpoint.dispose();
  }
}
