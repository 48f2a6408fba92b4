import { usageError } from './cli-failure.js';

/** Flags every command understands, wherever they stand on the command line (GLOBAL_CLI_FLAGS; commands cannot reuse them). */
export interface GlobalFlags {
  readonly json: boolean;
  readonly help: boolean;
  readonly dataDir?: string;
  readonly url?: string;
  readonly apiToken?: string;
  /** The language the host says refusals in (`--lang`; LANG otherwise). */
  readonly lang?: string;
}

const VALUE_FLAGS = { '--data-dir': 'dataDir', '--url': 'url', '--api-token': 'apiToken', '--lang': 'lang' } as const;

/** Takes the global flags out of argv; the rest is the command and its own arguments. */
export function splitGlobalFlags(argv: readonly string[]): { flags: GlobalFlags; rest: string[] } {
  const flags: { -readonly [K in keyof GlobalFlags]: GlobalFlags[K] } = { json: false, help: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (token === '--json') flags.json = true;
    else if (token === '--help' || token === '-h') flags.help = true;
    else {
      const [name, inline] = splitInline(token);
      const key = VALUE_FLAGS[name as keyof typeof VALUE_FLAGS];
      if (!key) {
        rest.push(token);
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined || value === '') throw usageError(`${name} needs a value`);
      flags[key] = value;
    }
  }
  return { flags, rest };
}

function splitInline(token: string): [string, string | undefined] {
  const at = token.indexOf('=');
  return token.startsWith('--') && at > 0 ? [token.slice(0, at), token.slice(at + 1)] : [token, undefined];
}
