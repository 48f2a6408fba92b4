import { phrase } from '../api/messages.js';
import { errorMessage } from '../runtime/scheduler.js';
import { CliFailure, type ExitCode } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import { languageIn, sayLocally } from './cli-messages.js';
import { splitGlobalFlags } from './global-flags.js';
import { runAppleSimulatorCommand } from './apple-simulator-command.js';
import { runPluginNew } from './plugin-new-command.js';
import { runHelp, runRemote } from './remote-command.js';
import { runStart } from './start-command.js';
import { runStatus } from './status-command.js';
import { runStorage } from './storage-command.js';
import { startUsage } from './usage.js';

/** `vpp-host <command>`: returns the exit code; failures end as one line on stderr. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  try {
    if (argv[0] === 'start') return await runStart(argv.slice(1), io);
    if (argv[0] === 'apple-simulator') return await runAppleSimulatorCommand(argv.slice(1), io);
    if (argv[0] === 'storage') return await runStorage(argv.slice(1), io);
    if (argv[0] === 'status') return await runStatus(argv.slice(1), io);
    if (argv[0] === 'plugin' && argv[1] === 'new') return await runPluginNew(argv.slice(2), io);
    const { flags, rest } = splitGlobalFlags(argv);
    if (rest[0] === 'help') return await runHelp(rest.slice(1), flags, io);
    if (rest.length === 0) {
      if (flags.help) return await runHelp([], flags, io);
      const language = languageIn(argv, io.env);
      io.stderr.write(`${startUsage(language)}\n\n${sayLocally(phrase('Run `vpp-host help` for every command of the running host.', 'host.cli.run-help'), language)}\n`);
      return 2;
    }
    return await runRemote(rest, flags, io);
  } catch (error) {
    const reason = errorMessage(error);
    const failure = error instanceof CliFailure ? error : new CliFailure(sayLocally(phrase(`Unexpected error: ${reason}`, 'host.cli.unexpected', { reason }), languageIn(argv, io.env)), 1);
    io.stderr.write(`vpp-host: ${failure.message.replace(/\s*\n\s*/g, ' ')}\n`);
    return failure.exitCode;
  }
}
