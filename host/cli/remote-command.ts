import { phrase } from '../api/messages.js';
import { CliFailure, usageError, type ExitCode } from './cli-failure.js';
import type { CliIo } from './cli-io.js';
import { readerLanguage, sayLocally } from './cli-messages.js';
import { matchCommand, parseCommandLine } from './command-line.js';
import type { GlobalFlags } from './global-flags.js';
import { HostClient } from './host-client.js';
import { DEFAULT_DATA_DIR, notRunning, resolveConnection } from './host-connection.js';
import { progressDisplay } from './progress-display.js';
import { writeOutputFile } from './output-file.js';
import { formatResult } from './result-output.js';
import { commandList, commandUsage, startUsage } from './usage.js';

/** Every command but `start`: parsed here against the running host's declarations, run there. */
export async function runRemote(words: readonly string[], flags: GlobalFlags, io: CliIo): Promise<ExitCode> {
  const language = readerLanguage(flags, io.env);
  const client = await connect(flags, io);
  const descriptors = await client.commands();
  const match = matchCommand(descriptors, words);
  if (!match) {
    const firstFlag = words.findIndex((w) => w.startsWith('-'));
    throw unknownCommand((firstFlag < 0 ? words : words.slice(0, firstFlag)).join(' '), language);
  }
  const { descriptor, rest } = match;
  if (flags.help) {
    io.stdout.write(`${commandUsage(descriptor, language)}\n`);
    return 0;
  }
  // Refused before the host is asked: said in the reader's language with the host's own messages.
  const { outputFile, ...request } = await parseCommandLine(descriptor, rest, io.env, (error) => sayLocally(error, language));
  const display = progressDisplay(io.stderr);
  let result;
  try {
    result = await client.run(descriptor.id, request, (progress) => display.update(progress));
  } finally {
    display.stop();
  }
  if (result.output !== undefined) {
    if (outputFile === undefined) io.stdout.write(result.output);
    else await writeOutputFile(outputFile, result.output);
  }
  io.stdout.write(formatResult(result, flags.json, language));
  return result.failed ? 1 : 0;
}

/** `vpp-host help [command...]`: the running host's commands, or how to start one when none runs. */
export async function runHelp(words: readonly string[], flags: GlobalFlags, io: CliIo): Promise<ExitCode> {
  let client: HostClient;
  let descriptors;
  try {
    client = await connect(flags, io);
    descriptors = await client.commands();
  } catch (error) {
    if (!(error instanceof CliFailure) || words.length > 0) throw error;
    io.stdout.write(`${startUsage(readerLanguage(flags, io.env))}\n`);
    io.stderr.write(`vpp-host: ${error.message}\n`);
    return 0;
  }
  if (words.length === 0) {
    io.stdout.write(`${commandList(descriptors, readerLanguage(flags, io.env))}\n`);
    return 0;
  }
  const match = matchCommand(descriptors, words);
  if (!match) throw unknownCommand(words.join(' '), readerLanguage(flags, io.env));
  io.stdout.write(`${commandUsage(match.descriptor, readerLanguage(flags, io.env))}\n`);
  return 0;
}

async function connect(flags: GlobalFlags, io: CliIo): Promise<HostClient> {
  const connection = await resolveConnection(flags, io.env);
  const explicit = flags.url ?? io.env.VPP_HOST_URL;
  const language = readerLanguage(flags, io.env);
  const unreachable = phrase(`Cannot reach a vpp-host at ${connection.url}`, 'host.cli.unreachable', { url: connection.url });
  return new HostClient(connection, () => (explicit ? new CliFailure(sayLocally(unreachable, language), 1) : notRunning(flags.dataDir ?? DEFAULT_DATA_DIR, language)), language);
}

function unknownCommand(typed: string, language: string | undefined): CliFailure {
  return usageError(sayLocally(phrase(`Unknown command "${typed}" (run \`vpp-host help\` for the list)`, 'host.cli.unknown-command', { command: typed }), language));
}
