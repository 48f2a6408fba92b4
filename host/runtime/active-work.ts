import type { ActiveWorkContribution } from '../api/active-work.js';
import type { Disposable } from '../api/disposable.js';
import type { Logger } from '../api/logger.js';
import { runAsPlugin } from './plugin-handles.js';
import { errorMessage } from './scheduler.js';

/** One started plugin's side of the work only the active host does. */
export interface ActiveWorkOwner {
  readonly pluginId: string;
  contributions(): ActiveWorkContribution[];
}

/**
 * The plugins' active work (see ActiveWorkContribution): started for every started plugin while the host is active,
 * and for a plugin that starts meanwhile (a restart); stopped in reverse start order. Each plugin's failure is logged
 * under its id; the other plugins' work runs on.
 */
export class ActiveWork {
  private running = false;
  /** What each plugin's work returned, in start order. */
  private readonly started: { pluginId: string; work: Disposable }[] = [];

  constructor(private readonly logger: Logger) {}

  /** Starts the work of these plugins (in their start order); starting again while running does nothing. */
  async start(owners: readonly ActiveWorkOwner[]): Promise<void> {
    if (this.running) return;
    this.running = true;
    for (const owner of owners) await this.startFor(owner);
  }

  /** A plugin started while the host is active: its work starts at once. */
  async startFor(owner: ActiveWorkOwner): Promise<void> {
    if (!this.running) return;
    for (const contribution of owner.contributions()) {
      try {
        const work = await runAsPlugin(owner.pluginId, async () => contribution.startActiveWork());
        this.started.push({ pluginId: owner.pluginId, work });
      } catch (error) {
        this.logger.child(owner.pluginId).error('Its active work failed to start', { error: errorMessage(error) });
      }
    }
  }

  /** Stops every plugin's work, newest first; the host is no longer active (or stops). */
  async stop(): Promise<void> {
    this.running = false;
    await this.dispose(this.started.splice(0).reverse());
  }

  /** A plugin stops: its work stops first. */
  async stopFor(pluginId: string): Promise<void> {
    const own = this.started.filter((started) => started.pluginId === pluginId);
    for (const started of own) this.started.splice(this.started.indexOf(started), 1);
    await this.dispose(own.reverse());
  }

  private async dispose(started: readonly { pluginId: string; work: Disposable }[]): Promise<void> {
    for (const { pluginId, work } of started) {
      try {
        await work.dispose();
      } catch (error) {
        this.logger.child(pluginId).error('Stopping its active work failed', { error: errorMessage(error) });
      }
    }
  }
}
