import { inject, injectable, listen, Storage, type ActiveWorkContribution, type Disposable, type LifecycleContribution } from '@vpp-host/api';
import { AppleClients } from './apple-clients.js';
import { AppleEndpoint } from './apple-endpoint.js';
import { InstallationIdentity } from './installation-identity.js';
import { TokenHealthMonitor } from './token-health-monitor.js';
import { TokenServiceImpl } from './token-service.js';
import { TOKENS_COLLECTION, TokenStore } from './token-store.js';

/** Opens the token records first: every other part of the plugin reads them. The active host checks their health. */
@injectable()
export class TokensLifecycle implements LifecycleContribution, ActiveWorkContribution {
  private following: Disposable | undefined;

  constructor(
    @inject(InstallationIdentity) private readonly identity: InstallationIdentity,
    @inject(TokenStore) private readonly store: TokenStore,
    @inject(TokenHealthMonitor) private readonly health: TokenHealthMonitor,
    @inject(TokenServiceImpl) private readonly service: TokenServiceImpl,
    @inject(AppleClients) private readonly clients: AppleClients,
    @inject(AppleEndpoint) private readonly endpoint: AppleEndpoint,
    @inject(Storage) private readonly storage: Storage,
  ) {}

  async onStart(): Promise<void> {
    await this.identity.open();
    await this.store.open();
    // On a standby: a token the active host renewed has a new sToken, which a client made before it lacks.
    this.following = listen(this.storage.onDidFollowChanges, ({ collections }) => {
      if (collections.some(({ name }) => name === TOKENS_COLLECTION)) this.service.forgetClients();
    });
  }

  async startActiveWork(): Promise<Disposable> {
    await this.identity.ensure();
    return this.health.start();
  }

  async onStop(): Promise<void> {
    await this.following?.dispose();
    await this.health.drain();
    this.health.dispose();
    this.service.dispose();
    this.clients.dispose();
    this.endpoint.dispose();
  }
}
