import type { CommandInput, CommandValue } from '../api/commands.js';
import { BadInputError, cutText, saying } from '../api/errors.js';
import type { CommandDeclaration } from '../api/manifest.js';
import { commandName, type CommandRequest } from './command-protocol.js';

type OptionDeclaration = CommandDeclaration['options'][number];
type ArgumentDeclaration = CommandDeclaration['arguments'][number];

/**
 * The one check of a command's input against its declaration. The CLI runs it before calling the host (to exit 2
 * early) and the gateway runs it again, so scripts calling the REST API get the same answers.
 */
export function validateCommandInput(declaration: CommandDeclaration, request: CommandRequest): CommandInput {
  const command = commandName(declaration.id);
  const args: Record<string, string> = {};
  const options: Record<string, CommandValue> = {};

  for (const name of Object.keys(request.args)) {
    if (!declaration.arguments.some((a) => a.name === name)) {
      throw saying(new BadInputError(`"${command}" takes no argument <${name}>`, { argument: name }), 'host.command.no-such-argument', { command, name: cutText(name) });
    }
  }
  for (const argument of declaration.arguments) {
    const value = request.args[argument.name];
    if (value === undefined) {
      if (argument.required) {
        const refusal = new BadInputError(`"${command}" needs the argument <${argument.name}> (${argument.description})`, { argument: argument.name });
        throw saying(refusal, 'host.command.needs-argument', { command, name: argument.name });
      }
      continue;
    }
    checkChoice(argument, value, 'argument');
    args[argument.name] = value;
  }

  for (const name of Object.keys(request.options)) {
    if (!declaration.options.some((o) => o.name === name)) {
      throw saying(new BadInputError(`"${command}" has no option --${name}`, { option: name }), 'host.command.no-such-option', { command, name: cutText(name) });
    }
  }
  for (const option of declaration.options) {
    const value = request.options[option.name];
    if (value === undefined) {
      if (option.required) {
        const refusal = new BadInputError(`"${command}" needs the option --${option.name} (${option.description})`, { option: option.name });
        throw saying(refusal, 'host.command.needs-option', { command, name: option.name });
      }
      continue;
    }
    options[option.name] = optionValue(option, value);
  }
  return { args, options };
}

function optionValue(option: OptionDeclaration, value: CommandValue): CommandValue {
  const flag = `--${option.name}`;
  if (option.type === 'boolean') {
    if (typeof value !== 'boolean') throw saying(new BadInputError(`${flag} is a switch and takes no value`, { option: option.name }), 'host.command.switch', { flag });
    return value;
  }
  if (option.multiple) {
    const values = Array.isArray(value) ? value : [value];
    return values.map((one) => String(scalarValue(option, one, flag)));
  }
  if (Array.isArray(value)) throw saying(new BadInputError(`${flag} may be given only once`, { option: option.name }), 'host.command.once', { flag });
  return scalarValue(option, value, flag);
}

function scalarValue(option: OptionDeclaration, value: string | boolean | number, flag: string): string | number {
  if (option.type === 'integer') {
    const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number)) {
      throw saying(new BadInputError(`${flag} must be a whole number, got "${String(value)}"`, { option: option.name }), 'host.command.whole', { flag, got: cutText(String(value)) });
    }
    checkChoice(option, String(number), 'option');
    return number;
  }
  if (typeof value !== 'string') throw saying(new BadInputError(`${flag} needs a text value, got ${String(value)}`, { option: option.name }), 'host.command.text', { flag });
  checkChoice(option, value, 'option');
  return value;
}

function checkChoice(declaration: ArgumentDeclaration | OptionDeclaration, value: string, kind: 'argument' | 'option'): void {
  if (declaration.choices && !declaration.choices.includes(value)) {
    const label = kind === 'option' ? `--${declaration.name}` : `<${declaration.name}>`;
    const refusal = new BadInputError(`${label} must be one of ${declaration.choices.join(', ')}; got "${value}"`, { [kind]: declaration.name, choices: declaration.choices });
    throw saying(refusal, 'host.command.choice', { label, choices: declaration.choices.join(', '), got: cutText(value) });
  }
}
