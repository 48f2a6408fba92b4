import type { CommandHandler, CommandResult } from '../api/commands.js';
import type { PluginStatus } from '../api/manifest.js';

export const PLUGINS_COMMAND = {
  id: 'plugins',
  description: 'Lists the plugins with their version, state and, for a plugin that failed, the reason',
  access: 'read',
} as const;

/** `vpp-host plugins`: what loaded, what failed and why. */
export class PluginsCommand implements CommandHandler {
  readonly id = PLUGINS_COMMAND.id;

  constructor(private readonly statuses: () => PluginStatus[]) {}

  async run(): Promise<CommandResult> {
    const statuses = this.statuses();
    return {
      data: statuses,
      table: {
        columns: ['plugin', 'version', 'state', 'start ms', 'error'],
        rows: statuses.map((s) => [s.id, s.version, s.state, s.startMs, s.error]),
      },
      text: summarizePlugins(statuses),
    };
  }
}

/** "3 started, 1 failed": counts by state, also printed when the host starts. */
export function summarizePlugins(statuses: readonly PluginStatus[]): string {
  if (statuses.length === 0) return 'No plugins';
  const counts = new Map<string, number>();
  for (const status of statuses) counts.set(status.state, (counts.get(status.state) ?? 0) + 1);
  return [...counts].map(([state, count]) => `${count} ${state}`).join(', ');
}
