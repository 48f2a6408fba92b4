import { acceptedLanguage, phrase } from '../api/messages.js';
import { fill } from '../api/panel-text.js';
import { commandName, type CommandDescriptor } from '../commands/command-protocol.js';
import { HOST_MESSAGES } from '../runtime/host-messages.js';
import { sayLocally } from './cli-messages.js';

type Option = CommandDescriptor['options'][number];
type Argument = CommandDescriptor['arguments'][number];

/** The host message `host.cli.usage.<key>` in the reader's language (a tag such as "nl-BE"; English without one). */
function word(key: string, language: string | undefined, params: Readonly<Record<string, string>> = {}): string {
  const id = `host.cli.usage.${key}`;
  return sayLocally(phrase(fill(HOST_MESSAGES.find((m) => m.id === id)?.text ?? id, params), id, params), language);
}

/** A declaration's description in the reader's language, English when it has none in that language. */
function described(declared: { readonly description: string; readonly descriptions?: { readonly nl?: string; readonly fr?: string } | undefined }, language: string | undefined): string {
  const accepted = acceptedLanguage(language);
  return (accepted === 'en' ? undefined : declared.descriptions?.[accepted]) ?? declared.description;
}

/** `vpp-host start --help`. */
export const startUsage = (language: string | undefined): string => word('start', language);
/** `vpp-host storage copy --help`. */
export const storageCopyUsage = (language: string | undefined): string => word('storage-copy', language);
/** `vpp-host status --help`. */
export const statusUsage = (language: string | undefined): string => word('status', language);
/** `vpp-host plugin new --help`. */
export const pluginNewUsage = (language: string | undefined): string => word('plugin-new', language);

/** `vpp-host help`: the commands the running host offers. */
export function commandList(descriptors: readonly CommandDescriptor[], language: string | undefined): string {
  const rows = [...descriptors]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((d) => [commandName(d.id), `${described(d, language)}${d.pluginId === 'host' ? '' : ` [${d.pluginId}]`}`] as const);
  return [
    word('usage', language, { synopsis: word('list-synopsis', language) }),
    '',
    word('commands', language),
    ...aligned([
      ['start', word('start-line', language)],
      ['plugin new', word('plugin-new-line', language)],
      ['apple-simulator', word('apple-simulator-line', language)],
      ['status', word('status-line', language)],
      ['storage copy', word('storage-copy-line', language)],
      ...rows,
    ]),
    '',
    word('global', language),
    '',
    word('command-help', language),
  ].join('\n');
}

/** `vpp-host <command> --help`, from the command's declaration. */
export function commandUsage(descriptor: CommandDescriptor, language: string | undefined): string {
  const synopsis = [
    `vpp-host ${commandName(descriptor.id)}`,
    ...descriptor.arguments.map((a) => (a.required ? `<${a.name}>` : `[<${a.name}>]`)),
    ...descriptor.options.map((o) => (o.required ? optionSynopsis(o) : `[${optionSynopsis(o)}]${o.multiple ? '...' : ''}`)),
  ].join(' ');
  const sections = [word('usage', language, { synopsis }), '', described(descriptor, language)];
  if (descriptor.arguments.length > 0) sections.push('', word('arguments', language), ...aligned(descriptor.arguments.map((a) => [`<${a.name}>`, argumentText(a, language)])));
  if (descriptor.options.length > 0) sections.push('', word('options', language), ...aligned(descriptor.options.map((o) => [optionSynopsis(o), optionText(o, language)])));
  sections.push('', word(descriptor.access === 'admin' ? 'admin' : 'read', language), '', word('global', language));
  return sections.join('\n');
}

function optionSynopsis(option: Option): string {
  if (option.type === 'boolean') return `--${option.name}`;
  const value = option.choices ? option.choices.join('|') : option.type === 'integer' ? 'N' : option.type === 'file' || option.type === 'output' ? 'FILE' : 'VALUE';
  return `--${option.name} ${value}`;
}

function argumentText(argument: Argument, language: string | undefined): string {
  return [described(argument, language), argument.type === 'file' ? word('file', language) : '', choicesText(argument.choices, language)].filter(Boolean).join(' ');
}

function optionText(option: Option, language: string | undefined): string {
  const notes = [
    option.required ? word('required', language) : '',
    option.multiple ? word('repeatable', language) : '',
    option.type === 'file' ? word('file', language) : '',
    option.type === 'output' ? word('output', language) : '',
    option.env ? word('env', language, { env: option.env }) : '',
  ];
  return [described(option, language), choicesText(option.choices, language), ...notes].filter(Boolean).join(' ');
}

function choicesText(choices: readonly string[] | undefined, language: string | undefined): string {
  return choices ? word('choices', language, { choices: choices.join(', ') }) : '';
}

function aligned(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
