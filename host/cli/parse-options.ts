import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './cli-failure.js';

type Options = NonNullable<ParseArgsConfig['options']>;
/** Named, so that declarations (the SDK's) can spell it: parseArgs's own result types are not exported. */
type ParsedOptions<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: false; options: T }>>['values'];

/** The options of a command that runs without a host (`start`, `storage copy`); unknown ones are a usage error. */
export function parseOptions<const T extends Options>(argv: readonly string[], options: T, command: string): ParsedOptions<T> {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options }).values;
  } catch (error) {
    throw usageError(`${(error as Error).message.split('. ')[0]} (see \`vpp-host ${command} --help\`)`);
  }
}
