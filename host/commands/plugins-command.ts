import type { AuditLog } from '../api/audit.js';
import type { CommandHandler, CommandInput, CommandContext, CommandResult } from '../api/commands.js';
import type { PluginState, PluginStatus } from '../api/manifest.js';
import { phrase, saidAsText, type Said } from '../api/messages.js';
import type { PluginHost } from '../runtime/plugin-host.js';
import { COLUMN } from './command-columns.js';

export const PLUGINS_COMMAND = {
  id: 'plugins',
  description: 'Lists the plugins with their version, state, slow starts, exports and contribution points and, for a plugin that failed, the reason', descriptions: { nl: 'Toont de plug-ins met hun versie, status, trage starts, exports en bijdragepunten en, voor een plug-in die mislukte, de reden', fr: 'Liste les plugins avec leur version, leur état, leurs démarrages lents, leurs exports et leurs points de contribution et, pour un plugin en échec, la raison' },
  access: 'read',
} as const;

export const PLUGINS_RESTART_COMMAND = {
  id: 'plugins.restart',
  description: 'Stops a plugin and the plugins that depend on it, then starts them again from their folders (manifest and code as they are now)', descriptions: { nl: 'Stopt een plug-in en de plug-ins die ervan afhangen, en start ze daarna opnieuw vanuit hun mappen (manifest en code zoals ze nu zijn)', fr: 'Arrête un plugin et les plugins qui en dépendent, puis les redémarre depuis leurs dossiers (manifeste et code tels qu’ils sont maintenant)' },
  arguments: [{ name: 'id', description: 'The plugin to restart', descriptions: { nl: 'De plug-in die opnieuw moet starten', fr: 'Le plugin à redémarrer' } }],
} as const;

/** `vpp-host plugins`: what loaded, what failed and why, what was slow to start, and what each offers. */
export class PluginsCommand implements CommandHandler {
  readonly id = PLUGINS_COMMAND.id;

  constructor(private readonly statuses: () => PluginStatus[]) {}

  async run(): Promise<CommandResult> {
    const statuses = this.statuses();
    return {
      data: statuses,
      table: {
        columns: [COLUMN.plugin, COLUMN.version, COLUMN.state, COLUMN.startMs, COLUMN.exports, COLUMN.ownsPoints, COLUMN.errorOrWarning],
        rows: statuses.map((s) => [s.id, s.version, stateSaid(s.state), s.startMs, listed(s.exports), listed(s.contributionPoints), s.errorSaid ?? s.startWarning]),
      },
      ...saidAsText(pluginsSaid(statuses)),
    };
  }
}

/** `vpp-host plugins restart ID`: recorded in the audit log with who asked. */
export class PluginsRestartCommand implements CommandHandler {
  readonly id = PLUGINS_RESTART_COMMAND.id;

  constructor(
    private readonly plugins: PluginHost,
    private readonly audit: AuditLog,
  ) {}

  async run(input: CommandInput, { principal }: CommandContext): Promise<CommandResult> {
    const id = input.args.id!;
    const restarted = await this.plugins.restart(id);
    const statuses = this.plugins.statuses().filter((s) => restarted.includes(s.id) && s.state !== 'refused' && s.state !== 'disabled');
    await this.audit.record({ actor: principal, action: 'host.plugin.restart', target: { type: 'plugin', id }, details: { restarted, states: Object.fromEntries(statuses.map((s) => [s.id, s.state])) } });
    return {
      data: statuses,
      table: { columns: [COLUMN.plugin, COLUMN.state, COLUMN.startMs, COLUMN.errorOrWarning], rows: statuses.map((s) => [s.id, stateSaid(s.state), s.startMs, s.errorSaid ?? s.startWarning]) },
      ...saidAsText(
        phrase(`Restarted ${restarted.map((r) => `"${r}"`).join(', ')}: ${summarizePlugins(statuses)}`, 'host.plugins.restarted', { ids: restarted.map((r) => `"${r}"`).join(', '), summary: pluginsSaid(statuses) }),
      ),
    };
  }
}

/** "3 started, 1 failed": counts by state, also printed when the host starts. */
export function summarizePlugins(statuses: readonly PluginStatus[]): string {
  return pluginsSaid(statuses).message;
}

/** "2 started, 1 failed" as a message: each state said in the reader's language. */
export function pluginsSaid(statuses: readonly PluginStatus[]): Said {
  if (statuses.length === 0) return phrase('No plugins', 'host.plugins.none');
  const counts = new Map<PluginState, number>();
  for (const status of statuses) counts.set(status.state, (counts.get(status.state) ?? 0) + 1);
  const parts = [...counts].map(([state, count]) => phrase(`${count} ${state}`, 'host.plugins.count', { count, state: stateSaid(state) }));
  return phrase(parts.map((part) => part.message).join(', '), 'host.plugins.summary', { parts });
}

/** A plugin's state in the reader's language. */
function stateSaid(state: PluginState): Said {
  return phrase(state, `host.plugin-state.${state}`);
}

function listed(keys: readonly string[] | undefined): string | undefined {
  return keys === undefined || keys.length === 0 ? undefined : keys.join(' ');
}
