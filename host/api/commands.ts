import type { Said } from './messages.js';
import type { Principal } from './actor.js';
import { BadInputError, saying } from './errors.js';

export type CommandValue = string | boolean | number | string[];

export interface CommandInput {
  /** Positional arguments by name; `file` arguments hold the file's content. */
  readonly args: Readonly<Record<string, string | undefined>>;
  readonly options: Readonly<Record<string, CommandValue | undefined>>;
}

export interface CommandProgress {
  readonly done: number;
  readonly total: number;
  readonly label?: string;
  /** `label` as a message (see `phrase`): the CLI then shows it in the reader's language; `label` stays the English. */
  readonly said?: Said;
}

export interface CommandContext {
  readonly principal: Principal;
  /**
   * The caller's language ("en", "nl", "fr": the CLI's `--lang` or LANG): for text a command computes in a language.
   * Messages (`CommandResult.said`, refusals marked with `saying`) are said in it without the command's help.
   */
  readonly language?: string;
  /** Drives the CLI's progress bar. */
  progress(progress: CommandProgress): void;
}

/** A table cell; one given as a message (see `phrase`) reaches the CLI said in the reader's language. */
export type CommandCell = string | number | boolean | undefined | Said;

export interface CommandTable {
  /** Column headers; one given as a message (see `phrase`) reaches the CLI said in the reader's language. */
  readonly columns: readonly (string | Said)[];
  readonly rows: readonly (readonly CommandCell[])[];
}

/** `data` is printed by `--json`; otherwise the CLI prints `table` aligned, then `text`. */
export interface CommandResult {
  readonly data: unknown;
  readonly table?: CommandTable;
  readonly text?: string;
  /**
   * `text` as a message (see `phrase`): the CLI then prints it in the reader's language (`--lang`, LANG); `text` stays
   * the English for REST callers that ask for none.
   */
  readonly said?: Said;
  /** A document (an export, say) the CLI writes to the command's `output` option's file, or to stdout without one. */
  readonly output?: string;
  /** The command ran but found what it checks wrong (a verification with differences): the CLI exits 1 after printing. */
  readonly failed?: boolean;
}

/**
 * Runs a command declared in the manifest (`contributes.commands`) inside the host. The CLI parses and validates
 * the arguments against the declaration and sends them through the REST API, so the same code serves both.
 */
export interface CommandHandler {
  readonly id: string;
  run(input: CommandInput, context: CommandContext): Promise<CommandResult>;
}

export const CommandContribution = Symbol.for('host.CommandContribution');
export interface CommandContribution {
  readonly commands: readonly CommandHandler[];
}

/** A positional argument the command cannot do without; BadInputError naming it when it is missing. */
export function requiredArgument(input: CommandInput, name: string): string {
  const value = input.args[name];
  if (!value) throw saying(new BadInputError(`Give the ${name}`), 'host.command.give', { name });
  return value;
}

/** The values of a repeatable option (one given is a list of one); undefined when the option is absent. */
export function optionValues(input: CommandInput, name: string): string[] | undefined {
  const value = input.options[name];
  return value === undefined ? undefined : (Array.isArray(value) ? value : [value]).map(String);
}
