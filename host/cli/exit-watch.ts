import { openPluginHandles } from '../runtime/plugin-handles.js';
import type { CliIo } from './cli-io.js';

/** How long the process may take to wind down by itself once the host stopped. */
export const EXIT_GRACE_MS = 3_000;

/**
 * Once the host has stopped, nothing of it should keep the process alive. A plugin that leaked a timer or a socket
 * would, until SIGKILL: after a short grace, name what is still open (and the plugin whose start opened it, where
 * known) and exit anyway. The watch's own timer does not keep the process alive.
 */
export function exitOnceStopped(io: CliIo, graceMs = EXIT_GRACE_MS): void {
  setTimeout(() => {
    io.stderr.write(`vpp-host: the host stopped, but handles are still open after ${graceMs} ms: ${describeOpenHandles()}; exiting anyway\n`);
    process.exit(process.exitCode ?? 0);
  }, graceMs).unref();
}

/** 'Timeout opened by plugin "leaky" (in all: 1 Timeout, 2 PipeWrap)'. */
function describeOpenHandles(): string {
  const byPlugin = openPluginHandles().map(({ pluginId, type }) => `${type} opened by plugin "${pluginId}"`);
  const counts = new Map<string, number>();
  for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
  const all = [...counts].map(([type, count]) => `${count} ${type}`).join(', ');
  return `${byPlugin.length > 0 ? `${byPlugin.join(', ')} ` : ''}(in all: ${all})`;
}
