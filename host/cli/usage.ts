import { commandName, type CommandDescriptor } from '../commands/command-protocol.js';

type Option = CommandDescriptor['options'][number];
type Argument = CommandDescriptor['arguments'][number];

export const START_USAGE = `Usage: vpp-host start [--port N] [--hostname HOST] [--data-dir DIR] [--storage URL] [--plugins-dir DIR]... [--demo]

Starts the host: the web panel, the REST API and the plugins.
  --port N           HTTP port (default 8080; 0 picks a free one)
  --hostname HOST    Address to listen on (default: the host's own default)
  --data-dir DIR     Where the data files live (default ./data)
  --storage URL      Keep the data in PostgreSQL instead (postgres://user:password@host:port/db, or
                     VPP_HOST_STORAGE); the data dir keeps the secret key, the log and cli.json
  --plugins-dir DIR  Also load the plugins in DIR (repeatable)
  --demo             Run with the Apple simulator and an SMTP sink instead of the real services
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`;

export const STORAGE_COPY_USAGE = `Usage: vpp-host storage copy --from DIR|URL --to DIR|URL [--json]

Copies a stopped host's data (every collection of every plugin, the audit log, secrets, accounts, sessions and
outboxes) between a data dir and a PostgreSQL database (postgres://user:password@host:port/db), either way, then
reads the copy back and checks it record by record. The target must hold no data yet. Secrets stay sealed with the
host's secret key, which is not copied: start the host on the copy with the same key.
  --from DIR|URL     The data to copy
  --to DIR|URL       Where to copy it: an empty (or new) data dir, or an empty database
  --json             Print the summary as JSON
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`;

export const STATUS_USAGE = `Usage: vpp-host status [--storage URL] [--json]

Shows which host is active on a PostgreSQL database shared by several hosts, the age of its heartbeat and the lease's
epoch, and each standby with how many changes it is behind. Reads the database only; needs no running host.
  --storage URL      The database (postgres://user:password@host:port/db, or VPP_HOST_STORAGE)
  --json             Print the status as JSON
  --lang LANGUAGE    The language it speaks in: en, nl or fr (or LANG)`;

export const PLUGIN_NEW_USAGE = `Usage: vpp-host plugin new NAME [--dir DIR] [--sdk DIR]

Writes a new plugin (a setting, a command, a REST route, a panel page and a test) into ./NAME. Needs no running host.
  NAME        The plugin id: lower-case words joined by hyphens, e.g. ticket-notes
  --dir DIR   Write it here instead (the folder must not exist or be empty)
  --sdk DIR   Install the SDK packages from the tarballs in DIR (\`npm run sdk\` in the vpp-host repository)`;

const GLOBAL_OPTIONS = `Global options:
  --json             Print the result as JSON (for scripts)
  --help             Show help
  --data-dir DIR     Find the running host through DIR/cli.json (default ./data)
  --url URL          The host's address (or VPP_HOST_URL)
  --api-token TOKEN  An API token (or VPP_HOST_TOKEN, which keeps it out of the process list)
  --lang LANGUAGE    The language refusals are said in: en, nl or fr (or LANG)`;

/** `vpp-host help`: the commands the running host offers. */
export function commandList(descriptors: readonly CommandDescriptor[]): string {
  const rows = [...descriptors]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((d) => [commandName(d.id), `${d.description}${d.pluginId === 'host' ? '' : ` [${d.pluginId}]`}`] as const);
  return [
    'Usage: vpp-host <command> [arguments] [options]',
    '',
    'Commands:',
    ...aligned([
      ['start', 'Starts the host (see `vpp-host start --help`)'],
      ['plugin new', 'Writes a new plugin to start from (see `vpp-host plugin new --help`)'],
      ['apple-simulator', 'Serves the Apple simulator on its own (see `vpp-host apple-simulator --help`)'],
      ['status', 'Which host is active on a shared PostgreSQL database, and its standbys (see `vpp-host status --help`)'],
      ['storage copy', 'Copies a stopped host\'s data between a data dir and PostgreSQL (see `vpp-host storage copy --help`)'],
      ...rows,
    ]),
    '',
    GLOBAL_OPTIONS,
    '',
    'Run `vpp-host <command> --help` for a command\'s arguments and options.',
  ].join('\n');
}

/** `vpp-host <command> --help`, from the command's declaration. */
export function commandUsage(descriptor: CommandDescriptor): string {
  const synopsis = [
    `vpp-host ${commandName(descriptor.id)}`,
    ...descriptor.arguments.map((a) => (a.required ? `<${a.name}>` : `[<${a.name}>]`)),
    ...descriptor.options.map((o) => (o.required ? optionSynopsis(o) : `[${optionSynopsis(o)}]${o.multiple ? '...' : ''}`)),
  ].join(' ');
  const sections = [`Usage: ${synopsis}`, '', descriptor.description];
  if (descriptor.arguments.length > 0) sections.push('', 'Arguments:', ...aligned(descriptor.arguments.map((a) => [`<${a.name}>`, argumentText(a)])));
  if (descriptor.options.length > 0) sections.push('', 'Options:', ...aligned(descriptor.options.map((o) => [optionSynopsis(o), optionText(o)])));
  sections.push('', descriptor.access === 'admin' ? 'Needs an admin API token.' : 'A read-only API token is enough.', '', GLOBAL_OPTIONS);
  return sections.join('\n');
}

function optionSynopsis(option: Option): string {
  if (option.type === 'boolean') return `--${option.name}`;
  const value = option.choices ? option.choices.join('|') : option.type === 'integer' ? 'N' : option.type === 'file' || option.type === 'output' ? 'FILE' : 'VALUE';
  return `--${option.name} ${value}`;
}

function argumentText(argument: Argument): string {
  return [argument.description, argument.type === 'file' ? '(a file, sent as its content)' : '', choicesText(argument.choices)].filter(Boolean).join(' ');
}

function optionText(option: Option): string {
  const notes = [
    option.required ? '(required)' : '',
    option.multiple ? '(repeatable)' : '',
    option.type === 'file' ? '(a file, sent as its content)' : '',
    option.type === 'output' ? '(written with mode 0600; standard output without it)' : '',
    option.env ? `(or the environment variable ${option.env})` : '',
  ];
  return [option.description, choicesText(option.choices), ...notes].filter(Boolean).join(' ');
}

function choicesText(choices: readonly string[] | undefined): string {
  return choices ? `(one of: ${choices.join(', ')})` : '';
}

function aligned(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
