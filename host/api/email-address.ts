// The one rule for an email address, shared by the inventory, mail, invitations and settings, so an address the
// directory accepts is one mail and Apple accept too.

import { phrase, type Said } from './messages.js';

/** Dot-atom: RFC 5322's atext characters, dots only between them. No quoted local parts. */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/** A host name label (RFC 1035): letters, digits and inner hyphens; Unicode domains as punycode (xn--). */
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_ADDRESS = 254;
const MAX_LOCAL_PART = 64;

/**
 * Why `input` is not an email address (a phrase to follow the field's name, such as "must look like
 * name@example.com"), or undefined when it is one. Surrounding white space is ignored; IP literals, trailing dots,
 * empty labels and all-numeric top-level domains are refused.
 */
export function emailAddressProblem(input: unknown): string | undefined {
  return emailAddressFault(input)?.message;
}

/** `emailAddressProblem` as a phrase the panel and the CLI say in the reader's language. */
export function emailAddressFault(input: unknown): Said | undefined {
  if (typeof input !== 'string') return phrase('must be an email address', 'host.email.missing');
  const address = input.trim();
  if (address === '') return phrase('must be an email address, got an empty value', 'host.email.empty');
  if (address.length > MAX_ADDRESS) return phrase(`is longer than ${MAX_ADDRESS} characters`, 'host.email.too-long', { max: MAX_ADDRESS });
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return phrase('must look like name@example.com', 'host.email.shape');
  const local = address.slice(0, at);
  if (local.length > MAX_LOCAL_PART) return phrase(`has a part before "@" longer than ${MAX_LOCAL_PART} characters`, 'host.email.local-too-long', { max: MAX_LOCAL_PART });
  if (!LOCAL_PART.test(local)) return phrase('has characters or dots that are not allowed before "@"', 'host.email.local-characters');
  const labels = address.slice(at + 1).split('.');
  const valid = labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]!);
  return valid ? undefined : phrase('has an invalid domain after "@" (expected something like example.com)', 'host.email.domain');
}

export function isEmailAddress(input: unknown): boolean {
  return emailAddressProblem(input) === undefined;
}
