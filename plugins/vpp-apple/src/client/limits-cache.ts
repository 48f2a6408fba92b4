import type { Clock, Logger } from '@vpp-host/api';
import type { ServiceConfigResponse } from '../../api/apple-wire.js';

/** Apple's service configuration, re-read once it is older than `ttlMs` (Apple asks for every 5 minutes). */
export class ServiceConfigCache {
  private current?: { config: ServiceConfigResponse; fetchedAt: number };
  private inFlight?: Promise<ServiceConfigResponse>;

  constructor(
    private readonly load: () => Promise<ServiceConfigResponse>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly ttlMs: number,
    private readonly onRefresh: (config: ServiceConfigResponse) => void,
  ) {}

  async get(): Promise<ServiceConfigResponse> {
    const now = this.clock.now().getTime();
    if (this.current && now - this.current.fetchedAt < this.ttlMs) return this.current.config;
    this.inFlight ??= this.refresh().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async refresh(): Promise<ServiceConfigResponse> {
    try {
      const config = await this.load();
      this.current = { config, fetchedAt: this.clock.now().getTime() };
      this.onRefresh(config);
      return config;
    } catch (error) {
      // Stale limits are better than none while Apple is briefly unavailable.
      if (!this.current) throw error;
      this.logger.warn('Could not refresh Apple service config; using the previous limits', {
        error: error instanceof Error ? error.message : String(error),
      });
      return this.current.config;
    }
  }
}
