import type { Disposable } from './disposable.js';

/**
 * Work only the active host may do: anything a plugin does on its own that writes or talks to the outside world
 * (resuming an outbox, scheduled syncs, mail delivery, pruning, seeding). Hosts sharing one database all run their
 * plugins, so a standby serves their pages and reads from the storage it follows; the host starts this work once
 * every plugin has started and this host is active (at once on the active host, when a standby takes over), in
 * plugin start order, and disposes what it returned in reverse order when the host loses the lease or stops (before
 * the plugins' onStop). A plugin's onStart only opens and reads; it must not write, as a standby refuses writes.
 */
export const ActiveWorkContribution = Symbol.for('host.ActiveWorkContribution');
export interface ActiveWorkContribution {
  /** Starts the work; the Disposable stops it. A throw is logged under the plugin's id and the others start. */
  startActiveWork(): Disposable | Promise<Disposable>;
}
