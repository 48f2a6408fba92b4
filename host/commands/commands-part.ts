import { CommandContribution } from '../api/commands.js';
import { RouteContribution } from '../api/http.js';
import type { HostPart } from '../runtime/host-part.js';
import { collectDeclarations, CommandGateway } from './command-gateway.js';
import { PLUGINS_COMMAND, PluginsCommand } from './plugins-command.js';

/** Serves every contributed command over REST (for the CLI and scripts) and contributes `vpp-host plugins`. */
export const commandsPart: HostPart = {
  name: 'commands',
  contributes: { commands: [{ ...PLUGINS_COMMAND, arguments: [], options: [] }] },
  async open({ container, plugins, clock, logger, hostManifest }) {
    const declarations = () => collectDeclarations([hostManifest, ...plugins.manifests()]);
    container.bind(RouteContribution).toConstantValue(new CommandGateway(declarations, plugins, clock, logger));
    container.bind(CommandContribution).toConstantValue({ commands: [new PluginsCommand(() => plugins.statuses())] });
    return {};
  },
};
