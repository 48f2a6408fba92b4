import { BadInputError, saying } from '@vpp-host/api';

/** A command run without an argument or option it needs. */
export function missing(name: string): BadInputError {
  return saying(new BadInputError(`Give the ${name}`), 'vpp.command.give', { name });
}
