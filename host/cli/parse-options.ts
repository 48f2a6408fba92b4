import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-failure.js';
import { languageIn, readerLanguage, sayLocally } from './cli-messages.js';
import { parseErrorSaid } from './parse-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named, so that declarations (the SDK's) can spell it: parseArgs's own result types are not exported. */
type ParsedOptions<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: T }>>['values'];

const LANG_OPTION = { lang: { type: 'string' } } as const;

/**
 * The options of a command that runs without a host (`start`, `status`, `storage copy`), `--lang` among them, and
 * the reader's language they give; an unknown option is a usage error said in that language.
 */
export function parseOptions<const T extends Options>(
  argv: readonly string[],
  options: T,
  command: string,
  env: NodeJS.ProcessEnv,
): { values: ParsedOptions<T & typeof LANG_OPTION>; language: string | undefined } {
  try {
    const values = parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: { ...options, ...LANG_OPTION } }).values;
    return { values, language: readerLanguage(values as { lang?: string }, env) };
  } catch (error) {
    throw usageError(sayLocally(parseErrorSaid(command, error as Error & { code?: string }), languageIn(argv, env)));
  }
}
