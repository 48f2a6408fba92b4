import { readFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CommandValue } from '../api/commands.js';
import { BadInputError } from '../api/errors.js';
import { phrase, type Said } from '../api/messages.js';
import { validateCommandInput } from '../commands/command-input.js';
import { commandName, commandWords, type CommandDescriptor, type CommandRequest } from '../commands/command-protocol.js';
import { usageError } from './cli-failure.js';
import { parseErrorSaid } from './parse-error.js';

/** A command's request, and the file its `output` option names (which stays with the CLI). */
export interface ParsedCommandLine extends CommandRequest {
  readonly outputFile?: string;
}

/** The command whose words start argv, the longest one when ids nest ("token" and "token.add"). */
export function matchCommand(descriptors: readonly CommandDescriptor[], argv: readonly string[]): { descriptor: CommandDescriptor; rest: string[] } | undefined {
  const firstFlag = argv.findIndex((t) => t.startsWith('-'));
  const leading = firstFlag < 0 ? argv : argv.slice(0, firstFlag);
  let best: CommandDescriptor | undefined;
  for (const descriptor of descriptors) {
    const words = commandWords(descriptor.id);
    const matches = words.length <= leading.length && words.every((word, i) => leading[i] === word);
    if (matches && words.length > (best ? commandWords(best.id).length : 0)) best = descriptor;
  }
  return best && { descriptor: best, rest: argv.slice(commandWords(best.id).length) };
}

/**
 * Parses a command's own arguments against its declaration, reads `file` arguments, and checks the result with
 * the same validation the host runs, so bad usage fails here (exit 2) before anything reaches the host.
 */
export async function parseCommandLine(
  descriptor: CommandDescriptor,
  argv: readonly string[],
  env: NodeJS.ProcessEnv = {},
  say: (said: Said) => string = (said) => said.message,
): Promise<ParsedCommandLine> {
  const name = commandName(descriptor.id);
  const parsed = parse(descriptor, argv, say);
  if (parsed.positionals.length > descriptor.arguments.length) throw usageError(say(tooManyArguments(name, descriptor.arguments.length, parsed.positionals[descriptor.arguments.length]!)));
  const args: Record<string, string> = {};
  for (const [i, value] of parsed.positionals.entries()) {
    const argument = descriptor.arguments[i]!;
    args[argument.name] = argument.type === 'file' ? await readInputFile(value, `<${argument.name}>`, say) : value;
  }
  const options: Record<string, CommandValue> = {};
  let outputFile: string | undefined;
  for (const option of descriptor.options) {
    const value = parsed.values[option.name];
    if (option.type === 'output') {
      outputFile = value as string | undefined;
      continue;
    }
    if (value === undefined) {
      // From the environment as given: for a file option, the variable holds the content.
      const fromEnv = option.env === undefined ? undefined : env[option.env];
      if (fromEnv !== undefined && fromEnv !== '') options[option.name] = fromEnv;
      continue;
    }
    options[option.name] = option.type === 'file' ? await readFiles(value as string | string[], `--${option.name}`, say) : value;
  }
  try {
    const checked = validateCommandInput({ ...descriptor, options: descriptor.options.filter((option) => option.type !== 'output') }, { args, options });
    return { args: checked.args as Record<string, string>, options: checked.options as Record<string, CommandValue>, ...(outputFile !== undefined ? { outputFile } : {}) };
  } catch (error) {
    if (error instanceof BadInputError) throw usageError(say(error));
    throw error;
  }
}

function parse(descriptor: CommandDescriptor, argv: readonly string[], say: (said: Said) => string): { values: Record<string, CommandValue | undefined>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const option of descriptor.options) options[option.name] = { type: option.type === 'boolean' ? 'boolean' : 'string', multiple: option.multiple };
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
    return { values: values as Record<string, CommandValue | undefined>, positionals };
  } catch (error) {
    throw usageError(say(parseErrorSaid(commandName(descriptor.id), error as Error & { code?: string })));
  }
}

function tooManyArguments(command: string, max: number, unexpected: string): Said {
  if (max === 0) return phrase(`"${command}" takes no arguments; unexpected "${unexpected}"`, 'host.cli.no-arguments', { command, unexpected });
  return phrase(`"${command}" takes at most ${max} argument(s); unexpected "${unexpected}"`, 'host.cli.too-many-arguments', { command, max, unexpected });
}

async function readFiles(value: string | string[], label: string, say: (said: Said) => string): Promise<string | string[]> {
  return Array.isArray(value) ? Promise.all(value.map((one) => readInputFile(one, label, say))) : readInputFile(value, label, say);
}

/** Why a file cannot be read, for the reasons a user can fix; the system's own words otherwise. */
const UNREADABLE: Readonly<Record<string, Said>> = {
  ENOENT: phrase('no such file', 'host.cli.file.missing'),
  EISDIR: phrase('it is a directory', 'host.cli.file.directory'),
  EACCES: phrase('permission denied', 'host.cli.file.denied'),
};

/** File arguments travel as their content: the host may run elsewhere and cannot read the user's files. */
async function readInputFile(file: string, label: string, say: (said: Said) => string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = UNREADABLE[(error as NodeJS.ErrnoException).code ?? ''] ?? { message: (error as Error).message };
    throw usageError(say(phrase(`Cannot read ${label} file "${file}": ${reason.message}`, 'host.cli.file.unreadable', { label, file, reason })));
  }
}
