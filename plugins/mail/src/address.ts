import { BadInputError } from '@vpp-host/api';

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/**
 * Checks an address the way an SMTP server reads it (dot-atom local part, a domain of at least two labels) and
 * returns it trimmed. Anything else is refused before it reaches the outbox, so a bad address never costs retries.
 */
export function checkAddress(input: unknown, field = 'to.address'): string {
  const fail = (why: string): never => {
    throw new BadInputError(`${field} ${why}`, { field, address: input });
  };
  if (typeof input !== 'string') return fail('must be an email address');
  const address = input.trim();
  if (address === '') return fail('must be an email address, got an empty value');
  if (address.length > 254) return fail(`is longer than 254 characters`);
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return fail(`must look like name@example.com, got "${address}"`);
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64) return fail(`has a part before "@" longer than 64 characters`);
  if (!LOCAL_PART.test(local)) return fail(`has characters or dots that are not allowed before "@": "${address}"`);
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
    return fail(`has an invalid domain "${domain}" (expected something like example.com)`);
  }
  return address;
}

/** Names go into a header: line breaks would let a value add headers of its own. */
export function cleanDisplayName(name: string | undefined): string | undefined {
  const cleaned = name?.replace(/[\r\n]+/g, ' ').trim();
  return cleaned ? cleaned : undefined;
}
