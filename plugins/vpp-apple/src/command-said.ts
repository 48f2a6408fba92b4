import { BadInputError, saying, type Said } from '@vpp-host/api';

/** A command's printed text: English, and said in the reader's language by the CLI (`--lang`, LANG). */
export function printed(said: Said): { text: string; said: Said } {
  return { text: said.message, said };
}

/** A command run without an argument or option it needs. */
export function missing(name: string): BadInputError {
  return saying(new BadInputError(`Give the ${name}`), 'vpp.command.give', { name });
}
