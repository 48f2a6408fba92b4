import { listen } from '../api/event.js';
import type { Disposable } from '../api/disposable.js';
import type { Logger } from '../api/logger.js';
import type { HostRoleView } from '../storage/storage-engine.js';
import type { PluginCandidate } from './plugin-discovery.js';
import type { PluginHost } from './plugin-host.js';
import { errorMessage } from './scheduler.js';

/**
 * Plugins run on the active host only: their start opens outboxes, schedules Apple syncs and sends mail, all of which
 * must happen on one host. A standby serves the host's own reads and starts the plugins when it takes over, so they
 * pick their durable work up where the lost host left it, as after a restart; a host that loses the lease stops them.
 */
export class PluginActivation implements Disposable {
  private readonly roleChanges: Disposable | undefined;
  /** Role changes apply one after the other: a start is never cut by a stop. */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly plugins: PluginHost,
    private readonly ordered: readonly PluginCandidate[],
    private readonly roles: HostRoleView | undefined,
    private readonly logger: Logger,
  ) {
    this.roleChanges = roles && listen(roles.onDidChangeRole, (role) => this.apply(role === 'active'));
  }

  /** Starts the plugins when this host is active; a standby waits for the lease. */
  async start(): Promise<void> {
    if (this.roles?.role() === 'standby') {
      this.logger.info('This host is a standby: plugins start when it takes over', { activeHost: this.roles.activeHost() ?? 'none' });
      return;
    }
    await this.plugins.startAll(this.ordered);
  }

  /** Waits for a role change under way, then stops listening (the host stops its plugins itself). */
  async dispose(): Promise<void> {
    this.roleChanges?.dispose();
    await this.applying;
  }

  private apply(active: boolean): void {
    this.applying = this.applying.then(async () => {
      try {
        if (active) await this.plugins.startAll(this.ordered, true);
        else await this.plugins.stopAll(true);
      } catch (error) {
        this.logger.error(active ? 'Could not start the plugins after taking over' : 'Could not stop the plugins after losing the lease', { error: errorMessage(error) });
      }
    });
  }
}
