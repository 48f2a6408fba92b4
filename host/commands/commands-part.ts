import { CommandContribution } from '../api/commands.js';
import { RouteContribution } from '../api/http.js';
import { Messages, type Said } from '../api/messages.js';
import { refuseChangeOnStandby } from '../http/server/availability.js';
import type { HostPart } from '../runtime/host-part.js';
import { collectDeclarations, CommandGateway } from './command-gateway.js';
import { PLUGINS_COMMAND, PLUGINS_RESTART_COMMAND, PluginsCommand, PluginsRestartCommand } from './plugins-command.js';

/** Serves every contributed command over REST (for the CLI and scripts) and contributes `vpp-host plugins` (and `plugins restart`). */
export const commandsPart: HostPart = {
  name: 'commands',
  contributes: {
    commands: [
      { ...PLUGINS_COMMAND, arguments: [], options: [] },
      { ...PLUGINS_RESTART_COMMAND, arguments: PLUGINS_RESTART_COMMAND.arguments.map((a) => ({ ...a, type: 'string', required: true })), options: [], access: 'admin' },
    ],
  },
  async open({ container, plugins, clock, logger, hostManifest, audit, roles }) {
    const declarations = () => collectDeclarations([hostManifest, ...plugins.manifests()]);
    // The panel's part binds the messages; a command's refusal and result are said in the caller's language with them.
    const say = (said: Said, language: string) => (container.isBound(Messages) ? container.get<Messages>(Messages).say(said, language) : said.message);
    container.bind(RouteContribution).toConstantValue(new CommandGateway(declarations, plugins, clock, logger, say, () => refuseChangeOnStandby(roles)));
    container.bind(CommandContribution).toConstantValue({ commands: [new PluginsCommand(() => plugins.statuses()), new PluginsRestartCommand(plugins, audit.forSource('host'))] });
    return {};
  },
};
