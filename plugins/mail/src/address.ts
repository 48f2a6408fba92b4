import { BadInputError, emailAddressFault, saying } from '@vpp-host/api';

/**
 * Checks an address with the host's one address rule and returns it trimmed. Anything else is refused before it
 * reaches the outbox, so a bad address never costs retries.
 */
export function checkAddress(input: unknown, field = 'to.address'): string {
  const problem = emailAddressFault(input);
  if (problem !== undefined) throw saying(new BadInputError(`${field} ${problem.message}`, { field }), 'host.field', { field, problem });
  return (input as string).trim();
}

/** Names go into a header: line breaks would let a value add headers of its own. */
export function cleanDisplayName(name: string | undefined): string | undefined {
  const cleaned = name?.replace(/[\r\n]+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
}
