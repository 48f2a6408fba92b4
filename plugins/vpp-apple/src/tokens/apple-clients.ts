import { Clock, inject, injectable, Logger, Settings, type Disposable } from '@vpp-host/api';
import { AppleVppClient } from '../client/index.js';
import { AppleEndpoint } from './apple-endpoint.js';
import { InstallationIdentity } from './installation-identity.js';

/**
 * One Apple client per stored token, shared by sync, notifications and distribution so that rate limits,
 * cached limits and event waits are per location. Dropped when the token, its secret or the base URL changes.
 */
@injectable()
export class AppleClients implements Disposable {
  private readonly clients = new Map<string, AppleVppClient>();

  constructor(
    @inject(Clock) private readonly clock: Clock,
    @inject(Logger) private readonly logger: Logger,
    @inject(Settings) private readonly settings: Settings,
    @inject(AppleEndpoint) private readonly endpoint: AppleEndpoint,
    @inject(InstallationIdentity) private readonly identity: InstallationIdentity,
  ) {
    endpoint.onDidChange.subscribe(() => this.dropAll());
  }

  /** The token's client, made on first use from its secret. */
  clientOf(tokenId: string, sToken: string): AppleVppClient {
    let client = this.clients.get(tokenId);
    if (!client) {
      client = this.create(sToken, this.identity.mdmId);
      this.clients.set(tokenId, client);
    }
    return client;
  }

  /** A client for a token file that is not stored (yet): checking a new or renewed file. */
  create(sToken: string, expectedMdmId?: string): AppleVppClient {
    return new AppleVppClient({
      sToken,
      clock: this.clock,
      logger: this.logger.child('apple'),
      baseUrl: this.endpoint.baseUrl(),
      ...(expectedMdmId !== undefined ? { expectedMdmId } : {}),
      eventPollIntervalMs: this.settings.get<number>('statusPollSeconds') * 1000,
    });
  }

  drop(tokenId: string): void {
    this.clients.get(tokenId)?.dispose();
    this.clients.delete(tokenId);
  }

  dropAll(): void {
    for (const id of [...this.clients.keys()]) this.drop(id);
  }

  dispose(): void {
    this.dropAll();
  }
}
