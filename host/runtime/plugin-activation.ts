import { listen } from '../api/event.js';
import type { Disposable } from '../api/disposable.js';
import type { Logger } from '../api/logger.js';
import type { HostRole, HostRoleView } from '../storage/storage-engine.js';
import type { PluginCandidate } from './plugin-discovery.js';
import type { PluginHost } from './plugin-host.js';
import { errorMessage } from './scheduler.js';

/** Logged once a standby that took over started its plugins' active work (the failover benchmark reads it). */
export const TOOK_OVER = "Took over: the plugins' active work started";

/**
 * Every host runs the plugins, so a standby serves their pages and reads from the storage it follows; only the
 * active host runs their active work (ActiveWorkContribution: outboxes, scheduled syncs, mail delivery). A standby
 * that takes over starts that work alone, its plugins already started; a host that loses the lease stops it, then
 * starts its plugins afresh, as their memory may hold its refused changes.
 */
export class PluginActivation implements Disposable {
  private readonly roleChanges: Disposable | undefined;
  /** The start and role changes apply one after the other: a start is never cut by a stop. */
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly plugins: PluginHost,
    private readonly ordered: readonly PluginCandidate[],
    private readonly roles: HostRoleView | undefined,
    private readonly logger: Logger,
  ) {
    this.roleChanges = roles && listen(roles.onDidChangeRole, (role) => void this.apply(role));
  }

  /** Starts the plugins, and their active work when this host is active. */
  async start(): Promise<void> {
    await this.serially(async () => {
      await this.plugins.startAll(this.ordered);
      if (this.roles?.role() === 'standby') {
        this.logger.info('This host is a standby: its plugins serve reads; their active work starts when it takes over', { activeHost: this.roles.activeHost() ?? 'none' });
      } else {
        await this.plugins.startActiveWork();
      }
    });
  }

  /** Waits for a role change under way, then stops listening (the host stops its plugins itself). */
  async dispose(): Promise<void> {
    this.roleChanges?.dispose();
    await this.applying;
  }

  private apply(role: HostRole): Promise<void> {
    return this.serially(async () => {
      try {
        if (role === 'active') {
          const started = performance.now();
          await this.plugins.startActiveWork();
          this.logger.info(TOOK_OVER, { ms: Math.round(performance.now() - started) });
        } else {
          await this.plugins.stopActiveWork();
          await this.plugins.stopAll(true);
          await this.plugins.startAll(this.ordered, true);
        }
      } catch (error) {
        this.logger.error(role === 'active' ? 'Could not start the active work after taking over' : 'Could not restart the plugins after losing the lease', { error: errorMessage(error) });
      }
    });
  }

  private serially(step: () => Promise<void>): Promise<void> {
    const run = this.applying.then(step);
    this.applying = run.catch(() => undefined);
    return run;
  }
}
